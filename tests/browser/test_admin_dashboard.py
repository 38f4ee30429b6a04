"""The dashboard in Chromium: in Arabic and French, at phone and desktop widths, its charts drawn
inside the page without any JavaScript error."""

import pytest
from playwright.sync_api import expect

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_dashboard_renders_its_charts_without_errors(browser, base_url, lang, viewport):
    context = browser.new_context(base_url=base_url, viewport=VIEWPORTS[viewport])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"/{lang}/admin/login")
    page.fill("#login", "owner@example.com")
    page.fill("#password", "owner-demo-2026")
    page.locator("form.stacked-form button[type=submit]").click()

    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    chart = page.locator("svg.sales-chart").first
    expect(chart).to_be_visible()
    assert chart.locator("rect.bar").count() == 30
    box = chart.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORTS[viewport]["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    assert errors == []
    context.close()
