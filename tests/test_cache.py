"""The catalog cache: reused within a catalog version, dropped on a bump, never for prices."""

import re
import threading
from decimal import Decimal

import pytest
import redis

from shop.extensions import db
from shop.models import Product
from shop.services import cache
from shop.services.cache import (
    CATALOG_VERSION_KEY,
    bump_catalog_version,
    catalog_cached,
    catalog_version,
)
from shop.services.stock import adjust_stock
from tests import factories
from tests.sql import counted_queries

NOWHERE_REDIS = "redis://127.0.0.1:1/0"
calls = []


@catalog_cached
def brand_names(language):
    """A stand-in for an expensive catalog read: counts how often it really runs."""
    calls.append(language)
    return tuple(f"{language}-{len(calls)}" for _ in range(2))


@pytest.fixture(autouse=True)
def forget_calls():
    calls.clear()


def in_request(app, function, *args):
    with app.test_request_context("/fr/"):
        return function(*args)


def test_a_cached_value_is_reused_by_later_requests(cached_app):
    first = in_request(cached_app, brand_names, "fr")
    second = in_request(cached_app, brand_names, "fr")

    assert second == first
    assert calls == ["fr"]


def test_each_argument_has_its_own_value(cached_app):
    in_request(cached_app, brand_names, "fr")
    in_request(cached_app, brand_names, "ar")
    in_request(cached_app, brand_names, "ar")

    assert calls == ["fr", "ar"]


def test_a_bump_makes_the_next_request_compute_afresh(cached_app):
    before = in_request(cached_app, brand_names, "fr")

    in_request(cached_app, bump_catalog_version)
    after = in_request(cached_app, brand_names, "fr")

    assert after != before
    assert calls == ["fr", "fr"]


def test_a_bump_by_another_process_reaches_this_one(cached_app, redis_url):
    in_request(cached_app, brand_names, "fr")

    redis.Redis.from_url(redis_url).incr(CATALOG_VERSION_KEY)
    in_request(cached_app, brand_names, "fr")

    assert calls == ["fr", "fr"]


def test_the_version_is_read_from_redis_once_per_request(cached_app, monkeypatch):
    reads = []
    original = cache.read_versions
    monkeypatch.setattr(cache, "read_versions", lambda: reads.append(1) or original())

    with cached_app.test_request_context("/fr/"):
        catalog_version()
        brand_names("fr")
        brand_names("ar")
    with cached_app.test_request_context("/fr/"):
        brand_names("fr")

    assert len(reads) == 2


def test_threads_asking_for_a_missing_value_wait_for_the_one_computing_it():
    store = cache.CatalogCache()
    started, release = threading.Event(), threading.Event()
    computed = []

    def compute():
        computed.append(1)
        started.set()
        release.wait(5)
        return "tree"

    results = []
    first = threading.Thread(target=lambda: results.append(store.get_or_compute("k", 1, compute)))
    first.start()
    started.wait(5)
    others = [
        threading.Thread(target=lambda: results.append(store.get_or_compute("k", 1, compute)))
        for _ in range(4)
    ]
    for thread in others:
        thread.start()
    release.set()
    for thread in (first, *others):
        thread.join(5)

    assert results == ["tree"] * 5
    assert computed == [1]
    assert store.computing == {}


def test_the_least_recently_used_values_make_room_first():
    store = cache.CatalogCache(max_entries=2)
    store.get_or_compute("tree", 1, lambda: 1)
    store.get_or_compute("brands", 1, lambda: 2)

    store.get_many(["tree", "tree"], 1)
    store.put_many({"vehicles": 3}, 1)

    assert store.get_many(["tree", "brands", "vehicles"], 1) == {"tree": 1, "vehicles": 3}


def test_a_failed_computation_lets_the_next_thread_compute():
    store = cache.CatalogCache()

    def fail():
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        store.get_or_compute("k", 1, fail)

    assert store.get_or_compute("k", 1, lambda: "tree") == "tree"
    assert store.computing == {}


def test_values_expire_by_age_even_without_a_bump(cached_app, monkeypatch):
    in_request(cached_app, brand_names, "fr")

    monkeypatch.setattr(cache, "MAX_AGE_SECONDS", 0.0)
    in_request(cached_app, brand_names, "fr")

    assert calls == ["fr", "fr"]


