"""The product page's data: the live product, stock per location, fitment, related products."""

import functools
from dataclasses import dataclass, field
from itertools import groupby, islice

from sqlalchemy import Integer, and_, any_, bindparam, func, select, true
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import joinedload

from shop.extensions import db, plain_rows
from shop.models import (
    Brand,
    Fitment,
    Location,
    Product,
    ProductImage,
    ProductReference,
    StockLevel,
    VehicleMake,
    VehicleModel,
)
from shop.models.base import NumberArray
from shop.services import catalog
from shop.services.cache import catalog_cached
from shop.services.vehicles import vehicle_index

RELATED_PRODUCTS = 8
# Featured first, then newest.
RELATED_ORDER = (Product.featured.desc(), Product.created_at.desc(), Product.id.desc())
SCHEMA_IN_STOCK = "https://schema.org/InStock"
SCHEMA_OUT_OF_STOCK = "https://schema.org/OutOfStock"


@functools.cache
def _live_product_query():
    return (
        select(Product)
        .where(Product.id == bindparam("product_id"), catalog.live_product())
        .options(
            joinedload(Product.brand),
            joinedload(Product.category),
            # A product has a few images and references: joined, they cost no round trip.
            joinedload(Product.images),
            joinedload(Product.references),
        )
    )


def live_product(product_id):
    """The live product with this id, its brand, category, images and references loaded; or None."""
    parameters = {"product_id": product_id}
    return db.session.scalars(_live_product_query(), parameters).unique().first()


def stock_state(available, low_threshold):
    """ "out" when nothing can be sold, "low" up to the product's threshold, else "in"."""
    if available <= 0:
        return "out"
    return "low" if available <= low_threshold else "in"


@dataclass(frozen=True)
class LocationRecord:
    id: int
    name_fr: str | None
    name_ar: str | None


@dataclass(frozen=True)
class LocationStock:
    location: LocationRecord
    available: int
    state: str


@dataclass(frozen=True)
class Availability:
    """What can be sold now (on hand less reserved), in all and per active location."""

    available: int
    state: str
    locations: list = field(default_factory=list)

    @property
    def schema_url(self):
        """The schema.org `ItemAvailability` of the offer."""
        return SCHEMA_OUT_OF_STOCK if self.state == "out" else SCHEMA_IN_STOCK


def availability_of(units_by_location, low_threshold):
    """`Availability` from `[(location, units it can sell)]`, default location first."""
    locations = [
        LocationStock(location, max(units, 0), stock_state(units, low_threshold))
        for location, units in units_by_location
    ]
    total = sum(stock.available for stock in locations)
    return Availability(total, stock_state(total, low_threshold), locations)


@dataclass(frozen=True)
class ImageRecord:
    url: str
    alt_fr: str | None
    alt_ar: str | None
    width: int | None
    height: int | None


@dataclass(frozen=True)
class ReferenceRecord:
    kind: str
    manufacturer: str | None
    code: str


@dataclass(frozen=True)
class ShownProduct:
    """What the product page shows of a live product, read as plain values (`shown_product`);
    `category` is its record in the category index, `availability` its `Availability`."""

    id: int
    sku: str
    barcode: str | None
    name_fr: str | None
    name_ar: str | None
    description_fr: str | None
    description_ar: str | None
    slug_fr: str
    slug_ar: str
    price: object
    compare_at_price: object
    is_restricted: bool
    brand: catalog.BrandRecord | None
    category: catalog.CategoryRecord | None
    images: tuple
    references: tuple
    availability: Availability


def _json_list(*columns, order_by, where, from_=None):
    """A scalar subquery: the rows of `columns` matching `where` as a JSON array of arrays."""
    rows = select(func.json_agg(aggregate_order_by(func.json_build_array(*columns), *order_by)))
    if from_ is not None:
        rows = rows.select_from(from_)
    return rows.where(where).scalar_subquery()


@functools.cache
def _shown_product_query():
    """The statement of `shown_product`, built once: the product with its brand, and its images,
    references and stock per active location as JSON arrays, in one round trip."""
    images = _json_list(
        ProductImage.url,
        ProductImage.alt_fr,
        ProductImage.alt_ar,
        ProductImage.width,
        ProductImage.height,
        order_by=(ProductImage.position, ProductImage.id),
        where=ProductImage.product_id == Product.id,
    )
    references = _json_list(
        ProductReference.kind,
        ProductReference.manufacturer,
        ProductReference.code,
        order_by=(ProductReference.id,),
        where=ProductReference.product_id == Product.id,
    )
    stock_here = and_(StockLevel.location_id == Location.id, StockLevel.product_id == Product.id)
    stock = _json_list(
        Location.id,
        Location.name_fr,
        Location.name_ar,
        func.coalesce(StockLevel.on_hand - StockLevel.reserved, 0),
        order_by=(Location.is_default.desc(), Location.id),
        where=Location.is_active,
        from_=Location.__table__.outerjoin(StockLevel.__table__, stock_here),
    )
    return (
        select(
            Product.id,
            Product.sku,
            Product.barcode,
            Product.name_fr,
            Product.name_ar,
            Product.description_fr,
            Product.description_ar,
            Product.slug_fr,
            Product.slug_ar,
            Product.price,
            Product.compare_at_price,
            Product.is_restricted,
            Product.low_stock_threshold,
            Product.category_id,
            Brand.id,
            Brand.name,
            Brand.slug,
            images,
            references,
            stock,
        )
        .outerjoin(Brand, Brand.id == Product.brand_id)
        .where(Product.id == bindparam("product_id"), catalog.live_product())
    )


