"""Where the shop delivers: the regions and cities of its country, and the zone serving each."""

from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from shop.extensions import db
from shop.models import City, DeliveryZone, Region, zone_cities


def _served_city_ids():
    return (
        select(zone_cities.c.city_id)
        .join(DeliveryZone, DeliveryZone.id == zone_cities.c.zone_id)
        .where(DeliveryZone.is_active)
    )


def _cities(country, language, zones_required):
    name = getattr(City, f"name_{language}")
    query = (
        select(City)
        .join(Region, Region.id == City.region_id)
        .where(Region.country == country)
        .order_by(getattr(Region, f"name_{language}"), Region.id, name, City.id)
    )
    if zones_required:
        query = query.where(City.id.in_(_served_city_ids()))
    return query


def delivery_regions(country, language, zones_required):
    """The regions with at least one city we deliver to, by name in `language`."""
    cities = _cities(country, language, zones_required).subquery()
    query = (
        select(Region)
        .where(Region.id.in_(select(cities.c.region_id)))
        .order_by(getattr(Region, f"name_{language}"), Region.id)
    )
    return db.session.scalars(query).all()


def region_cities(region_id, country, language, zones_required):
    """The cities of a region we deliver to, by name in `language`; none for a foreign region."""
    if region_id is None:
        return []
    query = _cities(country, language, zones_required).where(City.region_id == region_id)
    return db.session.scalars(query).all()


def cities_by_region(country, language, zones_required):
    """Every city we deliver to, grouped: [(region, [cities])], both by name in `language`."""
    query = _cities(country, language, zones_required).options(contains_eager(City.region))
    cities = db.session.scalars(query).all()
    return [(region, list(group)) for region, group in groupby(cities, key=lambda c: c.region)]


def delivery_city(city_id, country):
    """The city with this id in the shop's country, or None."""
    if city_id is None:
        return None
    query = (
        select(City)
        .join(Region, Region.id == City.region_id)
        .where(City.id == city_id, Region.country == country)
    )
    return db.session.scalar(query)


@dataclass(frozen=True)
class DeliveryQuote:
    """What delivering `subtotal` worth of goods costs in a zone (no zone chosen yet: None)."""

    subtotal: Decimal
    zone: DeliveryZone | None

    @property
    def fee(self):
        return self.zone.fee if self.zone else Decimal(0)

    @property
    def total(self):
        return self.subtotal + self.fee

    @property
    def below_minimum(self):
        return self.zone is not None and self.subtotal < self.zone.min_order
