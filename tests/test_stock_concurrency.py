"""Stock written on two connections at once, committing for real: the stock state the database
keeps for listings (`products.in_stock`, `products.listed_stock`) stays true.

These tests do not run in the usual rolled-back transaction: they commit the rows they make and
delete them afterwards.
"""

import threading
import uuid
from decimal import Decimal

import pytest
from sqlalchemy import delete, select, update

from shop.extensions import db
from shop.models import Location, Product, StockLevel

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
