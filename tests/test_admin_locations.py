"""Stock locations: created and edited by staff, one default, and a closed one's stock off sale."""

import pytest
from sqlalchemy import func, select

from shop.extensions import db
from shop.models import AuditEntry, Location, Product
from shop.services.stock import available
from tests import factories


@pytest.fixture
def manager(client, login_as):
    return login_as(client, "manager")


def location_form(**changes):
    return {
        "code": "SFX-1",
        "name_fr": "Dépôt de Sfax",
        "name_ar": "مستودع صفاقس",
        "city_id": "",
        "is_active": "1",
        **changes,
    }


def form_of(location, **changes):
    values = {
        "code": location.code,
        "name_fr": location.name_fr,
        "name_ar": location.name_ar,
        "city_id": str(location.city_id or ""),
        "is_active": "1" if location.is_active else "",
        "is_default": "1" if location.is_default else "",
        **changes,
    }
    return {name: value for name, value in values.items() if value != ""}


def defaults():
    return list(db.session.scalars(select(Location.code).where(Location.is_default)))


def test_the_list_shows_each_location_with_what_it_holds(client, manager):
    main = factories.make_location(code="TUN", is_default=True)
    van = factories.make_location(code="VAN-2", name_fr="Camionnette", is_active=False)
    filters, pads = factories.make_product(), factories.make_product()
    factories.make_stock(filters, main, on_hand=7, reserved=2)
    factories.make_stock(pads, main, on_hand=5)
    factories.make_stock(pads, van, on_hand=0)

    page = client.get("/fr/admin/locations").get_data(as_text=True)

    main_row = page.split(f'data-location="{main.id}"')[1].split("</tr>")[0]
    van_row = page.split(f'data-location="{van.id}"')[1].split("</tr>")[0]
    assert "Emplacement par défaut" in main_row and "Ouvert" in main_row
    assert [cell in main_row for cell in ("<td>2</td>", "<td>12</td>", "<td>2</td>")] == [True] * 3
    assert "Camionnette" in van_row and "Fermé" in van_row and "<td>0</td>" in van_row
    assert page.index("TUN") < page.index("VAN-2")


def test_a_location_is_created_in_a_city_and_audited(client, manager):
    factories.make_location(code="TUN", is_default=True)
    sfax = factories.make_city(name_fr="Sfax")

    response = client.post("/fr/admin/locations/new", data=location_form(city_id=str(sfax.id)))

    assert response.status_code == 303
    location = db.session.scalar(select(Location).where(Location.code == "SFX-1"))
    assert (location.name_ar, location.city_id) == ("مستودع صفاقس", sfax.id)
    assert location.is_active
    assert defaults() == ["TUN"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "locations"))
    assert (entry.action, entry.entity_id, entry.staff_user_id) == (
        "create",
        str(location.id),
        manager.id,
    )
    assert "Dépôt de Sfax" in client.get("/fr/admin/locations").get_data(as_text=True)


def test_the_first_location_of_a_shop_is_its_default(client, manager):
    client.post("/fr/admin/locations/new", data=location_form())

    assert defaults() == ["SFX-1"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": ""}, "code court"),
        ({"code": "dépôt sfax"}, "code court"),
        ({"code": "X" * 33}, "code court"),
        ({"code": "tun"}, "Un autre emplacement a ce code."),
        ({"name_ar": ""}, "Indiquez un nom"),
        ({"name_fr": "D" * 121}, "Indiquez un nom"),
        ({"city_id": "99999999"}, "Choisissez la ville dans la liste."),
        ({"city_id": "sfax"}, "Choisissez la ville dans la liste."),
    ],
)
def test_bad_locations_are_refused_with_the_values_kept(client, manager, changes, message):
    factories.make_location(code="TUN", is_default=True)

    response = client.post("/fr/admin/locations/new", data=location_form(**changes))

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert 'value="مستودع صفاقس"' in page or "name_ar" in changes
    assert db.session.scalar(select(func.count()).select_from(Location)) == 1


def test_closing_a_location_takes_its_stock_off_sale_and_reopening_brings_it_back(client, manager):
    factories.make_location(code="TUN", is_default=True)
    van = factories.make_location(code="VAN-2")
    product = factories.make_product()
    factories.make_stock(product, van, on_hand=3)

    closed = client.post(f"/fr/admin/locations/{van.id}", data=form_of(van, is_active=""))

    assert closed.status_code == 303
    db.session.refresh(product)
    assert (product.in_stock, available(product.id)) == (False, 0)
    assert "Fermé" in client.get("/fr/admin/locations").get_data(as_text=True)

    client.post(f"/fr/admin/locations/{van.id}", data=form_of(van, is_active="1"))

    db.session.refresh(product)
    assert (product.in_stock, available(product.id)) == (True, 3)
    changes = db.session.scalars(
        select(AuditEntry.changes)
        .where(AuditEntry.entity_type == "locations", AuditEntry.entity_id == str(van.id))
        .order_by(AuditEntry.id)
    ).all()
    assert changes == [{"is_active": [True, False]}, {"is_active": [False, True]}]


def test_another_location_made_the_default_takes_the_mark(client, manager):
    factories.make_location(code="TUN", is_default=True)
    van = factories.make_location(code="VAN-2")

    response = client.post(f"/fr/admin/locations/{van.id}", data=form_of(van, is_default="1"))

    assert response.status_code == 303
    assert defaults() == ["VAN-2"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"is_active": ""}, "L’emplacement par défaut reste ouvert"),
        ({"is_default": ""}, "La boutique a toujours un emplacement par défaut"),
    ],
)
def test_the_default_location_stays_open_and_default(client, manager, changes, message):
    main = factories.make_location(code="TUN", is_default=True)
    product = factories.make_product()
    factories.make_stock(product, main, on_hand=4)

    response = client.post(f"/fr/admin/locations/{main.id}", data=form_of(main, **changes))

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.refresh(main)
    assert (main.is_default, main.is_active) == (True, True)
    assert db.session.get(Product, product.id).in_stock


def test_the_pages_speak_arabic(client, manager):
    main = factories.make_location(code="TUN", is_default=True)

    listing = client.get("/ar/admin/locations").get_data(as_text=True)
    edit = client.get(f"/ar/admin/locations/{main.id}").get_data(as_text=True)

    assert 'dir="rtl"' in listing and "المواقع" in listing and "مفتوح" in listing
    assert 'value="TUN"' in edit and "الموقع الافتراضي" in edit


def test_an_unknown_location_is_a_404(client, manager):
    assert client.get("/fr/admin/locations/999999").status_code == 404
    assert client.post("/fr/admin/locations/999999", data=location_form()).status_code == 404
