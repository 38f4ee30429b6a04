"""Staff handle orders: the list, the allowed next steps, completing a WhatsApp order's address,
assigning a driver, the packing slip and the ready WhatsApp message to the customer."""

import re
from decimal import Decimal
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.models import AuditEntry, Delivery, Order
from tests import factories


@pytest.fixture
def staff(client, login_as):
    return login_as(client, "staff")


def placed(app, **options):
    """An order placed and committed (in the test's transaction), as the test session sees it."""
    with app.app_context():
        order_id = factories.make_order(**options).id
        db.session.commit()
    return db.session.get(Order, order_id)


def detail(client, order):
    return client.get(f"/fr/admin/orders/{order.reference}").get_data(as_text=True)


def step(client, order, to, note=""):
    return client.post(f"/fr/admin/orders/{order.reference}/status", data={"to": to, "note": note})


def test_the_list_shows_the_newest_first_and_filters(app, client, staff):
    web = placed(app)
    whatsapp = placed(app, channel="whatsapp")

    page = client.get("/fr/admin/orders").get_data(as_text=True)
    only_whatsapp = client.get("/fr/admin/orders?channel=whatsapp").get_data(as_text=True)

    assert page.index(whatsapp.reference) < page.index(web.reference)
    assert whatsapp.reference in only_whatsapp and web.reference not in only_whatsapp


def test_the_list_refreshes_its_block_alone_for_htmx(app, client, staff):
    order = placed(app)

    response = client.get(
        "/fr/admin/orders", headers={"HX-Request": "true", "HX-Target": "order_list"}
    )

    html = response.get_data(as_text=True)
    assert order.reference in html
    assert "<html" not in html and "<form" not in html


def test_bad_filters_are_ignored(client, staff):
    response = client.get("/fr/admin/orders?status=nope&zone=-1&from=yesterday&before=x")

    assert response.status_code == 200


def test_staff_confirm_an_order_and_it_is_in_the_timeline(app, client, staff):
    order = placed(app)
    assert "Confirmée" in detail(client, order)

    response = step(client, order, "confirmed", note="Client appelé")

    assert response.status_code == 303
    db.session.refresh(order)
    assert order.status == "confirmed"
    assert order.events[-1].staff_user_id == staff.id
    assert "Client appelé" in detail(client, order)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_id == str(order.id)))
    assert entry.changes["status"] == ["awaiting_confirmation", "confirmed"]


def test_a_step_the_life_cycle_forbids_changes_nothing(app, client, staff):
    order = placed(app)

    response = step(client, order, "delivered")

    assert response.status_code == 422
    assert "ne peut pas passer" in response.get_data(as_text=True)
    db.session.refresh(order)
    assert order.status == "awaiting_confirmation"


def test_a_whatsapp_order_needs_its_address_before_confirmation(app, client, staff):
    order = placed(app, channel="whatsapp")
    city = factories.make_city(name_fr="Sousse")
    zone = factories.make_zone(cities=[city], fee=Decimal("9.000"))

    refused = step(client, order, "confirmed")
    missing = client.post(
        f"/fr/admin/orders/{order.reference}/address", data={"city": "", "landmark": "Mosquée"}
    )
    saved = client.post(
        f"/fr/admin/orders/{order.reference}/address",
        data={"city": city.id, "landmark": "En face de la mosquée", "street": ""},
    )
    confirmed = step(client, order, "confirmed")

    assert refused.status_code == 422
    assert "Complétez l’adresse" in refused.get_data(as_text=True)
    assert missing.status_code == 422 and "Mosquée" in missing.get_data(as_text=True)
    assert saved.status_code == 303 and confirmed.status_code == 303
    db.session.refresh(order)
    assert (order.city_id, order.zone_id) == (city.id, zone.id)
    assert order.landmark == "En face de la mosquée"
    assert order.total == order.subtotal + Decimal("9.000")
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "orders"))
    assert entry.changes["city_id"][1] == city.id
    assert entry.staff_user_id == staff.id


def test_a_driver_is_assigned_and_only_a_driver(app, client, staff):
    order = placed(app)
    driver = factories.make_staff(role="driver", name="Karim")
    manager = factories.make_staff(role="manager")

    wrong = client.post(f"/fr/admin/orders/{order.reference}/driver", data={"driver": manager.id})
    right = client.post(f"/fr/admin/orders/{order.reference}/driver", data={"driver": driver.id})

    assert wrong.status_code == 422
    assert right.status_code == 303
    delivery = db.session.scalar(select(Delivery).where(Delivery.order_id == order.id))
    assert delivery.driver_id == driver.id and delivery.assigned_at is not None
    assert "Karim" in detail(client, order)


def test_the_packing_slip_lists_the_lines_and_the_cash_to_collect(app, client, staff):
    order = placed(app, quantity=2)

    slip = client.get(f"/fr/admin/orders/{order.reference}/packing-slip").get_data(as_text=True)

    assert order.reference in slip and order.items[0].sku in slip
    assert "87,000" in slip  # 2 × 40.000 + 7.000 delivery, three decimals for TND


def test_the_whatsapp_link_holds_the_status_message_in_the_customer_language(app, client, staff):
    order = placed(app)
    order.language = "ar"
    db.session.flush()

    link = re.search(r'href="(https://wa\.me/[^"]+)"', detail(client, order)).group(1)

    parsed = urlparse(link.replace("&amp;", "&"))
    assert parsed.path == "/21698123456"
    message = parse_qs(parsed.query)["text"][0]
    assert order.reference in message and "في انتظار التأكيد" in message
    assert f"/ar/track?ref={order.reference}" in unquote(message)


def test_forged_order_changes_are_refused(app, csrf_client, login_as):
    order = placed(app)
    login_as(csrf_client, "staff")

    response = csrf_client.post(
        f"/fr/admin/orders/{order.reference}/status", data={"to": "confirmed"}
    )

    assert response.status_code == 400
    assert db.session.get(Order, order.id).status == "awaiting_confirmation"


def test_an_unknown_order_is_not_found(client, staff):
    assert client.get("/fr/admin/orders/NOPE42").status_code == 404


@pytest.mark.parametrize("typed", ["reference", "98 123 456", "+216 98 123 456", "nadia"])
def test_orders_are_found_by_reference_phone_or_name(app, client, staff, typed):
    wanted = placed(app, name="Nadia Ferchichi")
    other = placed(app, name="Karim Jaziri", phone="+21622333444")
    query = wanted.reference.lower() if typed == "reference" else typed

    page = client.get("/fr/admin/orders", query_string={"q": query}).get_data(as_text=True)

    assert f'data-order="{wanted.reference}"' in page
    assert f'data-order="{other.reference}"' not in page
