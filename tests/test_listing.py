"""Listings: a category's subtree, each filter and its count, sorting, and keyset pages."""

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.datastructures import MultiDict

from shop.extensions import db
from shop.models import AttributeDefinition, Fitment, Vehicle, VehicleMake, VehicleModel
from shop.services.listing import Listing, ListingFilters
from shop.services.scopes import in_category_subtree
from tests import factories

SKU = re.compile(r'data-sku="([^"]+)"')


def skus(response):
    return SKU.findall(response.get_data(as_text=True))


def facet_count(response, name, value):
    """The count printed beside the filter checkbox `name=value`, or None when it is not shown."""
    pattern = (
        rf'name="{re.escape(name)}" value="{re.escape(value)}"[^>]*>\s*[^<]*'
        r'<span class="count">(\d+)</span>'
    )
    match = re.search(pattern, response.get_data(as_text=True))
    return int(match.group(1)) if match else None


def next_link(response, rel="next"):
    """The query arguments of the page's Next (or Previous) link, or None."""
    match = re.search(rf'<a rel="{rel}"[^>]*href="([^"]+)"', response.get_data(as_text=True))
    if not match:
        return None
    return parse_qs(urlsplit(match.group(1).replace("&amp;", "&")).query)


@pytest.fixture
def shop():
    """Brakes (pads; discs > vented discs) beside engine parts, two brands, stock in two depots."""
    brakes = factories.make_category(name_fr="Freinage", slug_fr="freinage", slug_ar="فرامل")
    pads = factories.make_category(parent=brakes, slug_fr="plaquettes", slug_ar="وسادات")
    discs = factories.make_category(parent=brakes, slug_fr="disques", slug_ar="أقراص")
    vented = factories.make_category(parent=discs, slug_fr="disques-ventiles", slug_ar="مهواة")
    engine = factories.make_category(slug_fr="moteur", slug_ar="محرك")
    bosch = factories.make_brand(name="Bosch", slug="bosch")
    valeo = factories.make_brand(name="Valeo", slug="valeo")
    shop_floor = factories.make_location(code="SHOP", is_default=True)
    depot = factories.make_location(code="DEPOT")
    closed = factories.make_location(code="OLD", is_active=False)

    def product(sku, category, brand, price, position, **fields):
        return factories.make_product(
            sku=sku,
            category=category,
            brand=brand,
            price=Decimal(price),
            attributes={"position": position, "ref": sku},
            **fields,
        )

    products = {
        "PAD-1": product("PAD-1", pads, bosch, "45.000", "avant"),
        "PAD-2": product("PAD-2", pads, valeo, "52.500", "arrière"),
        "DISC-1": product("DISC-1", discs, bosch, "120.000", "avant"),
        "DISC-2": product("DISC-2", vented, valeo, "180.000", "avant"),
        "DISC-3": product("DISC-3", vented, bosch, "95.000", "arrière"),
    }
    factories.make_product(sku="DRAFT-1", category=pads, brand=bosch, status="draft")
    factories.make_product(sku="GONE-1", category=pads, brand=bosch, deleted_at=datetime.now(UTC))
    factories.make_product(sku="OIL-1", category=engine, brand=bosch)
    factories.make_stock(products["PAD-1"], shop_floor, on_hand=5)
    factories.make_stock(products["PAD-2"], depot, on_hand=2, reserved=2)
    factories.make_stock(products["DISC-1"], shop_floor, on_hand=1)
    factories.make_stock(products["DISC-1"], depot, on_hand=3, reserved=1)
    factories.make_stock(products["DISC-3"], closed, on_hand=9)
    return {"brakes": brakes, "discs": discs, "products": products}


BRAKES = "/fr/c/freinage"


def test_a_category_lists_the_live_products_of_its_whole_subtree(client, shop):
    response = client.get(BRAKES)

    assert response.status_code == 200
    assert sorted(skus(response)) == ["DISC-1", "DISC-2", "DISC-3", "PAD-1", "PAD-2"]


def test_a_subcategory_lists_its_own_subtree_only(client, shop):
    response = client.get("/fr/c/disques")

    assert sorted(skus(response)) == ["DISC-1", "DISC-2", "DISC-3"]


def test_brand_filter_narrows_to_the_brand_and_its_count_matches(client, shop):
    unfiltered = client.get(BRAKES)
    bosch_count = facet_count(unfiltered, "brand", "bosch")

    filtered = client.get(f"{BRAKES}?brand=bosch")

    assert sorted(skus(filtered)) == ["DISC-1", "DISC-3", "PAD-1"]
    assert bosch_count == 3
    # Another brand's count ignores the brand choice: ticking it would add its products.
    assert facet_count(filtered, "brand", "valeo") == 2
    assert sorted(skus(client.get(f"{BRAKES}?brand=bosch&brand=valeo"))) == sorted(skus(unfiltered))


