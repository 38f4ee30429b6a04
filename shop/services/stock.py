"""Stock per location: reserving for orders, releasing, selling and staff adjustments, all ledgered.

Every change is one conditional UPDATE of a `stock_levels` row, so two sessions racing for the
last unit cannot both get it, plus one `stock_movements` row saying why.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, cast, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY, insert

from shop.extensions import db
from shop.models import Location, StockLevel, StockMovement
from shop.services.cache import note_listed_stock_refreshed

# Reasons staff may give when changing what is on hand (the others belong to orders and imports).
ADJUSTMENT_REASONS = ("received", "counted", "damaged", "returned", "import", "initial")
# The database's stock refresh (migrations 0009 and 0010) locks the products it refreshes when
# there are at most this many and the transaction is not a bulk stock write; it names those whose
# card it changed in the transaction's setting LISTED_CHANGED.
LOCKED_REFRESH_LIMIT = 100
BULK_STOCK_WRITE = "hanout.bulk_stock_write"
LISTED_CHANGED = "hanout.listed_changed"


class StockError(Exception):
    """A stock change that would break the ledger; `code` names it for the views."""

    code = "stock_error"


class OutOfStock(StockError):
    """No single active location has `quantity` units of the product free for a new order."""

    code = "out_of_stock"

    def __init__(self, product_id, available):
        super().__init__(f"product {product_id}: only {available} available")
        self.product_id = product_id
        self.available = available

    @property
    def message(self):
        if self.available:
            return _l("Only %(count)s left in stock.", count=self.available)
        return _l("Sold out.")


class StockBelowReserved(StockError):
    """An adjustment would leave fewer units on hand than are promised to open orders."""

    code = "below_reserved"

    def __init__(self, product_id, location_id, delta):
        super().__init__(f"product {product_id} at location {location_id}: cannot apply {delta}")
        self.product_id = product_id
        self.location_id = location_id
        self.delta = delta

    @property
    def message(self):
        return _l("Not enough units on hand: some are reserved for open orders.")


def _free_units():
    return StockLevel.on_hand - StockLevel.reserved


def available(product_id):
    """Units of the product on hand and not reserved, over every active location."""
    query = (
        select(func.coalesce(func.sum(_free_units()), 0))
        .join(Location, Location.id == StockLevel.location_id)
        .where(StockLevel.product_id == product_id, Location.is_active)
    )
    return db.session.scalar(query)


def _candidate_locations(product_id, quantity):
    """Active locations that seem to have `quantity` free: the default one first, then the fullest.

    Only a hint: the conditional UPDATE in `reserve_stock` decides.
    """
    query = (
        select(StockLevel.location_id)
        .join(Location, Location.id == StockLevel.location_id)
        .where(
            StockLevel.product_id == product_id,
            Location.is_active,
            _free_units() >= quantity,
        )
        .order_by(Location.is_default.desc(), _free_units().desc(), StockLevel.location_id)
    )
    return db.session.scalars(query).all()


def _apply(product_id, location_id, condition, on_hand_delta=0, reserved_delta=0):
    """Move the level by the deltas if `condition` holds, atomically; whether it did."""
    statement = (
        update(StockLevel)
        .where(
            StockLevel.product_id == product_id,
            StockLevel.location_id == location_id,
            condition,
        )
        .values(
            on_hand=StockLevel.on_hand + on_hand_delta,
            reserved=StockLevel.reserved + reserved_delta,
        )
        .returning(StockLevel.location_id)
        .execution_options(synchronize_session="fetch")
    )
    return db.session.execute(statement).first() is not None


def _record(product_id, location_id, reason, on_hand_delta=0, reserved_delta=0, **fields):
    movement = StockMovement(
        product_id=product_id,
        location_id=location_id,
        reason=reason,
        on_hand_delta=on_hand_delta,
        reserved_delta=reserved_delta,
        **fields,
    )
    db.session.add(movement)
    db.session.flush()
    return movement


def reserve_stock(product_id, quantity, order_id):
    """Reserve `quantity` units for the order at one location that has them; its id.

    Tries the default location first, then the others with the most free units. Each try is a
    single `UPDATE ... WHERE on_hand - reserved >= quantity`, so a concurrent reservation that
    took the units first makes it fail rather than oversell. Raises `OutOfStock` otherwise.
    """
    if quantity <= 0:
        raise ValueError("quantity must be positive")
    for location_id in _candidate_locations(product_id, quantity):
        if _apply(product_id, location_id, _free_units() >= quantity, reserved_delta=quantity):
            _record(product_id, location_id, "reserved", reserved_delta=quantity, order_id=order_id)
            return location_id
    raise OutOfStock(product_id, available(product_id))


def _reserved_units_change(order_item, reason, on_hand_delta):
    quantity = order_item.quantity
    done = _apply(
        order_item.product_id,
        order_item.location_id,
        StockLevel.reserved >= quantity,
        on_hand_delta=on_hand_delta,
        reserved_delta=-quantity,
    )
    if not done:
        raise StockError(
            f"order item {order_item.id}: {quantity} units are not reserved "
            f"at location {order_item.location_id}"
        )
    _record(
        order_item.product_id,
        order_item.location_id,
        reason,
        on_hand_delta=on_hand_delta,
        reserved_delta=-quantity,
        order_id=order_item.order_id,
    )


def release_reservation(order_item):
    """Give the units reserved for an order line back to sale ("released" in the ledger)."""
    _reserved_units_change(order_item, "released", on_hand_delta=0)


def sell_reserved(order_item):
    """Turn an order line's reservation into a sale: the units leave on hand ("sold")."""
    _reserved_units_change(order_item, "sold", on_hand_delta=-order_item.quantity)


