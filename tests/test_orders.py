"""Placing orders (prices, stock, minimums, age, idempotency) and the order life cycle."""

import itertools
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from shop.extensions import db
from shop.models import (
    ORDER_STATUSES,
    Customer,
    Location,
    Order,
    OrderStatusEvent,
    Product,
    StockLevel,
    StockMovement,
)
from shop.services import orders
from shop.services.orders import (
    AgeNotConfirmed,
    BelowMinimum,
    CustomerDetails,
    EmptyOrder,
    InvalidPhone,
    InvalidQuantity,
    MissingName,
    OrderLine,
    PricesChanged,
    ProductUnavailable,
    TransitionNotAllowed,
    Underage,
    ZoneUnavailable,
    age_check,
    allowed_transitions,
    place_order,
    transition,
    zone_for_city,
)
from shop.services.references import REFERENCE_ALPHABET, normalize_reference
from shop.services.stock import OutOfStock
from tests import factories

TODAY = date(2026, 11, 22)


@dataclass
class Shop:
    location: Location
    city: object
    zone: object
    pads: Product
    oil: Product


@pytest.fixture(autouse=True)
def in_app(app):
    """Services read the shop's settings (country, currency) from the app."""
    with app.app_context():
        yield


@pytest.fixture
def shop():
    """A parts shop delivering to one city (fee 7, minimum 30) with pads ×5 and oil ×10."""
    location = factories.make_location(is_default=True)
    city = factories.make_city()
    zone = factories.make_zone(cities=[city], fee=Decimal("7.000"), min_order=Decimal("30.000"))
    pads = factories.make_product(price=Decimal("45.500"), name_fr="Plaquettes")
    oil = factories.make_product(price=Decimal("12.250"), name_fr="Huile 5W30")
    factories.make_stock(pads, location, on_hand=5)
    factories.make_stock(oil, location, on_hand=10)
    return Shop(location, city, zone, pads, oil)


def details(shop, **fields):
    values = {
        "name": "Amine Ben Salah",
        "phone": "20 123 456",
        "city_id": shop.city.id,
        "landmark": "En face de la mosquée",
        **fields,
    }
    return CustomerDetails(**values)


def order_for(shop, lines=None, channel="web", key=None, **fields):
    lines = lines or [OrderLine(shop.pads.id, 2), OrderLine(shop.oil.id, 1)]
    return place_order(lines, details(shop, **fields), shop.zone, channel, "fr", key, today=TODAY)


def level(product, location):
    db.session.expire_all()
    found = db.session.get(StockLevel, (product.id, location.id))
    return (found.on_hand, found.reserved)


def ledger(order):
    query = (
        select(StockMovement.product_id, StockMovement.reason)
        .add_columns(StockMovement.on_hand_delta, StockMovement.reserved_delta)
        .where(StockMovement.order_id == order.id)
        .order_by(StockMovement.id)
    )
    return [tuple(row) for row in db.session.execute(query)]


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


# Placing an order


def test_an_order_snapshots_prices_and_names_and_reserves_its_stock(shop):
    placed = order_for(shop)
    order = placed.order
    shop.pads.price = Decimal("99.000")
    shop.pads.name_fr = "Autre nom"
    db.session.flush()
    db.session.expire_all()

    assert placed.created
    assert [(i.sku, i.name_fr, i.unit_price, i.quantity, i.line_total) for i in order.items] == [
        (shop.pads.sku, "Plaquettes", Decimal("45.500"), 2, Decimal("91.000")),
        (shop.oil.sku, "Huile 5W30", Decimal("12.250"), 1, Decimal("12.250")),
    ]
    assert (order.subtotal, order.delivery_fee, order.total) == (
        Decimal("103.250"),
        Decimal("7.000"),
        Decimal("110.250"),
    )
    assert all(item.location_id == shop.location.id for item in order.items)
    assert level(shop.pads, shop.location) == (5, 2)
    assert level(shop.oil, shop.location) == (10, 1)
    assert ledger(order) == [(shop.pads.id, "reserved", 0, 2), (shop.oil.id, "reserved", 0, 1)]