def test_price_range_keeps_prices_within_its_bounds(client, shop):
    response = client.get(f"{BRAKES}?min_price=50&max_price=120")

    assert sorted(skus(response)) == ["DISC-1", "DISC-3", "PAD-2"]
    assert sorted(skus(client.get(f"{BRAKES}?max_price=120&min_price=50,5"))) == [
        "DISC-1",
        "DISC-3",
        "PAD-2",
    ]


def test_in_stock_counts_free_units_at_active_locations_only(client, shop):
    unfiltered = client.get(BRAKES)

    filtered = client.get(f"{BRAKES}?in_stock=1")

    # PAD-2's units are all reserved; DISC-3's sit in a closed depot; DISC-2 has none.
    assert sorted(skus(filtered)) == ["DISC-1", "PAD-1"]
    assert facet_count(unfiltered, "in_stock", "1") == 2


def test_cards_show_availability_from_the_same_rule(client, shop):
    html = client.get(BRAKES).get_data(as_text=True)

    def card(sku):
        return html[html.index(f'data-sku="{sku}"') :].split("</article>", 1)[0]

    assert "stock-in" in card("PAD-1")  # 5 free, threshold 3
    assert "stock-out" in card("PAD-2")
    assert "stock-out" in card("DISC-3")
    assert "stock-out" in card("DISC-2")


def test_attribute_filter_narrows_and_keeps_the_other_values_counted(client, shop):
    unfiltered = client.get(BRAKES)

    filtered = client.get(f"{BRAKES}?attr.position=avant")

    assert sorted(skus(filtered)) == ["DISC-1", "DISC-2", "PAD-1"]
    assert facet_count(unfiltered, "attr.position", "avant") == 3
    assert facet_count(filtered, "attr.position", "arrière") == 2
    # Within the brand filter, counts are those of the brand's products.
    both = client.get(f"{BRAKES}?attr.position=avant&brand=valeo")
    assert skus(both) == ["DISC-2"]
    assert facet_count(both, "attr.position", "arrière") == 1
    assert facet_count(both, "brand", "bosch") == 2


def test_attributes_with_one_value_or_one_per_product_are_not_offered(client, shop):
    html = client.get("/fr/c/plaquettes").get_data(as_text=True)

    assert 'name="attr.position"' in html
    assert 'name="attr.ref"' in html  # two products, two values: still a choice here
    assert 'name="attr.position"' not in client.get("/fr/c/disques-ventiles?brand=valeo").get_data(
        as_text=True
    )


def test_attribute_facets_stop_at_thirty_values(client, shop):
    category = factories.make_category(slug_fr="ampoules", slug_ar="مصابيح")
    for n in range(31):
        factories.make_product(category=category, attributes={"culot": f"H{n}", "volt": "12"})

    html = client.get("/fr/c/ampoules").get_data(as_text=True)

    assert 'name="attr.culot"' not in html
    assert 'name="attr.volt"' not in html


@pytest.fixture
def clio(shop):
    make = VehicleMake(name="Renault", slug="renault")
    model = VehicleModel(make=make, name="Clio", slug="clio")
    vehicle = Vehicle(model=model, generation="IV", year_from=2012, year_to=2019)
    db.session.add_all([make, model, vehicle])
    db.session.flush()
    for sku in ("PAD-1", "DISC-2"):
        db.session.add(Fitment(product_id=shop["products"][sku].id, vehicle_id=vehicle.id))
    db.session.flush()
    return vehicle


def test_fits_my_vehicle_narrows_to_parts_that_fit_it(client, shop, clio):
    client.set_cookie("vehicle", str(clio.id))
    unfiltered = client.get(BRAKES)

    filtered = client.get(f"{BRAKES}?fits=1")

    assert facet_count(unfiltered, "fits", "1") == 2
    assert sorted(skus(filtered)) == ["DISC-2", "PAD-1"]
    assert "Renault Clio IV" in unfiltered.get_data(as_text=True)


def test_fits_is_ignored_without_a_vehicle(client, shop, clio):
    response = client.get(f"{BRAKES}?fits=1")

    assert len(skus(response)) == 5
    assert 'name="fits"' not in response.get_data(as_text=True)


