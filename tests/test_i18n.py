"""Two languages: URL prefixes, redirects, the language switch, money and complete catalogs."""

import html
import re
from decimal import Decimal

import pytest
from babel.messages.pofile import read_po

from shop.i18n import TRANSLATIONS, extract_messages, format_money, money
from tests import factories

ARABIC_PLURAL_FORMS = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
    "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"
)
RLM, NBSP, NNBSP = "\u200f", "\u00a0", "\u202f"


def language_switch_href(page):
    match = re.search(r'class="language-switch" href="([^"]+)"', page)
    assert match, "the page has no language switch"
    return html.unescape(match.group(1))


def html_tag(page):
    return re.search(r"<html [^>]*>", page).group(0)


@pytest.mark.parametrize(
    ("accept_language", "target"),
    [("ar-TN,ar;q=0.9,fr;q=0.8", "/ar/"), ("fr-FR,fr;q=0.9", "/fr/"), ("de-DE,en;q=0.8", "/fr/")],
)
def test_bare_root_redirects_by_accept_language_then_shop_default(client, accept_language, target):
    response = client.get("/", headers={"Accept-Language": accept_language})

    assert response.status_code == 302
    assert response.headers["Location"] == target


def test_bare_root_without_preference_goes_to_the_shop_default_language(make_app):
    grocery = make_app(env={"SHOP_PROFILE": "grocery"})

    response = grocery.test_client().get("/")

    assert response.headers["Location"] == "/ar/"


@pytest.mark.parametrize(
    ("path", "lang", "direction"), [("/fr/", "fr", "ltr"), ("/ar/", "ar", "rtl")]
)
def test_html_tag_carries_language_and_direction(client, path, lang, direction):
    page = client.get(path).get_data(as_text=True)

    assert html_tag(page) == f'<html lang="{lang}" dir="{direction}">'


def test_pages_are_written_in_the_language_of_their_prefix(client):
    assert "Panier" in client.get("/fr/").get_data(as_text=True)
    assert "السلة" in client.get("/ar/").get_data(as_text=True)


def test_unknown_language_prefix_is_not_found(client):
    assert client.get("/en/").status_code == 404
    assert client.get("/en/search?q=filtre").status_code == 404


def test_language_switch_keeps_the_page_and_its_query(client):
    page = client.get("/fr/search?q=filtre+%C3%A0+huile&page=2").get_data(as_text=True)

    assert language_switch_href(page) == "/ar/search?q=filtre+%C3%A0+huile&page=2"


def test_language_switch_names_the_other_language_in_itself(client):
    french_page = client.get("/fr/cart").get_data(as_text=True)
    arabic_page = client.get("/ar/cart").get_data(as_text=True)

    assert language_switch_href(french_page) == "/ar/cart"
    assert ">العربية</a>" in french_page
    assert language_switch_href(arabic_page) == "/fr/cart"
    assert ">Français</a>" in arabic_page


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        ("1234.5", "TND", "fr_TN", f"1{NNBSP}234,500{NBSP}DT"),
        ("1234.5", "TND", "ar_TN", f"{RLM}1.234,500{NBSP}د.ت.{RLM}"),
        ("1234.5", "MAD", "fr_MA", f"1{NNBSP}234,50{NBSP}MAD"),
        ("1234.5", "MAD", "ar_MA", f"{RLM}1.234,50{NBSP}د.م.{RLM}"),
        ("0.125", "TND", "fr_TN", f"0,125{NBSP}DT"),
    ],
)
def test_money_has_the_currency_own_decimals_and_latin_digits(amount, currency, locale, expected):
    assert format_money(Decimal(amount), currency, locale) == expected


@pytest.mark.parametrize(
    ("profile", "path", "expected"),
    [
        ("autoparts", "/fr/", f"12,500{NBSP}DT"),
        ("autoparts", "/ar/", f"{RLM}12,500{NBSP}د.ت.{RLM}"),
        ("grocery", "/fr/", f"12,50{NBSP}MAD"),
        ("grocery", "/ar/", f"{RLM}12,50{NBSP}د.م.{RLM}"),
    ],
)
def test_money_uses_the_shop_currency_and_page_language(make_app, profile, path, expected):
    shop_app = make_app(env={"SHOP_PROFILE": profile})

    with shop_app.test_request_context(path):
        assert money(Decimal("12.5")) == expected


def test_product_prices_on_the_page_use_the_money_filter(client):
    factories.make_product(featured=True, price=Decimal("8.75"))

    assert f"8,750{NBSP}DT" in client.get("/fr/").get_data(as_text=True)


def read_catalog(language):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=language)


def message_ids(catalog):
    return {message.id if isinstance(message.id, str) else message.id[0] for message in catalog}


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_message_is_translated_and_none_is_fuzzy(language):
    catalog = read_catalog(language)
    messages = [message for message in catalog if message.id]

    assert messages
    untranslated = [
        message.id
        for message in messages
        if not message.string or (isinstance(message.string, tuple) and not all(message.string))
    ]
    assert untranslated == []
    assert [message.id for message in messages if message.fuzzy] == []
    assert [(message.id, errors) for message, errors in catalog.check()] == []


def test_arabic_catalog_has_the_six_plural_forms():
    assert read_catalog("ar").plural_forms == ARABIC_PLURAL_FORMS


def test_catalogs_hold_exactly_the_strings_of_the_code(tmp_path):
    template_file = tmp_path / "messages.pot"
    extract_messages(template_file)
    with template_file.open("rb") as pot:
        in_code = message_ids(read_po(pot)) - {""}

    for language in ("ar", "fr"):
        in_catalog = message_ids(read_catalog(language)) - {""}
        assert in_code - in_catalog == set(), f"run `flask translate update` ({language})"
        assert in_catalog - in_code == set(), f"run `flask translate update` ({language})"


def test_translate_compile_writes_the_catalogs_the_app_reads(runner):
    result = runner.invoke(args=["translate", "compile"])

    assert result.exit_code == 0, result.output
    for language in ("ar", "fr"):
        assert (TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo").stat().st_size > 0


def test_language_switch_after_a_post_links_to_a_page_that_exists(client, csrf_client):
    login_error = client.post("/fr/admin/login", data={"login": "x@y.test", "password": "x"})
    forged_logout = csrf_client.post("/fr/admin/logout")

    assert language_switch_href(login_error.get_data(as_text=True)) == "/ar/admin/login"
    assert forged_logout.status_code == 400
    assert language_switch_href(forged_logout.get_data(as_text=True)) == "/ar/"


def test_a_root_file_name_is_not_taken_for_a_language(client):
    # /favicon.ico must not be redirected to /favicon.ico/ and served as a home page.
    response = client.get("/favicon.ico")

    assert response.status_code == 404
    assert client.get("/favicon.ico/").status_code == 404
