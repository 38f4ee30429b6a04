"""Customer accounts in Chromium on a phone: sign up, order, log out, log in, see the order."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_checkout import (
    PHONE,
    delivered_city,
    fill_cart,
    save_screenshot,
    stocked_product,
)

ACCOUNT_PHONE = "29 876 543"
PASSWORD = "une phrase de passe"


@pytest.fixture
def csp_violations(page):
    messages = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return messages


def test_a_customer_signs_up_orders_logs_out_logs_in_and_sees_the_order(
    page, live_app, live_server, csp_violations
):
    page.set_viewport_size(PHONE)
    product_id = stocked_product(live_app)
    region_id, city_id = delivered_city(live_app)

    page.goto(f"{live_server}/fr/")
    page.get_by_role("link", name="Se connecter").click()
    save_screenshot(page, "login-fr.png")
    page.get_by_role("link", name="Créer un compte").click()
    page.fill("#name", "Nadia Gharbi")
    page.fill("#phone", ACCOUNT_PHONE)
    page.fill("#password", PASSWORD)
    page.fill("#password_confirmation", PASSWORD)
    save_screenshot(page, "signup-fr.png")
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.locator("h1")).to_have_text("Bonjour Nadia Gharbi")

    fill_cart(page, live_server, "fr", product_id, 2)
    page.goto(f"{live_server}/fr/checkout")
    expect(page.locator("#name")).to_have_value("Nadia Gharbi")
    page.select_option("#region", region_id)
    expect(page.locator(f"#city option[value='{city_id}']")).to_be_attached()
    page.select_option("#city", city_id)
    page.fill("#landmark", "Derrière la poste")
    page.get_by_role("button", name="Valider ma commande").click()
    reference = page.locator(".order-reference strong").inner_text()

    page.goto(f"{live_server}/fr/account/")
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.locator(".account-link")).to_have_text("Se connecter")
    page.goto(f"{live_server}/fr/account/")
    expect(page.locator("h1")).to_have_text("Se connecter")
    page.fill("#login", "+216 29 876 543")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    history = page.locator(f".history-order[data-reference='{reference}']")
    expect(history).to_contain_text("En attente de confirmation")
    save_screenshot(page, "account-fr.png")
    history.get_by_role("link", name=reference).click()
    expect(page.locator(".timeline-step.reached")).to_have_count(1)
    save_screenshot(page, "tracking-fr.png")

    page.goto(f"{live_server}/ar/account/")
    expect(page.locator("h1")).to_have_text("مرحبًا Nadia Gharbi")
    save_screenshot(page, "account-ar.png")
    page.goto(f"{live_server}/ar/track?ref={reference}")
    expect(page.locator(".order-status")).to_contain_text("في انتظار التأكيد")
    save_screenshot(page, "tracking-ar.png")
    page.goto(f"{live_server}/ar/account/addresses/new")
    save_screenshot(page, "address-form-ar.png")
    assert csp_violations == []


def test_a_stranger_is_asked_for_the_phone_to_track(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server}/ar/track?ref=AB23CD")
    expect(page.locator("#reference")).to_have_value("AB23CD")
    page.fill("#phone", "20 000 001")
    page.get_by_role("button", name="تتبّع").click()
    expect(page.locator(".notice-error")).to_contain_text("لم نجد أي طلب")
    save_screenshot(page, "track-form-ar.png")
