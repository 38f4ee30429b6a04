"""A driver on a phone picks their car with cascading selects and reaches a part that fits."""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shop.extensions import db
from shop.models import Category, Fitment, Product, Vehicle, VehicleMake, VehicleModel
from shop.services.listing import Listing, ListingFilters
from shop.services.scopes import in_category_subtree

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"
PHONE = {"width": 390, "height": 844}


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


@pytest.fixture(scope="module")
def clio_iv_route(live_app):
    """(root category, subcategory, SKU) where the subcategory's first page shows a Clio IV part."""
    with live_app.app_context():
        clio_iv = db.session.scalar(
            select(Vehicle.id)
            .join(VehicleModel)
            .join(VehicleMake)
            .where(VehicleMake.name == "Renault", VehicleModel.name == "Clio")
            .where(Vehicle.generation == "IV")
        )
        fitting = dict(
            db.session.execute(
                select(Product.id, Product.sku).join(Fitment).where(Fitment.vehicle_id == clio_iv)
            ).all()
        )
        subcategories = db.session.scalars(
            select(Category).where(Category.depth == 1).order_by(Category.position, Category.id)
        )
        for subcategory in subcategories:
            shown = Listing(in_category_subtree(subcategory), ListingFilters()).page().product_ids
            skus = [fitting[product_id] for product_id in shown if product_id in fitting]
            if skus:
                return subcategory.parent, subcategory, skus[0]
    pytest.fail("the demo shop has no Renault Clio IV part in any subcategory")


def save_screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / name, full_page=True)


def choose_clio_iv(page):
    """Pick Renault → Clio → 2015 in the selector; HTMX fills each select from the previous one."""
    page.locator("#vehicle_make").select_option(label="Renault")
    expect(page.locator("#vehicle_model option", has_text="Clio")).to_have_count(1)
    page.evaluate("window.notReloaded = true")
    page.locator("#vehicle_model").select_option(label="Clio")
    expect(page.locator("#vehicle_year option", has_text="2015")).to_have_count(1)
    assert page.evaluate("window.notReloaded") is True, "the options came without a reload"
    page.locator("#vehicle_year").select_option("2015")


@pytest.mark.parametrize(
    ("lang", "direction", "fits_text"),
    [("fr", "ltr", "Compatible avec votre Renault Clio IV"), ("ar", "rtl", "تناسب سيارتك")],
)
def test_choose_a_vehicle_then_reach_a_fitting_part_in_three_clicks(
    page, csp_violations, clio_iv_route, lang, direction, fits_text
):
    root, subcategory, sku = clio_iv_route
    page.set_viewport_size(PHONE)
    page.goto(f"/{lang}/")
    assert page.evaluate("getComputedStyle(document.body).direction") == direction

    choose_clio_iv(page)
    save_screenshot(page, f"vehicle-selector-{lang}.png")
    page.locator(".vehicle-form button[type=submit]").click()

    expect(page.locator(".vehicle-current")).to_contain_text("Renault Clio IV (2012–2019)")
    page.locator(".chip-list a", has_text=getattr(root, f"name_{lang}")).first.click()
    page.locator(".subcategories a", has_text=getattr(subcategory, f"name_{lang}")).click()
    page.locator(f'.product-card[data-sku="{sku}"] .product-name a').click()

    expect(page.locator(".fit-notice.fits")).to_contain_text(fits_text)
    expect(page.locator(".fit-notice.fits")).to_contain_text("Renault Clio IV")
    expect(page.locator(".product-page")).to_have_attribute("data-sku", sku)
    save_screenshot(page, f"product-{lang}.png")
    assert csp_violations == [], "JSON-LD is data: the CSP must not report it"


def test_the_chosen_vehicle_can_be_cleared(page):
    page.set_viewport_size(PHONE)
    page.goto("/fr/")
    choose_clio_iv(page)
    page.locator(".vehicle-form button[type=submit]").click()
    expect(page.locator(".vehicle-current")).to_be_visible()

    page.locator(".vehicle-current button[name=clear]").click()

    expect(page.locator(".vehicle-current")).to_have_count(0)
    assert not [c for c in page.context.cookies() if c["name"] == "vehicle"]