def shown_product(product_id):
    """The live product with this id as its page shows it (`ShownProduct`), or None."""
    row = plain_rows(_shown_product_query(), {"product_id": product_id}).first()
    if row is None:
        return None
    (
        *own,
        low_threshold,
        category_id,
        brand_id,
        brand_name,
        brand_slug,
        images,
        references,
        stock,
    ) = row
    units_by_location = [
        (LocationRecord(location_id, name_fr, name_ar), units)
        for location_id, name_fr, name_ar, units in stock or ()
    ]
    return ShownProduct(
        *own,
        brand=catalog.BrandRecord(brand_id, brand_name, brand_slug) if brand_id else None,
        category=catalog.category_index().by_id.get(category_id),
        images=tuple(ImageRecord(*image) for image in images or ()),
        references=tuple(ReferenceRecord(*reference) for reference in references or ()),
        availability=availability_of(units_by_location, low_threshold),
    )


@dataclass(frozen=True)
class LiveProductIndex:
    """Every category's live products in related order, and the vehicles each product fits."""

    # category id -> ids of its live products, featured first, then newest.
    shelves: dict
    # product id -> frozenset of the vehicle ids it fits (live products with fitment only).
    vehicles: dict
    # product id -> its category's id (live products in a category).
    category_ids: dict
    # Ids of the live products in no category.
    uncategorized: frozenset
    # (product id, with fitment) -> `shown_related_ids`, filled in as pages ask: every product
    # page needs them before its cached copy can be looked up.
    related: dict = field(default_factory=dict, compare=False, repr=False)


@catalog_cached
def live_product_index():
    """The live products' index of this catalog version, from plain scans: product pages
    pick their related products and list their fitment from it instead of querying again."""
    shelf_rows = db.session.execute(
        select(Product.category_id, func.array_agg(aggregate_order_by(Product.id, *RELATED_ORDER)))
        .where(catalog.live_product(), Product.category_id.is_not(None))
        .group_by(Product.category_id)
    )
    vehicle_rows = db.session.execute(
        select(Fitment.product_id, func.array_agg(Fitment.vehicle_id))
        .join(Product, Product.id == Fitment.product_id)
        .where(catalog.live_product())
        .group_by(Fitment.product_id)
    )
    uncategorized = db.session.scalars(
        select(Product.id).where(catalog.live_product(), Product.category_id.is_(None))
    )
    shelves = {category_id: tuple(ids) for category_id, ids in shelf_rows}
    return LiveProductIndex(
        shelves=shelves,
        vehicles={product_id: frozenset(ids) for product_id, ids in vehicle_rows},
        category_ids={
            product_id: category_id for category_id, ids in shelves.items() for product_id in ids
        },
        uncategorized=frozenset(uncategorized),
    )


@dataclass(frozen=True)
class ModelFitment:
    """The generations of one model that a product fits, oldest first."""

    model: VehicleModel
    vehicles: list


@dataclass(frozen=True)
class MakeFitment:
    make: VehicleMake
    models: list


def fitted_vehicles(product_id):
    """The vehicles the live product fits, by make, model and years: records of the vehicle
    index, model and make included."""
    index = vehicle_index()
    ids = live_product_index().vehicles.get(product_id, ())
    vehicles = [index.vehicles[vehicle_id] for vehicle_id in ids if vehicle_id in index.vehicles]
    return sorted(vehicles, key=_make_model_years)


def _make_model_years(vehicle):
    model = vehicle.model
    return (model.make.name.casefold(), model.name.casefold(), vehicle.year_from, vehicle.id)


def group_by_make_and_model(vehicles):
    """Vehicles sorted by make and model, grouped as [MakeFitment(make, [ModelFitment…])]."""
    return [
        MakeFitment(
            make,
            [
                ModelFitment(model, list(of_model))
                for model, of_model in groupby(of_make, key=lambda v: v.model)
            ],
        )
        for make, of_make in groupby(vehicles, key=lambda v: v.model.make)
    ]


def fitted_vehicle_ids(product_id):
    """Ids of the known vehicles the live product fits."""
    known = vehicle_index().vehicles
    return {id_ for id_ in live_product_index().vehicles.get(product_id, ()) if id_ in known}


def vehicle_fit(product_id, vehicle_id):
    """Whether the live product fits the vehicle: True or False, None without fitment data."""
    vehicle_ids = fitted_vehicle_ids(product_id)
    if not vehicle_ids:
        return None
    return vehicle_id in vehicle_ids


