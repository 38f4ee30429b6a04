"""Stock per location: reservations, releases, sales and staff adjustments, with their ledger."""

import pytest
from sqlalchemy import func, select, text, update

from shop.extensions import db
from shop.models import OrderItem, Product, StockLevel, StockMovement
from shop.services.cache import offer_stamps
from shop.services.catalog_io.importing import import_catalog
from shop.services.stock import (
    OutOfStock,
    StockBelowReserved,
    StockError,
    adjust_stock,
    available,
    recheck_listed_stock,
    record_count,
    release_reservation,
    reserve_stock,
    sell_reserved,
)
from tests import factories
from tests.test_catalog_csv import csv_bytes


@pytest.fixture
def shop_floor():
    """A default shop and a warehouse, and a product with some of it in each."""
    shop = factories.make_location(is_default=True)
    warehouse = factories.make_location()
    product = factories.make_product()
    factories.make_stock(product, shop, on_hand=3, reserved=1)
    factories.make_stock(product, warehouse, on_hand=10)
    return product, shop, warehouse


def level(product, location):
    db.session.expire_all()
    found = db.session.get(StockLevel, (product.id, location.id))
    return (found.on_hand, found.reserved)


def movements(product):
    query = (
        select(StockMovement.location_id, StockMovement.reason)
        .add_columns(StockMovement.on_hand_delta, StockMovement.reserved_delta)
        .where(StockMovement.product_id == product.id)
        .order_by(StockMovement.id)
    )
    return [tuple(row) for row in db.session.execute(query)]


def test_available_counts_free_units_in_active_locations(shop_floor):
    product, _, _ = shop_floor
    closed = factories.make_location(is_active=False)
    factories.make_stock(product, closed, on_hand=50)

    assert available(product.id) == 2 + 10
    assert available(factories.make_product().id) == 0


def test_a_reservation_goes_to_the_default_location_when_it_has_enough(shop_floor):
    product, shop, warehouse = shop_floor

    location_id = reserve_stock(product.id, 2, order_id=None)

    assert location_id == shop.id
    assert level(product, shop) == (3, 3)
    assert level(product, warehouse) == (10, 0)
    assert movements(product) == [(shop.id, "reserved", 0, 2)]


def test_a_reservation_moves_to_another_location_when_the_default_is_short(shop_floor):
    product, shop, warehouse = shop_floor

    location_id = reserve_stock(product.id, 5, order_id=None)

    assert location_id == warehouse.id
    assert level(product, shop) == (3, 1)
    assert level(product, warehouse) == (10, 5)
    assert movements(product) == [(warehouse.id, "reserved", 0, 5)]


def test_inactive_locations_are_never_reserved_from(shop_floor):
    product, _, warehouse = shop_floor
    warehouse.is_active = False
    db.session.flush()

    with pytest.raises(OutOfStock) as raised:
        reserve_stock(product.id, 5, order_id=None)

    assert raised.value.available == 2
    assert level(product, warehouse) == (10, 0)


def test_no_location_with_enough_refuses_and_changes_nothing(shop_floor):
    product, shop, warehouse = shop_floor

    with pytest.raises(OutOfStock) as raised:
        reserve_stock(product.id, 11, order_id=None)

    assert raised.value.product_id == product.id
    assert raised.value.available == 12
    assert raised.value.code == "out_of_stock"
    assert level(product, shop) == (3, 1)
    assert level(product, warehouse) == (10, 0)
    assert movements(product) == []


def test_reserving_to_the_last_unit_then_one_more_never_goes_negative(shop_floor):
    product, shop, warehouse = shop_floor

    taken = [reserve_stock(product.id, 1, order_id=None) for _ in range(12)]
    with pytest.raises(OutOfStock):
        reserve_stock(product.id, 1, order_id=None)

    assert taken.count(shop.id) == 2
    assert taken.count(warehouse.id) == 10
    assert level(product, shop) == (3, 3)
    assert level(product, warehouse) == (10, 10)
    assert available(product.id) == 0


def test_a_product_without_stock_rows_is_out_of_stock():
    factories.make_location(is_default=True)
    product = factories.make_product()

    with pytest.raises(OutOfStock) as raised:
        reserve_stock(product.id, 1, order_id=None)

    assert raised.value.available == 0


