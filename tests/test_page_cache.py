"""The page cache: whole storefront pages shared until the catalog, a price or the stock changes,
with each visitor's own parts (CSRF token, cart badge, account link) filled in per request."""

import re
import threading
import time
from decimal import Decimal

import pytest
from redis import client as redis_client
from sqlalchemy import func, select

from shop.extensions import db
from shop.models import Location, Product, SearchQuery, StockLevel
from shop.services import cache, page_cache
from shop.services.cache import bump_catalog_version, offer_stamps_and_values
from shop.services.orders import transition
from shop.services.page_cache import PAGE_KEY_PREFIX, PAGE_TTL_SECONDS
from shop.services.search_log import save_logged_searches
from shop.services.stock import adjust_stock
from shop.views import cards
from tests import factories
from tests.sql import counted_queries


@pytest.fixture
def brake_pads():
    category = factories.make_category(slug_fr="freinage", slug_ar="فرامل", name_fr="Freinage")
    product = factories.make_product(
        category=category,
        sku="PLQ-100",
        name_fr="Plaquettes de frein avant",
        price=Decimal("89.500"),
        featured=True,
    )
    factories.make_stock(product, factories.make_location(), on_hand=12)
    return product


def product_path(product):
    return f"/fr/p/{product.id}/{product.slug_fr}"


