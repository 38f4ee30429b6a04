"""Checkouts racing on a real PostgreSQL, each on its own connection, committing for real.

These tests do not run in the usual rolled-back transaction: they seed committed rows and delete
everything they made afterwards.
"""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select

from shop.extensions import db
from shop.models import (
    City,
    Customer,
    DeliveryZone,
    Location,
    Order,
    OrderItem,
    Product,
    Region,
    StockLevel,
    StockMovement,
)
from shop.services.orders import CustomerDetails, OrderLine, place_order
from shop.services.stock import OutOfStock, available

CHECKOUTS = 50
UNITS = 10
PARALLEL_SUBMISSIONS = 10


@pytest.fixture(autouse=True)
def db_session():
    """Replaces the rolled-back session of the other tests: here every checkout commits."""
    yield


@pytest.fixture(scope="module")
def racing_app(make_app):
    """The shop with a connection pool big enough for every checkout at once."""
    engine_options = {"pool_size": CHECKOUTS + 5, "max_overflow": 0, "pool_pre_ping": True}
    app = make_app(settings={"SQLALCHEMY_ENGINE_OPTIONS": engine_options})
    yield app
    with app.app_context():
        db.engine.dispose()


def _committed(app, *rows):
    with app.app_context():
        db.session.add_all(rows)
        db.session.commit()
        return [row.id for row in rows]


@pytest.fixture
def scarce_product(racing_app):
    """A product with UNITS units on hand at one location, and a zone delivering to one city."""
    tag = uuid.uuid4().hex[:8]
    [region_id] = _committed(
        racing_app, Region(country="TN", code=tag, name_fr=f"R {tag}", name_ar=f"ولاية {tag}")
    )
    [city_id] = _committed(racing_app, City(region_id=region_id, name_fr=tag, name_ar=tag))
    with racing_app.app_context():
        zone = DeliveryZone(
            name_fr=tag,
            name_ar=tag,
            fee=Decimal("7.000"),
            min_order=Decimal(0),
            eta_hours_min=24,
            eta_hours_max=48,
        )
        zone.cities.append(db.session.get(City, city_id))
        db.session.add(zone)
        db.session.commit()
        zone_id = zone.id
    location_id, product_id = _committed(
        racing_app,
        Location(code=f"RACE-{tag}", name_fr=tag, name_ar=tag),
        Product(
            sku=f"RACE-{tag}",
            name_fr="Dernières unités",
            slug_fr=f"race-{tag}",
            slug_ar=f"race-{tag}",
            price=Decimal("25.000"),
            status="active",
        ),
    )
    with racing_app.app_context():
        db.session.add(
            StockLevel(product_id=product_id, location_id=location_id, on_hand=UNITS, reserved=0)
        )
        db.session.commit()
    yield {"product_id": product_id, "location_id": location_id, "zone_id": zone_id}
    _delete_everything(racing_app, product_id, location_id, zone_id, city_id, region_id)


def _delete_everything(app, product_id, location_id, zone_id, city_id, region_id):
    with app.app_context():
        order_ids = select(OrderItem.order_id).where(OrderItem.product_id == product_id)
        customer_ids = select(Order.customer_id).where(Order.id.in_(order_ids))
        guest_ids = db.session.scalars(customer_ids).all()
        db.session.execute(delete(StockMovement).where(StockMovement.product_id == product_id))
        db.session.execute(delete(Order).where(Order.id.in_(order_ids)))
        db.session.execute(delete(Customer).where(Customer.id.in_(guest_ids)))
        db.session.execute(delete(StockLevel).where(StockLevel.product_id == product_id))
        db.session.execute(delete(Product).where(Product.id == product_id))
        db.session.execute(delete(Location).where(Location.id == location_id))
        db.session.execute(delete(DeliveryZone).where(DeliveryZone.id == zone_id))
        db.session.execute(delete(City).where(City.id == city_id))
        db.session.execute(delete(Region).where(Region.id == region_id))
        db.session.commit()


def _checkout(app, start, seed, phone, key=None):
    """One customer's checkout in its own thread, app context and connection.

    Returns ("ordered", order id, created) or ("out_of_stock", None, False).
    """
    with app.app_context():
        zone = db.session.get(DeliveryZone, seed["zone_id"])
        customer = CustomerDetails(name="Client pressé", phone=phone, city_id=zone.cities[0].id)
        lines = [OrderLine(seed["product_id"], 1)]
        start.wait(timeout=30)
        try:
            placed = place_order(lines, customer, zone, "web", "fr", key)
            db.session.commit()
        except OutOfStock:
            db.session.rollback()
            return ("out_of_stock", None, False)
        return ("ordered", placed.order.id, placed.created)


def _race(app, submissions):
    """Run every (seed, phone, key) submission at the same moment; their outcomes."""
    start = threading.Barrier(len(submissions))
    with ThreadPoolExecutor(max_workers=len(submissions)) as pool:
        futures = [pool.submit(_checkout, app, start, *submission) for submission in submissions]
        return [future.result(timeout=120) for future in futures]


def _stock(app, seed):
    with app.app_context():
        level = db.session.get(StockLevel, (seed["product_id"], seed["location_id"]))
        movements = db.session.execute(
            select(StockMovement.reason, func.count(), func.sum(StockMovement.reserved_delta))
            .where(StockMovement.product_id == seed["product_id"])
            .group_by(StockMovement.reason)
        ).all()
        orders = db.session.scalar(
            select(func.count(func.distinct(OrderItem.order_id))).where(
                OrderItem.product_id == seed["product_id"]
            )
        )
        return {
            "on_hand": level.on_hand,
            "reserved": level.reserved,
            "available": available(seed["product_id"]),
            "ledger": {reason: (rows, units) for reason, rows, units in movements},
            "orders": orders,
        }


def test_fifty_checkouts_for_ten_units_make_exactly_ten_orders(racing_app, scarce_product):
    submissions = [(scarce_product, f"+216200{n:05d}") for n in range(CHECKOUTS)]

    outcomes = _race(racing_app, submissions)

    ordered = [order_id for outcome, order_id, _ in outcomes if outcome == "ordered"]
    assert len(ordered) == UNITS
    assert len(set(ordered)) == UNITS
    assert [outcome for outcome, _, _ in outcomes].count("out_of_stock") == CHECKOUTS - UNITS
    assert _stock(racing_app, scarce_product) == {
        "on_hand": UNITS,
        "reserved": UNITS,
        "available": 0,
        "ledger": {"reserved": (UNITS, UNITS)},
        "orders": UNITS,
    }


def test_the_same_checkout_submitted_ten_times_at_once_is_one_order(racing_app, scarce_product):
    key = f"checkout-{uuid.uuid4()}"
    submissions = [(scarce_product, "+21698123456", key)] * PARALLEL_SUBMISSIONS

    outcomes = _race(racing_app, submissions)

    assert {outcome for outcome, _, _ in outcomes} == {"ordered"}
    assert len({order_id for _, order_id, _ in outcomes}) == 1
    assert [created for _, _, created in outcomes].count(True) == 1
    stock = _stock(racing_app, scarce_product)
    assert (stock["on_hand"], stock["reserved"], stock["orders"]) == (UNITS, 1, 1)
    assert stock["ledger"] == {"reserved": (1, 1)}