def test_quantities_must_be_positive(shop_floor):
    product, _, _ = shop_floor

    with pytest.raises(ValueError, match="positive"):
        reserve_stock(product.id, 0, order_id=None)


def reserved_item(product, quantity):
    location_id = reserve_stock(product.id, quantity, order_id=None)
    return OrderItem(product_id=product.id, location_id=location_id, quantity=quantity)


def test_releasing_gives_the_units_back_to_sale(shop_floor):
    product, shop, _ = shop_floor
    item = reserved_item(product, 2)

    release_reservation(item)

    assert level(product, shop) == (3, 1)
    assert available(product.id) == 12
    assert movements(product)[-1] == (shop.id, "released", 0, -2)


def test_selling_takes_the_units_off_the_shelf(shop_floor):
    product, shop, _ = shop_floor
    item = reserved_item(product, 2)

    sell_reserved(item)

    assert level(product, shop) == (1, 1)
    assert available(product.id) == 10
    assert movements(product)[-1] == (shop.id, "sold", -2, -2)


def test_units_that_are_not_reserved_cannot_be_released_or_sold(shop_floor):
    product, shop, _ = shop_floor
    not_reserved = OrderItem(product_id=product.id, location_id=shop.id, quantity=2)

    with pytest.raises(StockError):
        release_reservation(not_reserved)
    with pytest.raises(StockError):
        sell_reserved(not_reserved)

    assert level(product, shop) == (3, 1)


def test_staff_adjustments_are_ledgered_with_who_and_why(shop_floor):
    product, shop, _ = shop_floor
    manager = factories.make_staff(role="manager")

    adjust_stock(product.id, shop.id, 5, "received", manager.id, "Supplier delivery")
    movement = adjust_stock(product.id, shop.id, -2, "damaged", manager.id)

    assert level(product, shop) == (6, 1)
    assert movement.staff_user_id == manager.id
    assert movements(product) == [(shop.id, "received", 5, 0), (shop.id, "damaged", -2, 0)]


def test_receiving_at_a_new_location_creates_its_stock_row(shop_floor):
    product, _, _ = shop_floor
    van = factories.make_location()

    adjust_stock(product.id, van.id, 4, "received")

    assert level(product, van) == (4, 0)


def test_an_adjustment_never_leaves_less_than_what_is_reserved(shop_floor):
    product, shop, _ = shop_floor

    with pytest.raises(StockBelowReserved):
        adjust_stock(product.id, shop.id, -3, "damaged")

    assert level(product, shop) == (3, 1)
    assert movements(product) == []


@pytest.mark.parametrize(("delta", "reason"), [(1, "sold"), (1, "reserved"), (0, "counted")])
def test_adjustments_take_staff_reasons_and_a_real_change(shop_floor, delta, reason):
    product, shop, _ = shop_floor

    with pytest.raises(ValueError, match="reason|change"):
        adjust_stock(product.id, shop.id, delta, reason)


def test_a_count_sets_what_is_on_the_shelf(shop_floor):
    product, _, warehouse = shop_floor

    movement = record_count(product.id, warehouse.id, 7)
    unchanged = record_count(product.id, warehouse.id, 7)

    assert level(product, warehouse) == (7, 0)
    assert (movement.reason, movement.on_hand_delta) == ("counted", -3)
    assert unchanged is None


def in_stock(product):
    """The product's `in_stock` column as the database keeps it."""
    return db.session.scalar(select(Product.in_stock).where(Product.id == product.id))


def test_the_in_stock_column_follows_the_free_units_at_active_locations():
    product, shop = factories.make_product(), factories.make_location()
    assert in_stock(product) is False

    level = factories.make_stock(product, shop, on_hand=2)
    assert in_stock(product) is True

    level.reserved = 2
    db.session.flush()
    assert in_stock(product) is False

    level.reserved = 1
    db.session.flush()
    assert in_stock(product) is True

    shop.is_active = False
    db.session.flush()
    assert in_stock(product) is False

    shop.is_active = True
    db.session.flush()
    assert in_stock(product) is True

    db.session.delete(level)
    db.session.flush()
    assert in_stock(product) is False


