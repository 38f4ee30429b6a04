"""Planning an import: each line matched with the catalog and turned into the changes it makes.

Nothing is written here. Brands, categories and vehicles the file names but the shop lacks become
`New…` placeholders, shared by every line that names them and given ids when the plan is written.
"""

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import distinct_on

from shop.extensions import db
from shop.models import (
    Brand,
    Category,
    Fitment,
    Location,
    Product,
    ProductImage,
    ProductReference,
    StockLevel,
    Vehicle,
    VehicleMake,
    VehicleModel,
)
from shop.services.catalog_io.messages import CellError, LineError
from shop.services.catalog_io.reading import code_key
from shop.services.slugs import slugify, slugify_ar

CHUNK_SIZE = 1000
SLUG_LENGTH = 280
# CSV columns stored as they are on the product (the others need a lookup or their own table).
PLAIN_FIELDS = {
    "name_fr": "name_fr",
    "name_ar": "name_ar",
    "description_fr": "description_fr",
    "description_ar": "description_ar",
    "price": "price",
    "compare_at_price": "compare_at_price",
    "barcode": "barcode",
    "status": "status",
    "restricted": "is_restricted",
    "weight_kg": "weight_kg",
}
NEW_PRODUCT_DEFAULTS = {
    "name_fr": None,
    "name_ar": None,
    "description_fr": None,
    "description_ar": None,
    "compare_at_price": None,
    "barcode": None,
    "status": "active",
    "is_restricted": False,
    "weight_kg": None,
    "brand_id": None,
    "category_id": None,
}
_SPACES = re.compile(r"\s+")


def name_key(name):
    """How names are compared: case and runs of spaces do not count."""
    return _SPACES.sub(" ", name).strip().casefold()


def product_slugs(name_fr, name_ar, sku):
    """URL slugs of a product's names; the SKU's when neither name gives one."""
    slug_fr = slugify(name_fr)[:SLUG_LENGTH].strip("-") if name_fr else ""
    slug_ar = slugify_ar(name_ar)[:SLUG_LENGTH].strip("-") if name_ar else ""
    if not (slug_fr or slug_ar):
        slug_fr = slugify(sku) or slugify_ar(sku) or "p"
    return {"slug_fr": slug_fr, "slug_ar": slug_ar}


def ref_id(ref):
    """The id of an existing row (an int) or of a placeholder once it has been written."""
    return ref if ref is None or isinstance(ref, int) else ref.id


@dataclass(eq=False)
class NewBrand:
    name: str
    id: int | None = None


@dataclass(eq=False)
class NewCategory:
    name: str
    parent: "int | NewCategory | None"
    label: str
    id: int | None = None


@dataclass(eq=False)
class NewMake:
    name: str
    id: int | None = None


@dataclass(eq=False)
class NewModel:
    make: "int | NewMake"
    name: str
    id: int | None = None


@dataclass(eq=False)
class NewVehicle:
    model: "int | NewModel"
    year_from: int
    year_to: int | None
    label: str
    id: int | None = None


class CatalogIndex:
    """Brands, categories and vehicles by name, loaded once; missing ones become placeholders."""

    def __init__(self):
        brands = db.session.execute(select(Brand.id, Brand.name))
        self.brands = {name_key(name): brand_id for brand_id, name in brands}
        self.categories = {}
        rows = db.session.execute(
            select(Category.id, Category.parent_id, Category.name_fr, Category.name_ar).order_by(
                Category.position, Category.id
            )
        )
        for category_id, parent_id, name_fr, name_ar in rows:
            for name in (name_fr, name_ar):
                if name:
                    self.categories.setdefault((parent_id, name_key(name)), category_id)
        makes = db.session.execute(select(VehicleMake.id, VehicleMake.name))
        self.makes = {name_key(name): make_id for make_id, name in makes}
        self.models = {
            (make_id, name_key(name)): id_
            for id_, make_id, name in db.session.execute(
                select(VehicleModel.id, VehicleModel.make_id, VehicleModel.name)
            )
        }
        self.vehicles, self.first_years = {}, {}
        vehicles = select(
            Vehicle.id, Vehicle.model_id, Vehicle.generation, Vehicle.year_from, Vehicle.year_to
        )
        for vehicle in db.session.execute(vehicles.order_by(Vehicle.id)):
            span = (vehicle.model_id, vehicle.year_from, vehicle.year_to)
            self.vehicles.setdefault(span, []).append(vehicle.id)
            if vehicle.generation == "":
                self.first_years[(vehicle.model_id, vehicle.year_from)] = vehicle.year_to

    def brand(self, name):
        key = name_key(name)
        if key not in self.brands:
            self.brands[key] = NewBrand(name)
        return self.brands[key]

    def category(self, levels):
        parent = None
        for depth, level in enumerate(levels):
            key = (parent, name_key(level))
            if key not in self.categories:
                label = " > ".join(levels[: depth + 1])
                self.categories[key] = NewCategory(level, parent, label)
            parent = self.categories[key]
        return parent

    def vehicle(self, spec, fitted_ids):
        """The vehicle of `spec`: one the product already fits if several share its years."""
        make_key = name_key(spec.make)
        if make_key not in self.makes:
            self.makes[make_key] = NewMake(spec.make)
        make = self.makes[make_key]
        model_key = (make, name_key(spec.model))
        if model_key not in self.models:
            self.models[model_key] = NewModel(make, spec.model)
        model = self.models[model_key]
        span = (model, spec.year_from, spec.year_to)
        if span not in self.vehicles:
            if self.first_years.get((model, spec.year_from), spec.year_to) != spec.year_to:
                # The unnamed generation starting that year exists with other years.
                raise CellError("vehicle_conflict", value=str(spec))
            self.vehicles[span] = [NewVehicle(model, spec.year_from, spec.year_to, str(spec))]
            self.first_years[(model, spec.year_from)] = spec.year_to
        candidates = self.vehicles[span]
        return next((id_ for id_ in candidates if id_ in fitted_ids), candidates[0])


