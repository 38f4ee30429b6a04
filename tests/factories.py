"""Factories that add valid rows to the test's session; keyword arguments override any field."""

import itertools
from decimal import Decimal

from sqlalchemy import select

from shop.auth import hash_password
from shop.extensions import db
from shop.models import (
    Brand,
    Category,
    City,
    Customer,
    DeliveryZone,
    Fitment,
    Location,
    Product,
    ProductImage,
    ProductReference,
    Region,
    StaffUser,
    StockLevel,
    Vehicle,
    VehicleMake,
    VehicleModel,
)
from shop.services.orders import CustomerDetails, OrderLine, place_order

_sequence = itertools.count(1)
# Hashing is deliberately slow; tests share one hash for the default password.
DEFAULT_PASSWORD = "correct horse battery staple"
_default_hash = hash_password(DEFAULT_PASSWORD)


def _add(instance):
    db.session.add(instance)
    db.session.flush()
    return instance


def make_staff(role="staff", password=None, **fields):
    n = next(_sequence)
    values = {
        "name": f"{role.title()} {n}",
        "email": f"{role}{n}@example.test",
        "phone": None,
        "role": role,
        "password_hash": hash_password(password) if password else _default_hash,
        **fields,
    }
    return _add(StaffUser(**values))


def make_customer(password=None, **fields):
    n = next(_sequence)
    values = {
        "name": f"Client {n}",
        "phone": f"+2162{n:07d}",
        "password_hash": hash_password(password) if password else None,
        **fields,
    }
    return _add(Customer(**values))


def make_category(parent=None, **fields):
    n = next(_sequence)
    category = Category(
        parent=parent,
        name_fr=fields.pop("name_fr", f"Catégorie {n}"),
        name_ar=fields.pop("name_ar", f"فئة {n}"),
        slug_fr=fields.pop("slug_fr", f"categorie-{n}"),
        slug_ar=fields.pop("slug_ar", f"فئة-{n}"),
        depth=parent.depth + 1 if parent else 0,
        path="",
        **fields,
    )
    _add(category)
    category.path = f"{parent.path if parent else '/'}{category.id}/"
    db.session.flush()
    return category


def make_brand(**fields):
    n = next(_sequence)
    return _add(Brand(**{"name": f"Marque {n}", "slug": f"marque-{n}", **fields}))


def make_product(**fields):
    n = next(_sequence)
    values = {
        "sku": f"SKU-{n:05d}",
        "name_fr": f"Produit {n}",
        "name_ar": f"منتج {n}",
        "slug_fr": f"produit-{n}",
        "slug_ar": f"منتج-{n}",
        "price": Decimal("10.500"),
        "status": "active",
        **fields,
    }
    return _add(Product(**values))


def make_location(**fields):
    n = next(_sequence)
    values = {"code": f"LOC{n}", "name_fr": f"Dépôt {n}", "name_ar": f"مستودع {n}", **fields}
    return _add(Location(**values))


def make_stock(product, location, on_hand, reserved=0):
    return _add(
        StockLevel(
            product_id=product.id, location_id=location.id, on_hand=on_hand, reserved=reserved
        )
    )


def make_city(region=None, **fields):
    n = next(_sequence)
    region = region or _add(
        Region(country="TN", code=f"R{n}", name_fr=f"Région {n}", name_ar=f"ولاية {n}")
    )
    return _add(City(region=region, **{"name_fr": f"Ville {n}", "name_ar": f"مدينة {n}", **fields}))


def make_zone(cities=(), **fields):
    n = next(_sequence)
    values = {
        "name_fr": f"Zone {n}",
        "name_ar": f"منطقة {n}",
        "fee": Decimal("7.000"),
        "min_order": Decimal("30.000"),
        "eta_hours_min": 24,
        "eta_hours_max": 48,
        **fields,
    }
    zone = _add(DeliveryZone(**values))
    zone.cities.extend(cities)
    db.session.flush()
    return zone


def make_vehicle(
    make="Renault", model="Clio", generation="", year_from=2012, year_to=None, **fields
):
    """A generation of `make` `model`; existing make, model and generation are reused."""
    make_row = db.session.scalar(select(VehicleMake).where(VehicleMake.name == make))
    if make_row is None:
        make_row = _add(VehicleMake(name=make, slug=make.lower().replace(" ", "-")))
    model_row = db.session.scalar(
        select(VehicleModel).where(VehicleModel.make_id == make_row.id, VehicleModel.name == model)
    )
    if model_row is None:
        slug = model.lower().replace(" ", "-")
        model_row = _add(VehicleModel(make=make_row, name=model, slug=slug))
    vehicle = db.session.scalar(
        select(Vehicle).where(
            Vehicle.model_id == model_row.id,
            Vehicle.generation == generation,
            Vehicle.year_from == year_from,
        )
    )
    if vehicle is not None:
        return vehicle
    values = {"generation": generation, "year_from": year_from, "year_to": year_to, **fields}
    return _add(Vehicle(model=model_row, **values))


def make_fitment(product, vehicle):
    return _add(Fitment(product_id=product.id, vehicle_id=vehicle.id))


def make_reference(product, code, kind="oem", manufacturer=None):
    normalized = "".join(char for char in code if char.isalnum()).upper()
    reference = ProductReference(
        product_id=product.id,
        kind=kind,
        code=code,
        code_normalized=normalized,
        manufacturer=manufacturer,
    )
    return _add(reference)


def make_image(product, url, position=0, **fields):
    return _add(ProductImage(product_id=product.id, url=url, position=position, **fields))


def make_order(channel="web", quantity=1, **details):
    """An order placed through the real service, a stocked product reserved for it; a WhatsApp
    order comes without a landmark, as customers send them. Needs an app context."""
    location = db.session.scalar(select(Location).where(Location.is_default)) or make_location(
        is_default=True
    )
    product = make_product(price=Decimal("40.000"))
    make_stock(product, location, on_hand=5)
    city = make_city()
    zone = make_zone(cities=[city], fee=Decimal("7.000"), min_order=Decimal(0))
    landmark = None if channel == "whatsapp" else "Près de la poste"
    values = {"name": "Sami Trabelsi", "phone": "+21698123456", "landmark": landmark, **details}
    customer = CustomerDetails(city_id=city.id, **values)
    return place_order([OrderLine(product.id, quantity)], customer, zone, channel, "fr").order
