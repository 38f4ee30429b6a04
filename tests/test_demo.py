"""The demo shops: what a person browsing, selling and delivering in them would see."""

from collections import defaultdict
from decimal import Decimal

import phonenumbers
import pytest
from sqlalchemy import func, select, true

from shop.auth import verify_password
from shop.demo import DEMO_STAFF
from shop.demo.catalog import plan_catalog
from shop.demo.codes import ean13_check_digit
from shop.demo.loader import load_demo
from shop.extensions import db
from shop.models import (
    AttributeDefinition,
    Category,
    City,
    Delivery,
    DeliveryZone,
    Fitment,
    Location,
    Order,
    OrderItem,
    OrderStatusEvent,
    Product,
    ProductReference,
    Region,
    StaffUser,
    StockLevel,
    StockMovement,
)
from shop.services.references import REFERENCE_ALPHABET
from shop.services.text import normalize_code

PRODUCTS = 300
DAYS = 45


@pytest.fixture
def autoparts_shop(app):
    with app.app_context():
        counts = load_demo("autoparts", PRODUCTS, seed=7, days=DAYS)
        yield counts


@pytest.fixture
def grocery_shop(make_app):
    grocery_app = make_app(env={"SHOP_PROFILE": "grocery"})
    with grocery_app.app_context():
        counts = load_demo("grocery", PRODUCTS, seed=7, days=DAYS)
        yield counts


def _all(statement):
    return db.session.execute(statement).all()


def _categories_by_id():
    return {c.id: c for c in db.session.scalars(select(Category))}


def test_autoparts_shop_has_tunisia_and_a_parts_catalog(autoparts_shop):
    regions = db.session.scalars(select(Region)).all()
    assert len(regions) == 24
    assert {r.country for r in regions} == {"TN"}
    assert all(r.name_fr and r.name_ar for r in regions)
    assert all(len(r.cities) >= 3 for r in regions)
    postcodes = [c.postcode for c in db.session.scalars(select(City)) if c.postcode]
    assert postcodes and all(len(p) == 4 and p.isdigit() for p in postcodes)
    grand_tunis = db.session.scalar(select(DeliveryZone).filter_by(name_fr="Grand Tunis"))
    assert grand_tunis.fee == Decimal("7.000")
    assert {c.region.name_fr for c in grand_tunis.cities} == {
        "Tunis",
        "Ariana",
        "Ben Arous",
        "Manouba",
    }

    categories = _categories_by_id()
    assert max(c.depth for c in categories.values()) == 2
    for category in categories.values():
        parent_path = categories[category.parent_id].path if category.parent_id else "/"
        assert category.path == f"{parent_path}{category.id}/"
        assert category.depth == category.path.count("/") - 2

    products = db.session.scalars(select(Product)).all()
    assert len(products) == PRODUCTS
    assert all(p.name_fr and p.name_ar and p.slug_fr and p.slug_ar for p in products)
    assert all(p.barcode[-1] == ean13_check_digit(p.barcode[:12]) for p in products)
    assert all(p.price == p.price.quantize(Decimal("0.001")) and p.price > 0 for p in products)
    assert not any(p.is_restricted for p in products)
    assert 0 < sum(p.status == "draft" for p in products) < PRODUCTS * 0.15
    assert any(p.compare_at_price and p.compare_at_price > p.price for p in products)


def test_brake_pads_fit_cars_and_carry_oem_references(autoparts_shop):
    pads = db.session.scalar(select(Category).filter_by(slug_fr="plaquettes-de-frein"))
    products = db.session.scalars(select(Product).filter_by(category_id=pads.id)).all()
    assert products
    for product in products:
        fitments = db.session.scalar(
            select(func.count()).select_from(Fitment).filter_by(product_id=product.id)
        )
        assert 1 <= fitments <= 8
        assert product.attributes["position"] in ("avant", "arrière")
        assert product.name_fr.startswith(
            "Plaquettes de frein avant"
            if product.attributes["position"] == "avant"
            else "Plaquettes de frein arrière"
        )
        kinds = {r.kind for r in product.references}
        assert "oem" in kinds and "cross" in kinds
    for reference in db.session.scalars(select(ProductReference)):
        assert reference.code_normalized == normalize_code(reference.code)


