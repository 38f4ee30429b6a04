"""Write a demo shop into the database with bulk inserts; the caller commits."""

import random
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel.numbers import get_currency_precision
from flask import current_app
from sqlalchemy import func, insert, select, text

from shop.auth import hash_password
from shop.demo import demo_staff, morocco, tunisia
from shop.demo.attributes import attribute_rows
from shop.demo.catalog import Money, plan_catalog
from shop.demo.sales import SalesContext, plan_customers, plan_handovers, plan_orders
from shop.extensions import db
from shop.models import (
    Address,
    AttributeDefinition,
    Brand,
    CashHandover,
    Category,
    City,
    Customer,
    Delivery,
    DeliveryZone,
    Fitment,
    Location,
    Order,
    OrderItem,
    OrderStatusEvent,
    Product,
    ProductReference,
    Region,
    StaffUser,
    StockLevel,
    StockMovement,
    Vehicle,
    VehicleMake,
    VehicleModel,
    zone_cities,
)
from shop.services.crypto import lookup_hash
from shop.services.slugs import slugify

COUNTRIES = {"TN": tunisia, "MA": morocco}
OPEN_STATUSES = {"awaiting_confirmation", "confirmed", "preparing", "out_for_delivery"}
STOCK_CEILING = {"autoparts": 25, "grocery": 150}
OUT_OF_STOCK_SHARE, LOW_STOCK_SHARE, SECOND_LOCATION_SHARE = 0.06, 0.1, 0.75


class DemoError(Exception):
    """The demo shop cannot be loaded here; the message says why."""


def has_products():
    return db.session.scalar(select(func.count()).select_from(Product)) > 0


def _insert(model, rows, returning=None):
    """Insert `rows` (dicts) in bulk; with `returning`, the ids in the order of the rows."""
    table = getattr(model, "__table__", model)
    if not rows:
        return []
    if returning is None:
        db.session.execute(insert(table), rows)
        return []
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(db.session.execute(statement, rows).scalars())


def _columns(rows, *names):
    return [{name: row[name] for name in names} for row in rows]


def _load_geography(country, money):
    region_rows, city_rows = [], []
    for code, name_fr, name_ar, cities in country.REGIONS:
        region_rows.append(
            {"country": country.COUNTRY, "code": code, "name_fr": name_fr, "name_ar": name_ar}
        )
        city_rows.extend((code, fr, ar, postcode) for fr, ar, postcode in cities)
    region_ids = dict(
        zip([r["code"] for r in region_rows], _insert(Region, region_rows, "id"), strict=True)
    )
    city_ids = _insert(
        City,
        [
            {"region_id": region_ids[code], "name_fr": fr, "name_ar": ar, "postcode": postcode}
            for code, fr, ar, postcode in city_rows
        ],
        "id",
    )
    city_by_name = {
        (code, fr): city_id for (code, fr, _, _), city_id in zip(city_rows, city_ids, strict=True)
    }
    zones, links, cities = {}, [], []
    for name_fr, name_ar, fee, min_order, eta_min, eta_max, members in country.ZONES:
        fee, min_order = money.convert(fee), money.convert(min_order)
        [zone_id] = _insert(
            DeliveryZone,
            [
                {
                    "name_fr": name_fr,
                    "name_ar": name_ar,
                    "fee": fee,
                    "min_order": min_order,
                    "eta_hours_min": eta_min,
                    "eta_hours_max": eta_max,
                }
            ],
            "id",
        )
        zones[name_fr] = {
            "id": zone_id,
            "fee": fee,
            "min_order": min_order,
            "eta": (eta_min, eta_max),
        }
        for member in members:
            # A zone lists whole regions by code, or single cities as (region code, city).
            region, city = (member, None) if isinstance(member, str) else member
            for (code, fr), city_id in city_by_name.items():
                if code == region and city in (None, fr):
                    links.append({"zone_id": zone_id, "city_id": city_id})
                    cities.append({"id": city_id, "zone": name_fr})
    _insert(zone_cities, links)
    locations = [
        {
            "code": code,
            "name_fr": name_fr,
            "name_ar": name_ar,
            "city_id": next(i for (_, fr), i in city_by_name.items() if fr == city),
            "is_default": is_default,
        }
        for code, name_fr, name_ar, city, is_default in country.LOCATIONS
    ]
    location_ids = _insert(Location, locations, "id")
    return zones, cities, location_ids, len(region_rows), len(city_rows)