def _ensure_level(product_id, location_id):
    statement = (
        insert(StockLevel)
        .values(product_id=product_id, location_id=location_id, on_hand=0, reserved=0)
        .on_conflict_do_nothing()
    )
    db.session.execute(statement)


def adjust_stock(product_id, location_id, delta, reason, staff_user_id=None, note=None):
    """Add `delta` units (negative to remove) on hand at a location, for a staff `reason`.

    Never leaves fewer units than are reserved (so never negative): raises `StockBelowReserved`.
    Returns the ledger row.
    """
    if reason not in ADJUSTMENT_REASONS:
        raise ValueError(f"unknown adjustment reason {reason!r}")
    if delta == 0:
        raise ValueError("an adjustment must change something")
    _ensure_level(product_id, location_id)
    enough = StockLevel.on_hand + delta >= StockLevel.reserved
    if not _apply(product_id, location_id, enough, on_hand_delta=delta):
        raise StockBelowReserved(product_id, location_id, delta)
    return _record(
        product_id,
        location_id,
        reason,
        on_hand_delta=delta,
        staff_user_id=staff_user_id,
        note=note,
    )


def record_count(product_id, location_id, counted, staff_user_id=None, note=None):
    """Set on hand to what staff counted on the shelf ("counted"); the ledger row, or None.

    The level is locked while the difference is worked out, so a sale in between is not lost.
    """
    _ensure_level(product_id, location_id)
    level = db.session.execute(
        select(StockLevel)
        .where(StockLevel.product_id == product_id, StockLevel.location_id == location_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()
    delta = counted - level.on_hand
    if delta == 0:
        return None
    return adjust_stock(product_id, location_id, delta, "counted", staff_user_id, note)


def mark_bulk_stock_write():
    """Tell the database that this transaction writes the stock of many products (an import):
    its stock refreshes take no lock per product (migration 0010). Once it has committed,
    `recheck_listed_stock` must refresh the products it wrote."""
    db.session.execute(select(func.set_config(BULK_STOCK_WRITE, "on", True)))


def recheck_listed_stock(product_ids):
    """Refresh again what the cards of these products show (`in_stock`, `listed_stock`) after a
    bulk stock write committed, at most `LOCKED_REFRESH_LIMIT` products per transaction with
    their locks: a sale at another location that raced with the bulk write is waited for if
    still running, seen if committed. The listings of the products whose card changes are
    retired at each commit. Returns how many products' cards changed."""
    ids = sorted(set(product_ids))
    changed = 0
    for start in range(0, len(ids), LOCKED_REFRESH_LIMIT):
        chunk = ids[start : start + LOCKED_REFRESH_LIMIT]
        db.session.execute(select(func.hanout_refresh_in_stock(cast(chunk, ARRAY(Integer)))))
        noted = db.session.scalar(select(func.current_setting(LISTED_CHANGED, True)))
        if noted:
            changed += len(noted.split(","))
            note_listed_stock_refreshed(db.session)
        db.session.commit()
    return changed
