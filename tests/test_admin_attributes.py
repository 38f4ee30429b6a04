"""Managers name the products' attributes and their values in French and Arabic."""

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.models import AttributeDefinition
from tests import factories


@pytest.fixture
def manager(client, login_as):
    factories.make_product(attributes={"position": "avant", "diamètre_mm": "280"})
    factories.make_product(attributes={"position": "arrière", "diamètre_mm": "260"})
    return login_as(client, "manager")


def test_the_keys_in_use_are_listed_with_their_state(client, manager):
    page = client.get("/fr/admin/attributes").get_data(as_text=True)

    assert 'data-key="position"' in page and 'data-key="diamètre_mm"' in page
    assert "Diamètre (mm)" in page


def test_names_are_saved_and_reach_the_storefront_filters(client, manager):
    form = client.get("/fr/admin/attributes/position").get_data(as_text=True)
    assert 'name="fr-0"' in form and 'name="fr-1"' in form
    assert 'name="fr-2"' not in form  # only the two positions: numbers need no names

    response = client.post(
        "/fr/admin/attributes/position",
        data={
            "name_fr": "Position",
            "name_ar": "الموضع",
            "fr-0": "arrière",
            "ar-0": "خلفي",
            "fr-1": "avant",
            "ar-1": "أمامي",
        },
    )

    assert response.status_code == 303
    saved = db.session.get(AttributeDefinition, "position")
    assert saved.name_ar == "الموضع"
    assert saved.value_names["avant"] == {"fr": "avant", "ar": "أمامي"}


def test_a_definition_needs_both_names(client, manager):
    response = client.post(
        "/fr/admin/attributes/position", data={"name_fr": "Position", "name_ar": ""}
    )

    assert response.status_code == 422
    assert 'value="Position"' in response.get_data(as_text=True)
    assert db.session.scalar(select(AttributeDefinition)) is None


def test_an_unknown_key_is_not_found(client, manager):
    assert client.get("/fr/admin/attributes/nope").status_code == 404