def _load_staff(country, language):
    staff = defaultdict(list)
    for role, name, email, phone, password in demo_staff(country.COUNTRY):
        [staff_id] = _insert(
            StaffUser,
            [
                {
                    "name": name,
                    "email": email,
                    "phone": phone,
                    "password_hash": hash_password(password),
                    "role": role,
                    "language": language,
                }
            ],
            "id",
        )
        staff[role].append(staff_id)
    return staff


def _load_categories(nodes):
    ids = list(
        db.session.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence('categories', 'id'))"
                " FROM generate_series(1, :n)"
            ),
            {"n": len(nodes)},
        ).scalars()
    )
    rows = []
    for node, category_id in zip(nodes, ids, strict=True):
        parent = node["parent"]
        parent_path = rows[parent]["path"] if parent is not None else "/"
        rows.append(
            {
                "id": category_id,
                "parent_id": ids[parent] if parent is not None else None,
                "path": f"{parent_path}{category_id}/",
                "depth": node["depth"],
                "position": node["position"],
                "name_fr": node["name_fr"],
                "name_ar": node["name_ar"],
                "slug_fr": node["slug_fr"],
                "slug_ar": node["slug_ar"],
            }
        )
    _insert(Category, rows)
    return ids


def _load_vehicles(vehicles):
    makes = list(dict.fromkeys(v["make"] for v in vehicles))
    make_ids = dict(
        zip(
            makes,
            _insert(VehicleMake, [{"name": m, "slug": slugify(m)} for m in makes], "id"),
            strict=True,
        )
    )
    models = list(dict.fromkeys((v["make"], v["model"]) for v in vehicles))
    model_rows = [
        {"make_id": make_ids[make], "name": model, "slug": slugify(model)} for make, model in models
    ]
    model_ids = dict(zip(models, _insert(VehicleModel, model_rows, "id"), strict=True))
    vehicle_rows = [
        {
            "model_id": model_ids[(v["make"], v["model"])],
            "generation": v["generation"],
            "year_from": v["year_from"],
            "year_to": v["year_to"],
            "engines": v["engines"],
        }
        for v in vehicles
    ]
    return _insert(Vehicle, vehicle_rows, "id")


def _load_catalog(plan, created_from):
    brand_ids = dict(
        zip([b["name"] for b in plan.brands], _insert(Brand, plan.brands, "id"), strict=True)
    )
    category_ids = _load_categories(plan.categories)
    vehicle_ids = _load_vehicles(plan.vehicles) if plan.vehicles else []
    columns = (
        "sku", "barcode", "name_fr", "name_ar", "description_fr", "description_ar", "slug_fr",
        "slug_ar", "price", "compare_at_price", "status", "is_restricted", "featured", "weight_kg",
        "attributes", "low_stock_threshold",
    )  # fmt: skip
    rows = _columns(plan.products, *columns)
    for index, (row, product) in enumerate(zip(rows, plan.products, strict=True)):
        row["brand_id"] = brand_ids.get(product["brand"])
        row["category_id"] = category_ids[product["category"]]
        # Spread over the weeks before the sales history, so "newest first" means something.
        row["created_at"] = created_from + timedelta(minutes=7 * index)
    product_ids = _insert(Product, rows, "id")
    references, fitments = [], []
    for product_id, product in zip(product_ids, plan.products, strict=True):
        references.extend(
            {"product_id": product_id, "kind": kind, "code": code, "code_normalized": normalized,
             "manufacturer": manufacturer}
            for kind, code, normalized, manufacturer in product["references"]
        )  # fmt: skip
        fitments.extend(
            {"product_id": product_id, "vehicle_id": vehicle_ids[v]} for v in product["fitment"]
        )
    _insert(ProductReference, references)
    _insert(Fitment, fitments)
    return product_ids, vehicle_ids, len(references), len(fitments)