def test_grocery_shop_has_morocco_and_vape_only_for_adults(grocery_shop):
    regions = db.session.scalars(select(Region)).all()
    assert len(regions) == 12
    assert {r.country for r in regions} == {"MA"}
    categories = _categories_by_id()
    vape_root = next(c for c in categories.values() if c.name_fr == "Vape 18+")
    products = db.session.scalars(select(Product)).all()
    assert any(p.is_restricted for p in products)
    for product in products:
        in_vape = categories[product.category_id].path.startswith(vape_root.path)
        assert product.is_restricted == in_vape
        assert product.name_fr and product.name_ar
        # Dirhams are priced to the centime.
        assert product.price == product.price.quantize(Decimal("0.01"))
    assert db.session.scalar(select(func.count()).select_from(Fitment)) == 0
    assert {o.currency for o in db.session.scalars(select(Order))} == {"MAD"}


def test_stock_is_in_two_locations_never_negative_and_matches_its_ledger(autoparts_shop):
    locations = db.session.scalars(select(Location)).all()
    assert len(locations) == 2
    assert sum(location.is_default for location in locations) == 1
    levels = db.session.scalars(select(StockLevel)).all()
    assert all(0 <= level.reserved <= level.on_hand for level in levels)
    assert any(level.on_hand == 0 for level in levels)
    assert len({level.location_id for level in levels}) == 2
    ledger = defaultdict(lambda: [0, 0])
    for movement in db.session.scalars(select(StockMovement)):
        ledger[(movement.product_id, movement.location_id)][0] += movement.on_hand_delta
        ledger[(movement.product_id, movement.location_id)][1] += movement.reserved_delta
    for level in levels:
        assert ledger[(level.product_id, level.location_id)] == [level.on_hand, level.reserved]


def test_orders_add_up(autoparts_shop):
    orders = db.session.scalars(select(Order)).all()
    assert len(orders) > DAYS * 2
    references = [o.reference for o in orders]
    assert len(set(references)) == len(references)
    assert all(set(r) <= set(REFERENCE_ALPHABET) and len(r) == 6 for r in references)
    for order in orders:
        assert 1 <= len(order.items) <= 8
        for item in order.items:
            assert item.line_total == item.unit_price * item.quantity
            assert item.sku and item.name_fr and item.name_ar
        assert order.subtotal == sum(item.line_total for item in order.items)
        assert order.total == order.subtotal + order.delivery_fee
        zone = db.session.get(DeliveryZone, order.zone_id)
        assert order.delivery_fee == zone.fee
        assert order.subtotal >= zone.min_order
        number = phonenumbers.parse(order.phone)
        assert phonenumbers.region_code_for_number(number) == "TN"
        assert phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    assert {o.channel for o in orders} == {"web", "whatsapp"}
    assert db.session.scalar(select(func.sum(OrderItem.quantity))) > len(orders)


def test_status_timelines_are_consistent_with_orders_and_deliveries(autoparts_shop):
    drivers = {s.id for s in db.session.scalars(select(StaffUser).filter_by(role="driver"))}
    events = defaultdict(list)
    for event in db.session.scalars(select(OrderStatusEvent).order_by(OrderStatusEvent.id)):
        events[event.order_id].append(event)
    orders = db.session.scalars(select(Order)).all()
    for order in orders:
        chain = events[order.id]
        assert chain[0].from_status is None and chain[0].to_status == "awaiting_confirmation"
        assert chain[0].at == order.placed_at
        for previous, event in zip(chain, chain[1:], strict=False):
            assert event.from_status == previous.to_status
            assert event.at >= previous.at
        assert chain[-1].to_status == order.status
        delivery = db.session.scalar(select(Delivery).filter_by(order_id=order.id))
        reached_driver = order.status in ("out_for_delivery", "delivered", "refused")
        assert (delivery is not None) == reached_driver
        if delivery:
            assert delivery.driver_id in drivers
        if order.status == "delivered":
            assert delivery.cash_collected == order.total and delivery.delivered_at
        if order.status == "refused":
            assert delivery.refused_reason and delivery.cash_collected is None
    statuses = {o.status for o in orders}
    assert {"delivered", "cancelled"} <= statuses
    assert statuses & {"awaiting_confirmation", "confirmed", "preparing", "out_for_delivery"}