def shared_words(language):
    """A stand-in for a costly value shared through Redis: counts how often it really runs."""
    calls.append(language)
    return [f"{language}-{len(calls)}", len(calls)]


def in_shared_request(app, language):
    return in_request(
        app, cache.shared_catalog_value, ("test.words", language), lambda: shared_words(language)
    )


def test_a_shared_value_is_computed_once_for_every_process(make_app, redis):
    first, second = (make_app(settings={"CATALOG_CACHE": True}) for _ in range(2))

    computed = in_shared_request(first, "fr")

    assert in_shared_request(second, "fr") == computed == ["fr-1", 1]
    assert in_shared_request(second, "ar") == ["ar-2", 2]
    assert calls == ["fr", "ar"]


def test_a_product_card_is_rendered_once_for_every_process_until_its_price_changes(
    app, make_app, redis, db_session
):
    category = factories.make_category(slug_fr="freinage", slug_ar="فرامل")
    product = factories.make_product(category=category, sku="PLQ-9", price=Decimal("20.000"))
    db_session.commit()
    first, second = (make_app(settings={"CATALOG_CACHE": True}) for _ in range(2))

    def card_reads(process):
        """The listing's SKUs and how many statements read products' card data."""
        with counted_queries(app) as statements:
            html = process.test_client().get("/fr/c/freinage?sort=newest").get_data(as_text=True)
        return re.findall(r'data-sku="([^"]+)"', html), len(
            [statement for statement, _ in statements if "compare_at_price" in statement]
        )

    assert card_reads(first) == (["PLQ-9"], 1)
    # Another process, with its own memory: the card comes from Redis, the page is not cached.
    redis.delete(*redis.keys("hanout:page:*"))
    assert card_reads(second) == (["PLQ-9"], 0)

    with second.app_context():
        db.session.get(Product, product.id).price = Decimal("25.000")
        db.session.commit()
    with counted_queries(app) as statements:
        html = first.test_client().get("/fr/c/freinage").get_data(as_text=True)
    assert "25,000" in html
    assert [statement for statement, _ in statements if "compare_at_price" in statement]


def test_a_shared_value_is_computed_again_after_a_bump(cached_app):
    in_shared_request(cached_app, "fr")

    in_request(cached_app, bump_catalog_version)

    assert in_shared_request(cached_app, "fr") == ["fr-2", 2]


def test_an_unreadable_shared_value_is_computed_again(make_app, redis):
    in_shared_request(make_app(settings={"CATALOG_CACHE": True}), "fr")
    for key in redis.scan_iter(f"{cache.SHARED_KEY_PREFIX}*"):
        redis.set(key, b"\x80 not json")

    assert in_shared_request(make_app(settings={"CATALOG_CACHE": True}), "fr") == ["fr-2", 2]


def test_shared_values_are_computed_while_redis_is_unreachable(make_app):
    app = make_app(env={"REDIS_URL": NOWHERE_REDIS}, settings={"CATALOG_CACHE": True})

    assert in_shared_request(app, "fr") == ["fr-1", 1]
    assert in_shared_request(app, "fr") == ["fr-2", 2]


def test_nothing_is_cached_while_redis_is_unreachable(make_app):
    calls.clear()
    app = make_app(env={"REDIS_URL": NOWHERE_REDIS}, settings={"CATALOG_CACHE": True})

    in_request(app, brand_names, "fr")
    in_request(app, brand_names, "fr")

    assert calls == ["fr", "fr"]
    assert in_request(app, catalog_version) is None
    assert in_request(app, bump_catalog_version) is None


def test_while_redis_is_unreachable_a_request_computes_each_value_once(make_app):
    calls.clear()
    app = make_app(env={"REDIS_URL": NOWHERE_REDIS}, settings={"CATALOG_CACHE": True})

    def twice_then_bump_then_again():
        brand_names("fr")
        brand_names("fr")
        bump_catalog_version()
        return brand_names("fr")

    in_request(app, twice_then_bump_then_again)

    assert calls == ["fr", "fr"]


