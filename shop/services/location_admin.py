"""The shop's stock locations as staff set them: a code, names, a city, which one is the default
(where imports and new products put their stock) and which are open. A closed location's stock is
not offered: the storefront, checkout and stock pages count open locations only, and the orders
already placed keep the units reserved for them there."""

import re
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from shop.extensions import db
from shop.models import City, Location, Region, StockLevel

CODE_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,32}")
NAME_LIMIT = 120


@dataclass
class LocationForm:
    code: str = ""
    name_fr: str = ""
    name_ar: str = ""
    city_id: str = ""
    is_default: bool = False
    is_active: bool = True

    @classmethod
    def from_form(cls, form):
        return cls(
            **{name: form.get(name, "").strip() for name in ("code", "name_fr", "name_ar")},
            city_id=form.get("city_id", "").strip(),
            is_default=form.get("is_default") == "1",
            is_active=form.get("is_active") == "1",
        )

    @classmethod
    def from_location(cls, location):
        return cls(
            code=location.code,
            name_fr=location.name_fr,
            name_ar=location.name_ar,
            city_id=str(location.city_id or ""),
            is_default=location.is_default,
            is_active=location.is_active,
        )


@dataclass(frozen=True)
class LocationRow:
    """A location as the list shows it, with what it holds."""

    location: Location
    products: int
    on_hand: int
    reserved: int


def locations():
    """Every location, the default first, then by code, with its products and units."""
    held = (
        select(
            StockLevel.location_id,
            func.count().filter(StockLevel.on_hand > 0).label("products"),
            func.sum(StockLevel.on_hand).label("on_hand"),
            func.sum(StockLevel.reserved).label("reserved"),
        )
        .group_by(StockLevel.location_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Location, held.c.products, held.c.on_hand, held.c.reserved)
        .outerjoin(held, held.c.location_id == Location.id)
        .options(joinedload(Location.city))
        .order_by(Location.is_default.desc(), Location.code)
    )
    # A location with no stock level has no row in `held`: its figures are None.
    return [
        LocationRow(location, products or 0, on_hand or 0, reserved or 0)
        for location, products, on_hand, reserved in rows
    ]


def _city(text, country):
    """The city with the id `text` in the shop's country; None for none or an unknown one."""
    if not (text.isascii() and text.isdigit() and len(text) < 10):
        return None
    return db.session.scalar(
        select(City)
        .join(Region, Region.id == City.region_id)
        .where(City.id == int(text), Region.country == country)
    )


def check_location(form, country, location=None):
    """`(values ready to save, errors)` for the form of `location` (None for a new one)."""
    errors = {}
    if not CODE_PATTERN.fullmatch(form.code):
        errors["code"] = _(
            "Give a short code of at most 32 letters, digits, dashes or underscores, "
            "for example TUN-1."
        )
    else:
        taken = select(Location.id).where(func.lower(Location.code) == form.code.lower())
        if location is not None:
            taken = taken.where(Location.id != location.id)
        if db.session.scalar(taken) is not None:
            errors["code"] = _("Another location has this code.")
    for name in ("name_fr", "name_ar"):
        value = getattr(form, name)
        if not value or len(value) > NAME_LIMIT:
            errors[name] = _("Give a name of at most %(limit)s characters.", limit=NAME_LIMIT)
    city = _city(form.city_id, country) if form.city_id else None
    if form.city_id and city is None:
        errors["city_id"] = _("Choose the city from the list.")
    # The first location of a shop becomes its default, whatever the box said.
    first = location is None and db.session.scalar(select(Location.id).limit(1)) is None
    is_default = form.is_default or first or (location is not None and location.is_default)
    if location is not None and location.is_default and not form.is_default:
        errors["is_default"] = _(
            "The shop always has a default location: make another one the default instead."
        )
    if is_default and not form.is_active:
        errors["is_active"] = _(
            "The default location stays open: make another one the default first."
        )
    values = {
        "code": form.code,
        "name_fr": form.name_fr,
        "name_ar": form.name_ar,
        "city_id": city.id if city else None,
        "is_default": is_default,
        "is_active": form.is_active,
    }
    return values, errors


def save_location(values, location=None):
    """Create or update the location; made the default, it takes the mark from the one before.
    Returns the location."""
    if values["is_default"] and not (location is not None and location.is_default):
        # One default at most (a unique index): the old one gives it up first. Locked first, so
        # that two saves making two locations the default take turns, the second then seeing
        # the first's.
        db.session.execute(select(Location.id).where(Location.is_default).with_for_update())
        db.session.execute(update(Location).where(Location.is_default).values(is_default=False))
    if location is None:
        location = Location()
        db.session.add(location)
    for name, value in values.items():
        setattr(location, name, value)
    db.session.flush()
    return location


def stocked_product_ids(location):
    """Ids of the products with stock levels at `location`: those whose offer opening or closing
    it changes."""
    query = select(StockLevel.product_id).where(StockLevel.location_id == location.id)
    return list(db.session.scalars(query))
