"""The catalog's structure as staff shape it: brands, the category tree (create, rename, move,
reorder) and vehicles (makes, models, generations with their years)."""

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from shop.extensions import db
from shop.models import Brand, Category, Product, Vehicle, VehicleMake, VehicleModel
from shop.services.catalog_io.writing import unique_slug
from shop.services.slugs import slugify, slugify_ar

MAX_NAME_LENGTH = 120
FIRST_YEAR, LAST_YEAR = 1950, 2100


class StructureError(Exception):
    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def _name(text, field, required=True):
    text = (text or "").strip()
    if required and not text:
        raise StructureError(
            field, _("Give a name of at most %(limit)s characters.", limit=MAX_NAME_LENGTH)
        )
    if len(text) > MAX_NAME_LENGTH:
        raise StructureError(
            field, _("Give a name of at most %(limit)s characters.", limit=MAX_NAME_LENGTH)
        )
    return text or None


def _taken(column, exclude_id=None, model=None):
    query = select(column)
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    return set(db.session.scalars(query))


# Brands


def save_brand(name, brand=None):
    name = _name(name, "name")
    clash = db.session.scalar(select(Brand.id).where(func.lower(Brand.name) == name.lower()))
    if clash is not None and (brand is None or clash != brand.id):
        raise StructureError("name", _("A brand with this name already exists."))
    taken = _taken(Brand.slug, brand.id if brand else None, Brand)
    slug = unique_slug(slugify(name) or slugify_ar(name) or "marque", taken, 140)
    if brand is None:
        brand = Brand(name=name, slug=slug)
        db.session.add(brand)
    brand.name, brand.slug = name, slug
    db.session.flush()
    return brand


def brands_with_counts():
    count = (
        select(Product.brand_id, func.count().label("products"))
        .where(Product.deleted_at.is_(None))
        .group_by(Product.brand_id)
        .subquery()
    )
    query = (
        select(Brand, func.coalesce(count.c.products, 0))
        .outerjoin(count, count.c.brand_id == Brand.id)
        .order_by(Brand.name)
    )
    return db.session.execute(query).all()


# Categories


def category_rows():
    """Every category in tree order (by path of positions), with its live product count."""
    count = (
        select(Product.category_id, func.count().label("products"))
        .where(Product.deleted_at.is_(None))
        .group_by(Product.category_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Category, func.coalesce(count.c.products, 0)).outerjoin(
            count, count.c.category_id == Category.id
        )
    ).all()
    children = {}
    for category, products in rows:
        children.setdefault(category.parent_id, []).append((category, products))
    ordered = []

    def walk(parent_id):
        for category, products in sorted(
            children.get(parent_id, []), key=lambda row: (row[0].position, row[0].id)
        ):
            ordered.append((category, products))
            walk(category.id)

    walk(None)
    return ordered


def _category_slugs(category, name_fr, name_ar):
    base_fr = slugify(name_fr) if name_fr else slugify_ar(name_ar)
    base_ar = slugify_ar(name_ar) if name_ar else slugify(name_fr)
    category.slug_fr = unique_slug(
        base_fr or "c", _taken(Category.slug_fr, category.id, Category), 140
    )
    category.slug_ar = unique_slug(
        base_ar or "c", _taken(Category.slug_ar, category.id, Category), 140
    )


def _names(name_fr, name_ar):
    name_fr = _name(name_fr, "name_fr", required=False)
    name_ar = _name(name_ar, "name_ar", required=False)
    if not name_fr and not name_ar:
        raise StructureError("name_fr", _("Give a name in French or in Arabic."))
    return name_fr, name_ar


def _parent(parent_id):
    if not parent_id:
        return None
    parent = db.session.get(Category, parent_id)
    if parent is None:
        raise StructureError("parent", _("Choose a category from the list."))
    return parent


def create_category(name_fr, name_ar, parent_id):
    name_fr, name_ar = _names(name_fr, name_ar)
    parent = _parent(parent_id)
    siblings = select(func.coalesce(func.max(Category.position), 0)).where(
        Category.parent_id == parent.id if parent else Category.parent_id.is_(None)
    )
    category = Category(
        parent_id=parent.id if parent else None,
        depth=parent.depth + 1 if parent else 0,
        position=db.session.scalar(siblings) + 1,
        name_fr=name_fr,
        name_ar=name_ar,
        path="",
        slug_fr="",
        slug_ar="",
    )
    db.session.add(category)
    db.session.flush()
    category.path = f"{parent.path if parent else '/'}{category.id}/"
    _category_slugs(category, name_fr, name_ar)
    db.session.flush()
    return category


