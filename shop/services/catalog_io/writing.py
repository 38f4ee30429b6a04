"""Writing an import plan: the missing brands, categories and vehicles, then products in bulk.

Products, references, fitment, images, stock and price history go in as a few multi-row
statements per chunk of products; nothing is committed here.
"""

import math
import re
from collections import defaultdict

from sqlalchemy import (
    Integer,
    cast,
    column,
    delete,
    func,
    insert,
    select,
    tuple_,
    update,
    values,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert

from shop.extensions import db
from shop.models import (
    Brand,
    Category,
    Fitment,
    Location,
    PriceHistory,
    Product,
    ProductImage,
    ProductReference,
    StockLevel,
    StockMovement,
    Vehicle,
    VehicleMake,
    VehicleModel,
)
from shop.services.catalog_io.planning import NewMake, NewModel, ref_id
from shop.services.slugs import slugify, slugify_ar
from shop.services.stock import mark_bulk_stock_write

# Products per round of statements, at least 50 and at most 500: big rounds are quicker, and
# aiming at PROGRESS_STEPS rounds keeps the progress bar moving while a big file is written.
WRITE_CHUNK = (50, 500)
PROGRESS_STEPS = 50
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
DEFAULT_LOCATION = {"code": "MAIN", "name_fr": "Dépôt principal", "name_ar": "المستودع الرئيسي"}


def unique_slug(base, taken, limit):
    """`base` cut to `limit`, with -2, -3… added until it is not in `taken` (which gets it)."""
    base = base[: limit - 4].strip("-") or "x"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def name_slug(name):
    """An ASCII slug of a Latin name, else one keeping its Arabic letters."""
    return slugify(name) or slugify_ar(name)


def _taken(column):
    return set(db.session.scalars(select(column)))


def _add(instance):
    db.session.add(instance)
    db.session.flush()
    return instance


def _write_brands(brands):
    taken = _taken(Brand.slug)
    for brand in brands:
        slug = unique_slug(name_slug(brand.name), taken, 140)
        brand.id = _add(Brand(name=brand.name, slug=slug)).id


def _write_categories(categories):
    """Create categories parents first, each last among its siblings."""
    taken_fr, taken_ar = _taken(Category.slug_fr), _taken(Category.slug_ar)
    for new in categories:
        parent = db.session.get(Category, ref_id(new.parent)) if new.parent else None
        siblings = select(func.max(Category.position)).where(
            Category.parent_id == ref_id(new.parent) if new.parent else Category.parent_id.is_(None)
        )
        arabic = bool(_ARABIC_LETTER.search(new.name))
        # A category named in one language has the same slug in both.
        slug = (slugify_ar if arabic else slugify)(new.name)
        category = _add(
            Category(
                parent_id=parent.id if parent else None,
                path="",
                depth=parent.depth + 1 if parent else 0,
                position=(db.session.scalar(siblings) or 0) + 1,
                **{"name_ar" if arabic else "name_fr": new.name},
                slug_fr=unique_slug(slug, taken_fr, 140),
                slug_ar=unique_slug(slug, taken_ar, 140),
            )
        )
        category.path = f"{parent.path if parent else '/'}{category.id}/"
        new.id = category.id
    db.session.flush()


def _make_id(make, taken):
    if isinstance(make, NewMake) and make.id is None:
        slug = unique_slug(name_slug(make.name), taken, 80)
        make.id = _add(VehicleMake(name=make.name, slug=slug)).id
    return ref_id(make)


def _model_id(model, make_slugs, model_slugs):
    if isinstance(model, NewModel) and model.id is None:
        make_id = _make_id(model.make, make_slugs)
        slug = unique_slug(name_slug(model.name), model_slugs[make_id], 100)
        model.id = _add(VehicleModel(make_id=make_id, name=model.name, slug=slug)).id
    return ref_id(model)


def _write_vehicles(vehicles):
    make_slugs = _taken(VehicleMake.slug)
    model_slugs = defaultdict(set)
    for make_id, slug in db.session.execute(select(VehicleModel.make_id, VehicleModel.slug)):
        model_slugs[make_id].add(slug)
    for new in vehicles:
        model_id = _model_id(new.model, make_slugs, model_slugs)
        vehicle = Vehicle(model_id=model_id, year_from=new.year_from, year_to=new.year_to)
        new.id = _add(vehicle).id


def create_default_location():
    """The default stock location, created for an import that sets stock in a shop without one."""
    taken = _taken(Location.code)
    code = unique_slug(DEFAULT_LOCATION["code"], taken, 32)
    return _add(Location(**{**DEFAULT_LOCATION, "code": code}, is_default=True)).id


# Products ---------------------------------------------------------------------------------------


def _resolved(fields):
    """The fields with brand and category placeholders replaced by the ids they were given."""
    lookups = ("brand_id", "category_id")
    return {name: ref_id(value) if name in lookups else value for name, value in fields.items()}


def _insert_products(changes):
    table = Product.__table__
    rows = [{"sku": change.sku, **_resolved(change.fields)} for change in changes]
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    product_ids = db.session.execute(statement, rows).scalars() if rows else []
    for change, product_id in zip(changes, product_ids, strict=True):
        change.product_id = product_id


def update_by_id(table, rows):
    """Set columns of many rows of `table` in one UPDATE … FROM (VALUES …).

    `rows` are dicts with an "id" and the same other keys. One statement (and one firing of the
    table's statement triggers) instead of one per row; casts, because PostgreSQL types a VALUES
    column of NULLs as text.
    """
    names = [name for name in rows[0] if name != "id"]
    new = values(
        column("id", Integer), *(column(name, table.c[name].type) for name in names), name="new"
    ).data([tuple(row[name] for name in ("id", *names)) for row in rows])
    statement = (
        update(table)
        .where(table.c.id == new.c.id)
        .values({name: cast(new.c[name], table.c[name].type) for name in names})
    )
    db.session.execute(statement)


def _update_products(changes):
    """One UPDATE per set of changed columns, for every product that changes them."""
    groups = defaultdict(list)
    for change in changes:
        fields = _resolved(change.fields)
        groups[tuple(sorted(fields))].append({"id": change.product_id, **fields})
    for rows in groups.values():
        update_by_id(Product.__table__, rows)


def _write_products(changes):
    _insert_products([change for change in changes if change.is_new])
    _update_products([change for change in changes if not change.is_new and change.fields])


def _write_references(changes):
    table = ProductReference.__table__
    removed = [ref for change in changes for ref in change.references_removed]
    if removed:
        db.session.execute(delete(table).where(table.c.id.in_(removed)))
    recoded = [{"id": ref, "code": code} for c in changes for ref, code in c.references_recoded]
    if recoded:
        update_by_id(table, recoded)
    added = [
        {"product_id": c.product_id, "kind": "oem", "code": r.code, "code_normalized": r.normalized}
        for c in changes
        for r in c.references_added
    ]
    if added:
        db.session.execute(insert(table), added)


def _write_fitments(changes):
    table = Fitment.__table__
    removed = [(c.product_id, vehicle) for c in changes for vehicle in c.vehicles_removed]
    if removed:
        pairs = tuple_(table.c.product_id, table.c.vehicle_id)
        db.session.execute(delete(table).where(pairs.in_(removed)))
    added = [
        {"product_id": c.product_id, "vehicle_id": ref_id(vehicle)}
        for c in changes
        for vehicle in c.vehicles_added
    ]
    if added:
        db.session.execute(insert(table), added)


def _write_images(changes):
    table = ProductImage.__table__
    images = [change for change in changes if change.image]
    moved = [
        {"id": c.image.image_id, "url": c.image.url, "width": None, "height": None}
        for c in images
        if c.image.image_id
    ]
    if moved:
        update_by_id(table, moved)
    added = [
        {"product_id": c.product_id, "url": c.image.url, "position": 0}
        for c in images
        if c.image.image_id is None
    ]
    if added:
        db.session.execute(insert(table), added)


def _write_stock(changes, location_id, staff_user_id):
    """Set on hand at the default location; the ledger gets each difference as an import.
    Returns the ids of the products written."""
    moved = [change for change in changes if change.stock]
    if not moved:
        return []
    mark_bulk_stock_write()
    levels = [
        {"product_id": c.product_id, "location_id": location_id, "on_hand": c.stock.on_hand}
        for c in moved
    ]
    statement = pg_insert(StockLevel.__table__).values(levels)
    statement = statement.on_conflict_do_update(
        index_elements=["product_id", "location_id"],
        set_={"on_hand": statement.excluded.on_hand},
    )
    db.session.execute(statement)
    movements = [
        {
            "product_id": c.product_id,
            "location_id": location_id,
            "on_hand_delta": c.stock.delta,
            "reserved_delta": 0,
            "reason": "import",
            "staff_user_id": staff_user_id,
        }
        for c in moved
    ]
    db.session.execute(insert(StockMovement.__table__), movements)
    return [c.product_id for c in moved]


def _write_price_history(changes, staff_user_id):
    rows = []
    for change in changes:
        if not change.price_changed:
            continue
        old_price, old_compare = change.old_prices or (None, None)
        rows.append(
            {
                "product_id": change.product_id,
                "old_price": old_price,
                "new_price": change.fields.get("price", old_price),
                "old_compare_at_price": old_compare,
                "new_compare_at_price": change.fields.get("compare_at_price", old_compare),
                "changed_by_id": staff_user_id,
                "source": "import",
            }
        )
    if rows:
        db.session.execute(insert(PriceHistory.__table__), rows)


def write_plan(plan, staff_user_id=None, on_progress=None):
    """Apply every change of `plan` in the session's transaction (the caller commits); the ids
    of the products whose stock it wrote."""
    brands, categories, vehicles = plan.new_entities()
    _write_brands(brands)
    _write_categories(categories)
    _write_vehicles(vehicles)
    changed = [change for change in plan.changes if change.outcome != "unchanged"]
    location_id = plan.default_location_id
    if location_id is None and any(change.stock for change in changed):
        location_id = create_default_location()
    smallest, largest = WRITE_CHUNK
    size = max(smallest, min(largest, math.ceil(len(changed) / PROGRESS_STEPS)))
    stocked = []
    for start in range(0, len(changed), size):
        chunk = changed[start : start + size]
        _write_products(chunk)
        _write_references(chunk)
        _write_fitments(chunk)
        _write_images(chunk)
        stocked += _write_stock(chunk, location_id, staff_user_id)
        _write_price_history(chunk, staff_user_id)
        if on_progress:
            on_progress(min(start + size, len(changed)) / len(changed))
    return stocked