def test_the_shop_serves_its_pages_while_redis_is_unreachable(make_app):
    app = make_app(env={"REDIS_URL": NOWHERE_REDIS}, settings={"CATALOG_CACHE": True})
    category = factories.make_category(slug_fr="moteur", slug_ar="محرك")
    product = factories.make_product(category=category, name_fr="Courroie de distribution")
    client = app.test_client()

    assert client.get("/fr/").status_code == 200
    assert client.get("/fr/c/moteur").status_code == 200
    page = client.get(f"/fr/p/{product.id}/{product.slug_fr}")
    assert page.status_code == 200
    assert "Courroie de distribution" in page.get_data(as_text=True)


def test_a_price_change_shows_on_the_next_request(cached_app, db_session):
    category = factories.make_category(slug_fr="embrayage", slug_ar="قابض")
    product = factories.make_product(
        category=category, name_fr="Kit d'embrayage", price=Decimal("250.000")
    )
    client = cached_app.test_client()
    product_path = f"/fr/p/{product.id}/{product.slug_fr}"
    assert "250,000" in client.get(product_path).get_data(as_text=True)
    assert "250,000" in client.get("/fr/c/embrayage").get_data(as_text=True)

    with cached_app.app_context():
        db.session.get(Product, product.id).price = Decimal("199.500")
        db.session.commit()

    assert "199,500" in client.get(product_path).get_data(as_text=True)
    assert "199,500" in client.get("/fr/c/embrayage").get_data(as_text=True)


def test_the_vehicle_selector_reuses_its_makes_until_the_catalog_changes(cached_app, db_session):
    vehicle = factories.make_vehicle(make="Dacia", model="Logan")
    client = cached_app.test_client()
    assert "Dacia" in client.get("/fr/my-vehicle").get_data(as_text=True)

    vehicle.model.make.name = "Dacia Renault"
    db_session.commit()
    assert "Dacia Renault" not in client.get("/fr/my-vehicle").get_data(as_text=True)

    with cached_app.test_request_context():
        bump_catalog_version()
    assert "Dacia Renault" in client.get("/fr/my-vehicle").get_data(as_text=True)


def brand_count(html, brand_name):
    """The count shown beside `brand_name` in a listing's brand filter."""
    match = re.search(rf"{re.escape(brand_name)} <span class=\"count\">(\d+)</span>", html)
    assert match, f"no {brand_name} filter"
    return int(match.group(1))


def test_brand_counts_are_cached_unless_prices_or_stock_filter_them(cached_app, db_session):
    category = factories.make_category(slug_fr="eclairage", slug_ar="إضاءة")
    brand = factories.make_brand(name="Osram", slug="osram")
    factories.make_product(category=category, brand=brand, price=Decimal("20.000"))
    client = cached_app.test_client()
    assert brand_count(client.get("/fr/c/eclairage").get_data(as_text=True), "Osram") == 1

    factories.make_product(category=category, brand=brand, price=Decimal("30.000"))
    db_session.commit()

    assert brand_count(client.get("/fr/c/eclairage").get_data(as_text=True), "Osram") == 1
    filtered = client.get("/fr/c/eclairage?min_price=1").get_data(as_text=True)
    assert brand_count(filtered, "Osram") == 2
    with cached_app.test_request_context():
        bump_catalog_version()
    assert brand_count(client.get("/fr/c/eclairage").get_data(as_text=True), "Osram") == 2


def test_brand_counts_in_a_price_band_are_kept_until_a_price_changes(app, cached_app, db_session):
    category = factories.make_category(slug_fr="eclairage", slug_ar="إضاءة")
    brand = factories.make_brand(name="Osram", slug="osram")
    factories.make_product(category=category, brand=brand, price=Decimal("20.000"))
    dearer = factories.make_product(category=category, brand=brand, price=Decimal("30.000"))
    db_session.commit()
    client, band = cached_app.test_client(), "/fr/c/eclairage?min_price=10&max_price=50"
    assert brand_count(client.get(band).get_data(as_text=True), "Osram") == 2

    # Another order of the same band: a page of its own, whose brand counts are already known.
    with counted_queries(app) as statements:
        html = client.get(f"{band}&sort=newest").get_data(as_text=True)
    assert brand_count(html, "Osram") == 2
    assert not [statement for statement, _ in statements if "brands.name" in statement]

    with cached_app.app_context():
        db.session.get(Product, dearer.id).price = Decimal("60.000")
        db.session.commit()
    assert brand_count(client.get(f"{band}&sort=price_asc").get_data(as_text=True), "Osram") == 1