def test_an_order_keeps_who_where_and_starts_awaiting_confirmation(shop):
    order = order_for(shop, notes="Appeler avant").order

    assert re.fullmatch(f"[{REFERENCE_ALPHABET}]{{6}}", order.reference)
    assert (order.status, order.channel, order.language) == ("awaiting_confirmation", "web", "fr")
    assert (order.customer_name, order.phone) == ("Amine Ben Salah", "+21620123456")
    assert (order.city_id, order.zone_id) == (shop.city.id, shop.zone.id)
    assert (order.currency, order.payment_method, order.notes) == ("TND", "cod", "Appeler avant")
    assert order.birth_date is None
    assert order.age_confirmed_at is None
    assert [(e.from_status, e.to_status, e.actor) for e in order.events] == [
        (None, "awaiting_confirmation", "customer")
    ]


def test_a_guest_gets_one_customer_row_per_phone(shop):
    first = order_for(shop, lines=[OrderLine(shop.pads.id, 1)]).order
    second = order_for(shop, lines=[OrderLine(shop.pads.id, 1)], phone="+216 20 123 456").order
    account = factories.make_customer(phone="+21698123456")
    third = order_for(shop, lines=[OrderLine(shop.pads.id, 1)], customer_id=account.id).order

    guest = db.session.get(Customer, first.customer_id)
    assert (guest.phone, guest.name) == ("+21620123456", "Amine Ben Salah")
    assert guest.password_hash is None
    assert second.customer_id == first.customer_id
    assert third.customer_id == account.id


def test_amounts_follow_the_currency_decimals(make_app):
    grocery = make_app(env={"SHOP_PROFILE": "grocery"})
    with grocery.app_context():
        location = factories.make_location(is_default=True)
        city = factories.make_city()
        zone = factories.make_zone(cities=[city], fee=Decimal("15.004"), min_order=Decimal(0))
        tea = factories.make_product(price=Decimal("10.335"))
        factories.make_stock(tea, location, on_hand=5)
        customer = CustomerDetails(name="Salma", phone="0612345678", city_id=city.id)
        order = place_order([OrderLine(tea.id, 3)], customer, zone, "whatsapp", "ar").order

        assert order.items[0].unit_price == Decimal("10.34")
        assert (order.subtotal, order.delivery_fee, order.total) == (
            Decimal("31.02"),
            Decimal("15.00"),
            Decimal("46.02"),
        )
        assert order.currency == "MAD"


def test_lines_of_the_same_product_are_merged(shop):
    order = order_for(shop, lines=[OrderLine(shop.pads.id, 1), OrderLine(shop.pads.id, 2)]).order

    assert [(item.product_id, item.quantity) for item in order.items] == [(shop.pads.id, 3)]


def test_below_the_zone_minimum_nothing_is_ordered(shop, app):
    with pytest.raises(BelowMinimum) as raised:
        order_for(shop, lines=[OrderLine(shop.oil.id, 2)])

    assert (raised.value.minimum, raised.value.subtotal) == (Decimal("30.000"), Decimal("24.500"))
    with app.test_request_context("/fr/"):
        assert raised.value.message == (
            "La commande minimum pour une livraison dans votre ville est de 30,000\xa0DT."
        )
    assert count(Order) == 0
    assert level(shop.oil, shop.location) == (10, 0)


def test_the_same_idempotency_key_gives_the_same_order(shop):
    first = order_for(shop, key="checkout-form-1")
    again = order_for(shop, key="checkout-form-1")
    other = order_for(shop, key="checkout-form-2")

    assert first.created
    assert not again.created
    assert again.order.id == first.order.id
    assert other.order.id != first.order.id
    assert count(Order) == 2
    assert level(shop.pads, shop.location) == (5, 4)


def test_one_short_line_cancels_the_whole_order(shop):
    lines = [OrderLine(shop.pads.id, 2), OrderLine(shop.oil.id, 11)]

    with pytest.raises(OutOfStock) as raised:
        order_for(shop, lines=lines, key="checkout-form-1")

    assert (raised.value.product_id, raised.value.available) == (shop.oil.id, 10)
    assert count(Order) == 0
    assert count(Customer) == 0
    assert count(StockMovement) == 0
    assert level(shop.pads, shop.location) == (5, 0)
    # The key is free again: the customer can retry with less.
    retried = order_for(shop, lines=[OrderLine(shop.oil.id, 10)], key="checkout-form-1")
    assert retried.created


