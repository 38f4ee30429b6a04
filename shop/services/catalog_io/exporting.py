"""Exporting the catalog as CSV, streamed product by product in the columns the import reads.

UTF-8 with a BOM (so Excel reads the Arabic right), `,` between cells; importing the result
changes nothing.
"""

import csv
import io

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import distinct_on

from shop.extensions import db
from shop.i18n import default_language
from shop.models import (
    Brand,
    Category,
    Fitment,
    Product,
    ProductImage,
    ProductReference,
    StockLevel,
    Vehicle,
    VehicleMake,
    VehicleModel,
)
from shop.services.catalog_io.planning import default_location_id
from shop.services.catalog_io.reading import COLUMNS, LIST_SEPARATOR

EXPORT_BATCH = 1000
BOM = "\ufeff"


def _csv_line(cells):
    buffer = io.StringIO()
    csv.writer(buffer).writerow(cells)
    return buffer.getvalue()


def _number(value):
    """A decimal as the import reads it back: no exponent, no trailing zeros."""
    return "" if value is None else format(value.normalize(), "f")


def category_paths(language):
    """Every category's path "Root > … > Leaf" by id, named in `language` where it can be."""
    rows = db.session.execute(
        select(Category.id, Category.path, Category.name_fr, Category.name_ar)
    ).all()
    names = {
        row.id: (row.name_ar or row.name_fr) if language == "ar" else (row.name_fr or row.name_ar)
        for row in rows
    }
    return {
        row.id: " > ".join(names[int(part)] for part in row.path.strip("/").split("/"))
        for row in rows
    }


def vehicle_labels():
    """Every vehicle as `Make/Model/YYYY-YYYY` by id, in the order export lists them."""
    query = (
        select(Vehicle.id, VehicleMake.name, VehicleModel.name, Vehicle.year_from, Vehicle.year_to)
        .join(VehicleModel, VehicleModel.id == Vehicle.model_id)
        .join(VehicleMake, VehicleMake.id == VehicleModel.make_id)
        .order_by(VehicleMake.name, VehicleModel.name, Vehicle.year_from, Vehicle.id)
    )
    return {
        vehicle_id: f"{make}/{model}/{year_from}-{year_to or ''}"
        for vehicle_id, make, model, year_from, year_to in db.session.execute(query)
    }


def _products_query(category_id, brand_id, status, product_ids):
    table = Product.__table__
    query = select(table).where(table.c.deleted_at.is_(None))
    if category_id is not None:
        subtree = select(Category.path).where(Category.id == category_id).scalar_subquery()
        inside = select(Category.id).where(Category.path.startswith(subtree))
        query = query.where(table.c.category_id.in_(inside))
    if brand_id is not None:
        query = query.where(table.c.brand_id == brand_id)
    if status is not None:
        query = query.where(table.c.status == status)
    if product_ids is not None:
        query = query.where(table.c.id.in_(list(product_ids)))
    return query.order_by(table.c.id).limit(EXPORT_BATCH)


def _batch_details(ids, location_id, vehicles):
    """References, fitment, main image and stock of the products `ids`, by product id."""
    references, fitted, images, stock = {}, {}, {}, {}
    query = select(ProductReference.product_id, ProductReference.code).where(
        ProductReference.product_id.in_(ids), ProductReference.kind == "oem"
    )
    for product_id, code in db.session.execute(query.order_by(ProductReference.id)):
        references.setdefault(product_id, []).append(code)
    rank = {vehicle_id: position for position, vehicle_id in enumerate(vehicles)}
    query = select(Fitment.product_id, Fitment.vehicle_id).where(Fitment.product_id.in_(ids))
    for product_id, vehicle_id in db.session.execute(query):
        fitted.setdefault(product_id, []).append(vehicle_id)
    fitted = {
        product_id: [vehicles[v] for v in sorted(vehicle_ids, key=rank.__getitem__)]
        for product_id, vehicle_ids in fitted.items()
    }
    query = (
        select(ProductImage.product_id, ProductImage.url)
        .where(ProductImage.product_id.in_(ids))
        .order_by(ProductImage.product_id, ProductImage.position, ProductImage.id)
        .ext(distinct_on(ProductImage.product_id))
    )
    images = dict(db.session.execute(query).all())
    if location_id is not None:
        query = select(StockLevel.product_id, StockLevel.on_hand).where(
            StockLevel.product_id.in_(ids), StockLevel.location_id == location_id
        )
        stock = dict(db.session.execute(query).all())
    return references, fitted, images, stock


TEXT_COLUMNS = (
    "sku",
    "name_fr",
    "name_ar",
    "description_fr",
    "description_ar",
    "barcode",
    "status",
)


def _product_cells(row, catalog, details):
    references, fitted, images, stock = details
    cells = {column: getattr(row, column) or "" for column in TEXT_COLUMNS}
    cells.update(
        brand=catalog["brands"].get(row.brand_id, ""),
        category=catalog["paths"].get(row.category_id, ""),
        price=_number(row.price),
        compare_at_price=_number(row.compare_at_price),
        stock=stock.get(row.id, 0),
        oem_refs=LIST_SEPARATOR.join(references.get(row.id, [])),
        vehicles=LIST_SEPARATOR.join(fitted.get(row.id, [])),
        image_url=images.get(row.id, ""),
        restricted="1" if row.is_restricted else "0",
        weight_kg=_number(row.weight_kg),
    )
    return [cells[column] for column in COLUMNS]


def export_catalog(category_id=None, brand_id=None, status=None, product_ids=None, language=None):
    """The catalog CSV, line by line (str), the header first; soft-deleted products left out.

    Filters: a category (with its subcategories), a brand, a status, a list of product ids.
    Category paths are named in `language` (the shop's default language unless given).
    """
    catalog = {
        "paths": category_paths(language or default_language()),
        "brands": dict(db.session.execute(select(Brand.id, Brand.name)).all()),
    }
    vehicles = vehicle_labels()
    location_id = default_location_id()
    query = _products_query(category_id, brand_id, status, product_ids)
    yield BOM + _csv_line(COLUMNS)
    last_id = 0
    while rows := db.session.execute(query.where(Product.__table__.c.id > last_id)).all():
        details = _batch_details([row.id for row in rows], location_id, vehicles)
        for row in rows:
            yield _csv_line(_product_cells(row, catalog, details))
        last_id = rows[-1].id