def _encrypted(row, *names):
    """`row` with the `names` moved to their encrypted columns (whose type encrypts on insert)."""
    for name in names:
        row[f"{name}_encrypted"] = row.pop(name)
    return row


def _load_customers(customers):
    columns = ("name", "phone", "email", "language", "created_at")
    rows = _columns(customers, *columns)
    for row, customer in zip(rows, customers, strict=True):
        row["vehicle_id"] = customer["vehicle"]
        row["phone_hash"] = lookup_hash(row["phone"])
        _encrypted(row, "phone")
    ids = _insert(Customer, rows, "id")
    addresses = []
    for customer_id, customer in zip(ids, customers, strict=True):
        customer["id"] = customer_id
        address = {k: v for k, v in customer["address"].items() if k != "zone"}
        address = {**address, "customer_id": customer_id, "created_at": customer["created_at"]}
        addresses.append(_encrypted(address, "phone", "street", "landmark"))
    _insert(Address, addresses)


def _load_orders(orders, handovers, currency, location_id):
    handover_ids = _insert(CashHandover, handovers, "id")
    columns = (
        "reference", "channel", "status", "language", "customer_name", "phone", "email", "city_id",
        "street", "landmark", "zone_id", "subtotal", "delivery_fee", "total", "notes", "birth_date",
        "age_confirmed_at", "placed_at", "updated_at",
    )  # fmt: skip
    rows = _columns(orders, *columns)
    for row, order in zip(rows, orders, strict=True):
        row["customer_id"] = order["customer"]["id"]
        row["currency"] = currency
        row["phone_hash"] = lookup_hash(row["phone"])
        _encrypted(row, "phone", "street", "landmark")
    order_ids = _insert(Order, rows, "id")
    items, events, deliveries = [], [], []
    for order_id, order in zip(order_ids, orders, strict=True):
        order["id"] = order_id
        items.extend(
            {**{k: v for k, v in item.items() if k != "is_restricted"}, "order_id": order_id,
             "location_id": location_id}
            for item in order["items"]
        )  # fmt: skip
        events.extend({**event, "order_id": order_id} for event in order["events"])
        if order["delivery"]:
            delivery = dict(order["delivery"], order_id=order_id)
            handover = delivery.pop("handover")
            delivery["handover_id"] = handover_ids[handover] if handover is not None else None
            deliveries.append(delivery)
    _insert(OrderItem, items)
    _insert(OrderStatusEvent, events)
    _insert(Delivery, deliveries)
    return len(items), len(events), len(deliveries)