def test_a_price_changed_since_the_customer_saw_it_stops_the_order(shop):
    lines = [OrderLine(shop.pads.id, 1, Decimal("40.000")), OrderLine(shop.oil.id, 1, "12.25")]

    with pytest.raises(PricesChanged) as raised:
        order_for(shop, lines=lines)

    assert raised.value.product_ids == [shop.pads.id]
    assert count(Order) == 0


@pytest.mark.parametrize("change", [{"status": "draft"}, {"deleted_at": func.now()}])
def test_products_no_longer_sold_cannot_be_ordered(shop, change):
    for field, value in change.items():
        setattr(shop.oil, field, value)
    db.session.flush()

    with pytest.raises(ProductUnavailable) as raised:
        order_for(shop)

    assert raised.value.product_ids == [shop.oil.id]


@pytest.mark.parametrize(
    ("lines", "error"),
    [
        ([], EmptyOrder),
        ([OrderLine(1, 0)], InvalidQuantity),
        ([OrderLine(1, -2)], InvalidQuantity),
        ([OrderLine(1, 1000)], InvalidQuantity),
        ([OrderLine(1, "2")], InvalidQuantity),
        ([OrderLine(1, 600), OrderLine(1, 600)], InvalidQuantity),
    ],
)
def test_empty_orders_and_silly_quantities_are_refused(shop, lines, error):
    with pytest.raises(error):
        place_order(lines, details(shop), shop.zone, "web", "fr")

    assert count(Order) == 0


def test_the_phone_is_checked_and_whatsapp_needs_a_mobile(shop):
    with pytest.raises(InvalidPhone) as invalid:
        order_for(shop, phone="12 34")
    with pytest.raises(InvalidPhone) as fixed_line:
        order_for(shop, channel="whatsapp", phone="71 123 456")
    with pytest.raises(MissingName):
        order_for(shop, name="   ")
    web = order_for(shop, phone="71 123 456").order
    abroad = order_for(shop, channel="whatsapp", phone="0033612345678").order

    assert (invalid.value.phone_error, fixed_line.value.phone_error) == ("invalid", "not_mobile")
    assert (web.phone, abroad.phone, abroad.channel) == ("+21671123456", "+33612345678", "whatsapp")


def test_only_cities_of_an_active_zone_get_deliveries(shop):
    elsewhere = factories.make_city()
    with pytest.raises(ZoneUnavailable):
        order_for(shop, city_id=elsewhere.id)
    with pytest.raises(ZoneUnavailable):
        place_order([OrderLine(shop.pads.id, 1)], details(shop), None, "web", "fr")
    shop.zone.is_active = False
    db.session.flush()
    with pytest.raises(ZoneUnavailable):
        order_for(shop)

    assert count(Order) == 0
    assert zone_for_city(shop.city.id) is None


def test_zone_for_city_finds_the_active_zone_serving_it(shop):
    assert zone_for_city(shop.city.id) == shop.zone
    assert zone_for_city(factories.make_city().id) is None


@pytest.fixture
def wine(shop):
    """An 18+ product in stock."""
    product = factories.make_product(price=Decimal("60.000"), is_restricted=True)
    factories.make_stock(product, shop.location, on_hand=3)
    return product


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({}, AgeNotConfirmed),
        ({"birth_date": date(1990, 1, 1)}, AgeNotConfirmed),
        ({"age_confirmed": True}, AgeNotConfirmed),
        ({"birth_date": date(2008, 11, 23), "age_confirmed": True}, Underage),
    ],
)
def test_adult_products_need_a_confirmed_age_of_18(shop, wine, fields, error):
    with pytest.raises(error):
        order_for(shop, lines=[OrderLine(wine.id, 1)], **fields)

    assert count(Order) == 0
    assert level(wine, shop.location) == (3, 0)


def test_the_age_confirmation_is_recorded_on_the_order(shop, wine):
    order = order_for(
        shop, lines=[OrderLine(wine.id, 1)], birth_date=date(2008, 11, 22), age_confirmed=True
    ).order

    assert order.birth_date == date(2008, 11, 22)
    assert order.age_confirmed_at is not None
    assert order.age_confirmed_at == order.placed_at


