"""The search page and suggestions: results, filters, the log, bad input, the no-results page."""

import re
from urllib.parse import quote

import pytest
from sqlalchemy import Float, Integer, bindparam, func, literal, select, text
from sqlalchemy.dialects.postgresql import psycopg2

from shop.extensions import db
from shop.models import Product, SearchQuery
from shop.models.base import NumberArray, array_literal
from shop.services import search
from shop.services.search_log import save_logged_searches
from shop.services.text import code_variants, normalize_code, normalize_text
from tests import factories

SKUS = re.compile(r'data-sku="([^"]+)"')
# Words whose Python and SQL normalisations must agree (the query and the index meet there).
SAMPLES = [
    "Éléphant", "DÉBRAYAGE", "œillet", "Straße", "ça coûte", "naïve", "Ångström", "Øre",
    "فِلْتَر", "فـلتر", "أإآٱ", "مكتبة", "مستشفى", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", "سؤال", "مسئول",
    "0 986-494.049", "W 712/75", "09.A727.11", "Bosch فلتر", "ـــ", "",
]  # fmt: skip


@pytest.fixture
def pads(db_session):
    brand = factories.make_brand(name="Bosch", slug="bosch")
    product = factories.make_product(
        sku="BOS-0001",
        name_fr="Plaquettes de frein avant Bosch",
        name_ar="وسادات فرامل أمامية بوش",
        brand=brand,
    )
    factories.make_reference(product, "0 986 494 049", kind="cross")
    return product


def skus(response):
    return SKUS.findall(response.get_data(as_text=True))


@pytest.fixture
def logged(app):
    """The searches logged so far, saved from Redis first."""

    def saved_searches():
        with app.app_context():
            save_logged_searches()
        return db.session.scalars(select(SearchQuery).order_by(SearchQuery.id)).all()

    return saved_searches


@pytest.mark.parametrize("text", SAMPLES)
def test_python_and_sql_normalise_alike(db_session, text):
    sql = db_session.execute(
        select(
            func.hanout_search_text(text),
            func.hanout_normalize_code(text),
            func.hanout_code_variants(text),
        )
    ).one()
    assert tuple(sql) == (normalize_text(text), normalize_code(text), code_variants(text))


def test_search_shows_matching_products_with_filters(client, pads):
    factories.make_product(name_fr="Filtre à huile", name_ar="فلتر زيت")

    response = client.get("/fr/search?q=plaquettes")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert skus(response) == ["BOS-0001"]
    assert 'id="listing-filters"' in page
    assert 'name="q" value="plaquettes"' in page


def test_search_finds_a_part_number_typed_with_spaces(client, pads):
    assert skus(client.get("/ar/search?q=0986 494 049")) == ["BOS-0001"]


def test_filters_narrow_the_results(client, pads):
    factories.make_product(sku="TRW-0002", name_fr="Plaquettes de frein TRW")

    assert sorted(skus(client.get("/fr/search?q=plaquettes"))) == ["BOS-0001", "TRW-0002"]
    assert skus(client.get("/fr/search?q=plaquettes&brand=bosch")) == ["BOS-0001"]


def test_every_search_is_logged(client, pads, logged):
    client.get("/ar/search?q=  وسادات   الفرامل ")
    client.get("/fr/search?q=introuvable")

    first, second = logged()
    assert (first.query, first.normalized, first.language) == (
        "وسادات الفرامل",
        "وسادات الفرامل",
        "ar",
    )
    assert first.result_count == 1
    assert (second.normalized, second.result_count, second.language) == ("introuvable", 0, "fr")


def test_an_empty_query_is_not_logged(client, pads, logged):
    response = client.get("/fr/search?q=")
    assert response.status_code == 200
    assert logged() == []


def test_load_more_is_not_logged_again(client, pads, logged):
    client.get("/fr/search?q=plaquettes", headers={"HX-Request": "true", "HX-Target": "next_page"})
    assert logged() == []


def test_a_huge_query_is_truncated_not_an_error(client, pads, logged):
    response = client.get("/fr/search", query_string={"q": "plaquettes " + "x" * 2000})

    assert response.status_code == 200
    [entry] = logged()
    assert len(entry.query) == 200 and entry.query.startswith("plaquettes x")


@pytest.mark.parametrize(
    "query", ["'; DROP TABLE products; --", "<script>alert(1)</script>", "%_\\", "a:* & !b | (c"]
)
def test_sql_and_html_in_the_query_are_just_text(client, pads, query, logged):
    response = client.get("/fr/search", query_string={"q": query})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in page
    assert db.session.scalar(select(func.count()).select_from(Product)) == 1
    assert logged()[-1].query == query


def test_no_results_offers_closest_matches_and_categories(client, pads):
    factories.make_category(name_fr="Freinage", name_ar="الفرامل")

    page = client.get("/fr/search?q=plaketes").get_data(as_text=True)

    assert "Plaquettes de frein avant Bosch" in page
    assert "Freinage" in page


def test_closest_matches_that_take_too_long_are_left_out_and_the_page_still_served(
    client, pads, monkeypatch, logged
):
    factories.make_category(name_fr="Freinage", name_ar="الفرامل")
    slow = select(func.pg_sleep(1), literal(pads.id))
    monkeypatch.setattr(search, "CLOSEST_NAMES_TIMEOUT_MS", 50)
    monkeypatch.setattr(search, "_closest_names_query", lambda parsed, limit: slow)
    timeout_before = db.session.scalar(text("SHOW statement_timeout"))

    response = client.get("/fr/search?q=xkcdqz")

    assert response.status_code == 200
    assert skus(response) == []
    assert "Freinage" in response.get_data(as_text=True)
    assert logged()[-1].query == "xkcdqz"
    assert db.session.scalar(text("SHOW statement_timeout")) == timeout_before


