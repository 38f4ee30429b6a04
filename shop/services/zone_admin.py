"""Delivery zones as the shop sets them: names, fee, minimum order, delivery estimate and the
cities they serve. A city belongs to one zone at most: giving it to a zone takes it from another."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from babel.numbers import get_currency_precision
from flask_babel import gettext as _
from sqlalchemy import delete, insert, select

from shop.extensions import db
from shop.models import City, DeliveryZone, Region, zone_cities

MAX_AMOUNT = Decimal("1000000")
MAX_HOURS = 24 * 30


@dataclass
class ZoneForm:
    name_fr: str = ""
    name_ar: str = ""
    fee: str = ""
    min_order: str = ""
    eta_hours_min: str = ""
    eta_hours_max: str = ""
    is_active: bool = True
    city_ids: list = field(default_factory=list)

    @classmethod
    def from_form(cls, form):
        texts = {
            name: form.get(name, "").strip()
            for name in ("name_fr", "name_ar", "fee", "min_order", "eta_hours_min", "eta_hours_max")
        }
        cities = [value for value in form.getlist("city") if value.isascii() and value.isdigit()]
        return cls(
            **texts,
            is_active=form.get("is_active") == "1",
            city_ids=[int(c) for c in cities if len(c) < 10],
        )

    @classmethod
    def from_zone(cls, zone):
        return cls(
            name_fr=zone.name_fr,
            name_ar=zone.name_ar,
            fee=str(zone.fee),
            min_order=str(zone.min_order),
            eta_hours_min=str(zone.eta_hours_min),
            eta_hours_max=str(zone.eta_hours_max),
            is_active=zone.is_active,
            city_ids=[city.id for city in zone.cities],
        )


def _amount(text, currency):
    try:
        amount = Decimal(text.replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT:
        return None
    return amount.quantize(Decimal(1).scaleb(-get_currency_precision(currency)))


def _hours(text):
    return int(text) if text.isascii() and text.isdigit() and 0 < int(text) <= MAX_HOURS else None


def check_zone(form, currency, country):
    """{field: value} ready to save, or a dict of errors as the second item."""
    errors = {}
    for name in ("name_fr", "name_ar"):
        value = getattr(form, name)
        if not value or len(value) > 120:
            errors[name] = _("Give a name of at most %(limit)s characters.", limit=120)
    fee, minimum = _amount(form.fee, currency), _amount(form.min_order, currency)
    if fee is None:
        errors["fee"] = _("Type an amount from 0 up, for example 7.000.")
    if minimum is None:
        errors["min_order"] = _("Type an amount from 0 up, for example 7.000.")
    low, high = _hours(form.eta_hours_min), _hours(form.eta_hours_max)
    if low is None or high is None or high < low:
        errors["eta"] = _(
            "Give the delivery time in hours: a shortest and a longest, the longest not shorter."
        )
    known = set(
        db.session.scalars(
            select(City.id)
            .join(Region, Region.id == City.region_id)
            .where(City.id.in_(form.city_ids), Region.country == country)
        )
    )
    if set(form.city_ids) - known:
        errors["cities"] = _("Choose the cities from the list.")
    values = {
        "name_fr": form.name_fr,
        "name_ar": form.name_ar,
        "fee": fee,
        "min_order": minimum,
        "eta_hours_min": low,
        "eta_hours_max": high,
        "is_active": form.is_active,
    }
    return values, sorted(known), errors


def save_zone(values, city_ids, zone=None):
    """Create or update the zone; its cities leave any other zone. Returns the zone."""
    if zone is None:
        zone = DeliveryZone()
        db.session.add(zone)
    for name, value in values.items():
        setattr(zone, name, value)
    db.session.flush()
    db.session.execute(delete(zone_cities).where(zone_cities.c.zone_id == zone.id))
    if city_ids:
        db.session.execute(delete(zone_cities).where(zone_cities.c.city_id.in_(city_ids)))
        db.session.execute(
            insert(zone_cities), [{"zone_id": zone.id, "city_id": city_id} for city_id in city_ids]
        )
    db.session.expire(zone, ["cities"])
    db.session.flush()
    return zone


def zones():
    return list(db.session.scalars(select(DeliveryZone).order_by(DeliveryZone.name_fr)))


def zone_of_each_city():
    return dict(db.session.execute(select(zone_cities.c.city_id, zone_cities.c.zone_id)).all())


def regions_with_cities(country):
    query = select(Region).where(Region.country == country).order_by(Region.name_fr)
    return list(db.session.scalars(query))