def test_the_in_stock_column_follows_a_level_moved_to_another_product():
    first, second, shop = (
        factories.make_product(),
        factories.make_product(),
        factories.make_location(),
    )
    level = factories.make_stock(first, shop, on_hand=1)

    level.product_id = second.id
    db.session.flush()

    assert (in_stock(first), in_stock(second)) == (False, True)


def listed_stock(product):
    """What the product's card says of its stock, as the database keeps it."""
    return db.session.scalar(select(Product.listed_stock).where(Product.id == product.id))


def test_the_listed_stock_says_what_the_card_shows():
    product = factories.make_product(low_stock_threshold=3)
    shop, closed = factories.make_location(), factories.make_location(is_active=False)
    assert listed_stock(product) == 0  # out of stock

    factories.make_stock(product, closed, on_hand=50)
    level = factories.make_stock(product, shop, on_hand=5, reserved=3)
    assert listed_stock(product) == 2  # "Only 2 left"

    level.on_hand = 9
    db.session.flush()
    assert listed_stock(product) == -1  # "In stock"

    # A higher threshold makes the same six units few.
    db.session.get(Product, product.id).low_stock_threshold = 6
    db.session.flush()
    assert listed_stock(product) == 6


def test_the_database_names_the_products_whose_card_a_stock_write_changed():
    product, shop = factories.make_product(low_stock_threshold=3), factories.make_location()
    factories.make_stock(product, shop, on_hand=10)
    take = select(func.hanout_take_listed_changed())

    def set_on_hand(units):
        # A plain UPDATE, as stock writes are: no ORM flush, whose hook would take the names.
        db.session.execute(
            update(StockLevel).where(StockLevel.product_id == product.id).values(on_hand=units)
        )

    set_on_hand(9)  # still "In stock"
    assert db.session.scalar(take) is None

    set_on_hand(2)  # "Only 2 left"
    assert db.session.scalar(take) == str(product.id)
    assert db.session.scalar(take) is None  # forgotten as read


def advisory_locks_held():
    return db.session.scalar(
        text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
    )


def test_a_few_products_stock_refresh_locks_each_product_to_the_commit():
    product, shop = factories.make_product(), factories.make_location()
    factories.make_stock(product, shop, on_hand=4)
    adjust_stock(product.id, shop.id, -1, "damaged")
    assert advisory_locks_held() == 1


def test_an_import_holds_no_lock_for_each_product_it_stocks():
    factories.make_location(is_default=True)
    rows = [[f"BULK-{n:03d}", f"Pièce {n}", "5", "2"] for n in range(120)]

    # Written in chunks of 50 products: each chunk's refresh would lock its products.
    report = import_catalog(
        csv_bytes(rows, header=["sku", "name_fr", "price", "stock"]), dry_run=False
    )

    assert report.applied
    assert len(report.stocked_product_ids) == 120
    assert advisory_locks_held() == 0


def test_a_recheck_corrects_a_stale_card_and_retires_its_listings(cached_app):
    with cached_app.app_context():
        category, brand = factories.make_category(), factories.make_brand()
        stale = factories.make_product(category=category, brand=brand, low_stock_threshold=3)
        right = factories.make_product(category=category, brand=brand)
        shop = factories.make_location()
        factories.make_stock(stale, shop, on_hand=2)
        factories.make_stock(right, shop, on_hand=20)
        db.session.commit()
        # What a bulk write racing with a sale could leave: "In stock" for 2 units.
        db.session.execute(
            update(Product).where(Product.id == stale.id).values(in_stock=True, listed_stock=-1)
        )
        epoch, category_stamp = offer_stamps([category.id], "category").of(category.id)
        brand_stamp = offer_stamps([brand.id], "brand").of(brand.id)[1]

        assert recheck_listed_stock([right.id, stale.id, right.id]) == 1

        assert listed_stock(stale) == 2
        assert listed_stock(right) == -1
        # Only the stale product's listings are retired, not every page of the shop.
        assert offer_stamps([category.id], "category").of(category.id) == (
            epoch,
            category_stamp + 1,
        )
        assert offer_stamps([brand.id], "brand").of(brand.id) == (epoch, brand_stamp + 1)
        assert recheck_listed_stock([stale.id, right.id]) == 0