def rename_category(category, name_fr, name_ar):
    name_fr, name_ar = _names(name_fr, name_ar)
    category.name_fr, category.name_ar = name_fr, name_ar
    _category_slugs(category, name_fr, name_ar)
    db.session.flush()


def move_category(category, parent_id):
    """Put the category (and its whole subtree) under `parent_id`, or at the top when None."""
    parent = _parent(parent_id)
    if parent is not None and parent.path.startswith(category.path):
        raise StructureError("parent", _("A category cannot go under itself or one of its own."))
    old_path = category.path
    new_path = f"{parent.path if parent else '/'}{category.id}/"
    depth_change = (parent.depth + 1 if parent else 0) - category.depth
    db.session.execute(
        update(Category)
        .where(Category.path.startswith(old_path))
        .values(
            path=new_path + func.substr(Category.path, len(old_path) + 1),
            depth=Category.depth + depth_change,
        )
    )
    category.parent_id = parent.id if parent else None
    siblings = select(func.coalesce(func.max(Category.position), 0)).where(
        Category.parent_id == category.parent_id if parent else Category.parent_id.is_(None),
        Category.id != category.id,
    )
    category.position = db.session.scalar(siblings) + 1
    db.session.flush()
    db.session.expire_all()


def shift_category(category, direction):
    """Swap the category with its previous (-1) or next (+1) sibling."""
    siblings = list(
        db.session.scalars(
            select(Category)
            .where(
                Category.parent_id == category.parent_id
                if category.parent_id
                else Category.parent_id.is_(None)
            )
            .order_by(Category.position, Category.id)
        )
    )
    index = siblings.index(category)
    other = index + direction
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position
    db.session.flush()


def delete_category(category):
    has_children = db.session.scalar(select(func.count()).where(Category.parent_id == category.id))
    has_products = db.session.scalar(select(func.count()).where(Product.category_id == category.id))
    if has_children or has_products:
        raise StructureError(
            "delete",
            _("Only an empty category can be deleted: move its products and subcategories first."),
        )
    db.session.delete(category)
    db.session.flush()


# Vehicles


def vehicle_rows():
    query = (
        select(Vehicle, VehicleModel, VehicleMake)
        .join(VehicleModel, VehicleModel.id == Vehicle.model_id)
        .join(VehicleMake, VehicleMake.id == VehicleModel.make_id)
        .order_by(VehicleMake.name, VehicleModel.name, Vehicle.year_from)
    )
    return db.session.execute(query).all()


def _year(text, field, required):
    text = (text or "").strip()
    if not text and not required:
        return None
    if not (text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR):
        raise StructureError(
            field,
            _("Type a year between %(first)s and %(last)s.", first=FIRST_YEAR, last=LAST_YEAR),
        )
    return int(text)


def save_vehicle(make_name, model_name, generation, year_from, year_to, engines, vehicle=None):
    """Create (or edit) a vehicle; its make and model are created when new."""
    make_name = _name(make_name, "make")
    model_name = _name(model_name, "model")
    generation = (generation or "").strip()[:80]
    first = _year(year_from, "year_from", required=True)
    last = _year(year_to, "year_to", required=False)
    if last is not None and last < first:
        raise StructureError("year_to", _("The last year cannot come before the first."))
    make = db.session.scalar(
        select(VehicleMake).where(func.lower(VehicleMake.name) == make_name.lower())
    )
    if make is None:
        make = VehicleMake(
            name=make_name,
            slug=unique_slug(slugify(make_name) or "make", _taken(VehicleMake.slug), 80),
        )
        db.session.add(make)
        db.session.flush()
    model = db.session.scalar(
        select(VehicleModel).where(
            VehicleModel.make_id == make.id, func.lower(VehicleModel.name) == model_name.lower()
        )
    )
    if model is None:
        taken = set(
            db.session.scalars(select(VehicleModel.slug).where(VehicleModel.make_id == make.id))
        )
        model = VehicleModel(
            make_id=make.id,
            name=model_name,
            slug=unique_slug(slugify(model_name) or "model", taken, 100),
        )
        db.session.add(model)
        db.session.flush()
    clash = db.session.scalar(
        select(Vehicle.id).where(
            Vehicle.model_id == model.id,
            Vehicle.generation == generation,
            Vehicle.year_from == first,
        )
    )
    if clash is not None and (vehicle is None or clash != vehicle.id):
        raise StructureError("generation", _("This vehicle already exists."))
    if vehicle is None:
        vehicle = Vehicle()
        db.session.add(vehicle)
    vehicle.model_id = model.id
    vehicle.generation = generation
    vehicle.year_from, vehicle.year_to = first, last
    vehicle.engines = (engines or "").strip()[:255] or None
    db.session.flush()
    return vehicle
