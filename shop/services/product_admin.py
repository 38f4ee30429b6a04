"""Products as staff manage them: the searchable list, the edit form's checks and saving,
inline price and stock edits, soft delete and restore, and fitment."""

from dataclasses import dataclass, fields
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select
from sqlalchemy.dialects.postgresql import insert

from shop.extensions import db
from shop.models import (
    PRODUCT_STATUSES,
    Brand,
    Category,
    Fitment,
    Location,
    PriceHistory,
    Product,
    ProductReference,
    StaffUser,
    Vehicle,
    VehicleMake,
    VehicleModel,
)
from shop.services.catalog_io.planning import product_slugs
from shop.services.search import parse_query, ranked_matches
from shop.services.stock import record_count
from shop.services.stock_admin import available_by_product
from shop.services.text import normalize_code

PAGE_SIZE = 50
SORTS = {
    "newest": (Product.id.desc(),),
    "sku": (Product.sku, Product.id),
    "price": (Product.price, Product.id),
    "price_desc": (Product.price.desc(), Product.id),
}
LIMITS = {"sku": 64, "barcode": 32, "name_fr": 255, "name_ar": 255, "description": 5000}
MAX_PRICE = Decimal("999999999")
MAX_REFERENCES = 50
MAX_ATTRIBUTES = 30


class ProductInputError(Exception):
    def __init__(self, field_name, message):
        super().__init__(message)
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class ListFilters:
    query: str = ""
    category_id: int | None = None
    brand_id: int | None = None
    status: str | None = None
    deleted: bool = False
    restricted: bool = False
    sort: str = "newest"
    page: int = 1


def product_list(filters):
    """(rows, more): [(product, available)] of the page, and whether another page follows."""
    stock = available_by_product()
    query = select(Product, func.coalesce(stock.c.available, 0)).outerjoin(
        stock, stock.c.product_id == Product.id
    )
    query = query.where(
        Product.deleted_at.is_not(None) if filters.deleted else Product.deleted_at.is_(None)
    )
    if filters.category_id:
        query = query.where(Product.category_id == filters.category_id)
    if filters.brand_id:
        query = query.where(Product.brand_id == filters.brand_id)
    if filters.status in PRODUCT_STATUSES:
        query = query.where(Product.status == filters.status)
    if filters.restricted:
        query = query.where(Product.is_restricted)
    order = SORTS.get(filters.sort, SORTS["newest"])
    parsed = parse_query(filters.query)
    if not parsed.empty:
        ids = [product_id for product_id, _score in ranked_matches(parsed)]
        exact = or_(Product.sku == parsed.text, Product.barcode == parsed.text)
        query = query.where(or_(Product.id.in_(ids), exact))
        if filters.sort == "newest" and ids:
            rank = {product_id: position for position, product_id in enumerate(ids)}
            rows = db.session.execute(query).all()
            rows.sort(key=lambda row: rank.get(row[0].id, -1))
            start = (filters.page - 1) * PAGE_SIZE
            return rows[start : start + PAGE_SIZE], len(rows) > start + PAGE_SIZE
    offset = (filters.page - 1) * PAGE_SIZE
    rows = db.session.execute(query.order_by(*order).offset(offset).limit(PAGE_SIZE + 1)).all()
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def parse_money(text, field_name, required=True):
    cleaned = (text or "").strip().replace(" ", "").replace(",", ".")
    if not cleaned:
        if required:
            raise ProductInputError(field_name, _("Give a price."))
        return None
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ProductInputError(
            field_name, _("Type a price in numbers, for example 45.500.")
        ) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_PRICE:
        raise ProductInputError(field_name, _("A price is a number from 0 up."))
    return amount.quantize(Decimal("0.001"))


@dataclass
class ProductForm:
    """The edit form as typed, every field a string, so it re-renders exactly."""

    sku: str = ""
    barcode: str = ""
    name_fr: str = ""
    name_ar: str = ""
    description_fr: str = ""
    description_ar: str = ""
    brand_id: str = ""
    category_id: str = ""
    price: str = ""
    compare_at_price: str = ""
    status: str = "draft"
    is_restricted: bool = False
    featured: bool = False
    weight_kg: str = ""
    references: str = ""
    attributes: str = ""

    @classmethod
    def from_form(cls, form):
        values = {f.name: form.get(f.name, "").strip() for f in fields(cls) if f.type is str}
        return cls(
            **values,
            is_restricted=form.get("is_restricted") == "1",
            featured=form.get("featured") == "1",
        )

    @classmethod
    def from_product(cls, product):
        references = "\n".join(ref.code for ref in product.references)
        attributes = "\n".join(f"{key}: {value}" for key, value in product.attributes.items())
        return cls(
            sku=product.sku,
            barcode=product.barcode or "",
            name_fr=product.name_fr or "",
            name_ar=product.name_ar or "",
            description_fr=product.description_fr or "",
            description_ar=product.description_ar or "",
            brand_id=str(product.brand_id or ""),
            category_id=str(product.category_id or ""),
            price=str(product.price),
            compare_at_price=str(product.compare_at_price or ""),
            status=product.status,
            is_restricted=product.is_restricted,
            featured=product.featured,
            weight_kg=str(product.weight_kg or ""),
            references=references,
            attributes=attributes,
        )


