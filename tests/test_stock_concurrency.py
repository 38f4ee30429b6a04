"""Stock and locations written on two connections at once, committing for real: the stock state
the database keeps for listings (`products.in_stock`, `products.listed_stock`) stays true, and
the shop keeps one default location.

These tests do not run in the usual rolled-back transaction: they commit the rows they make and
delete them afterwards.
"""

import threading
import time
import uuid
from dataclasses import asdict
from decimal import Decimal

import pytest
from sqlalchemy import delete, select, update

from shop.extensions import db
from shop.models import Location, Product, StockLevel, StockMovement
from shop.services.catalog_io import importing
from shop.services.location_admin import LocationForm, save_location
from tests.test_catalog_csv import csv_bytes

WAIT_SECONDS = 10


@pytest.fixture(autouse=True)
def db_session():
    """Replaces the rolled-back session of the other tests: here every write commits."""
    yield


@pytest.fixture
def last_units(app):
    """A product with one unit left at each of two locations, committed."""
    tag = uuid.uuid4().hex[:8]
    with app.app_context():
        locations = [
            Location(code=f"{tag}{n}", name_fr=f"Dépôt {tag}{n}", name_ar=f"مستودع {tag}{n}")
            for n in range(2)
        ]
        product = Product(
            sku=f"LAST-{tag}",
            name_fr=f"Dernières {tag}",
            slug_fr=f"dernieres-{tag}",
            slug_ar=f"اخر-{tag}",
            price=Decimal("10.000"),
            status="active",
        )
        db.session.add_all([*locations, product])
        db.session.flush()
        db.session.add_all(
            StockLevel(product_id=product.id, location_id=location.id, on_hand=1)
            for location in locations
        )
        db.session.commit()
        ids = product.id, [location.id for location in locations]
    yield ids
    product_id, location_ids = ids
    with app.app_context():
        db.session.execute(delete(StockLevel).where(StockLevel.product_id == product_id))
        db.session.execute(delete(Product).where(Product.id == product_id))
        db.session.execute(delete(Location).where(Location.id.in_(location_ids)))
        db.session.commit()


def sell_last_unit(connection, product_id, location_id):
    connection.execute(
        update(StockLevel)
        .where(StockLevel.product_id == product_id, StockLevel.location_id == location_id)
        .values(on_hand=StockLevel.on_hand - 1)
    )


def test_the_last_units_sold_at_two_locations_at_once_leave_the_product_out_of_stock(
    app, last_units
):
    product_id, (first_location, second_location) = last_units
    with app.app_context():
        engine = db.engine
    with engine.connect() as first, engine.connect() as second:
        first.begin()
        # Each sale alone leaves a unit at the other location: "Only 1 left", in stock.
        sell_last_unit(first, product_id, first_location)

        def second_sale():
            with second.begin():
                sell_last_unit(second, product_id, second_location)

        racing = threading.Thread(target=second_sale)
        racing.start()
        # Without the lock it would commit now, having read the first location's unit as there.
        racing.join(timeout=0.5)
        first.commit()
        racing.join(timeout=WAIT_SECONDS)
        assert not racing.is_alive()

    with engine.connect() as reader:
        state = reader.execute(
            select(Product.in_stock, Product.listed_stock).where(Product.id == product_id)
        ).one()
    assert tuple(state) == (False, 0)


@pytest.fixture
def stock_at_two_locations(app):
    """A product with 3 units at the default location (where imports count stock) and 4 at a
    second one, "Only N left" from 5 units down: its card says "In stock" (committed)."""
    tag = uuid.uuid4().hex[:8]
    with app.app_context():
        default = Location(
            code=f"{tag}D", name_fr=f"Dépôt {tag}", name_ar=f"مستودع {tag}", is_default=True
        )
        other = Location(code=f"{tag}B", name_fr=f"Boutique {tag}", name_ar=f"متجر {tag}")
        product = Product(
            sku=f"TWO-{tag}",
            name_fr=f"Deux dépôts {tag}",
            slug_fr=f"deux-depots-{tag}",
            slug_ar=f"مستودعان-{tag}",
            price=Decimal("10.000"),
            status="active",
            low_stock_threshold=5,
        )
        db.session.add_all([default, other, product])
        db.session.flush()
        db.session.add_all(
            [
                StockLevel(product_id=product.id, location_id=default.id, on_hand=3),
                StockLevel(product_id=product.id, location_id=other.id, on_hand=4),
            ]
        )
        db.session.commit()
        ids = product.id, product.sku, product.name_fr, default.id, other.id
    yield ids
    product_id, _, _, default_id, other_id = ids
    with app.app_context():
        for model in (StockMovement, StockLevel):
            db.session.execute(delete(model).where(model.product_id == product_id))
        db.session.execute(delete(Product).where(Product.id == product_id))
        db.session.execute(delete(Location).where(Location.id.in_((default_id, other_id))))
        db.session.commit()


