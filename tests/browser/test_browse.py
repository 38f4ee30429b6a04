"""Browsing in Chromium: filtering a category, loading more with htmx, paging without JavaScript."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"
PHONE = {"width": 390, "height": 844}
# The demo's largest brake category: enough products for several pages.
CATEGORY = "/fr/c/freinage"


def card_skus(page):
    return page.locator(".product-card").evaluate_all("cards => cards.map(c => c.dataset.sku)")


def test_ticking_a_brand_shows_only_that_brand(page):
    page.goto(CATEGORY)
    page.locator("details.filters summary").click()
    brand = page.locator('input[name="brand"]').first
    brand_name = re.sub(r"\s*\d+$", "", brand.locator("xpath=..").inner_text().strip())
    count = int(brand.locator("xpath=../span[@class='count']").inner_text())

    brand.check()  # with htmx, a change already applies the filters
    expect(page).to_have_url(re.compile(r"brand="))
    page.locator(".filter-actions button[type=submit]").click()

    expect(page.locator(".results-count")).to_contain_text(str(count))
    brands = page.locator(".product-card .product-brand").all_inner_texts()
    assert brands and set(brands) == {brand_name}


def test_load_more_appends_cards_without_leaving_the_page(page):
    page.goto(CATEGORY)
    page.evaluate("window.untouched = true")
    first = card_skus(page)

    page.locator(".load-more").click()

    expect(page.locator(".product-card").nth(len(first))).to_be_attached()
    after = card_skus(page)
    assert after[: len(first)] == first
    assert len(set(after)) == len(after)
    assert page.evaluate("window.untouched") is True, "the page was not reloaded"
    expect(page.locator(".pager")).to_have_count(1)


def test_next_link_pages_through_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto(CATEGORY)
    first = card_skus(page)
    expect(page.locator(".load-more")).to_be_hidden()

    page.locator("a[rel=next]").click()

    expect(page).to_have_url(re.compile(r"after="))
    second = card_skus(page)
    assert second and not set(second) & set(first)
    page.locator("a[rel=prev]").click()
    assert card_skus(page) == first
    context.close()


def results_count(page):
    return int(re.search(r"\d+", page.locator(".results-count").inner_text()).group())


def test_on_a_phone_applied_filters_come_first_and_come_off_in_place(page):
    page.set_viewport_size(PHONE)
    page.goto(f"{CATEGORY}?in_stock=1&brand=bosch")

    # Loaded whole, the panel stays shut: the products follow the applied filters at once.
    expect(page.locator("details.filters")).not_to_have_attribute("open", "")
    chips = page.locator(".applied-filter")
    expect(chips).to_have_count(2)
    first_card = page.locator(".product-card").first.bounding_box()
    assert first_card["y"] - chips.first.bounding_box()["y"] < PHONE["height"] / 2
    narrowed = results_count(page)
    page.evaluate("window.untouched = true")

    chips.filter(has_text="Bosch").click()

    expect(page).not_to_have_url(re.compile(r"brand="))
    expect(page.locator(".applied-filter")).to_have_count(1)
    expect(page.locator(".applied-filter")).to_have_text(re.compile(r"En stock"))
    assert results_count(page) > narrowed
    assert page.evaluate("window.untouched") is True, "the page was not reloaded"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_on_a_phone_the_sorts_label_stays_beside_its_select(page, lang):
    page.set_viewport_size(PHONE)
    page.goto(f"/{lang}/c/freinage")

    label = page.locator("label[for=listing-sort]").bounding_box()
    sort = page.locator("#listing-sort").bounding_box()

    assert abs((label["y"] + label["height"] / 2) - (sort["y"] + sort["height"] / 2)) < 4


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_phone_screenshot_of_a_category_with_filters(page, lang):
    page.set_viewport_size(PHONE)
    page.goto(f"/{lang}/c/freinage")
    page.locator("details.filters summary").click()
    page.locator('input[name="attr.position"]').first.check()
    expect(page).to_have_url(re.compile(r"attr\.position="))

    expect(page.locator("details.filters")).to_have_attribute("open", "")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "nothing overflows sideways on a phone"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"category-filters-{lang}.png", full_page=True)
