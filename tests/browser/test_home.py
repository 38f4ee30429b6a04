"""The home page in a real browser: both languages, right-to-left Arabic, the language switch."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"
PHONE = {"width": 390, "height": 844}


def body_direction(page):
    return page.evaluate("getComputedStyle(document.body).direction")


def save_screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / name, full_page=True)


@pytest.fixture
def csp_violations(page):
    """Console errors the page raised about its Content-Security-Policy (inline code, CDNs)."""
    messages = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return messages


@pytest.mark.parametrize(
    ("lang", "direction", "cart_label"), [("fr", "ltr", "Panier"), ("ar", "rtl", "السلة")]
)
def test_home_page_in_each_language(page, csp_violations, lang, direction, cart_label):
    page.set_viewport_size(PHONE)
    page.goto(f"/{lang}/")

    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert body_direction(page) == direction
    expect(page.locator(".cart-link")).to_contain_text(cart_label)
    expect(page.locator(".product-card[data-sku]").first).to_be_visible()
    save_screenshot(page, f"home-{lang}.png")
    assert csp_violations == []


def test_arabic_layout_is_mirrored(page):
    page.set_viewport_size(PHONE)
    page.goto("/ar/")

    name = page.locator(".shop-name").bounding_box()
    switch = page.locator(".language-switch").bounding_box()

    assert name["x"] > PHONE["width"] / 2, "the shop name starts on the right in Arabic"
    assert switch["x"] < name["x"]


def test_language_switch_lands_on_the_same_page_in_the_other_language(page):
    page.goto("/fr/search?q=filtre")

    page.locator(".language-switch").click()

    expect(page).to_have_url(re.compile(r"/ar/search\?q=filtre$"))
    assert body_direction(page) == "rtl"
    expect(page.locator("#search-q")).to_have_value("filtre")

    page.locator(".language-switch").click()

    expect(page).to_have_url(re.compile(r"/fr/search\?q=filtre$"))
    assert body_direction(page) == "ltr"
