"""Delivery zones: fee, minimum and estimate, and the cities each serves (one zone a city)."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.models import DeliveryZone
from shop.services.orders import zone_for_city
from tests import factories


@pytest.fixture
def manager(client, login_as):
    return login_as(client, "manager")


def zone_form(cities, **changes):
    return {
        "name_fr": "Grand Tunis",
        "name_ar": "تونس الكبرى",
        "fee": "7,500",
        "min_order": "30",
        "eta_hours_min": "4",
        "eta_hours_max": "24",
        "is_active": "1",
        "city": [city.id for city in cities],
        **changes,
    }


def test_a_zone_is_created_with_its_cities(client, manager):
    ariana, tunis = factories.make_city(name_fr="Ariana"), factories.make_city(name_fr="Tunis")

    response = client.post("/fr/admin/zones/new", data=zone_form([ariana, tunis]))

    assert response.status_code == 303
    zone = db.session.scalar(select(DeliveryZone).where(DeliveryZone.name_fr == "Grand Tunis"))
    assert (zone.fee, zone.min_order) == (Decimal("7.500"), Decimal("30.000"))
    assert zone_for_city(ariana.id).id == zone.id and zone_for_city(tunis.id).id == zone.id
    assert "Grand Tunis" in client.get("/fr/admin/zones").get_data(as_text=True)


def test_a_city_moves_from_another_zone(client, manager):
    sousse = factories.make_city(name_fr="Sousse")
    old = factories.make_zone(cities=[sousse])

    client.post("/fr/admin/zones/new", data=zone_form([sousse], name_fr="Sahel"))

    new = zone_for_city(sousse.id)
    assert new.name_fr == "Sahel" and new.id != old.id


@pytest.mark.parametrize(
    "changes",
    [
        {"fee": "-1"},
        {"fee": "gratuit"},
        {"eta_hours_min": "30", "eta_hours_max": "10"},
        {"name_ar": ""},
        {"city": ["99999999"]},
    ],
)
def test_bad_zones_are_refused_with_the_values_kept(client, manager, changes):
    response = client.post("/fr/admin/zones/new", data=zone_form([], **changes))

    assert response.status_code == 422
    assert 'value="Grand Tunis"' in response.get_data(as_text=True) or "name_fr" in changes
    assert db.session.scalar(select(DeliveryZone)) is None


def test_a_zone_is_edited(client, manager):
    zone = factories.make_zone(name_fr="Nord")

    client.post(f"/fr/admin/zones/{zone.id}", data=zone_form([], name_fr="Nord-Ouest", fee="9"))

    db.session.refresh(zone)
    assert (zone.name_fr, zone.fee) == ("Nord-Ouest", Decimal("9.000"))
