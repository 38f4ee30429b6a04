"""Customers are found by name or by phone in any spelling, with their orders and staff notes."""

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.models import AuditEntry, Customer
from tests import factories


@pytest.fixture
def manager(client, login_as):
    return login_as(client, "manager")


@pytest.mark.parametrize(
    "query", ["Salma", "salma ben", "+21620123456", "20 123 456", "0021620123456"]
)
def test_a_customer_is_found_by_name_or_phone(client, manager, query):
    salma = factories.make_customer(name="Salma Ben Ali", phone="+21620123456")
    factories.make_customer(name="Karim", phone="+21698765432")

    page = client.get("/fr/admin/customers", query_string={"q": query}).get_data(as_text=True)

    assert f'data-customer="{salma.id}"' in page
    assert "Karim" not in page


def test_the_customer_page_lists_orders_and_keeps_notes(app, client, manager):
    with app.app_context():
        order = factories.make_order()
        db.session.commit()
        customer_id = order.customer_id

    page = client.get(f"/fr/admin/customers/{customer_id}").get_data(as_text=True)
    saved = client.post(
        f"/fr/admin/customers/{customer_id}/notes", data={"notes": "Préfère le soir"}
    )
    too_long = client.post(f"/fr/admin/customers/{customer_id}/notes", data={"notes": "x" * 2001})

    assert order.reference in page
    assert saved.status_code == 303 and too_long.status_code == 422
    assert db.session.get(Customer, customer_id).notes == "Préfère le soir"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "customers"))


def test_staff_do_not_browse_customers(client, login_as):
    login_as(client, "staff")

    assert client.get("/fr/admin/customers").status_code == 403
