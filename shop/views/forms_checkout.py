"""Reading the checkout and WhatsApp order forms: every field checked, every typed value kept.

A form read gives back what the customer typed (to show it again), a translated error per field,
and, when there is none, the `CustomerDetails` for `place_order`.
"""

import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from flask import current_app
from flask_babel import gettext as _

from shop.services.cart import parse_id
from shop.services.delivery import delivery_city
from shop.services.orders import (
    AgeNotConfirmed,
    CustomerDetails,
    MissingName,
    Underage,
    ZoneUnavailable,
    age_check,
    zone_for_city,
)
from shop.services.phones import normalize_phone

NAME_MAX = 120
STREET_MAX = 255
LANDMARK_MAX = 500
NOTES_MAX = 1000
OLDEST_BIRTH_YEAR = 1900
COORDINATE_PLACES = Decimal("0.000001")
TEXT_FIELDS = ("name", "phone", "region", "city", "street", "landmark", "notes")
LOCATION_FIELDS = ("latitude", "longitude")
AGE_FIELDS = ("birth_date", "age_confirmed")
IDEMPOTENCY_KEY = re.compile(r"[0-9a-f]{32}")
# Control characters are never part of an address; PostgreSQL refuses NUL outright.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
WRITTEN_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
PRICE_FIELD = re.compile(r"price-(\d{1,10})")


def new_idempotency_key():
    """A fresh key for one checkout form: every submission of that form is the same order."""
    return uuid.uuid4().hex


def clean(raw, multiline=False):
    text = CONTROL_CHARACTERS.sub("", raw or "")
    if not multiline:
        text = " ".join(text.split())
    return text.strip()


@dataclass
class OrderForm:
    """A submitted order form: `values` as typed, `errors` by field, `details` when valid."""

    values: dict
    errors: dict = field(default_factory=dict)
    details: CustomerDetails | None = None
    city: object = None
    prices_seen: dict = field(default_factory=dict)

    @property
    def idempotency_key(self):
        return self.values["idempotency_key"]


def too_long(limit):
    return _("This is too long: at most %(max)s characters, please.", max=limit)


def _name(values, errors):
    name = values["name"]
    if not name:
        errors["name"] = MissingName.message
    elif len(name) > NAME_MAX:
        errors["name"] = too_long(NAME_MAX)
    return name


def _phone(values, errors, mobile_required):
    country = current_app.config["SHOP"].country
    check = normalize_phone(values["phone"], country, mobile_required=mobile_required)
    if not check.ok:
        errors["phone"] = check.message
    return check.e164


def _city(values, errors):
    shop = current_app.config["SHOP"]
    city = delivery_city(parse_id(values["city"]), shop.country)
    if city is None:
        errors["city"] = _("Please choose your city from the list.")
    elif shop.feature_delivery_zones and zone_for_city(city.id) is None:
        errors["city"] = ZoneUnavailable.message
    else:
        values["region"] = str(city.region_id)
    return city


def _optional_text(values, errors, name, limit):
    text = values[name]
    if len(text) > limit:
        errors[name] = too_long(limit)
    return text or None


def _coordinate(raw, limit):
    try:
        number = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) > limit:
        return None
    return number.quantize(COORDINATE_PLACES)


def _map_pin(values, errors):
    """(latitude, longitude) of the optional map pin; both or neither."""
    raw_latitude, raw_longitude = values["latitude"], values["longitude"]
    if not raw_latitude and not raw_longitude:
        return None, None
    latitude, longitude = _coordinate(raw_latitude, 90), _coordinate(raw_longitude, 180)
    if latitude is None or longitude is None:
        errors["latitude"] = _("The map position is not valid: clear it or try again.")
        return None, None
    return latitude, longitude


def parse_birth_date(text):
    """A birth date typed as YYYY-MM-DD (the date picker) or DD/MM/YYYY; None if it is none."""
    match = ISO_DATE.fullmatch(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = WRITTEN_DATE.fullmatch(text)
        if not match:
            return None
        day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _adult(values, errors, today):
    """(birth date, confirmed) for an order holding products for adults."""
    confirmed = values["age_confirmed"] in ("1", "on", "yes")
    if not values["birth_date"]:
        errors["birth_date"] = AgeNotConfirmed.message
        return None, confirmed
    birth_date = parse_birth_date(values["birth_date"])
    if birth_date is None or birth_date.year < OLDEST_BIRTH_YEAR or birth_date > today:
        errors["birth_date"] = _("Please enter your birth date as day/month/year.")
        return None, confirmed
    if not age_check(birth_date, today):
        errors["birth_date"] = Underage.message
    elif not confirmed:
        errors["age_confirmed"] = _("Please confirm that you are 18 or older.")
    return birth_date, confirmed


def _prices_seen(form):
    """{product id: price} the form showed; unreadable ones are left out (place_order rechecks)."""
    prices = {}
    for key, raw in form.items():
        match = PRICE_FIELD.fullmatch(key)
        if not match:
            continue
        try:
            price = Decimal(raw)
        except InvalidOperation:
            continue
        if price.is_finite() and price >= 0:
            prices[int(match.group(1))] = price
    return prices


def typed_values(form, multiline=("notes", "landmark")):
    """The form's fields as typed, cleaned of control characters; a fresh key if it has none."""
    values = {
        name: clean(form.get(name, ""), multiline=name in multiline)
        for name in TEXT_FIELDS + LOCATION_FIELDS + AGE_FIELDS
    }
    key = form.get("idempotency_key", "")
    values["idempotency_key"] = key if IDEMPOTENCY_KEY.fullmatch(key) else new_idempotency_key()
    return values


def read_order_form(form, *, needs_age, whatsapp=False, customer_id=None, today=None):
    """Check a checkout form (or, with `whatsapp`, the short WhatsApp order form).

    The WhatsApp form asks only name, mobile phone and city (and the age check when needed);
    staff complete the address on the phone.
    """
    today = today or date.today()
    values = typed_values(form)
    errors = {}
    name = _name(values, errors)
    phone = _phone(values, errors, mobile_required=whatsapp)
    city = _city(values, errors)
    street = landmark = notes = None
    latitude = longitude = None
    if not whatsapp:
        street = _optional_text(values, errors, "street", STREET_MAX)
        landmark = _optional_text(values, errors, "landmark", LANDMARK_MAX)
        if not street and not landmark and "landmark" not in errors:
            errors["landmark"] = _("Please describe a landmark near you, or give your street.")
        latitude, longitude = _map_pin(values, errors)
        notes = _optional_text(values, errors, "notes", NOTES_MAX)
    birth_date, confirmed = _adult(values, errors, today) if needs_age else (None, False)
    result = OrderForm(values, errors, city=city, prices_seen=_prices_seen(form))
    if not errors:
        result.details = CustomerDetails(
            name=name,
            phone=phone,
            city_id=city.id,
            street=street,
            landmark=landmark,
            latitude=latitude,
            longitude=longitude,
            notes=notes,
            birth_date=birth_date,
            age_confirmed=confirmed,
            customer_id=customer_id,
        )
    return result