def test_same_seed_same_catalog():
    first = plan_catalog("autoparts", 200, 5, "TND", 3)
    again = plan_catalog("autoparts", 200, 5, "TND", 3)
    other = plan_catalog("autoparts", 200, 6, "TND", 3)
    assert [p["sku"] for p in first.products] == [p["sku"] for p in again.products]
    assert first.products == again.products
    assert [p["sku"] for p in first.products] != [p["sku"] for p in other.products]
    groceries = plan_catalog("grocery", 200, 5, "MAD", 2)
    assert groceries.products == plan_catalog("grocery", 200, 5, "MAD", 2).products


def test_loaded_skus_follow_the_seed(autoparts_shop):
    loaded = db.session.scalars(select(Product.sku).order_by(Product.id)).all()
    assert loaded == [p["sku"] for p in plan_catalog("autoparts", PRODUCTS, 7, "TND", 3).products]


def test_demo_staff_can_log_in_with_their_printed_passwords(autoparts_shop):
    for role, name, email, _, password in DEMO_STAFF:
        user = db.session.scalar(select(StaffUser).filter_by(email=email))
        assert (user.role, user.name) == (role, name)
        assert verify_password(user.password_hash, password)
        assert not verify_password(user.password_hash, password + "x")
    roles = [role for role, *_ in DEMO_STAFF]
    assert sorted(set(roles)) == ["driver", "manager", "owner", "staff"]
    assert roles.count("driver") == 2


def test_command_loads_once_and_prints_the_logins(runner):
    result = runner.invoke(args=["demo", "load", "--products", "40", "--days", "3"])
    assert result.exit_code == 0, result.output
    assert "40 products" in result.output
    for _, _, email, _, password in DEMO_STAFF:
        assert email in result.output and password in result.output

    again = runner.invoke(args=["demo", "load", "--products", "40", "--if-empty"])
    assert again.exit_code == 0
    assert "already has products" in again.output
    assert db.session.scalar(select(func.count()).select_from(Product)) == 40

    refused = runner.invoke(args=["demo", "load", "--products", "40"])
    assert refused.exit_code == 1
    assert "not empty" in refused.output


# Codes and measures read the same in both languages.
UNTRANSLATED_VALUES = {
    "culot",
    "profil",
    "norme",
    "viscosité",
    "protection",
    "technologie",
    "contenance",
}


@pytest.mark.parametrize("shop_fixture", ["autoparts_shop", "grocery_shop"])
def test_every_attribute_of_the_demo_has_names_in_both_languages(request, shop_fixture):
    request.getfixturevalue(shop_fixture)
    used = set(db.session.scalars(select(func.jsonb_object_keys(Product.attributes))))
    defined = {row.key: row for row in db.session.scalars(select(AttributeDefinition))}

    assert used and used <= set(defined)
    assert all(row.name_fr and row.name_ar for row in defined.values())
    pairs = func.jsonb_each_text(Product.attributes).table_valued("key", "value").lateral()
    textual = db.session.execute(
        select(pairs.c.key, pairs.c.value).select_from(Product).join(pairs, true())
    ).all()
    for key, value in textual:
        if not value.replace(".", "").isdigit() and value not in ("true", "false"):
            names = defined[key].value_names
            assert value in names or key in UNTRANSLATED_VALUES, (key, value)