@pytest.mark.parametrize(
    ("birth_date", "today", "adult"),
    [
        (date(2008, 11, 22), date(2026, 11, 22), True),
        (date(2008, 11, 23), date(2026, 11, 22), False),
        (date(1970, 5, 1), date(2026, 11, 22), True),
        (date(2008, 2, 29), date(2026, 2, 28), False),
        (date(2008, 2, 29), date(2026, 3, 1), True),
        (date(2030, 1, 1), date(2026, 11, 22), False),
        (None, date(2026, 11, 22), False),
    ],
)
def test_age_check_counts_birthdays(birth_date, today, adult):
    assert age_check(birth_date, today) is adult


def test_a_reference_collision_draws_again(shop, monkeypatch):
    taken = order_for(shop, lines=[OrderLine(shop.pads.id, 1)]).order.reference
    draws = iter([taken, taken, "ABC234"])
    monkeypatch.setattr(orders, "new_reference", lambda: next(draws))

    order = order_for(shop, lines=[OrderLine(shop.pads.id, 1)]).order

    assert order.reference == "ABC234"
    assert normalize_reference(" #abc-234 ") == "ABC234"


# The life cycle

EXPECTED_LIFE_CYCLE = {
    "awaiting_confirmation": ("confirmed", "cancelled"),
    "confirmed": ("preparing", "cancelled"),
    "preparing": ("out_for_delivery", "cancelled"),
    "out_for_delivery": ("delivered", "refused"),
    "delivered": (),
    "cancelled": (),
    "refused": (),
}
ALLOWED = [(a, b) for a, targets in EXPECTED_LIFE_CYCLE.items() for b in targets]
REFUSED = [pair for pair in itertools.product(ORDER_STATUSES, repeat=2) if pair not in set(ALLOWED)]


def test_the_table_is_the_life_cycle_of_the_issue():
    assert {status: allowed_transitions(status) for status in ORDER_STATUSES} == (
        EXPECTED_LIFE_CYCLE
    )
    assert allowed_transitions("awaiting_confirmation", "customer") == ("cancelled",)
    assert allowed_transitions("confirmed", "customer") == ()
    assert allowed_transitions("out_for_delivery", "driver") == ("delivered", "refused")
    assert allowed_transitions("awaiting_confirmation", "driver") == ()


@pytest.fixture
def clerk():
    return factories.make_staff(role="staff")


def order_in(shop, status):
    """A placed order (pads ×2, oil ×1, all reserved) moved straight to `status`."""
    order = order_for(shop).order
    order.status = status
    db.session.flush()
    return order


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED)
def test_every_move_of_the_table_is_recorded(shop, clerk, from_status, to_status):
    order = order_in(shop, from_status)

    event = transition(order, to_status, "staff", clerk, note="Client joint par téléphone")

    assert order.status == to_status
    assert (event.from_status, event.to_status, event.actor) == (from_status, to_status, "staff")
    assert (event.staff_user_id, event.note) == (clerk.id, "Client joint par téléphone")
    assert order.events[-1] is event


@pytest.mark.parametrize(("from_status", "to_status"), REFUSED)
def test_moves_outside_the_table_are_refused_and_change_nothing(
    shop, clerk, from_status, to_status
):
    order = order_in(shop, from_status)

    with pytest.raises(TransitionNotAllowed):
        transition(order, to_status, "staff", clerk)

    db.session.expire_all()
    assert order.status == from_status
    assert len(order.events) == 1
    assert level(shop.pads, shop.location) == (5, 2)


@pytest.mark.parametrize(
    ("from_status", "to_status", "actor"),
    [
        ("confirmed", "cancelled", "customer"),
        ("awaiting_confirmation", "confirmed", "customer"),
        ("awaiting_confirmation", "confirmed", "driver"),
        ("out_for_delivery", "delivered", "customer"),
        ("out_for_delivery", "delivered", "system"),
        ("preparing", "cancelled", "system"),
    ],
)
def test_each_move_is_reserved_to_some_actors(shop, clerk, from_status, to_status, actor):
    order = order_in(shop, from_status)

    with pytest.raises(TransitionNotAllowed):
        transition(order, to_status, actor, clerk if actor in ("staff", "driver") else None)

    assert order.status == from_status


