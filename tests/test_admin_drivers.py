"""Drivers on their phones: their own deliveries only, delivered with the cash collected or
refused with a reason, which moves the order and its stock; then the cash handed over."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.models import CashHandover, Delivery, Order, StockMovement
from shop.services.order_admin import assign_driver
from shop.services.orders import transition
from tests import factories


@pytest.fixture
def driver(client, login_as):
    return login_as(client, "driver")


def out_for_delivery(app, driver, **options):
    """An order confirmed, prepared, given to `driver` and on its way; as the test sees it."""
    with app.app_context():
        order = factories.make_order(**options)
        staff = factories.make_staff()
        assign_driver(order, driver.id)
        for status in ("confirmed", "preparing", "out_for_delivery"):
            transition(order, status, "staff", staff_user=staff)
        db.session.commit()
        order_id = order.id
    return db.session.get(Order, order_id)


def movements(order):
    query = select(StockMovement.reason).where(StockMovement.order_id == order.id)
    return sorted(db.session.scalars(query))


def test_a_driver_sees_today_s_deliveries_with_ways_to_reach_the_customer(app, client, driver):
    order = out_for_delivery(app, driver)

    home = client.get("/fr/admin/deliveries").get_data(as_text=True)
    page = client.get(f"/fr/admin/deliveries/{order.reference}").get_data(as_text=True)

    assert order.reference in home
    assert 'href="tel:+21698123456"' in page
    assert 'href="https://wa.me/21698123456"' in page
    assert "47,000" in page


def test_delivered_with_cash_sells_the_reserved_stock(app, client, driver):
    order = out_for_delivery(app, driver)

    response = client.post(
        f"/fr/admin/deliveries/{order.reference}/delivered", data={"cash": "47,000"}
    )

    assert response.status_code == 303
    db.session.refresh(order)
    assert order.status == "delivered"
    assert order.events[-1].actor == "driver" and order.events[-1].staff_user_id == driver.id
    assert order.delivery.cash_collected == Decimal("47.000")
    assert movements(order) == ["reserved", "sold"]


def test_refused_with_a_reason_releases_the_stock(app, client, driver):
    order = out_for_delivery(app, driver)

    response = client.post(
        f"/fr/admin/deliveries/{order.reference}/refused", data={"reason": "Client absent"}
    )

    assert response.status_code == 303
    db.session.refresh(order)
    assert order.status == "refused"
    assert order.delivery.refused_reason == "Client absent"
    assert movements(order) == ["released", "reserved"]


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("delivered", {"cash": ""}),
        ("delivered", {"cash": "-5"}),
        ("delivered", {"cash": "beaucoup"}),
        ("delivered", {"cash": "1e9"}),
        ("refused", {"reason": "   "}),
        ("refused", {"reason": "x" * 600}),
    ],
)
def test_bad_input_at_the_door_changes_nothing(app, client, driver, action, data):
    order = out_for_delivery(app, driver)

    response = client.post(f"/fr/admin/deliveries/{order.reference}/{action}", data=data)

    assert response.status_code == 422
    assert list(data.values())[0].strip()[:20] in response.get_data(as_text=True)
    db.session.refresh(order)
    assert order.status == "out_for_delivery"
    assert movements(order) == ["reserved"]


def test_another_driver_s_delivery_is_not_found(app, client, driver):
    colleague = factories.make_staff(role="driver")
    order = out_for_delivery(app, colleague)

    assert client.get(f"/fr/admin/deliveries/{order.reference}").status_code == 404
    response = client.post(f"/fr/admin/deliveries/{order.reference}/delivered", data={"cash": "47"})
    assert response.status_code == 404
    assert order.reference not in client.get("/fr/admin/deliveries").get_data(as_text=True)


def test_the_manager_sees_the_cash_each_driver_holds_and_records_the_hand_over(
    app, client, login_as
):
    karim = factories.make_staff(role="driver", name="Karim")
    first, second = out_for_delivery(app, karim), out_for_delivery(app, karim)
    for order in (first, second):
        with app.app_context():
            order = db.session.get(Order, order.id)
            transition(order, "delivered", "driver", staff_user=karim, cash_collected=47)
            db.session.commit()
    manager = login_as(client, "manager")

    page = client.get("/fr/admin/cash").get_data(as_text=True)
    response = client.post("/fr/admin/cash", data={"driver": karim.id, "amount": "90"})

    assert "94,000" in page
    assert response.status_code == 303
    handover = db.session.scalar(select(CashHandover))
    assert (handover.amount, handover.received_by_id) == (Decimal("90.000"), manager.id)
    settled = db.session.scalars(select(Delivery).where(Delivery.handover_id == handover.id))
    assert len(settled.all()) == 2
    after = client.get("/fr/admin/cash").get_data(as_text=True)
    assert "-4,000" in after or "−4,000" in after


def test_a_bad_hand_over_amount_is_refused(app, client, login_as):
    karim = factories.make_staff(role="driver")
    login_as(client, "owner")

    response = client.post("/fr/admin/cash", data={"driver": karim.id, "amount": "abc"})

    assert response.status_code == 422
    assert db.session.scalar(select(CashHandover)) is None