@dataclass
class Existing:
    """A product as the catalog has it, with what an import line may change around it."""

    row: object
    references: dict = field(default_factory=dict)
    vehicle_ids: set = field(default_factory=set)
    image: object = None
    stock: object = None


@dataclass
class ImageChange:
    image_id: int | None
    url: str


@dataclass
class StockChange:
    on_hand: int
    delta: int


@dataclass
class ProductChange:
    """What one line does to its product; a new product gets its `product_id` when written."""

    line: int
    sku: str
    product_id: int | None
    is_new: bool = False
    fields: dict = field(default_factory=dict)
    old_prices: tuple | None = None
    references_added: list = field(default_factory=list)
    references_removed: list = field(default_factory=list)
    references_recoded: list = field(default_factory=list)
    vehicles_added: list = field(default_factory=list)
    vehicles_removed: list = field(default_factory=list)
    image: ImageChange | None = None
    stock: StockChange | None = None

    @property
    def outcome(self):
        if self.is_new:
            return "created"
        changes = (
            self.fields,
            self.references_added,
            self.references_removed,
            self.references_recoded,
            self.vehicles_added,
            self.vehicles_removed,
            self.image,
            self.stock,
        )
        return "updated" if any(changes) else "unchanged"

    @property
    def price_changed(self):
        return "price" in self.fields or "compare_at_price" in self.fields


@dataclass
class ImportPlan:
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    index: CatalogIndex | None = None
    default_location_id: int | None = None

    def new_entities(self):
        """Brands, categories and vehicles the accepted lines would create, by kind."""
        brands, categories, vehicles = {}, {}, {}
        for change in self.changes:
            brand, category = change.fields.get("brand_id"), change.fields.get("category_id")
            if isinstance(brand, NewBrand):
                brands[brand] = None
            while isinstance(category, NewCategory):
                categories[category] = None
                category = category.parent
            for vehicle in change.vehicles_added:
                if isinstance(vehicle, NewVehicle):
                    vehicles[vehicle] = None
        by_depth = sorted(categories, key=lambda category: category.label.count(">"))
        return list(brands), by_depth, list(vehicles)


# Loading ----------------------------------------------------------------------------------------


def default_location_id():
    return db.session.scalar(select(Location.id).where(Location.is_default))


def _load_existing(skus, location_id, lock):
    """The existing products of `skus` by SKU, locked for the rest of the transaction if `lock`."""
    table = Product.__table__
    query = select(table).where(table.c.sku.in_(skus))
    if lock:
        query = query.with_for_update()
    existing = {row.sku: Existing(row) for row in db.session.execute(query)}
    by_id = {item.row.id: item for item in existing.values()}
    if not by_id:
        return existing
    ids = list(by_id)
    references = select(ProductReference.id, ProductReference.product_id, ProductReference.code)
    for ref in db.session.execute(
        references.where(ProductReference.product_id.in_(ids), ProductReference.kind == "oem")
    ):
        by_id[ref.product_id].references[code_key(ref.code)] = ref
    fitments = select(Fitment.product_id, Fitment.vehicle_id).where(Fitment.product_id.in_(ids))
    for product_id, vehicle_id in db.session.execute(fitments):
        by_id[product_id].vehicle_ids.add(vehicle_id)
    images = (
        select(ProductImage.id, ProductImage.product_id, ProductImage.url)
        .where(ProductImage.product_id.in_(ids))
        .order_by(ProductImage.product_id, ProductImage.position, ProductImage.id)
        .ext(distinct_on(ProductImage.product_id))
    )
    for image in db.session.execute(images):
        by_id[image.product_id].image = image
    if location_id is not None:
        levels = select(StockLevel.product_id, StockLevel.on_hand, StockLevel.reserved).where(
            StockLevel.product_id.in_(ids), StockLevel.location_id == location_id
        )
        if lock:
            levels = levels.with_for_update()
        for level in db.session.execute(levels):
            by_id[level.product_id].stock = level
    return existing


