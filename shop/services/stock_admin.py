"""Stock as staff manage it: levels per location, adjustments with a reason, the low-stock list
and a product's movement history. The changes themselves go through `shop.services.stock`."""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from shop.extensions import db
from shop.models import Location, Product, StaffUser, StockLevel, StockMovement
from shop.services.catalog import live_product
from shop.services.search import parse_query, ranked_matches
from shop.services.stock import StockBelowReserved, adjust_stock, record_count

# What staff may do to a shelf, and the sign of the quantity they type.
ADJUSTMENTS = {
    "received": _l("Received (add)"),
    "returned": _l("Returned by a customer (add)"),
    "damaged": _l("Damaged or lost (remove)"),
    "counted": _l("Counted on the shelf (set)"),
}
REMOVING = {"damaged"}
REASON_LABELS = {
    "initial": _l("Opening stock"),
    "received": _l("Received"),
    "counted": _l("Counted"),
    "damaged": _l("Damaged or lost"),
    "returned": _l("Returned"),
    "import": _l("Catalog import"),
    "reserved": _l("Reserved for an order"),
    "released": _l("Released by an order"),
    "sold": _l("Sold"),
}
MAX_UNITS = 100_000
MAX_NOTE_LENGTH = 500
LIST_LIMIT = 50


class StockInputError(Exception):
    """What staff typed cannot be applied; `field` and a `message` in their language."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class LevelRow:
    location: Location
    on_hand: int
    reserved: int

    @property
    def available(self):
        return self.on_hand - self.reserved


def active_locations():
    query = select(Location).where(Location.is_active)
    return list(db.session.scalars(query.order_by(Location.is_default.desc(), Location.name_fr)))


def levels(product_id):
    """The product's stock at every active location, zero where it has none."""
    found = {
        level.location_id: level
        for level in db.session.scalars(
            select(StockLevel).where(StockLevel.product_id == product_id)
        )
    }
    return [
        LevelRow(location, found[location.id].on_hand, found[location.id].reserved)
        if location.id in found
        else LevelRow(location, 0, 0)
        for location in active_locations()
    ]


def _units(text):
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit() or int(text) > MAX_UNITS:
        raise StockInputError(
            "quantity", _("Type a whole number of units, from 0 to %(max)s.", max=MAX_UNITS)
        )
    return int(text)


def apply_adjustment(product, location_id, kind, quantity_text, note, staff_user_id):
    """Apply what staff typed; returns the ledger row (None when a count changed nothing)."""
    if kind not in ADJUSTMENTS:
        raise StockInputError("kind", _("Choose what happened to the stock."))
    location = db.session.get(Location, location_id) if location_id else None
    if location is None or not location.is_active:
        raise StockInputError("location", _("Choose one of the shop’s locations."))
    units = _units(quantity_text)
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE_LENGTH:
        raise StockInputError(
            "note", _("It is too long: %(limit)s characters at most.", limit=MAX_NOTE_LENGTH)
        )
    try:
        if kind == "counted":
            return record_count(product.id, location.id, units, staff_user_id, note)
        if units == 0:
            raise StockInputError("quantity", _("Type how many units, more than zero."))
        delta = -units if kind in REMOVING else units
        return adjust_stock(product.id, location.id, delta, kind, staff_user_id, note)
    except StockBelowReserved as error:
        raise StockInputError("quantity", str(error.message)) from None


def set_threshold(product, text):
    """Change the product's low-stock threshold to `text` units."""
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit() or int(text) > MAX_UNITS:
        raise StockInputError(
            "threshold", _("Type a whole number of units, from 0 to %(max)s.", max=MAX_UNITS)
        )
    product.low_stock_threshold = int(text)
    db.session.flush()


def movement_history(product_id, limit=LIST_LIMIT):
    """[(movement, location, staff name or None)], newest first."""
    query = (
        select(StockMovement, Location, StaffUser.name)
        .join(Location, Location.id == StockMovement.location_id)
        .outerjoin(StaffUser, StaffUser.id == StockMovement.staff_user_id)
        .where(StockMovement.product_id == product_id)
        .order_by(StockMovement.created_at.desc(), StockMovement.id.desc())
        .limit(limit)
    )
    return db.session.execute(query).all()


def available_by_product():
    """A subquery: (product_id, available) over the active locations."""
    return (
        select(
            StockLevel.product_id,
            func.sum(StockLevel.on_hand - StockLevel.reserved).label("available"),
        )
        .join(Location, Location.id == StockLevel.location_id)
        .where(Location.is_active)
        .group_by(StockLevel.product_id)
        .subquery()
    )


def low_stock(limit=LIST_LIMIT):
    """[(product, available)] of live products at or under their threshold, emptiest first."""
    stock = available_by_product()
    available = func.coalesce(stock.c.available, 0)
    query = (
        select(Product, available)
        .outerjoin(stock, stock.c.product_id == Product.id)
        .where(live_product(), available <= Product.low_stock_threshold)
        .order_by(available, Product.sku)
        .limit(limit)
    )
    return db.session.execute(query).all()


def find_products(text, limit=LIST_LIMIT):
    """[(product, available)] for what staff typed: the storefront's search (SKU, references,
    names in both languages), or the first products by SKU when nothing is typed."""
    stock = available_by_product()
    available = func.coalesce(stock.c.available, 0)
    query = (
        select(Product, available)
        .outerjoin(stock, stock.c.product_id == Product.id)
        .where(Product.deleted_at.is_(None))
    )
    parsed = parse_query(text)
    if parsed.empty:
        rows = db.session.execute(query.order_by(Product.sku).limit(limit)).all()
        return rows
    ids = [product_id for product_id, _score in ranked_matches(parsed, limit=limit)]
    sku = or_(Product.sku == parsed.text, Product.barcode == parsed.text)
    rows = db.session.execute(query.where(or_(Product.id.in_(ids), sku))).all()
    order = {product_id: rank for rank, product_id in enumerate(ids)}
    return sorted(rows, key=lambda row: order.get(row[0].id, -1))