def test_a_customer_can_cancel_before_confirmation(shop):
    order = order_for(shop).order

    transition(order, "cancelled", "customer", note="Commandé par erreur")

    assert order.status == "cancelled"
    assert level(shop.pads, shop.location) == (5, 0)


def test_staff_and_drivers_must_say_who_they_are(shop):
    order = order_for(shop).order

    with pytest.raises(ValueError, match="named"):
        transition(order, "confirmed", "staff")


@pytest.mark.parametrize("from_status", ["awaiting_confirmation", "confirmed", "preparing"])
def test_cancelling_releases_the_reserved_stock(shop, clerk, from_status):
    order = order_in(shop, from_status)

    transition(order, "cancelled", "staff", clerk)

    assert level(shop.pads, shop.location) == (5, 0)
    assert level(shop.oil, shop.location) == (10, 0)
    assert ledger(order)[2:] == [
        (shop.pads.id, "released", 0, -2),
        (shop.oil.id, "released", 0, -1),
    ]


def test_a_refusal_at_the_door_releases_the_stock_and_keeps_the_reason(shop):
    driver = factories.make_staff(role="driver")
    order = order_in(shop, "out_for_delivery")

    transition(order, "refused", "driver", driver, note="Client absent")

    assert level(shop.pads, shop.location) == (5, 0)
    assert [reason for _, reason, _, _ in ledger(order)] == ["reserved"] * 2 + ["released"] * 2
    assert order.delivery.refused_reason == "Client absent"
    assert order.delivery.delivered_at is None


def test_delivery_sells_the_reserved_units_and_records_the_cash(shop):
    driver = factories.make_staff(role="driver")
    order = order_in(shop, "out_for_delivery")

    transition(order, "delivered", "driver", driver, cash_collected=Decimal("110.25"))

    assert level(shop.pads, shop.location) == (3, 0)
    assert level(shop.oil, shop.location) == (9, 0)
    assert ledger(order)[2:] == [(shop.pads.id, "sold", -2, -2), (shop.oil.id, "sold", -1, -1)]
    assert order.delivery.delivered_at is not None
    assert order.delivery.cash_collected == Decimal("110.250")


def test_cash_is_only_collected_on_delivery(shop, clerk):
    order = order_for(shop).order

    with pytest.raises(ValueError, match="cash"):
        transition(order, "confirmed", "staff", clerk, cash_collected=Decimal(10))


def test_a_whole_life_reads_as_a_timeline(shop, clerk):
    driver = factories.make_staff(role="driver")
    order = order_for(shop, channel="whatsapp").order

    transition(order, "confirmed", "staff", clerk, note="Adresse complétée")
    transition(order, "preparing", "staff", clerk)
    transition(order, "out_for_delivery", "driver", driver)
    transition(order, "delivered", "driver", driver, cash_collected=order.total)
    db.session.expire_all()

    events = db.session.scalars(
        select(OrderStatusEvent)
        .where(OrderStatusEvent.order_id == order.id)
        .order_by(OrderStatusEvent.at)
    ).all()
    assert [(e.to_status, e.actor) for e in events] == [
        ("awaiting_confirmation", "customer"),
        ("confirmed", "staff"),
        ("preparing", "staff"),
        ("out_for_delivery", "driver"),
        ("delivered", "driver"),
    ]
    assert [e.from_status for e in events[1:]] == [e.to_status for e in events[:-1]]
    assert level(shop.pads, shop.location) == (3, 0)
    with pytest.raises(TransitionNotAllowed):
        transition(order, "cancelled", "staff", clerk)


def test_a_refused_move_says_why_in_the_staff_language(shop, clerk):
    order = order_in(shop, "delivered")

    with pytest.raises(TransitionNotAllowed) as raised:
        transition(order, "cancelled", "staff", clerk)

    with force_locale("fr"):
        french = raised.value.message
    with force_locale("ar"):
        arabic = raised.value.message

    assert french == "Cette commande ne peut pas passer de « Livrée » à « Annulée »."
    assert arabic == "لا يمكن نقل هذا الطلب من «تم التسليم» إلى «ملغى»."