def _id_of(model, text, field_name, message):
    if not text:
        return None
    record = (
        db.session.get(model, int(text))
        if text.isascii() and text.isdigit() and len(text) < 10
        else None
    )
    if record is None:
        raise ProductInputError(field_name, message)
    return record.id


def _attributes(text):
    pairs = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        key, separator, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not separator or not key or not value or len(key) > 64 or len(value) > 120:
            raise ProductInputError(
                "attributes", _("Write one attribute per line, as “name: value”.")
            )
        pairs[key] = value
    if len(pairs) > MAX_ATTRIBUTES:
        raise ProductInputError(
            "attributes", _("At most %(count)s attributes.", count=MAX_ATTRIBUTES)
        )
    return pairs


def _references(text):
    codes = [code.strip() for code in text.replace("|", "\n").splitlines() if code.strip()]
    if len(codes) > MAX_REFERENCES or any(len(code) > 64 for code in codes):
        raise ProductInputError(
            "references", _("At most %(count)s references of 64 characters.", count=MAX_REFERENCES)
        )
    if any(not normalize_code(code) for code in codes):
        raise ProductInputError("references", _("A reference needs letters or digits."))
    return codes


@dataclass(frozen=True)
class CheckedProduct:
    values: dict
    references: list
    attributes: dict


def check(form, product=None):
    """The form's values ready to save, or ProductInputError naming the first bad field."""
    if not form.sku or len(form.sku) > LIMITS["sku"]:
        raise ProductInputError("sku", _("Give a SKU of at most 64 characters."))
    taken = db.session.scalar(select(Product.id).where(Product.sku == form.sku))
    if taken is not None and (product is None or taken != product.id):
        raise ProductInputError("sku", _("Another product already has this SKU."))
    if not form.name_fr and not form.name_ar:
        raise ProductInputError("name_fr", _("Give the product a name in French or in Arabic."))
    for name in ("name_fr", "name_ar", "barcode"):
        if len(getattr(form, name)) > LIMITS[name]:
            raise ProductInputError(
                name, _("It is too long: %(limit)s characters at most.", limit=LIMITS[name])
            )
    for name in ("description_fr", "description_ar"):
        if len(getattr(form, name)) > LIMITS["description"]:
            raise ProductInputError(
                name,
                _("It is too long: %(limit)s characters at most.", limit=LIMITS["description"]),
            )
    price = parse_money(form.price, "price")
    compare_at = parse_money(form.compare_at_price, "compare_at_price", required=False)
    if compare_at is not None and compare_at <= price:
        raise ProductInputError(
            "compare_at_price", _("The old price must be higher than the price.")
        )
    if form.status not in PRODUCT_STATUSES:
        raise ProductInputError("status", _("Choose a status."))
    weight = None
    if form.weight_kg:
        try:
            weight = Decimal(form.weight_kg.replace(",", "."))
        except InvalidOperation:
            weight = Decimal(-1)
        if not weight.is_finite() or weight < 0 or weight > 10000:
            raise ProductInputError("weight_kg", _("Type a weight in kilograms, for example 1.5."))
    values = {
        "sku": form.sku,
        "barcode": form.barcode or None,
        "name_fr": form.name_fr or None,
        "name_ar": form.name_ar or None,
        "description_fr": form.description_fr or None,
        "description_ar": form.description_ar or None,
        "brand_id": _id_of(Brand, form.brand_id, "brand_id", _("Choose a brand from the list.")),
        "category_id": _id_of(
            Category, form.category_id, "category_id", _("Choose a category from the list.")
        ),
        "price": price,
        "compare_at_price": compare_at,
        "status": form.status,
        "is_restricted": form.is_restricted,
        "featured": form.featured,
        "weight_kg": weight,
    }
    return CheckedProduct(values, _references(form.references), _attributes(form.attributes))


