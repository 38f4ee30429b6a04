"""Staff and a driver in Chromium: a WhatsApp order is completed, confirmed and given to a driver,
who delivers it from a phone and records the cash collected."""

import re

import pytest
from playwright.sync_api import expect

from shop.extensions import db
from shop.models import Order
from tests import factories

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def whatsapp_order(live_app):
    with live_app.app_context():
        order = factories.make_order(channel="whatsapp", name="Nadia Ferchichi")
        db.session.commit()
        return order.reference


def log_in(page, login, password):
    page.goto("/fr/admin/login")
    page.fill("#login", login)
    page.fill("#password", password)
    page.get_by_role("button", name="Se connecter").click()


def test_staff_confirm_and_assign_then_the_driver_delivers_with_cash(
    browser, base_url, live_app, whatsapp_order
):
    staff = browser.new_context(base_url=base_url).new_page()
    log_in(staff, "staff@example.com", "staff-demo-2026")
    staff.goto(f"/fr/admin/orders/{whatsapp_order}")

    staff.fill("#address-landmark", "Derrière la pharmacie")
    staff.get_by_role("button", name="Enregistrer l’adresse").click()
    staff.get_by_role("button", name="Confirmée").click()
    expect(staff.locator("p.status")).to_contain_text("Confirmée")
    staff.select_option("#driver", label="Hamza Jebali")
    staff.get_by_role("button", name="Attribuer").click()
    expect(staff.get_by_text("Attribuée à Hamza Jebali.")).to_be_visible()
    staff.get_by_role("button", name="En préparation").click()
    expect(staff.locator("p.status")).to_contain_text("En préparation")

    driver = browser.new_context(base_url=base_url, viewport=PHONE).new_page()
    log_in(driver, "driver1@example.com", "driver1-demo-2026")
    expect(driver).to_have_url(re.compile(r"/fr/admin/deliveries$"))
    driver.get_by_role("link", name=re.compile(whatsapp_order)).click()
    expect(driver.get_by_text("Derrière la pharmacie")).to_be_visible()
    driver.get_by_role("button", name="Je suis en route").click()
    driver.get_by_role("link", name=re.compile(whatsapp_order)).click()
    driver.fill("#cash", "47")
    driver.get_by_role("button", name="Livrée").click()
    expect(driver.get_by_text(f"Commande {whatsapp_order} : Livrée.")).to_be_visible()
    assert driver.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    staff.reload()
    expect(staff.locator("p.status")).to_contain_text("Livrée")
    with live_app.app_context():
        order = db.session.scalar(db.select(Order).where(Order.reference == whatsapp_order))
        assert order.status == "delivered"
        assert str(order.delivery.cash_collected) == "47.000"