def test_no_results_offers_the_products_having_most_of_the_words(client, pads, monkeypatch):
    disc = factories.make_product(sku="DSQ-1", name_fr="Disque de frein arrière")
    factories.make_product(sku="HUI-1", name_fr="Huile moteur 5W30")
    monkeypatch.setattr(search, "_closest_names_query", lambda parsed, limit: 1 / 0)

    # No product has every word: those having most of them come first, without trigrams.
    response = client.get("/fr/search?q=plaquettes frein avant zorglub")

    assert response.status_code == 200
    assert skus(response) == [pads.sku, disc.sku]


def test_nothing_close_still_lists_the_categories(client, pads):
    factories.make_category(name_fr="Freinage", name_ar="الفرامل")

    response = client.get("/fr/search?q=zzzzqqqq")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert skus(response) == []
    assert "Freinage" in page


def test_fits_restricts_results_to_the_chosen_vehicle(client, pads, logged):
    clio = factories.make_vehicle("Renault", "Clio", "IV", 2012, 2019)
    other = factories.make_product(sku="TRW-0002", name_fr="Plaquettes de frein TRW")
    factories.make_fitment(pads, clio)
    client.set_cookie("vehicle", str(clio.id))

    assert sorted(skus(client.get("/fr/search?q=plaquettes"))) == ["BOS-0001", other.sku]
    assert skus(client.get("/fr/search?q=plaquettes&fits=1")) == ["BOS-0001"]
    assert logged()[-1].vehicle_id == clio.id


def test_htmx_filter_request_gets_only_the_listing(client, pads):
    response = client.get(
        "/fr/search?q=plaquettes&in_stock=1", headers={"HX-Request": "true", "HX-Target": "listing"}
    )

    page = response.get_data(as_text=True)
    assert "<html" not in page
    assert 'id="listing-filters"' in page


@pytest.mark.parametrize("query", ["zzzzqqqq", ""])
def test_htmx_requests_for_a_search_matching_nothing_get_the_closest_matches_or_nothing(
    client, pads, query
):
    # A results page open while the catalog changed: its filters ask for the listing alone,
    # its "Load more" for the next page, of a search that now matches nothing.
    factories.make_category(name_fr="Freinage", name_ar="الفرامل")

    def htmx(target):
        headers = {"HX-Request": "true", "HX-Target": target}
        return client.get(f"/fr/search?q={query}&in_stock=1", headers=headers)

    listing, next_page = htmx("listing"), htmx("next_page")

    assert (listing.status_code, next_page.status_code) == (200, 200)
    page = listing.get_data(as_text=True)
    assert "<html" not in page and "Freinage" in page
    assert next_page.get_data(as_text=True).strip() == ""


def test_suggestions_list_products_categories_and_brands(client, pads, logged):
    factories.make_category(name_fr="Plaquettes de frein", name_ar="وسادات الفرامل")

    response = client.get(
        "/fr/search/suggest?q=plaq",
        headers={"HX-Request": "true", "HX-Target": "search-suggestions"},
    )

    page = response.get_data(as_text=True)
    assert "<html" not in page
    assert 'role="listbox"' in page
    options = re.findall(r'role="option"[^>]*href="([^"]+)"', page)
    assert options[0] == f"/fr/p/{pads.id}/{pads.slug_fr}"
    assert any(url.startswith("/fr/c/") for url in options)
    assert logged() == []


def test_suggestions_find_brands_by_name(client, pads):
    page = client.get("/fr/search/suggest?q=bos").get_data(as_text=True)
    assert 'href="/fr/b/bosch"' in page


def test_suggestions_find_arabic_category_names_spelt_differently_and_only_active_ones(
    client, pads
):
    brakes = factories.make_category(name_fr="Freinage", name_ar="أنظمة الفرملة")
    factories.make_category(
        name_fr="Freinage ancien", name_ar="أنظمة الفرملة القديمة", is_active=False
    )

    page = client.get("/ar/search/suggest?q=انظمه الفرمله").get_data(as_text=True)

    categories = re.findall(r'href="(/ar/c/[^"]+)"', page)
    assert categories == [f"/ar/c/{quote(brakes.slug_ar)}"]


def test_suggestions_are_empty_for_nothing(client, pads):
    assert client.get("/fr/search/suggest?q=").get_data(as_text=True).strip() == ""
    assert 'role="option"' not in client.get("/fr/search/suggest?q=zzzzqqqq").get_data(as_text=True)


def test_the_header_search_box_is_a_combobox_that_asks_for_suggestions(client):
    page = client.get("/fr/").get_data(as_text=True)
    [box] = re.findall(r'<input id="search-q"[^>]*>', page)
    assert 'role="combobox"' in box
    assert 'aria-controls="search-suggestions"' in box
    assert 'hx-get="/fr/search/suggest"' in box


def test_number_arrays_travel_as_one_parameter_and_come_back_intact(db_session):
    ids, scores = [3, 1, 2], [0.1, 1 / 3, -2.5e-7]
    query = select(
        func.unnest(bindparam("ids", type_=NumberArray(Integer))),
        func.unnest(bindparam("scores", type_=NumberArray(Float))),
    )
    sql = str(query.compile(dialect=psycopg2.dialect()))

    rows = db.session.execute(query, {"ids": ids, "scores": array_literal(scores)}).all()

    assert rows == list(zip(ids, scores, strict=True))
    assert sql.count("%(ids)s") == 1
    assert "CAST(%(ids)s AS INTEGER[])" in sql