IN_STOCK_COUNT = re.compile(r'id="filter-in-stock".*?<span class="count">(\d+)</span>', re.S)


def in_stock_count(app, client, path):
    """The listing's "in stock" count, and how many statements it ran that ask for it."""
    with counted_queries(app) as statements:
        html = client.get(path).get_data(as_text=True)
    stock_reads = [statement for statement, _ in statements if "in_stock" in statement]
    return int(IN_STOCK_COUNT.search(html).group(1)), len(stock_reads)


def test_stock_counts_are_kept_until_the_stock_changes(app, cached_app, db_session):
    category = factories.make_category(slug_fr="filtres", slug_ar="مرشحات")
    location = factories.make_location()
    for _ in range(2):
        factories.make_stock(factories.make_product(category=category), location, on_hand=3)
    sold_out = factories.make_product(category=category)
    db_session.commit()
    client = cached_app.test_client()

    count, stock_reads = in_stock_count(app, client, "/fr/c/filtres?in_stock=1")
    assert count == 2
    assert stock_reads > 1
    # Another order of the same products: a page of its own, whose counts are already known;
    # only the query of its products asks for the stock.
    assert in_stock_count(app, client, "/fr/c/filtres?in_stock=1&sort=newest") == (2, 1)

    with cached_app.app_context():
        factories.make_stock(sold_out, location, on_hand=1)
        db.session.commit()

    assert in_stock_count(app, client, "/fr/c/filtres?in_stock=1&sort=price_asc")[0] == 3


def test_a_sale_in_another_category_keeps_a_categorys_stock_counts(app, cached_app, db_session):
    category = factories.make_category(slug_fr="filtres", slug_ar="مرشحات")
    elsewhere = factories.make_product(
        category=factories.make_category(slug_fr="eclairage", slug_ar="إضاءة")
    )
    location = factories.make_location()
    for _ in range(2):
        factories.make_stock(factories.make_product(category=category), location, on_hand=3)
    db_session.commit()
    client = cached_app.test_client()
    assert in_stock_count(app, client, "/fr/c/filtres?in_stock=1")[0] == 2

    with cached_app.app_context():
        adjust_stock(elsewhere.id, location.id, 4, "received")
        db.session.commit()

    assert in_stock_count(app, client, "/fr/c/filtres?in_stock=1&sort=newest") == (2, 1)


def test_a_brand_page_keeps_its_counts_like_a_category(app, cached_app, db_session):
    brand = factories.make_brand(name="Osram", slug="osram")
    location = factories.make_location()
    for _ in range(2):
        factories.make_stock(factories.make_product(brand=brand), location, on_hand=3)
    factories.make_product(brand=brand)
    db_session.commit()
    client = cached_app.test_client()

    assert in_stock_count(app, client, "/fr/b/osram?in_stock=1")[0] == 2
    assert in_stock_count(app, client, "/fr/b/osram?in_stock=1&sort=newest") == (2, 1)


def search_result_skus(client, query):
    html = client.get(f"/fr/search?q={query}").get_data(as_text=True)
    return re.findall(r'data-sku="([^"]+)"', html)


def test_search_matches_are_kept_until_the_catalog_changes(cached_app, db_session):
    factories.make_product(sku="PLQ-1", name_fr="Plaquettes de frein avant")
    client = cached_app.test_client()
    assert search_result_skus(client, "plaquette") == ["PLQ-1"]

    factories.make_product(sku="PLQ-2", name_fr="Plaquettes de frein arrière")
    db_session.commit()

    assert search_result_skus(client, "plaquette") == ["PLQ-1"]
    with cached_app.test_request_context():
        bump_catalog_version()
    assert sorted(search_result_skus(client, "plaquette")) == ["PLQ-1", "PLQ-2"]


def test_cached_search_matches_still_show_only_live_products(cached_app, db_session):
    product = factories.make_product(sku="PLQ-1", name_fr="Plaquettes de frein avant")
    client = cached_app.test_client()
    assert search_result_skus(client, "plaquette") == ["PLQ-1"]

    with cached_app.app_context():
        db.session.get(Product, product.id).status = "draft"
        db.session.commit()

    assert search_result_skus(client, "plaquette") == []
