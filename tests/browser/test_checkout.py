"""Ordering in Chromium on a phone: cash on delivery in Arabic, by WhatsApp, and an 18+ refusal."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from shop.extensions import db
from shop.models import City, DeliveryZone, Order, Product, zone_cities
from shop.services.listing import available_stock

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"
PHONE = {"width": 390, "height": 844}
GUEST_PHONE = "20 123 456"


def save_screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / name, full_page=True)


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


def stocked_product(app, restricted=False, min_units=5):
    """The id of a live product of the demo shop with stock to spare."""
    with app.app_context():
        query = (
            select(Product.id)
            .where(
                Product.status == "active",
                Product.deleted_at.is_(None),
                Product.is_restricted.is_(restricted),
            )
            .order_by(Product.id)
        )
        ids = db.session.scalars(query).all()
        stock = available_stock(ids)
        return next(product_id for product_id in ids if stock.get(product_id, 0) >= min_units)


def delivered_city(app):
    """(region id, city id) of a city some active zone delivers to."""
    with app.app_context():
        row = db.session.execute(
            select(City.region_id, City.id)
            .join(zone_cities, zone_cities.c.city_id == City.id)
            .join(DeliveryZone, DeliveryZone.id == zone_cities.c.zone_id)
            .where(DeliveryZone.is_active)
            .order_by(DeliveryZone.fee, City.id)
        ).first()
        return str(row.region_id), str(row.id)


def order_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Order))


def fill_cart(page, base, lang, product_id, quantity):
    """Open the product page and add `quantity` of it with the HTMX add-to-cart form."""
    page.goto(f"{base}/{lang}/p/{product_id}")
    page.fill(f"#add-quantity-{product_id}", str(quantity))
    page.locator(".add-to-cart button").click()
    expect(page.locator(".buy-box .notice-success")).to_be_visible()
    expect(page.locator(".cart-link .badge")).to_have_text(str(quantity))


def test_a_guest_orders_cash_on_delivery_in_arabic_on_a_phone(
    page, live_app, live_server, csp_violations
):
    page.set_viewport_size(PHONE)
    product_id = stocked_product(live_app)
    region_id, city_id = delivered_city(live_app)

    fill_cart(page, live_server, "ar", product_id, 3)
    save_screenshot(page, "checkout-product-added-ar.png")
    page.locator(".cart-link").click()
    expect(page.locator(".cart-line")).to_have_count(1)
    save_screenshot(page, "cart-ar.png")
    page.get_by_role("link", name="إتمام الطلب: الدفع عند الاستلام").click()

    expect(page.locator("h1")).to_have_text("إتمام الطلب")
    page.fill("#name", "أميرة بن صالح")
    page.fill("#phone", GUEST_PHONE)
    page.select_option("#region", region_id)
    expect(page.locator(f"#city option[value='{city_id}']")).to_be_attached()
    page.select_option("#city", city_id)
    expect(page.locator("#checkout_summary .estimate")).to_contain_text("التوصيل خلال")
    page.fill("#landmark", "قرب الجامع الكبير، الباب الأخضر")
    save_screenshot(page, "checkout-ar.png")
    page.get_by_role("button", name="تأكيد طلبي").click()

    expect(page.locator("h1")).to_have_text("شكرًا، تم تسجيل طلبك")
    reference = page.locator(".order-reference strong").inner_text()
    assert page.url.endswith(f"/ar/order/{reference}")
    save_screenshot(page, "order-confirmation-ar.png")
    expect(page.locator(".cart-link .badge")).to_have_text("0")
    page.get_by_role("link", name="تتبع طلبي").click()
    assert urlsplit(page.url).path == "/ar/track"
    assert parse_qs(urlsplit(page.url).query)["ref"] == [reference]
    # The browser that placed the order sees its timeline without typing the phone again.
    expect(page.locator("main")).to_contain_text(reference)
    expect(page.locator("main")).to_contain_text("في انتظار التأكيد")
    expect(page.locator("#phone")).to_have_count(0)
    save_screenshot(page, "tracking-ar.png")
    assert csp_violations == []


def test_the_whatsapp_button_lands_on_the_shop_chat_with_the_order(page, live_app, live_server):
    page.set_viewport_size(PHONE)
    product_id = stocked_product(live_app)
    _region_id, city_id = delivered_city(live_app)
    opened = []
    page.route(
        "https://wa.me/**",
        lambda route: (opened.append(route.request.url), route.fulfill(body="WhatsApp")),
    )

    fill_cart(page, live_server, "fr", product_id, 4)
    page.goto(f"{live_server}/fr/checkout")
    save_screenshot(page, "checkout-fr.png")
    page.goto(f"{live_server}/fr/cart")
    save_screenshot(page, "cart-fr.png")
    page.get_by_role("link", name="Commander par WhatsApp").click()
    page.fill("#name", "Amira")
    page.fill("#phone", GUEST_PHONE)
    page.select_option("#city", city_id)
    save_screenshot(page, "whatsapp-order-fr.png")
    page.get_by_role("button", name="Envoyer ma commande sur WhatsApp").click()

    expect(page.locator("body")).to_have_text("WhatsApp")
    [url] = opened
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "wa.me", "/21620123456")
    lines = parse_qs(parts.query, strict_parsing=True)["text"][0].split("\n")
    assert lines[0].startswith("Nouvelle commande ")
    reference = lines[0].removeprefix("Nouvelle commande ")
    assert lines[1].startswith("4 × ")
    assert lines[-1] == f"Suivre ma commande : {live_server}/fr/track?ref={reference}"
    with live_app.app_context():
        order = db.session.scalar(select(Order).where(Order.reference == reference))
        assert (order.channel, order.status) == ("whatsapp", "awaiting_confirmation")


def test_an_under_age_customer_is_refused_an_18_plus_order(
    page, grocery_live_app, grocery_live_server
):
    page.set_viewport_size(PHONE)
    product_id = stocked_product(grocery_live_app, restricted=True, min_units=2)
    region_id, city_id = delivered_city(grocery_live_app)
    orders_before = order_count(grocery_live_app)

    fill_cart(page, grocery_live_server, "ar", product_id, 1)
    page.goto(f"{grocery_live_server}/ar/checkout")
    page.fill("#name", "يوسف")
    page.fill("#phone", "0612345678")
    page.select_option("#region", region_id)
    expect(page.locator(f"#city option[value='{city_id}']")).to_be_attached()
    page.select_option("#city", city_id)
    page.fill("#landmark", "قرب المسجد")
    page.fill("#birth_date", "2012-03-01")
    page.check("#age_confirmed")
    page.get_by_role("button", name="تأكيد طلبي").click()

    expect(page.locator("#birth_date-error")).to_have_text(
        "عذرًا، المنتجات المخصصة للبالغين لا تباع إلا لمن بلغ 18 سنة أو أكثر."
    )
    expect(page.locator("#name")).to_have_value("يوسف")
    save_screenshot(page, "checkout-under-age-ar.png")
    assert order_count(grocery_live_app) == orders_before


def test_ordering_works_without_javascript(browser, live_app, live_server):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    product_id = stocked_product(live_app)
    region_id, city_id = delivered_city(live_app)

    page.goto(f"{live_server}/fr/p/{product_id}")
    page.fill(f"#add-quantity-{product_id}", "3")
    page.locator(".add-to-cart button").click()
    expect(page.locator(".notice-success")).to_have_text("Ajouté à votre panier.")
    page.get_by_role("link", name="Commander : paiement à la livraison").click()
    page.fill("#name", "Amira")
    page.fill("#phone", GUEST_PHONE)
    page.select_option("#region", region_id)
    page.get_by_role("button", name="Afficher les villes et le coût de livraison").click()
    expect(page.locator("#name")).to_have_value("Amira")
    page.select_option("#city", city_id)
    page.fill("#landmark", "Derrière la poste")
    page.get_by_role("button", name="Valider ma commande").click()

    expect(page.locator("h1")).to_have_text("Merci, votre commande est enregistrée")
    save_screenshot(page, "order-confirmation-fr-no-js.png")
    context.close()
