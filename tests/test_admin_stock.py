"""Staff manage stock: per location, adjusted with a reason into the ledger, never below what
open orders hold; a low-stock threshold per product and the list of products running low."""

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.models import AuditEntry, StockLevel, StockMovement
from tests import factories


@pytest.fixture
def shelf(client, login_as):
    """A product with 10 units on hand, 4 of them reserved, at the default location."""
    staff = login_as(client, "staff")
    location = factories.make_location(is_default=True, name_fr="Boutique")
    product = factories.make_product(sku="FLT-100", name_fr="Filtre à huile", low_stock_threshold=3)
    factories.make_stock(product, location, on_hand=10, reserved=4)
    return {"staff": staff, "location": location, "product": product}


def adjust(client, shelf, kind, quantity, note=""):
    return client.post(
        f"/fr/admin/stock/{shelf['product'].id}/adjust",
        data={"location": shelf["location"].id, "kind": kind, "quantity": quantity, "note": note},
    )


def level(shelf):
    return db.session.scalar(select(StockLevel).where(StockLevel.product_id == shelf["product"].id))


def test_the_product_page_shows_stock_per_location(client, shelf):
    page = client.get(f"/fr/admin/stock/{shelf['product'].id}").get_data(as_text=True)

    assert "Boutique" in page
    assert "<td>10</td><td>4</td><td>6</td>" in page


@pytest.mark.parametrize(
    ("kind", "quantity", "on_hand", "delta"),
    [
        ("received", "5", 15, 5),
        ("returned", "1", 11, 1),
        ("damaged", "2", 8, -2),
        ("counted", "7", 7, -3),
    ],
)
def test_an_adjustment_lands_in_the_ledger_with_its_reason(
    client, shelf, kind, quantity, on_hand, delta
):
    response = adjust(client, shelf, kind, quantity, note="Livraison Bosch")

    assert response.status_code == 303
    db.session.expire_all()
    assert level(shelf).on_hand == on_hand
    movement = db.session.scalar(select(StockMovement))
    assert (movement.reason, movement.on_hand_delta, movement.note) == (
        kind,
        delta,
        "Livraison Bosch",
    )
    assert movement.staff_user_id == shelf["staff"].id
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "stock_movements"))
    history = client.get(f"/fr/admin/stock/{shelf['product'].id}").get_data(as_text=True)
    assert "Livraison Bosch" in history


@pytest.mark.parametrize(
    ("kind", "quantity", "message"),
    [
        ("damaged", "7", "réservée"),
        ("counted", "3", "réservée"),
        ("received", "-5", "nombre entier"),
        ("received", "abc", "nombre entier"),
        ("received", "0", "plus de zéro"),
        ("received", "9999999", "nombre entier"),
        ("stolen", "1", "Choisissez ce qui est arrivé"),
    ],
)
def test_a_bad_adjustment_is_refused_and_changes_nothing(client, shelf, kind, quantity, message):
    response = adjust(client, shelf, kind, quantity)

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert f'value="{quantity}"' in page
    db.session.expire_all()
    assert level(shelf).on_hand == 10
    assert db.session.scalar(select(StockMovement)) is None


def test_the_threshold_is_saved_and_drives_the_low_stock_list(client, shelf):
    plenty = factories.make_product(sku="OIL-5W30", low_stock_threshold=3)
    factories.make_stock(plenty, shelf["location"], on_hand=50)
    assert "FLT-100" not in client.get("/fr/admin/stock/low").get_data(as_text=True)

    response = client.post(
        f"/fr/admin/stock/{shelf['product'].id}/threshold", data={"threshold": "6"}
    )
    low = client.get("/fr/admin/stock/low").get_data(as_text=True)

    assert response.status_code == 303
    assert 'data-sku="FLT-100"' in low and 'data-sku="OIL-5W30"' not in low
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "products"))
    assert entry.changes == {"low_stock_threshold": [3, 6]}


def test_a_bad_threshold_is_refused(client, shelf):
    response = client.post(
        f"/fr/admin/stock/{shelf['product'].id}/threshold", data={"threshold": "-1"}
    )

    assert response.status_code == 422
    assert 'value="-1"' in response.get_data(as_text=True)


def test_products_are_found_by_sku_and_name(client, shelf):
    by_sku = client.get("/fr/admin/stock?q=FLT-100").get_data(as_text=True)
    by_name = client.get("/fr/admin/stock?q=filtre").get_data(as_text=True)

    assert 'data-sku="FLT-100"' in by_sku and 'data-sku="FLT-100"' in by_name


def test_forged_adjustments_are_refused(csrf_client, login_as):
    login_as(csrf_client, "staff")
    product = factories.make_product()
    location = factories.make_location(is_default=True)

    response = csrf_client.post(
        f"/fr/admin/stock/{product.id}/adjust",
        data={"location": location.id, "kind": "received", "quantity": "5"},
    )

    assert response.status_code == 400
    assert db.session.scalar(select(StockMovement)) is None
