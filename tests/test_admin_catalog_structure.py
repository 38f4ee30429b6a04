"""The catalog's structure in the admin: brands, the category tree and vehicles."""

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.models import AuditEntry, Brand, Category, Vehicle
from tests import factories


@pytest.fixture
def manager(client, login_as):
    return login_as(client, "manager")


def category(category_id):
    db.session.expire_all()
    return db.session.get(Category, category_id)


def test_a_brand_is_added_renamed_and_duplicates_refused(client, manager):
    client.post("/fr/admin/brands", data={"name": "Bosch"})
    bosch = db.session.scalar(select(Brand).where(Brand.name == "Bosch"))
    duplicate = client.post("/fr/admin/brands", data={"name": "BOSCH"})
    renamed = client.post(
        f"/fr/admin/brands/{bosch.id}", data={"name": "Bosch Auto", "is_active": "1"}
    )

    assert duplicate.status_code == 422 and 'value="BOSCH"' in duplicate.get_data(as_text=True)
    assert renamed.status_code == 303
    db.session.refresh(bosch)
    assert (bosch.name, bosch.slug) == ("Bosch Auto", "bosch-auto")


def test_categories_are_created_renamed_and_slugged_in_both_languages(client, manager):
    client.post("/fr/admin/categories", data={"name_fr": "Freinage", "name_ar": "الفرامل"})
    brakes = db.session.scalar(select(Category).where(Category.name_fr == "Freinage"))
    client.post(
        "/fr/admin/categories", data={"name_fr": "Plaquettes", "name_ar": "", "parent": brakes.id}
    )
    pads = db.session.scalar(select(Category).where(Category.name_fr == "Plaquettes"))

    assert (brakes.slug_fr, brakes.slug_ar, brakes.path, brakes.depth) == (
        "freinage",
        "الفرامل",
        f"/{brakes.id}/",
        0,
    )
    assert (pads.path, pads.depth) == (f"/{brakes.id}/{pads.id}/", 1)
    assert client.get("/fr/c/plaquettes").status_code == 200


def test_moving_a_category_moves_its_whole_subtree(client, manager):
    engine = factories.make_category(name_fr="Moteur")
    filters = factories.make_category(name_fr="Filtration")
    oil = factories.make_category(parent=filters, name_fr="Filtres à huile")
    cartridge = factories.make_category(parent=oil, name_fr="Cartouches")

    response = client.post(
        f"/fr/admin/categories/{filters.id}",
        data={"name_fr": "Filtration", "name_ar": "", "parent": engine.id, "is_active": "1"},
    )

    assert response.status_code == 303
    assert category(filters.id).path == f"/{engine.id}/{filters.id}/"
    assert category(oil.id).path == f"/{engine.id}/{filters.id}/{oil.id}/"
    assert (category(cartridge.id).path, category(cartridge.id).depth) == (
        f"/{engine.id}/{filters.id}/{oil.id}/{cartridge.id}/",
        3,
    )
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "categories"))


def test_a_category_cannot_move_under_itself_or_its_descendant(client, manager):
    filters = factories.make_category(name_fr="Filtration")
    oil = factories.make_category(parent=filters, name_fr="Filtres à huile")

    for parent in (filters, oil):
        response = client.post(
            f"/fr/admin/categories/{filters.id}",
            data={"name_fr": "Filtration", "parent": parent.id, "is_active": "1"},
        )
        assert response.status_code == 422
    assert category(filters.id).parent_id is None


def test_categories_are_reordered_among_siblings(client, manager):
    first, second = factories.make_category(position=1), factories.make_category(position=2)

    client.post(f"/fr/admin/categories/{second.id}/up")

    assert category(second.id).position < category(first.id).position


def test_a_category_with_products_cannot_be_deleted(client, manager):
    full = factories.make_category()
    factories.make_product(category=full)
    empty = factories.make_category()
    full_id, empty_id = full.id, empty.id

    refused = client.post(f"/fr/admin/categories/{full_id}/delete")
    deleted = client.post(f"/fr/admin/categories/{empty_id}/delete")

    assert refused.status_code == 422 and deleted.status_code == 303
    db.session.expunge_all()
    remaining = set(db.session.scalars(select(Category.id)))
    assert full_id in remaining and empty_id not in remaining


def test_vehicles_are_added_and_bad_years_refused(client, manager):
    added = client.post(
        "/fr/admin/vehicles",
        data={
            "make": "Peugeot",
            "model": "208",
            "generation": "II",
            "year_from": "2019",
            "year_to": "",
        },
    )
    backwards = client.post(
        "/fr/admin/vehicles",
        data={
            "make": "Peugeot",
            "model": "208",
            "generation": "I",
            "year_from": "2019",
            "year_to": "2012",
        },
    )
    nonsense = client.post(
        "/fr/admin/vehicles", data={"make": "Peugeot", "model": "208", "year_from": "19"}
    )

    assert added.status_code == 303
    assert backwards.status_code == 422 and nonsense.status_code == 422
    vehicle = db.session.scalar(select(Vehicle))
    assert (vehicle.model.make.name, vehicle.model.name, vehicle.year_from, vehicle.year_to) == (
        "Peugeot",
        "208",
        2019,
        None,
    )


def test_staff_cannot_change_the_catalog_structure(client, login_as):
    login_as(client, "staff")

    assert client.post("/fr/admin/brands", data={"name": "X"}).status_code == 403