def test_fits_is_ignored_when_the_shop_has_no_fitment(make_app, shop, clio):
    grocery = make_app(env={"FEATURE_VEHICLE_FITMENT": "0"})
    client = grocery.test_client()
    client.set_cookie("vehicle", str(clio.id))

    response = client.get(f"{BRAKES}?fits=1")

    assert len(skus(response)) == 5


def prices(shop, listed):
    return [shop["products"][sku].price for sku in listed]


def test_sorting_by_price_up_and_down(client, shop):
    up = skus(client.get(f"{BRAKES}?sort=price_asc"))
    down = skus(client.get(f"{BRAKES}?sort=price_desc"))

    assert prices(shop, up) == sorted(prices(shop, up))
    assert down == list(reversed(up))


def test_sorting_by_newest_and_by_relevance_puts_featured_first(client, shop):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for days, sku in enumerate(["DISC-2", "PAD-2", "DISC-3", "PAD-1", "DISC-1"]):
        shop["products"][sku].created_at = start + timedelta(days=days)
    shop["products"]["PAD-2"].featured = True
    db.session.flush()

    newest = skus(client.get(f"{BRAKES}?sort=newest"))
    relevance = skus(client.get(BRAKES))

    assert newest == ["DISC-1", "PAD-1", "DISC-3", "PAD-2", "DISC-2"]
    assert relevance == ["PAD-2", "DISC-1", "PAD-1", "DISC-3", "DISC-2"]


@pytest.fixture
def big_category():
    """53 products sharing 5 prices and 3 creation times, so every sort has long runs of ties."""
    category = factories.make_category(slug_fr="vrac", slug_ar="متنوع")
    start = datetime(2026, 3, 1, tzinfo=UTC)
    products = [
        factories.make_product(
            category=category,
            price=Decimal(10 + n % 5),
            featured=n % 7 == 0,
            created_at=start + timedelta(hours=n % 3),
        )
        for n in range(53)
    ]
    return category, products


@pytest.mark.parametrize("sort", ["relevance", "price_asc", "price_desc", "newest"])
def test_next_pages_walk_every_product_exactly_once(client, big_category, sort):
    _, products = big_category
    seen, args, pages = [], {"sort": sort}, 0
    while args is not None:
        response = client.get("/fr/c/vrac", query_string=args)
        assert response.status_code == 200
        seen += skus(response)
        pages += 1
        args = next_link(response)

    assert pages == 3
    assert len(seen) == len(set(seen)) == 53
    assert set(seen) == {p.sku for p in products}
    if sort == "price_asc":
        assert prices_of(products, seen) == sorted(prices_of(products, seen))


def prices_of(products, listed):
    by_sku = {p.sku: p.price for p in products}
    return [by_sku[sku] for sku in listed]


@pytest.mark.parametrize("sort", ["relevance", "price_desc"])
def test_previous_pages_walk_back_to_the_first(client, big_category, sort):
    first = client.get("/fr/c/vrac", query_string={"sort": sort})
    second = client.get("/fr/c/vrac", query_string=next_link(first))
    third = client.get("/fr/c/vrac", query_string=next_link(second))

    back_to_second = client.get("/fr/c/vrac", query_string=next_link(third, "prev"))
    back_to_first = client.get("/fr/c/vrac", query_string=next_link(back_to_second, "prev"))

    assert skus(back_to_second) == skus(second)
    assert skus(back_to_first) == skus(first)
    assert next_link(back_to_first, "prev") is None
    forward_again = client.get("/fr/c/vrac", query_string=next_link(back_to_second))
    assert skus(forward_again) == skus(third)


def test_listing_service_pages_and_counts_agree(app, big_category):
    category, _ = big_category
    with app.test_request_context():
        listing = Listing(in_category_subtree(category), ListingFilters(sort="price_asc"))
        first = listing.page(page_size=50)
        rest = Listing(
            in_category_subtree(category),
            ListingFilters.from_args(MultiDict({"sort": "price_asc", "after": first.next_cursor})),
        ).page(page_size=50)

        assert listing.facets().total == 53
        assert len(first.product_ids) == 50
        assert len(rest.product_ids) == 3
        assert rest.next_cursor is None