# Changes ----------------------------------------------------------------------------------------


def _field_changes(item, existing, index):
    """The product columns the line sets, resolved, and only those that differ when it exists."""
    fields = {
        PLAIN_FIELDS[column]: value
        for column, value in item.values.items()
        if column in PLAIN_FIELDS
    }
    if "brand" in item.values:
        fields["brand_id"] = item.values["brand"] and index.brand(item.values["brand"])
    if "category" in item.values:
        fields["category_id"] = item.values["category"] and index.category(item.values["category"])
    if existing is None:
        fields = {**NEW_PRODUCT_DEFAULTS, **fields}
        return {**fields, **product_slugs(fields["name_fr"], fields["name_ar"], item.sku)}
    changed = {
        name: value for name, value in fields.items() if value != getattr(existing.row, name)
    }
    if "name_fr" in changed or "name_ar" in changed:
        name_fr = changed.get("name_fr", existing.row.name_fr)
        name_ar = changed.get("name_ar", existing.row.name_ar)
        slugs = product_slugs(name_fr, name_ar, item.sku)
        changed.update(
            {key: slug for key, slug in slugs.items() if slug != getattr(existing.row, key)}
        )
    return changed


def _check_product(item, fields, existing):
    """Reasons the product would be invalid with these fields: names, price, old price."""

    def final(name):
        return fields[name] if name in fields else getattr(existing.row, name)

    errors = []
    if not (final("name_fr") or final("name_ar")):
        errors.append(LineError(item.line, "no_name"))
    if existing is None and "price" not in fields:
        errors.append(LineError(item.line, "no_price"))
    elif final("compare_at_price") is not None and final("compare_at_price") <= final("price"):
        errors.append(LineError(item.line, "compare_at_not_above_price"))
    return errors


def _reference_changes(change, references, existing):
    current = existing.references if existing else {}
    wanted = {reference.normalized: reference for reference in references}
    change.references_removed = [ref.id for key, ref in current.items() if key not in wanted]
    change.references_added = [ref for key, ref in wanted.items() if key not in current]
    change.references_recoded = [
        (current[key].id, ref.code)
        for key, ref in wanted.items()
        if key in current and current[key].code != ref.code
    ]


def _vehicle_changes(change, specs, existing, index):
    fitted = existing.vehicle_ids if existing else set()
    wanted = list(dict.fromkeys(index.vehicle(spec, fitted) for spec in specs))
    change.vehicles_added = [vehicle for vehicle in wanted if vehicle not in fitted]
    change.vehicles_removed = sorted(fitted - set(wanted))


def _stock_change(stock, existing):
    level = existing.stock if existing else None
    on_hand, reserved = (level.on_hand, level.reserved) if level else (0, 0)
    if stock < reserved:
        raise CellError("below_reserved", stock=stock, reserved=reserved)
    return StockChange(stock, stock - on_hand) if stock != on_hand else None


def _image_change(url, existing):
    image = existing.image if existing else None
    if image is not None and image.url == url:
        return None
    return ImageChange(image.id if image else None, url)


def plan_line(item, existing, index):
    """The change of one line, or the reasons it is refused (then the change is None)."""
    if existing is not None and existing.row.deleted_at is not None:
        return None, [LineError(item.line, "deleted_product", {"sku": item.sku})]
    product_id = existing.row.id if existing else None
    change = ProductChange(item.line, item.sku, product_id, is_new=existing is None)
    try:
        change.fields = _field_changes(item, existing, index)
        errors = _check_product(item, change.fields, existing)
        if "oem_refs" in item.values:
            _reference_changes(change, item.values["oem_refs"], existing)
        if "vehicles" in item.values:
            _vehicle_changes(change, item.values["vehicles"], existing, index)
        if "stock" in item.values:
            change.stock = _stock_change(item.values["stock"], existing)
    except CellError as error:
        return None, [LineError(item.line, error.code, error.params)]
    if "image_url" in item.values:
        change.image = _image_change(item.values["image_url"], existing)
    if errors:
        return None, errors
    if existing is not None and change.price_changed:
        change.old_prices = (existing.row.price, existing.row.compare_at_price)
    return change, []


def plan_import(products, lock, on_progress=None):
    """Match every line with the catalog; `lock` holds the products it reads until commit."""
    plan = ImportPlan(index=CatalogIndex(), default_location_id=default_location_id())
    done = 0
    for start in range(0, len(products), CHUNK_SIZE):
        chunk = products[start : start + CHUNK_SIZE]
        existing = _load_existing([item.sku for item in chunk], plan.default_location_id, lock)
        for item in chunk:
            change, errors = plan_line(item, existing.get(item.sku), plan.index)
            plan.errors.extend(errors)
            if change is not None:
                plan.changes.append(change)
            done += 1
            if on_progress:
                on_progress(done / len(products))
    return plan