def save(checked, product=None):
    """Create or update the product from checked values; returns it (flushed)."""
    if product is None:
        product = Product()
        db.session.add(product)
    for name, value in checked.values.items():
        setattr(product, name, value)
    for name, slug in product_slugs(product.name_fr, product.name_ar, product.sku).items():
        setattr(product, name, slug)
    product.attributes = checked.attributes
    wanted = {normalize_code(code): code for code in checked.references}
    for reference in list(product.references):
        if reference.kind == "oem" and reference.code_normalized not in wanted:
            product.references.remove(reference)
    kept = {ref.code_normalized for ref in product.references if ref.kind == "oem"}
    for normalized, code in wanted.items():
        if normalized not in kept:
            product.references.append(
                ProductReference(kind="oem", code=code, code_normalized=normalized)
            )
    db.session.flush()
    return product


def set_price(product, text):
    product.price = parse_money(text, "price")
    if product.compare_at_price is not None and product.compare_at_price <= product.price:
        raise ProductInputError("price", _("The old price must be higher than the price."))
    db.session.flush()


def default_location():
    return db.session.scalar(select(Location).where(Location.is_default))


def set_stock(product, text, staff_user_id):
    """Staff counted `text` units at the default location."""
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit() or int(text) > 100_000:
        raise ProductInputError(
            "stock", _("Type a whole number of units, from 0 to %(max)s.", max=100_000)
        )
    location = default_location()
    if location is None:
        raise ProductInputError("stock", _("The shop has no stock location yet."))
    return record_count(product.id, location.id, int(text), staff_user_id)


def soft_delete(product):
    product.deleted_at = datetime.now(UTC)
    db.session.flush()


def restore(product):
    product.deleted_at = None
    db.session.flush()


def price_history(product_id, limit=50):
    query = (
        select(PriceHistory, StaffUser.name)
        .outerjoin(StaffUser, StaffUser.id == PriceHistory.changed_by_id)
        .where(PriceHistory.product_id == product_id)
        .order_by(PriceHistory.changed_at.desc(), PriceHistory.id.desc())
        .limit(limit)
    )
    return db.session.execute(query).all()


def fitted(product_id):
    query = (
        select(Vehicle)
        .join(Fitment, Fitment.vehicle_id == Vehicle.id)
        .join(VehicleModel, VehicleModel.id == Vehicle.model_id)
        .join(VehicleMake, VehicleMake.id == VehicleModel.make_id)
        .where(Fitment.product_id == product_id)
        .order_by(VehicleMake.name, VehicleModel.name, Vehicle.year_from)
    )
    return list(db.session.scalars(query))


def find_vehicles(text, limit=20):
    """Vehicles whose make and model match every word typed ("clio 3", "peugeot 208")."""
    words = [word for word in (text or "").split() if len(word) <= 40][:4]
    if not words:
        return []
    label = func.concat_ws(" ", VehicleMake.name, VehicleModel.name, Vehicle.generation)
    query = (
        select(Vehicle)
        .join(VehicleModel, VehicleModel.id == Vehicle.model_id)
        .join(VehicleMake, VehicleMake.id == VehicleModel.make_id)
        .where(*(label.icontains(word, autoescape=True) for word in words))
        .order_by(VehicleMake.name, VehicleModel.name, Vehicle.year_from)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def add_fitment(product_id, vehicle_ids):
    """Fit the product to the vehicles among `vehicle_ids` that exist (others are ignored)."""
    wanted = [vehicle_id for vehicle_id in vehicle_ids if vehicle_id]
    known = db.session.scalars(select(Vehicle.id).where(Vehicle.id.in_(wanted))).all()
    if known:
        rows = [{"product_id": product_id, "vehicle_id": vehicle_id} for vehicle_id in known]
        db.session.execute(insert(Fitment).values(rows).on_conflict_do_nothing())


def remove_fitment(product_id, vehicle_id):
    db.session.execute(
        delete(Fitment).where(Fitment.product_id == product_id, Fitment.vehicle_id == vehicle_id)
    )


def copy_fitment(product_id, source_sku):
    """Give the product every vehicle the product `source_sku` fits; returns how many it had."""
    source = db.session.scalar(select(Product).where(Product.sku == (source_sku or "").strip()))
    if source is None:
        raise ProductInputError("source_sku", _("No product has this SKU."))
    vehicle_ids = list(
        db.session.scalars(select(Fitment.vehicle_id).where(Fitment.product_id == source.id))
    )
    add_fitment(product_id, vehicle_ids)
    return len(vehicle_ids)
