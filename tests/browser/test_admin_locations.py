"""A manager closes a depot from a phone, in Arabic: its parts go out of stock on the storefront
at once, and are on sale again when it reopens."""

import re
import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete

from shop.extensions import db
from shop.models import Location, PriceHistory, Product, StockLevel, StockMovement
from tests import factories

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def depot_part(live_app):
    """A depot holding the only units of a part, committed; (depot code, part id)."""
    tag = uuid.uuid4().hex[:6].upper()
    with live_app.app_context():
        depot = factories.make_location(
            code=f"DEPOT-{tag}", name_fr=f"Dépôt {tag}", name_ar=f"مستودع {tag}"
        )
        part = factories.make_product(sku=f"PART-{tag}")
        factories.make_stock(part, depot, on_hand=20)
        db.session.commit()
        ids = depot.id, part.id
        code = depot.code
    yield code, ids[1]
    depot_id, part_id = ids
    with live_app.app_context():
        for model in (StockMovement, StockLevel, PriceHistory):
            db.session.execute(delete(model).where(model.product_id == part_id))
        db.session.execute(delete(Product).where(Product.id == part_id))
        db.session.execute(delete(Location).where(Location.id == depot_id))
        db.session.commit()


def set_depot_open(page, code, is_open):
    page.goto("/ar/admin/locations")
    page.get_by_role("link", name=code).click()
    page.get_by_label("مفتوح").set_checked(is_open)
    page.get_by_role("button", name="حفظ").click()
    expect(page.locator(".flash")).to_contain_text("تم حفظ الموقع.")


def test_a_depot_closed_from_a_phone_takes_its_parts_off_sale_until_it_reopens(
    browser, base_url, depot_part
):
    code, part_id = depot_part
    customer = browser.new_context(base_url=base_url, viewport=PHONE).new_page()
    manager = browser.new_context(base_url=base_url, viewport=PHONE).new_page()
    manager.goto("/ar/admin/login")
    manager.fill("#login", "manager@example.com")
    manager.fill("#password", "manager-demo-2026")
    manager.locator("form.stacked-form button[type=submit]").click()
    customer.goto(f"/ar/p/{part_id}")
    expect(customer.locator("p.stock")).to_have_class(re.compile(r"\bstock-in\b"))

    set_depot_open(manager, code, False)

    row = manager.locator("tr", has_text=code)
    expect(row).to_contain_text("مغلق")
    assert manager.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    customer.reload()
    expect(customer.locator("p.stock")).to_have_class(re.compile(r"\bstock-out\b"))

    set_depot_open(manager, code, True)

    expect(row).to_contain_text("مفتوح")
    customer.reload()
    expect(customer.locator("p.stock")).to_have_class(re.compile(r"\bstock-in\b"))
