"""The product page: what it shows, its canonical URL, JSON-LD, and whether it fits my vehicle."""

import json
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import quote

import pytest
from sqlalchemy import event

from shop.extensions import db
from tests import factories

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
VALID_EAN = "4006381333931"


def days_ago(days):
    return datetime.now(UTC) - timedelta(days=days)


def page_of(client, product, lang="fr"):
    response = client.get(f"/{lang}/p/{product.id}/{getattr(product, f'slug_{lang}')}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def structured_data(html):
    (data,) = JSON_LD.findall(html)
    return json.loads(data)


@pytest.fixture
def brake_pads():
    """A discounted brake pad set with references, fitment and stock in two shops."""
    brand = factories.make_brand(name="Bosch", slug="bosch")
    brakes = factories.make_category(name_fr="Freinage", slug_fr="freinage")
    pads = factories.make_category(parent=brakes, name_fr="Plaquettes", slug_fr="plaquettes")
    product = factories.make_product(
        name_fr="Plaquettes de frein avant",
        name_ar="فحمات الفرامل الأمامية",
        slug_fr="plaquettes-de-frein-avant",
        slug_ar="فحمات-الفرامل",
        description_fr="Jeu de quatre plaquettes pour l'essieu avant.",
        brand_id=brand.id,
        category_id=pads.id,
        price=Decimal("89.500"),
        compare_at_price=Decimal("99.000"),
        barcode=VALID_EAN,
        low_stock_threshold=3,
    )
    factories.make_reference(product, "77 01 208 265", manufacturer="Renault")
    factories.make_reference(product, "0 986 494 199", kind="cross", manufacturer="Bosch")
    tunis = factories.make_location(name_fr="Magasin Tunis", is_default=True)
    sfax = factories.make_location(name_fr="Dépôt Sfax")
    factories.make_stock(product, tunis, on_hand=10, reserved=2)
    factories.make_stock(product, sfax, on_hand=3, reserved=1)
    clio = factories.make_vehicle("Renault", "Clio", "IV", 2012, 2019)
    factories.make_fitment(product, clio)
    factories.make_fitment(product, factories.make_vehicle("Renault", "Clio", "III", 2005, 2012))
    factories.make_fitment(product, factories.make_vehicle("Dacia", "Logan", "II", 2012, 2020))
    return product


def test_the_page_shows_everything_a_buyer_needs(client, brake_pads):
    html = page_of(client, brake_pads)

    assert "<h1" in html and "Plaquettes de frein avant" in html
    assert "89,500" in html and re.search(r"<del[^>]*>.*99,000", html, re.DOTALL)
    assert 'href="/fr/b/bosch"' in html
    assert "Freinage" in html and 'href="/fr/c/plaquettes"' in html
    assert brake_pads.sku in html and VALID_EAN in html
    assert "Renault 77 01 208 265" in html and "Bosch 0 986 494 199" in html
    assert 'class="stock stock-in"' in html
    # Per location: 8 free in Tunis, 2 (low) in Sfax.
    locations = html[html.index('class="stock-locations"') :]
    assert re.search(r'class="stock-in"><span class="stock-place">Magasin Tunis', locations)
    assert re.search(r'class="stock-low"><span class="stock-place">Dépôt Sfax', locations)
    fitment = html[html.index('class="product-fitment"') :]
    assert fitment.index("Dacia Logan") < fitment.index("Renault Clio")
    assert "III (2005–2012)" in fitment and "IV (2012–2019)" in fitment
    assert "/fr/v/renault/clio/" in fitment
    assert "adult-mark" not in html
    assert 'class="product-photo placeholder"' in html


def test_restricted_products_carry_the_adult_mark(client):
    product = factories.make_product(is_restricted=True)

    assert 'class="adult-mark"' in page_of(client, product)


def test_only_the_shops_own_images_are_shown(client):
    product = factories.make_product()
    factories.make_image(product, "/static/img/pads.jpg", alt_fr="Plaquettes")
    factories.make_image(product, "https://images.example.com/pads.jpg", position=1)

    html = page_of(client, product)

    assert 'src="/static/img/pads.jpg"' in html and 'alt="Plaquettes"' in html
    assert "images.example.com" not in html


def test_one_location_shows_no_per_location_list(client):
    product = factories.make_product()
    factories.make_stock(product, factories.make_location(), on_hand=2)

    html = page_of(client, product)

    assert 'class="stock stock-low"' in html
    assert "stock-locations" not in html


def test_reserved_units_are_not_available(client):
    product = factories.make_product()
    factories.make_stock(product, factories.make_location(), on_hand=4, reserved=4)

    html = page_of(client, product)

    assert 'class="stock stock-out"' in html
    assert structured_data(html)["offers"]["availability"] == "https://schema.org/OutOfStock"


def test_related_products_come_from_the_same_category_sharing_a_vehicle_first(client, brake_pads):
    clio = factories.make_vehicle("Renault", "Clio", "IV", 2012, 2019)
    golf = factories.make_vehicle("Volkswagen", "Golf", "VII", 2012, 2020)
    other = factories.make_product(category_id=brake_pads.category_id, sku="OTHER-GOLF")
    factories.make_fitment(other, golf)
    sibling = factories.make_product(category_id=brake_pads.category_id, sku="SIBLING-CLIO")
    factories.make_fitment(sibling, clio)
    factories.make_product(sku="ELSEWHERE")
    factories.make_product(category_id=brake_pads.category_id, sku="DRAFT-ONE", status="draft")

    html = page_of(client, brake_pads)

    related = html[html.index('id="related-title"') :]
    skus = re.findall(r'data-sku="([^"]+)"', related)
    assert skus == ["SIBLING-CLIO", "OTHER-GOLF"]


def test_related_products_are_featured_then_newest_and_at_most_eight(client, brake_pads):
    category_id = brake_pads.category_id
    older = [
        factories.make_product(category_id=category_id, sku=f"OLD-{n}", created_at=days_ago(20 + n))
        for n in range(8)
    ]
    factories.make_product(category_id=category_id, sku="NEWEST", created_at=days_ago(1))
    factories.make_product(
        category_id=category_id, sku="FEATURED", featured=True, created_at=days_ago(40)
    )
    factories.make_product(category_id=category_id, sku="GONE", deleted_at=days_ago(0))

    html = page_of(client, brake_pads)

    related = html[html.index('id="related-title"') :]
    skus = re.findall(r'data-sku="([^"]+)"', related)
    assert skus == ["FEATURED", "NEWEST", *(product.sku for product in older[:6])]


def test_a_wrong_or_missing_slug_redirects_to_the_canonical_url(client, brake_pads):
    canonical = f"/fr/p/{brake_pads.id}/plaquettes-de-frein-avant"

    for path in (f"/fr/p/{brake_pads.id}/old-name", f"/fr/p/{brake_pads.id}"):
        response = client.get(path)
        assert response.status_code == 301
        assert response.location == canonical

    response = client.get(f"/ar/p/{brake_pads.id}/plaquettes-de-frein-avant")
    assert response.status_code == 301
    assert response.location == f"/ar/p/{brake_pads.id}/{quote('فحمات-الفرامل')}"
    assert client.get(response.location).status_code == 200


@pytest.mark.parametrize(
    "fields", [{"status": "draft"}, {"deleted_at": "2026-01-01T00:00:00+00:00"}]
)
def test_hidden_products_are_not_found(client, fields):
    product = factories.make_product(**fields)

    assert client.get(f"/fr/p/{product.id}/{product.slug_fr}").status_code == 404


def test_an_unknown_product_is_not_found(client):
    assert client.get("/fr/p/999999/anything").status_code == 404
    assert client.get("/fr/p/99999999999999999999/x").status_code == 404


def test_json_ld_describes_the_offer(client, brake_pads):
    data = structured_data(page_of(client, brake_pads))

    assert data["@type"] == "Product"
    assert data["name"] == "Plaquettes de frein avant"
    assert data["sku"] == brake_pads.sku
    assert data["gtin13"] == VALID_EAN
    assert data["brand"] == {"@type": "Brand", "name": "Bosch"}
    assert data["offers"]["price"] == "89.500"
    assert data["offers"]["priceCurrency"] == "TND"
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert data["offers"]["url"].endswith(f"/fr/p/{brake_pads.id}/plaquettes-de-frein-avant")


def test_json_ld_leaves_out_an_invalid_barcode(client):
    product = factories.make_product(barcode="4006381333932")

    assert "gtin13" not in structured_data(page_of(client, product))


def test_json_ld_survives_a_name_that_closes_the_script(client):
    name = 'Filtre </script><script>alert("x")</script> & co'
    product = factories.make_product(name_fr=name)

    html = page_of(client, product)

    assert "<script>alert" not in html
    assert structured_data(html)["name"] == name


def test_title_and_description_follow_the_language(client, brake_pads):
    french = page_of(client, brake_pads)
    arabic = page_of(client, brake_pads, "ar")

    assert re.search(r"<title>Plaquettes de frein avant · ", french)
    assert '<meta name="description" content="Jeu de quatre plaquettes' in french
    assert re.search(r"<title>فحمات الفرامل الأمامية · ", arabic)


def choose_vehicle(client, vehicle):
    client.set_cookie("vehicle", str(vehicle.id))


def test_the_page_says_it_fits_my_vehicle(client, brake_pads):
    choose_vehicle(client, factories.make_vehicle("Renault", "Clio", "IV", 2012, 2019))

    html = page_of(client, brake_pads)

    assert 'class="fit-notice fits"' in html
    assert "Renault Clio IV" in html


def test_the_page_says_it_does_not_fit_and_links_to_parts_that_do(client, brake_pads):
    golf = factories.make_vehicle("Volkswagen", "Golf", "VII", 2012, 2020)
    choose_vehicle(client, golf)

    html = page_of(client, brake_pads)

    assert "fit-notice does-not-fit" in html
    assert f'href="/fr/v/volkswagen/golf/{golf.id}?category=plaquettes"' in html


def test_without_a_vehicle_or_fitment_data_the_page_says_nothing_about_fit(client, brake_pads):
    assert "fit-notice" not in page_of(client, brake_pads)

    choose_vehicle(client, factories.make_vehicle("Renault", "Clio", "IV", 2012, 2019))
    universal_oil = factories.make_product(name_fr="Huile 5W30")

    assert "fit-notice" not in page_of(client, universal_oil)


def test_a_shop_without_fitment_shows_no_vehicles(make_app, brake_pads):
    client = make_app(env={"FEATURE_VEHICLE_FITMENT": "0"}).test_client()

    html = page_of(client, brake_pads)

    assert "product-fitment" not in html and "fit-notice" not in html


def count_queries(client, path):
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    engine = db.session.get_bind()
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def product_with(count):
    """A product fitting `count` vehicles, with `count` references and `count` related products."""
    category = factories.make_category()
    product = factories.make_product(category_id=category.id)
    for n in range(count):
        vehicle = factories.make_vehicle(f"Make{count}", f"Model{n}", "", 2000 + n, None)
        factories.make_fitment(product, vehicle)
        factories.make_reference(product, f"REF-{count}-{n}", manufacturer="Renault")
        related = factories.make_product(category_id=category.id)
        factories.make_image(related, f"/static/{related.sku}.jpg")
        factories.make_fitment(related, vehicle)
        factories.make_image(product, f"/static/{product.sku}-{n}.jpg", position=n)
    return product


def test_queries_do_not_grow_with_fitments_references_or_related_products(client):
    location = factories.make_location()
    small, large = product_with(1), product_with(8)
    for product in (small, large):
        factories.make_stock(product, location, on_hand=5)
    choose_vehicle(client, factories.make_vehicle("Renault", "Clio", "IV", 2012, 2019))

    small_count = count_queries(client, f"/fr/p/{small.id}/{small.slug_fr}")
    large_count = count_queries(client, f"/fr/p/{large.id}/{large.slug_fr}")

    assert small_count == large_count