def card_state(engine, product_id):
    with engine.connect() as reader:
        return tuple(
            reader.execute(
                select(Product.in_stock, Product.listed_stock).where(Product.id == product_id)
            ).one()
        )


def wait_for(condition):
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_sale_at_another_location_during_an_import_leaves_the_card_true(
    app, stock_at_two_locations
):
    product_id, sku, name, default_id, other_id = stock_at_two_locations
    csv = csv_bytes([[sku, name, "10", "2"]], header=["sku", "name_fr", "price", "stock"])
    with app.app_context():
        engine = db.engine
    assert card_state(engine, product_id) == (True, -1)

    def import_two_on_hand():
        with app.app_context():
            report = importing.import_catalog(csv, dry_run=False)
            importing.commit_import(report)

    with engine.connect() as sale:
        sale.begin()
        # The sale alone leaves 6 units: still "In stock", its card unchanged.
        sell_last_unit(sale, product_id, other_id)
        importer = threading.Thread(target=import_two_on_hand)
        importer.start()
        # The import alone leaves 6 units too; it commits while the sale is still open.

        def import_committed():
            with engine.connect() as reader:
                return (
                    reader.scalar(
                        select(StockLevel.on_hand).where(
                            StockLevel.product_id == product_id,
                            StockLevel.location_id == default_id,
                        )
                    )
                    == 2
                )

        wait_for(import_committed)
        sale.commit()
        importer.join(timeout=WAIT_SECONDS)
        assert not importer.is_alive()

    # 2 + 3 units: "Only 5 left", which neither transaction saw alone.
    assert card_state(engine, product_id) == (True, 5)


@pytest.fixture
def three_locations(app):
    """A default location and two others, committed; their ids."""
    tag = uuid.uuid4().hex[:8]
    with app.app_context():
        locations = [
            Location(
                code=f"{tag}{n}",
                name_fr=f"Dépôt {tag}{n}",
                name_ar=f"مستودع {tag}{n}",
                is_default=n == 0,
            )
            for n in range(3)
        ]
        db.session.add_all(locations)
        db.session.commit()
        ids = [location.id for location in locations]
    yield ids
    with app.app_context():
        db.session.execute(delete(Location).where(Location.id.in_(ids)))
        db.session.commit()


def test_two_locations_made_the_default_at_once_leave_one_default(app, three_locations):
    _, first_id, second_id = three_locations
    first_saved, first_may_commit = threading.Event(), threading.Event()
    failures = []

    def make_default(location_id, hold=False):
        with app.app_context():
            try:
                location = db.session.get(Location, location_id)
                values = asdict(LocationForm.from_location(location)) | {"city_id": None}
                save_location(values | {"is_default": True}, location)
                if hold:
                    first_saved.set()
                    first_may_commit.wait(WAIT_SECONDS)
                db.session.commit()
            except Exception as error:
                failures.append(error)
                first_saved.set()

    first = threading.Thread(target=make_default, args=(first_id, True))
    first.start()
    assert first_saved.wait(WAIT_SECONDS)
    second = threading.Thread(target=make_default, args=(second_id,))
    second.start()
    time.sleep(0.5)  # the second save reaches the old default's lock and waits there
    first_may_commit.set()
    first.join(WAIT_SECONDS)
    second.join(WAIT_SECONDS)

    assert failures == []
    with app.app_context():
        defaults = db.session.scalars(select(Location.id).where(Location.is_default)).all()
    assert defaults == [second_id]