def _load_stock(rng, profile, product_plans, product_ids, orders, location_ids, since):
    """Current stock in both locations, plus what open orders hold reserved at the default one."""
    default, second = location_ids
    reserved, reservations = Counter(), []
    for order in orders:
        if order["status"] in OPEN_STATUSES:
            for item in order["items"]:
                reserved[item["product_id"]] += item["quantity"]
                reservations.append(
                    {
                        "product_id": item["product_id"],
                        "location_id": default,
                        "on_hand_delta": 0,
                        "reserved_delta": item["quantity"],
                        "reason": "reserved",
                        "order_id": order["id"],
                        "created_at": order["placed_at"],
                    }
                )
    ceiling = STOCK_CEILING[profile]
    levels, movements = [], []
    for product_id, plan in zip(product_ids, product_plans, strict=True):
        threshold = plan["low_stock_threshold"]
        roll = rng.random()
        if roll < OUT_OF_STOCK_SHARE:
            available = {default: 0, second: 0}
        elif roll < OUT_OF_STOCK_SHARE + LOW_STOCK_SHARE:
            available = {default: rng.randint(1, threshold), second: 0}
        else:
            available = {default: rng.randint(threshold + 1, ceiling + threshold)}
            if rng.random() < SECOND_LOCATION_SHARE:
                available[second] = rng.randint(0, 2 * ceiling)
        for location_id, units in available.items():
            held = reserved[product_id] if location_id == default else 0
            on_hand = units + held
            levels.append(
                {"product_id": product_id, "location_id": location_id, "on_hand": on_hand,
                 "reserved": held}
            )  # fmt: skip
            if on_hand:
                movements.append(
                    {"product_id": product_id, "location_id": location_id, "on_hand_delta": on_hand,
                     "reserved_delta": 0, "reason": "initial", "created_at": since}
                )  # fmt: skip
    _insert(StockLevel, levels)
    _insert(StockMovement, movements + reservations)
    return len(levels), len(movements) + len(reservations)


def load_demo(profile, products=2000, seed=1, days=365, *, shop=None, now=None):
    """Load the demo shop of `profile` for `shop` (the app's profile by default); returns counts.

    The catalog, customers and orders depend only on the arguments; the order dates end `now`.
    """
    shop = shop or current_app.config["SHOP"]
    country = COUNTRIES.get(shop.country)
    if country is None:
        raise DemoError(f"no demo geography for country {shop.country}; use TN or MA")
    if has_products():
        raise DemoError("the catalog is not empty; load the demo into an empty database")
    now = (now or datetime.now(ZoneInfo(country.TIMEZONE))).replace(second=0, microsecond=0)
    decimals = get_currency_precision(shop.currency)
    plan = plan_catalog(profile, products, seed, shop.currency, decimals)
    money = Money(country.CURRENCY, shop.currency, decimals)
    zones, cities, location_ids, region_count, city_count = _load_geography(country, money)
    staff = _load_staff(country, shop.default_language)
    history_start = now - timedelta(days=days)
    product_ids, vehicle_ids, reference_count, fitment_count = _load_catalog(
        plan, history_start - timedelta(days=60)
    )
    _insert(AttributeDefinition, attribute_rows())
    sold = [
        {**product, "id": product_id}
        for product_id, product in zip(product_ids, plan.products, strict=True)
        if product["status"] == "active"
    ]
    rng = random.Random(f"hanout-demo:{seed}:sales")
    context = SalesContext(
        profile=profile,
        country=country,
        money=Money(shop.currency, shop.currency, decimals),
        now=now,
        cities=cities,
        zones=zones,
        products=sold,
        staff=staff,
        vehicle_ids=vehicle_ids,
    )
    customers = plan_customers(rng, context, max(60, min(800, products // 6)))
    _load_customers(customers)
    orders = plan_orders(rng, context, customers, days)
    handovers = plan_handovers(orders, now.date(), staff["owner"] + staff["manager"])
    item_count, event_count, delivery_count = _load_orders(
        orders, handovers, shop.currency, location_ids[0]
    )
    stock_count, movement_count = _load_stock(
        rng, profile, plan.products, product_ids, orders, location_ids, history_start
    )
    return {
        "regions": region_count,
        "cities": city_count,
        "delivery zones": len(zones),
        "staff": sum(len(ids) for ids in staff.values()),
        "brands": len(plan.brands),
        "categories": len(plan.categories),
        "vehicles": len(vehicle_ids),
        "products": len(product_ids),
        "references": reference_count,
        "fitments": fitment_count,
        "customers": len(customers),
        "orders": len(orders),
        "order items": item_count,
        "status events": event_count,
        "deliveries": delivery_count,
        "cash handovers": len(handovers),
        "stock levels": stock_count,
        "stock movements": movement_count,
    }
