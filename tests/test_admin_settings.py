"""The owner's settings: saved in the database, shown on the storefront at the next request."""

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.models import AuditEntry, ShopSetting

SETTINGS = {
    "name": "Pièces Sfax",
    "whatsapp_number": "22 333 444",
    "default_language": "ar",
    "feature_vehicle_fitment": "1",
    "feature_delivery_zones": "1",
}


@pytest.fixture
def owner(client, login_as):
    return login_as(client, "owner")


def test_saved_settings_show_on_the_storefront(client, owner):
    response = client.post("/fr/admin/settings", data=SETTINGS)

    assert response.status_code == 303
    assert "Pièces Sfax" in client.get("/fr/").get_data(as_text=True)
    assert db.session.get(ShopSetting, "whatsapp_number").value == {"value": "+21622333444"}
    assert client.get("/", headers={"Accept-Language": "de"}).headers["Location"] == "/ar/"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "shop_settings"))


def test_requests_see_the_saved_profile_and_code_outside_requests_the_environment(
    app, client, owner
):
    client.post("/fr/admin/settings", data=SETTINGS)
    with app.test_request_context("/fr/"):
        app.preprocess_request()
        assert app.config["SHOP"].whatsapp_number == "+21622333444"
    with app.app_context():
        assert app.config["SHOP"].whatsapp_number == app.config["SHOP_ENVIRONMENT"].whatsapp_number


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"whatsapp_number": "12"}, "whatsapp_number"),
        ({"name": ""}, "name"),
        ({"default_language": "en"}, "default_language"),
    ],
)
def test_bad_settings_are_refused_with_the_values_kept(client, owner, changes, field):
    response = client.post("/fr/admin/settings", data={**SETTINGS, **changes})

    assert response.status_code == 422
    assert "Pièces Sfax" in response.get_data(as_text=True) or field == "name"
    assert db.session.scalar(select(ShopSetting)) is None


def test_only_the_owner_changes_settings(client, login_as):
    login_as(client, "manager")

    assert client.post("/fr/admin/settings", data=SETTINGS).status_code == 403