def test_attribute_filters_speak_the_page_language_and_keep_the_stored_values(client, shop):
    names = {"avant": {"fr": "avant", "ar": "أمامي"}, "arrière": {"fr": "arrière", "ar": "خلفي"}}
    db.session.add(
        AttributeDefinition(key="position", name_fr="Position", name_ar="الموضع", value_names=names)
    )
    db.session.flush()

    arabic = client.get("/ar/c/فرامل").get_data(as_text=True)
    french = client.get(BRAKES).get_data(as_text=True)
    filtered = client.get("/ar/c/فرامل?attr.position=avant")

    assert "<legend>الموضع</legend>" in arabic and "أمامي" in arabic
    assert 'name="attr.position" value="avant"' in arabic
    assert "<legend>Position</legend>" in french and "أمامي" not in french
    assert sorted(skus(filtered)) == ["DISC-1", "DISC-2", "PAD-1"]


def test_an_attribute_without_a_definition_gets_a_readable_label(client, shop):
    page = client.get(BRAKES).get_data(as_text=True)

    assert "<legend>Position</legend>" in page


APPLIED = re.compile(r'<a class="chip applied-filter" href="([^"]+)"[^>]*>([^<]*) <span')


def applied(response):
    """{label: link} of the listing's applied filters."""
    html = response.get_data(as_text=True)
    return {label: href.replace("&amp;", "&") for href, label in APPLIED.findall(html)}


def test_each_applied_filter_links_to_the_listing_without_it(client, shop):
    query = "brand=bosch&in_stock=1&min_price=40&max_price=130&attr.position=avant&sort=price_desc"
    response = client.get(f"{BRAKES}?{query}")

    filters = applied(response)
    assert list(filters) == [
        "En stock",
        "40,000\xa0DT à 130,000\xa0DT",
        "Bosch",
        "Position : avant",
    ]
    assert skus(response) == ["DISC-1", "PAD-1"]
    removed = {
        "En stock": {"in_stock"},
        "40,000\xa0DT à 130,000\xa0DT": {"min_price", "max_price"},
        "Bosch": {"brand"},
        "Position : avant": {"attr.position"},
    }
    asked = parse_qs(query)
    for label, link in filters.items():
        kept = {name: values for name, values in asked.items() if name not in removed[label]}
        assert parse_qs(urlsplit(link).query) == kept, label
        assert set(applied(client.get(link))) == set(filters) - {label}, label
    assert sorted(skus(client.get(filters["Bosch"]))) == ["DISC-1", "PAD-1"]


def test_a_filter_stays_listed_when_nothing_matches_it(client, shop):
    response = client.get(f"{BRAKES}?brand=valeo&in_stock=1")

    assert skus(response) == []
    assert list(applied(response)) == ["En stock", "Valeo"]


def test_a_one_sided_price_band_and_an_attribute_value_among_several(client, shop):
    low = applied(client.get(f"{BRAKES}?min_price=50"))
    high = applied(client.get(f"{BRAKES}?max_price=50&attr.position=avant&attr.position=arrière"))

    assert list(low) == ["À partir de 50,000\xa0DT"]
    assert list(high) == ["Jusqu’à 50,000\xa0DT", "Position : avant", "Position : arrière"]
    # Removing one value keeps the attribute's other value.
    assert "attr.position=arri" in high["Position : avant"]
    assert "attr.position=avant" in high["Position : arrière"]
    assert "max_price=50" in high["Position : avant"]


def test_applied_filters_speak_the_page_language(client, shop):
    filters = applied(client.get("/ar/c/فرامل?in_stock=1&max_price=100&brand=valeo"))

    assert list(filters) == ["متوفر", "حتى \u200f100,000\xa0د.ت.\u200f", "Valeo"]


def test_the_fits_filter_shows_the_visitors_vehicle_and_no_list_without_one(client, shop, clio):
    without_vehicle = client.get(f"{BRAKES}?fits=1")
    assert "applied-filters" not in without_vehicle.get_data(as_text=True)
    assert "applied-filters" not in client.get(BRAKES).get_data(as_text=True)

    client.set_cookie("vehicle", str(clio.id))
    filters = applied(client.get(f"{BRAKES}?fits=1"))

    assert list(filters) == ["Compatible avec Renault Clio IV"]
    assert len(skus(client.get(filters["Compatible avec Renault Clio IV"]))) == 5


def test_the_filter_panel_opens_only_while_filters_change_in_place(client, shop):
    def panel_open(response):
        return '<details class="filters" open>' in response.get_data(as_text=True)

    whole_page = client.get(f"{BRAKES}?brand=bosch")
    in_place = client.get(
        f"{BRAKES}?brand=bosch", headers={"HX-Request": "true", "HX-Target": "listing"}
    )

    assert not panel_open(whole_page)
    assert applied(whole_page) and applied(in_place)
    assert panel_open(in_place)
    assert "<html" not in in_place.get_data(as_text=True)