def text_of(client, path, **headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


# Flask-WTF signs a visitor's CSRF token with the time in seconds: two requests a second apart
# get two spellings of the same token.
CSRF_TOKEN_VALUE = re.compile(r'(name="csrf_token" value=")[^"]+')


def same_page(html):
    """`html` with its CSRF tokens blanked, to compare two responses of one visitor."""
    return CSRF_TOKEN_VALUE.sub(r"\1", html)


def data_statements(statements):
    """The statements that read or write data, without the test transaction's savepoints."""
    return [
        statement
        for statement, _ in statements
        if not statement.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK"))
    ]


def test_a_product_page_reads_its_products_offer_stamps_once(cached_app, brake_pads, monkeypatch):
    related = factories.make_product(category=brake_pads.category, sku="PLQ-200")
    reads = []

    def counted(ids, kind, keys):
        reads.append((kind, list(ids), len(keys)))
        return offer_stamps_and_values(ids, kind, keys)

    monkeypatch.setattr(cache, "offer_stamps_and_values", counted)
    monkeypatch.setattr(cards, "offer_stamps", lambda *args: pytest.fail("stamps read again"))
    page = text_of(cached_app.test_client(), product_path(brake_pads))

    assert "PLQ-200" in page
    # With the page itself, in one round trip.
    assert reads == [("product", [brake_pads.id, related.id], 1)]


def test_stamps_read_earlier_in_the_request_are_kept_for_the_page_lookup(
    cached_app, brake_pads, redis
):
    offer = cache.OfferScope("product", (brake_pads.id,))
    redis.set("hanout:test-entry", b"entry")
    with cached_app.test_request_context("/fr/"):
        stamps = offer.stamps()
        redis.hincrby(cache.OFFER_STAMPS_KEYS["product"], brake_pads.id, 1)

        again, values = offer.stamps_and_values(["hanout:test-entry"])

    assert again is stamps
    assert values == [b"entry"]


@pytest.mark.parametrize("path", ["/fr/", "/fr/c/freinage", "product", "/fr/search?q=plaquettes"])
def test_a_page_is_built_once_then_served_from_the_cache(app, cached_app, brake_pads, path):
    path = product_path(brake_pads) if path == "product" else path
    client = cached_app.test_client()
    with counted_queries(app) as first:
        built = text_of(client, path)
    with counted_queries(app) as second:
        served = text_of(client, path)

    assert same_page(served) == same_page(built)
    assert "PLQ-100" in served
    # What is left is checking the URL and, for a search, logging it: no listing is read.
    assert len(data_statements(second)) <= 1 < len(data_statements(first))
    assert not [statement for statement in data_statements(second) if "stock_levels" in statement]


def test_a_cached_product_page_reads_nothing_and_its_other_urls_still_redirect(
    app, cached_app, brake_pads
):
    client, path = cached_app.test_client(), product_path(brake_pads)
    text_of(client, path)

    with counted_queries(app) as served:
        text_of(client, path)
    wrong_slug = client.get(f"/fr/p/{brake_pads.id}/old-name")

    assert data_statements(served) == []
    assert wrong_slug.status_code == 301
    assert wrong_slug.headers["Location"].endswith(path)


def test_a_product_no_longer_live_loses_its_cached_page(cached_app, brake_pads):
    client = cached_app.test_client()
    text_of(client, product_path(brake_pads))

    with cached_app.app_context():
        db.session.get(Product, brake_pads.id).status = "draft"
        db.session.commit()

    assert client.get(product_path(brake_pads)).status_code == 404


def test_pages_expire_on_their_own(cached_app, brake_pads, redis):
    text_of(cached_app.test_client(), "/fr/c/freinage")

    keys = redis.keys(PAGE_KEY_PREFIX + "*")
    assert len(keys) == 1
    assert 0 < redis.ttl(keys[0]) <= PAGE_TTL_SECONDS


def test_a_price_change_shows_at_once(cached_app, brake_pads):
    client = cached_app.test_client()
    assert "89,500" in text_of(client, "/fr/c/freinage")

    with cached_app.app_context():
        db.session.get(Product, brake_pads.id).price = Decimal("79.000")
        db.session.commit()

    listing = text_of(client, "/fr/c/freinage")
    assert "79,000" in listing
    assert "89,500" not in listing


def test_a_stock_change_shows_at_once(cached_app, brake_pads):
    client = cached_app.test_client()
    assert "En stock" in text_of(client, product_path(brake_pads))
    location_id = db.session.scalar(
        select(StockLevel.location_id).where(StockLevel.product_id == brake_pads.id)
    )

    with cached_app.app_context():
        adjust_stock(brake_pads.id, location_id, -12, "damaged")
        db.session.commit()

    assert "Rupture de stock" in text_of(client, product_path(brake_pads))


def test_a_page_whose_offer_changed_replaces_its_entry(cached_app, brake_pads, redis):
    client, path = cached_app.test_client(), product_path(brake_pads)
    text_of(client, path)
    location_id = db.session.scalar(
        select(StockLevel.location_id).where(StockLevel.product_id == brake_pads.id)
    )
    stock_at(brake_pads.id, location_id, -12, cached_app)

    assert "Rupture de stock" in text_of(client, path)
    # The page is kept with the stamps it was built with, under a key without them.
    assert len(redis.keys(PAGE_KEY_PREFIX + "*")) == 1
    assert "Rupture de stock" in text_of(client, path)


def counted_redis_round_trips(monkeypatch):
    """A list that gets an entry per command sent to Redis alone and per pipeline executed: one
    round trip each (a pipeline's commands go through its own `execute_command`)."""
    round_trips = []
    sends = ((redis_client.Redis, "execute_command"), (redis_client.Pipeline, "execute"))
    for owner, name in sends:
        original = getattr(owner, name)

        def counted(client, *args, _original=original, _name=name, **kwargs):
            round_trips.append(_name)
            return _original(client, *args, **kwargs)

        monkeypatch.setattr(owner, name, counted)
    return round_trips


@pytest.mark.parametrize("path", ["product", "/fr/c/freinage", "/fr/"])
def test_a_cached_page_costs_two_round_trips_to_redis(cached_app, brake_pads, path, monkeypatch):
    client = cached_app.test_client()
    path = product_path(brake_pads) if path == "product" else path
    text_of(client, path)
    round_trips = counted_redis_round_trips(monkeypatch)

    text_of(client, path)

    # The versions, first thing in the request; then the page, with its offer stamps if any.
    assert len(round_trips) == 2


def test_a_build_begun_before_an_offer_change_is_not_served_to_requests_after_it(
    cached_app, brake_pads
):
    builds, answers, started, release = [], [], threading.Event(), threading.Event()
    offer = cache.OfferScope("product", (brake_pads.id,))

    def build():
        builds.append("built")
        number = len(builds)
        if number == 1:
            started.set()
            release.wait(5)
        return f"<p>build {number}</p>", None

    def ask():
        with cached_app.test_request_context("/fr/"):
            answers.append(page_cache.cached_page(build, {}, offer=offer)[0])

    first = threading.Thread(target=ask)
    first.start()
    started.wait(5)
    location = factories.make_location()
    stock_at(brake_pads.id, location.id, 4, cached_app)
    second = threading.Thread(target=ask)
    second.start()
    second.join(5)
    release.set()
    first.join(5)

    assert builds == ["built", "built"]
    assert answers == ["<p>build 2</p>", "<p>build 1</p>"]


def stock_at(product_id, location_id, delta, app):
    with app.app_context():
        adjust_stock(product_id, location_id, delta, "received")
        db.session.commit()


def test_a_product_page_is_kept_until_its_own_or_a_related_products_offer_changes(
    app, cached_app, brake_pads
):
    related = factories.make_product(category=brake_pads.category, sku="PLQ-200")
    elsewhere = factories.make_product(
        category=factories.make_category(slug_fr="eclairage", slug_ar="إضاءة"), sku="AMP-1"
    )
    location = factories.make_location()
    client, path = cached_app.test_client(), product_path(brake_pads)
    assert 'data-sku="PLQ-200"' in text_of(client, path)

    # A sale elsewhere in the shop: the page stays.
    stock_at(elsewhere.id, location.id, 5, cached_app)
    with counted_queries(app) as served:
        kept = text_of(client, path)
    assert data_statements(served) == []

    # The related product comes into stock: its card on the page says so.
    stock_at(related.id, location.id, 3, cached_app)
    with counted_queries(app) as served:
        rebuilt = text_of(client, path)
    assert data_statements(served)
    related_card = re.compile(r'data-sku="PLQ-200".*?</article>', re.S)
    assert "Rupture de stock" in related_card.search(kept).group(0)
    assert "Rupture de stock" not in related_card.search(rebuilt).group(0)


def card_of(sku, page):
    return re.search(rf'data-sku="{sku}".*?</article>', page, re.S).group(0)


def test_a_category_page_is_kept_until_a_product_of_its_subtree_changes(
    app, cached_app, brake_pads
):
    pads = factories.make_category(
        parent=brake_pads.category, slug_fr="plaquettes", slug_ar="وسادات"
    )
    factories.make_product(category=pads, sku="PLQ-300")
    elsewhere = factories.make_product(
        category=factories.make_category(slug_fr="eclairage", slug_ar="إضاءة"), sku="AMP-1"
    )
    location = factories.make_location()
    client = cached_app.test_client()
    kept = text_of(client, "/fr/c/freinage")

    stock_at(elsewhere.id, location.id, 5, cached_app)
    with counted_queries(app) as served:
        assert same_page(text_of(client, "/fr/c/freinage")) == same_page(kept)
    assert data_statements(served) == []

    # A product of a subcategory comes into stock: the parent's listing says so.
    in_subcategory = db.session.scalar(select(Product.id).where(Product.sku == "PLQ-300"))
    stock_at(in_subcategory, location.id, 3, cached_app)
    rebuilt = text_of(client, "/fr/c/freinage")
    assert "Rupture de stock" in card_of("PLQ-300", kept)
    assert "Rupture de stock" not in card_of("PLQ-300", rebuilt)


def test_a_brand_page_is_kept_until_a_product_of_the_brand_changes(app, cached_app):
    bosch = factories.make_brand(name="Bosch", slug="bosch")
    ours = factories.make_product(brand=bosch, sku="BSH-1")
    theirs = factories.make_product(brand=factories.make_brand(), sku="VAL-1")
    location = factories.make_location()
    client = cached_app.test_client()
    kept = text_of(client, "/fr/b/bosch")

    stock_at(theirs.id, location.id, 5, cached_app)
    with counted_queries(app) as served:
        text_of(client, "/fr/b/bosch")
    assert data_statements(served) == []

    stock_at(ours.id, location.id, 2, cached_app)
    assert "Rupture de stock" in card_of("BSH-1", kept)
    assert "Rupture de stock" not in card_of("BSH-1", text_of(client, "/fr/b/bosch"))


def test_a_search_page_is_kept_until_a_product_of_a_matched_category_changes(
    app, cached_app, brake_pads
):
    # Same category as the match, not matched itself.
    drums = factories.make_product(category=brake_pads.category, sku="TAM-1", name_fr="Tambour")
    lights = factories.make_category(slug_fr="eclairage", slug_ar="إضاءة")
    elsewhere = factories.make_product(category=lights, sku="AMP-1")
    # Matched, but not shown: not live.
    factories.make_product(category=lights, name_fr="Plaquettes à venir", status="draft")
    location = db.session.scalar(select(StockLevel.location_id))
    client, path = cached_app.test_client(), "/fr/search?q=plaquettes"
    kept = text_of(client, path)

    stock_at(elsewhere.id, location, 5, cached_app)
    with counted_queries(app) as served:
        assert same_page(text_of(client, path)) == same_page(kept)
    assert data_statements(served) == []

    # A sale in the matched product's category may change the results' counts: built again.
    stock_at(drums.id, location, 5, cached_app)
    with counted_queries(app) as served:
        text_of(client, path)
    assert data_statements(served) != []

    stock_at(brake_pads.id, location, -12, cached_app)
    assert "Rupture de stock" not in card_of("PLQ-100", kept)
    assert "Rupture de stock" in card_of("PLQ-100", text_of(client, path))


def test_a_sale_that_leaves_the_card_as_it_was_keeps_the_listings(app, cached_app, brake_pads):
    location = db.session.scalar(select(StockLevel.location_id))
    client = cached_app.test_client()
    listings = ["/fr/c/freinage", "/fr/search?q=plaquettes"]
    kept = [text_of(client, path) for path in listings]
    assert 'max="12"' in text_of(client, product_path(brake_pads))

    # 12 units, then 11: still "In stock" on its card, but its own page offers 11 at most.
    stock_at(brake_pads.id, location, -1, cached_app)
    with counted_queries(app) as served:
        assert [same_page(text_of(client, path)) for path in listings] == list(map(same_page, kept))
    assert data_statements(served) == []
    assert 'max="11"' in text_of(client, product_path(brake_pads))

    # 2 left: its card says so, in the category's listing and in the search alike.
    stock_at(brake_pads.id, location, -9, cached_app)
    for path in listings:
        assert "Plus que 2" in card_of("PLQ-100", text_of(client, path))


def test_a_search_matching_a_product_in_no_category_follows_every_sale(app, cached_app):
    factories.make_product(sku="PLQ-900", name_fr="Plaquettes sans rayon")
    elsewhere = factories.make_product(category=factories.make_category(), sku="AMP-1")
    location = factories.make_location()
    client, path = cached_app.test_client(), "/fr/search?q=plaquettes"
    assert 'data-sku="PLQ-900"' in text_of(client, path)

    stock_at(elsewhere.id, location.id, 5, cached_app)
    with counted_queries(app) as served:
        text_of(client, path)
    assert data_statements(served) != []


def test_suggestions_are_kept_until_a_suggested_products_price_changes(app, cached_app, brake_pads):
    elsewhere = factories.make_product(name_fr="Ampoule H7", price=Decimal("12.000"))
    client, path = cached_app.test_client(), "/fr/search/suggest?q=plaq"
    assert "89,500" in text_of(client, path)

    with cached_app.app_context():
        db.session.get(Product, elsewhere.id).price = Decimal("11.000")
        db.session.commit()
    with counted_queries(app) as served:
        text_of(client, path)
    assert data_statements(served) == []

    with cached_app.app_context():
        db.session.get(Product, brake_pads.id).price = Decimal("79.000")
        db.session.commit()
    suggestions = text_of(client, path)
    assert "79,000" in suggestions
    assert "89,500" not in suggestions


def test_a_product_moved_to_another_category_leaves_the_old_ones_listing(cached_app, brake_pads):
    lights = factories.make_category(slug_fr="eclairage", slug_ar="إضاءة")
    client = cached_app.test_client()
    assert 'data-sku="PLQ-100"' in text_of(client, "/fr/c/freinage")
    assert 'data-sku="PLQ-100"' not in text_of(client, "/fr/c/eclairage")

    with cached_app.app_context():
        db.session.get(Product, brake_pads.id).category_id = lights.id
        db.session.commit()

    assert 'data-sku="PLQ-100"' not in text_of(client, "/fr/c/freinage")
    assert 'data-sku="PLQ-100"' in text_of(client, "/fr/c/eclairage")


def test_closing_a_location_changes_every_product_page(cached_app, brake_pads):
    client = cached_app.test_client()
    assert "En stock" in text_of(client, product_path(brake_pads))

    with cached_app.app_context():
        for location in db.session.scalars(select(Location)):
            location.is_active = False
        db.session.commit()

    assert "Rupture de stock" in text_of(client, product_path(brake_pads))


def test_a_change_rolled_back_keeps_the_cached_pages(cached_app, brake_pads, redis):
    text_of(cached_app.test_client(), "/fr/c/freinage")

    with cached_app.app_context():
        db.session.get(Product, brake_pads.id).price = Decimal("1.000")
        db.session.flush()
        db.session.rollback()

    assert len(redis.keys(PAGE_KEY_PREFIX + "*")) == 1
    assert not redis.get("hanout:offer-version")


def test_a_catalog_change_shows_after_its_bump(cached_app, brake_pads):
    client = cached_app.test_client()
    text_of(client, "/fr/c/freinage")
    brake_pads.category.name_fr = "Freins et disques"
    db.session.commit()

    with cached_app.test_request_context():
        bump_catalog_version()

    assert "Freins et disques" in text_of(client, "/fr/c/freinage")


def csrf_token_of(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_each_visitor_gets_their_own_token_and_cart_on_a_shared_page(make_app, redis, brake_pads):
    app = make_app(settings={"CATALOG_CACHE": True, "WTF_CSRF_ENABLED": True})
    first, second = app.test_client(), app.test_client()
    first_page = text_of(first, product_path(brake_pads))
    second_page = text_of(second, product_path(brake_pads))
    assert csrf_token_of(first_page) != csrf_token_of(second_page)
    assert "hanout-hole" not in first_page + second_page

    token = csrf_token_of(second_page)
    added = second.post(
        "/fr/cart/add", data={"product_id": brake_pads.id, "quantity": "2", "csrf_token": token}
    )

    assert added.status_code == 303
    badge = re.compile(r'<span class="badge"[^>]*>(\d+)</span>')
    assert badge.search(text_of(second, product_path(brake_pads))).group(1) == "2"
    assert badge.search(text_of(first, product_path(brake_pads))).group(1) == "0"


def test_a_logged_in_customer_sees_their_account_link(cached_app, brake_pads):
    customer = factories.make_customer(password="a long enough secret")
    visitor, member = cached_app.test_client(), cached_app.test_client()
    text_of(visitor, "/fr/")
    with member.session_transaction() as session:
        session["_user_id"] = f"customer:{customer.id}"

    assert "Mon compte" in text_of(member, "/fr/")
    assert "Mon compte" not in text_of(visitor, "/fr/")


def test_the_vehicle_is_part_of_the_page(cached_app, brake_pads, clio):
    anonymous, driver = cached_app.test_client(), driver_of(cached_app, clio)

    assert "fit-notice" not in text_of(anonymous, product_path(brake_pads))
    assert 'class="fit-notice fits"' in text_of(driver, product_path(brake_pads))
    assert "fit-notice" not in text_of(anonymous, product_path(brake_pads))


@pytest.fixture
def clio(brake_pads):
    """A vehicle the brake pads fit."""
    vehicle = factories.make_vehicle("Renault", "Clio", "IV", 2012, 2019)
    factories.make_fitment(brake_pads, vehicle)
    return vehicle


@pytest.fixture
def golf():
    """A vehicle the brake pads do not fit."""
    return factories.make_vehicle("Volkswagen", "Golf", "VII", 2012, 2020)


def driver_of(app, vehicle):
    """A visitor who chose `vehicle`."""
    client = app.test_client()
    client.set_cookie("vehicle", str(vehicle.id))
    return client


def test_one_product_page_serves_every_vehicle_with_its_own_fit_notice(
    app, cached_app, brake_pads, clio, golf
):
    anonymous = cached_app.test_client()
    clio_driver, golf_driver = driver_of(cached_app, clio), driver_of(cached_app, golf)
    path = product_path(brake_pads)
    text_of(anonymous, path)

    with counted_queries(app) as served:
        fits = text_of(clio_driver, path)
        does_not_fit = text_of(golf_driver, path)

    assert not [statement for statement in data_statements(served) if "products" in statement]
    assert "Compatible avec votre Renault Clio IV" in fits
    assert "does-not-fit" not in fits
    assert "Ne convient pas à votre Volkswagen Golf VII" in does_not_fit
    assert f'href="/fr/v/{golf.model.make.slug}/{golf.model.slug}' in does_not_fit


def fits_count(page, vehicle):
    """The count shown beside the "fits my vehicle" filter of a listing page."""
    match = re.search(rf'Compatible avec {vehicle}\s*<span class="count">(\d+)</span>', page)
    return int(match.group(1)) if match else None


@pytest.mark.parametrize("path", ["/fr/c/freinage", "/fr/search?q=plaquettes"])
def test_one_listing_page_serves_every_vehicle_with_its_own_selector_and_count(
    redis, cached_app, clio, golf, path
):
    clio_driver, golf_driver = driver_of(cached_app, clio), driver_of(cached_app, golf)

    for_clio = text_of(clio_driver, path)
    for_golf = text_of(golf_driver, path)

    assert len(redis.keys(PAGE_KEY_PREFIX + "*")) == 1
    assert fits_count(for_clio, "Renault Clio IV") == 1
    assert fits_count(for_golf, "Volkswagen Golf VII") == 0
    assert "Golf" not in for_clio and "Clio" not in for_golf
    assert "hanout-hole" not in for_clio + for_golf
    assert "PLQ-100" in for_clio and "PLQ-100" in for_golf


def test_a_filtered_listing_block_gets_the_visitors_own_count(cached_app, clio, golf):
    htmx = {"HX-Request": "true", "HX-Target": "listing"}
    path = "/fr/c/freinage?in_stock=1"

    for_clio = text_of(driver_of(cached_app, clio), path, **htmx)
    for_golf = text_of(driver_of(cached_app, golf), path, **htmx)

    assert "<html" not in for_clio
    assert fits_count(for_clio, "Renault Clio IV") == 1
    assert fits_count(for_golf, "Volkswagen Golf VII") == 0
    assert "hanout-hole" not in for_clio + for_golf


def test_a_listing_of_fitting_parts_is_built_for_each_vehicle(redis, cached_app, clio, golf):
    clio_driver, golf_driver = driver_of(cached_app, clio), driver_of(cached_app, golf)

    for_clio = text_of(clio_driver, "/fr/c/freinage?fits=1")
    for_golf = text_of(golf_driver, "/fr/c/freinage?fits=1")

    assert len(redis.keys(PAGE_KEY_PREFIX + "*")) == 2
    assert "PLQ-100" in for_clio
    assert "PLQ-100" not in for_golf


def test_the_home_page_is_shared_by_every_vehicle_and_kept_apart_without_one(
    redis, cached_app, clio, golf
):
    anonymous = cached_app.test_client()
    clio_driver, golf_driver = driver_of(cached_app, clio), driver_of(cached_app, golf)

    pages = [text_of(client, "/fr/") for client in (anonymous, clio_driver, golf_driver)]

    assert len(redis.keys(PAGE_KEY_PREFIX + "*")) == 2
    assert "Votre véhicule" not in pages[0]
    assert "Votre véhicule : Renault Clio IV" in pages[1]
    assert "Votre véhicule : Volkswagen Golf VII" in pages[2]


def test_a_kept_vehicle_selector_comes_back_to_the_page_it_is_on(cached_app, clio):
    driver = driver_of(cached_app, clio)

    home = text_of(driver, "/fr/")
    listing = text_of(driver, "/fr/c/freinage?sort=newest&in_stock=1")

    assert home.count('name="next" value="/fr/"') == 2
    assert listing.count('name="next" value="/fr/c/freinage?sort=newest&amp;in_stock=1"') == 2
    assert "Votre véhicule : Renault Clio IV" in listing


def test_an_htmx_block_and_the_whole_page_are_kept_apart(cached_app, brake_pads):
    client = cached_app.test_client()
    block = text_of(client, "/fr/search/suggest?q=plaq", **{"HX-Request": "true"})
    page = text_of(client, "/fr/c/freinage", **{"HX-Request": "true", "HX-Target": "next_page"})
    whole = text_of(client, "/fr/c/freinage")

    assert "<html" not in block
    assert "<html" not in page
    assert "<html" in whole


def test_every_search_is_logged_even_when_its_page_is_cached(cached_app, brake_pads):
    client = cached_app.test_client()
    text_of(client, "/fr/search?q=plaquettes")
    text_of(client, "/fr/search?q=plaquettes")

    with cached_app.app_context():
        save_logged_searches()
        logged = db.session.execute(
            select(SearchQuery.result_count, func.count())
            .where(SearchQuery.query == "plaquettes")
            .group_by(SearchQuery.result_count)
        ).all()
    assert logged == [(1, 2)]


def test_product_cards_are_rendered_once_per_language_and_version(app, cached_app, brake_pads):
    client = cached_app.test_client()
    text_of(client, "/fr/c/freinage")
    with counted_queries(app) as statements:
        other_page = text_of(client, "/fr/c/freinage?sort=price_asc")
    arabic = text_of(client, "/ar/c/فرامل?sort=price_asc")

    assert "PLQ-100" in other_page
    assert not [
        statement for statement in data_statements(statements) if "product_images" in statement
    ]
    assert brake_pads.name_ar in arabic
    assert brake_pads.name_fr not in arabic


def test_an_order_changes_the_stock_shown_at_once(cached_app):
    client = cached_app.test_client()
    with cached_app.test_request_context():
        order = factories.make_order(quantity=4)
        db.session.commit()
        product = db.session.get(Product, order.items[0].product_id)
        path = f"/fr/p/{product.id}/{product.slug_fr}"
    assert "Plus que 1" in text_of(client, path)

    with cached_app.test_request_context():
        transition(db.session.merge(order), "cancelled", "customer", note="changed my mind")
        db.session.commit()

    assert "En stock" in text_of(client, path)


def test_an_unreadable_stored_page_is_built_again(cached_app, brake_pads, redis):
    client = cached_app.test_client()
    built = text_of(client, "/fr/c/freinage")
    (key,) = redis.keys(PAGE_KEY_PREFIX + "*")
    redis.set(key, b"not a page")

    assert same_page(text_of(client, "/fr/c/freinage")) == same_page(built)


def ask_in_thread(app, build, answers):
    """A thread asking for the home page through `cached_page(build)`; its answer or error goes
    into `answers`."""

    def ask():
        with app.test_request_context("/fr/"):
            try:
                answers.append(page_cache.cached_page(build, {}))
            except ValueError as error:
                answers.append(error)

    thread = threading.Thread(target=ask)
    thread.start()
    return thread


def test_a_page_asked_for_while_it_is_being_built_is_built_once(cached_app):
    builds, answers, started, release = [], [], threading.Event(), threading.Event()

    def build():
        builds.append("built")
        started.set()
        release.wait(5)
        return "<p>page</p>", {"results": 3}

    first = ask_in_thread(cached_app, build, answers)
    started.wait(5)
    second = ask_in_thread(cached_app, build, answers)
    time.sleep(0.3)  # the second request is now waiting for the first one's build
    release.set()
    first.join(5)
    second.join(5)

    assert builds == ["built"]
    assert answers == [("<p>page</p>", {"results": 3})] * 2


def test_when_the_build_being_waited_for_fails_the_waiting_request_builds_its_own(cached_app):
    builds, answers, started, release = [], [], threading.Event(), threading.Event()

    def build():
        builds.append("built")
        if len(builds) == 1:
            started.set()
            release.wait(5)
            raise ValueError("the first build failed")
        return "<p>page</p>", None

    first = ask_in_thread(cached_app, build, answers)
    started.wait(5)
    second = ask_in_thread(cached_app, build, answers)
    time.sleep(0.3)
    release.set()
    first.join(5)
    second.join(5)

    assert builds == ["built", "built"]
    assert [type(answer) for answer in answers] == [ValueError, tuple]
    assert answers[1] == ("<p>page</p>", None)
    assert not page_cache._builds


def test_holes_are_filled_in_one_pass_each_part_rendered_once_and_only_if_there():
    rendered = []

    def part(name):
        def render():
            rendered.append(name)
            return f"[{name}]"

        return render

    token, badge = page_cache.hole("csrf_token"), page_cache.hole("header_tools")
    unknown = page_cache.hole("unknown")
    page = f"<p>مرحبا {token}</p>{badge}<form>{token}</form>{unknown}&lt;hanout-hole csrf_token>"
    fillers = {name: part(name) for name in ("csrf_token", "header_tools", "vehicle_selector")}

    filled = page_cache.fill_holes(page, fillers)

    assert filled == (
        "<p>مرحبا [csrf_token]</p>[header_tools]<form>[csrf_token]</form>"
        "<hanout-hole unknown>&lt;hanout-hole csrf_token>"
    )
    assert rendered == ["csrf_token", "header_tools"]
    assert page_cache.fill_holes("<p>sans trou</p>", fillers) == "<p>sans trou</p>"