def related_product_ids(product_id, category_id, by_vehicle):
    """Ids of other live products of the category, featured then newest; with `by_vehicle`,
    those sharing a vehicle with this product first."""
    index = live_product_index()
    others = (other for other in index.shelves.get(category_id, ()) if other != product_id)
    if not by_vehicle:
        return tuple(islice(others, RELATED_PRODUCTS))
    ours = index.vehicles.get(product_id, frozenset())
    sharing, not_sharing = [], []
    for other in others:
        shares = not ours.isdisjoint(index.vehicles.get(other, ()))
        if shares:
            sharing.append(other)
            if len(sharing) == RELATED_PRODUCTS:
                break
        elif len(not_sharing) < RELATED_PRODUCTS:
            not_sharing.append(other)
    return tuple((sharing + not_sharing)[:RELATED_PRODUCTS])


def shown_related_ids(product_id, with_fitment):
    """Ids of the related products the live product's page shows: other live products of its
    category, those sharing a vehicle with it first when the shop uses fitment."""
    index = live_product_index()
    key = (product_id, with_fitment)
    if key not in index.related:
        category_id = index.category_ids.get(product_id)
        by_vehicle = with_fitment and bool(fitted_vehicle_ids(product_id))
        index.related[key] = (
            () if category_id is None else related_product_ids(product_id, category_id, by_vehicle)
        )
    return index.related[key]


@dataclass(frozen=True)
class CardBrand:
    name: str


@dataclass(frozen=True)
class CardProduct:
    """What a product card shows, read as plain values: the attributes the card template uses
    on a `Product`, with only its first image, and the units it can still sell."""

    id: int
    sku: str
    name_fr: str | None
    name_ar: str | None
    slug_fr: str
    slug_ar: str
    price: object
    compare_at_price: object
    is_restricted: bool
    low_stock_threshold: int
    brand: CardBrand | None
    images: tuple
    available: int


@functools.cache
def _card_query():
    """The statement of `card_products`, built once: building and keying a statement of this
    size costs more than PostgreSQL takes to run it."""
    first_image = (
        select(
            ProductImage.url,
            ProductImage.alt_fr,
            ProductImage.alt_ar,
            ProductImage.width,
            ProductImage.height,
        )
        .where(ProductImage.product_id == Product.id)
        .order_by(ProductImage.position, ProductImage.id)
        .limit(1)
        .lateral("first_image")
    )
    available = (
        select(func.coalesce(func.sum(StockLevel.on_hand - StockLevel.reserved), 0))
        .join(Location, Location.id == StockLevel.location_id)
        .where(StockLevel.product_id == Product.id, Location.is_active)
        .scalar_subquery()
    )
    return (
        select(
            Product.id,
            Product.sku,
            Product.name_fr,
            Product.name_ar,
            Product.slug_fr,
            Product.slug_ar,
            Product.price,
            Product.compare_at_price,
            Product.is_restricted,
            Product.low_stock_threshold,
            Brand.name,
            first_image.c.url,
            first_image.c.alt_fr,
            first_image.c.alt_ar,
            first_image.c.width,
            first_image.c.height,
            available,
        )
        .outerjoin(Brand, Brand.id == Product.brand_id)
        .outerjoin(first_image, true())
        .where(
            Product.id == any_(bindparam("ids", type_=NumberArray(Integer))), catalog.live_product()
        )
    )


def card_products(product_ids):
    """The cards' data of the live products among `product_ids`, in that order (one query)."""
    if not product_ids:
        return []
    found = {}
    for row in plain_rows(_card_query(), {"ids": list(product_ids)}):
        *fields, brand_name, url, alt_fr, alt_ar, width, height, units = row
        image = ImageRecord(url, alt_fr, alt_ar, width, height) if url else None
        found[row[0]] = CardProduct(
            *fields,
            brand=CardBrand(brand_name) if brand_name else None,
            images=(image,) if image else (),
            available=int(units),
        )
    return [found[product_id] for product_id in product_ids if product_id in found]


@dataclass(frozen=True)
class ProductPage:
    """Everything the product page shows beyond the product's own columns."""

    fitment: list
    # Ids of the related products, for their cards.
    related_ids: tuple


def product_page(product, with_fitment, related_ids):
    """Gather the page of a live product (`shown_product`) showing the products with
    `related_ids` (as `shown_related_ids` gives them); fitment only when the shop uses it."""
    vehicles = fitted_vehicles(product.id) if with_fitment else []
    return ProductPage(
        fitment=group_by_make_and_model(vehicles),
        related_ids=tuple(related_ids),
    )


def is_gtin13(code):
    """Whether `code` is an EAN-13 / GTIN-13: thirteen digits with a valid check digit."""
    if not code or len(code) != 13 or not code.isascii() or not code.isdigit():
        return False
    weighted = sum(int(digit) * (3 if position % 2 else 1) for position, digit in enumerate(code))
    return weighted % 10 == 0
