"""Language handling: /ar/ and /fr/ URL prefixes, locale selection and money formatting."""

import functools
import tempfile
from pathlib import Path

import click
from babel import Locale
from babel.messages.frontend import CommandLineInterface
from babel.numbers import format_currency
from flask import current_app, g, has_request_context, redirect, request, url_for
from flask_babel import get_translations
from jinja2 import pass_context
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from shop.config import LANGUAGES, PROJECT_ROOT

TRANSLATIONS = PROJECT_ROOT / "translations"
BABEL_CFG = PROJECT_ROOT / "babel.cfg"
POT_FILE = TRANSLATIONS / "messages.pot"
# Added to pybabel's defaults (_, gettext, ngettext...), which must not be redefined here.
KEYWORDS = ("_l", "lazy_gettext", "lazy_ngettext:1,2")


def default_language():
    return current_app.config["SHOP"].default_language


def visitor_language():
    """The language the visitor's browser asks for, if we speak it, else the shop default."""
    return request.accept_languages.best_match(LANGUAGES) or default_language()


def current_language():
    """The language of this request: its URL prefix, else what the browser asks for."""
    if not has_request_context():
        return default_language()
    if "lang_code" in g:
        return g.lang_code
    # Pages that matched no route (404s) still carry a language in their first path segment.
    first_segment = request.path.strip("/").split("/", 1)[0]
    if first_segment in LANGUAGES:
        return first_segment
    return visitor_language()


# Locale data is parsed again on every call: these run for every rendered template.
@functools.cache
def text_direction(language):
    return Locale.parse(language).text_direction


@functools.cache
def language_name(language):
    """The language named in itself ("العربية", "Français"), whatever the page language."""
    name = Locale.parse(language).display_name
    return name[:1].upper() + name[1:]


def other_language(language):
    return next(code for code in LANGUAGES if code != language)


def answers_get(path):
    """Whether a link (a GET) to `path` reaches a page: pages shown after a POST may not."""
    try:
        current_app.url_map.bind("localhost").match(path, method="GET")
    except HTTPException:
        return False
    return True


def switch_language_url(language):
    """This page in `language`: same endpoint, view arguments and query string."""
    endpoint = request.endpoint
    view_args = request.view_args or {}
    if endpoint is None or not current_app.url_map.is_endpoint_expecting(endpoint, "lang_code"):
        return url_for("storefront.home", lang_code=language)
    # Pages whose slug differs per language name their own alternates (see shop.views.seo).
    url = g.get("alternate_urls", {}).get(language) or url_for(
        endpoint, **{**view_args, "lang_code": language}
    )
    if request.method != "GET" and not answers_get(url):
        return url_for("storefront.home", lang_code=language)
    query = request.query_string.decode("latin-1")
    return f"{url}?{query}" if query else url


def localized(record, field):
    """`record.<field>_<language>`, falling back to the other language when it is empty."""
    language = current_language()
    return getattr(record, f"{field}_{language}") or getattr(
        record, f"{field}_{other_language(language)}"
    )


# Listings show the same prices again and again, and Babel takes tens of microseconds for each.
@functools.lru_cache(maxsize=8192)
def format_money(amount, currency, locale):
    """`amount` in `currency` with the currency's own number of decimals, as `locale` writes it."""
    return format_currency(amount, currency, locale=locale)


def money(amount):
    """`amount` in the shop's currency, written for the current language in the shop's country."""
    shop = current_app.config["SHOP"]
    return format_money(amount, shop.currency, f"{current_language()}_{shop.country}")


def _formatted(context, text, variables):
    """A translated string with its variables, which are escaped when the template is."""
    if context.eval_ctx.autoescape:
        # Our own catalogs' text is markup, as Jinja's i18n extension takes it.
        text = Markup(text)  # noqa: S704
    return text % variables


def template_gettext(translations):
    """`gettext`, `ngettext` and `_` for one render, bound to the request's translations.

    They behave as Jinja's newstyle callables that Flask-Babel installs, but skip its lookup of
    the translations on every call (a page calls them dozens of times).
    """

    @pass_context
    def gettext(context, string, **variables):
        return _formatted(context, translations.ugettext(string), variables)

    @pass_context
    def ngettext(context, singular, plural, num, **variables):
        variables.setdefault("num", num)
        return _formatted(context, translations.ungettext(singular, plural, num), variables)

    return {"gettext": gettext, "ngettext": ngettext, "_": gettext}


def init_app(app, babel):
    babel.init_app(app, locale_selector=current_language)
    app.add_template_filter(money, "money")
    app.add_template_filter(localized, "localized")
    app.add_url_rule("/", "language_root", language_root)

    @app.url_value_preprocessor
    def pull_lang_code(endpoint, values):
        if values and "lang_code" in values:
            g.lang_code = values.pop("lang_code")

    @app.url_defaults
    def add_lang_code(endpoint, values):
        if "lang_code" not in values and app.url_map.is_endpoint_expecting(endpoint, "lang_code"):
            values["lang_code"] = current_language()

    @app.context_processor
    def language_context():
        language = current_language()
        other = other_language(language)
        return {
            "lang": language,
            "text_dir": text_direction(language),
            "other_lang": other,
            "other_lang_name": language_name(other),
            "switch_language_url": switch_language_url(other),
            **template_gettext(get_translations()),
        }


def language_root():
    """The bare `/`: send the visitor to the home page in their language."""
    return redirect(url_for("storefront.home", lang_code=visitor_language()), code=302)


def _pybabel(*args):
    CommandLineInterface().run(["pybabel", *args])


def extract_messages(output):
    """Write every translatable string of the code and templates to the template file `output`."""
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    options = ["-F", str(BABEL_CFG), "--project=hanout", "--no-location", "--sort-output"]
    _pybabel("-q", "extract", *keywords, *options, "-o", str(output), str(PROJECT_ROOT))


translate_cli = click.Group("translate", help="Extract, update and compile translations.")


@translate_cli.command("extract")
def extract_command():
    """Extract the translatable strings into translations/messages.pot."""
    extract_messages(POT_FILE)
    click.echo(f"wrote {POT_FILE.relative_to(PROJECT_ROOT)}")


@translate_cli.command("update")
def update_command():
    """Extract, then merge new strings into every language's messages.po."""
    with tempfile.TemporaryDirectory() as folder:
        pot = Path(folder) / "messages.pot"
        extract_messages(pot)
        _pybabel("-q", "update", "-i", str(pot), "-d", str(TRANSLATIONS), "--no-wrap")
    click.echo("updated translations/*/LC_MESSAGES/messages.po; translate the new entries")


@translate_cli.command("compile")
def compile_command():
    """Compile every messages.po into the messages.mo the app reads."""
    _pybabel("compile", "-d", str(TRANSLATIONS), "--statistics")
