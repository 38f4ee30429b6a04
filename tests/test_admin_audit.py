"""The audit log page: admin changes with their before/after, filterable by what, who and when."""

from decimal import Decimal

from tests import factories


def test_changes_appear_with_their_diff_and_can_be_filtered(client, login_as):
    manager = login_as(client, "manager")
    product = factories.make_product(price=Decimal("10.000"))
    client.post(f"/fr/admin/products/{product.id}/price", data={"price": "12"})
    location = factories.make_location(is_default=True)
    factories.make_stock(product, location, on_hand=1)
    client.post(f"/fr/admin/stock/{product.id}/threshold", data={"threshold": "8"})

    everything = client.get("/fr/admin/audit").get_data(as_text=True)
    prices = client.get(f"/fr/admin/audit?entity=products&id={product.id}&action=update")
    by_nobody = client.get("/fr/admin/audit?staff=999999").get_data(as_text=True)

    assert "<del>10.000</del> → <ins>12.000</ins>" in everything
    assert manager.name in everything
    page = prices.get_data(as_text=True)
    assert "<dt>price</dt>" in page and "<dt>low_stock_threshold</dt>" in page
    assert "Aucune modification" in by_nobody


def test_bad_filters_are_ignored(client, login_as):
    login_as(client, "owner")

    response = client.get("/fr/admin/audit?from=nope&to=2026-13-40&staff=x&before=-1")

    assert response.status_code == 200


def test_staff_do_not_read_the_audit_log(client, login_as):
    login_as(client, "staff")

    assert client.get("/fr/admin/audit").status_code == 403
