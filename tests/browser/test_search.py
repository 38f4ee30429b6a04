"""Searching in Chromium: suggestions while typing, picked with the keyboard or a tap."""

import re

from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
PRODUCT_PAGE = re.compile(r"/fr/p/\d+/")


def type_query(page, text):
    page.goto("/fr/")
    box = page.locator("#search-q")
    box.click()
    box.press_sequentially(text, delay=30)
    return box


def test_arrow_down_and_enter_open_the_suggested_product(page):
    box = type_query(page, "plaquettes")
    options = page.locator("#search-suggestions [role=option]")
    expect(options.first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    first_name = options.first.locator(".suggestion-name").inner_text()

    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", options.first.get_attribute("id"))
    box.press("Enter")

    expect(page).to_have_url(PRODUCT_PAGE)
    expect(page.locator("h1")).to_have_text(first_name)


def test_escape_closes_the_suggestions(page):
    box = type_query(page, "filtre")
    expect(page.locator("#search-suggestions [role=option]").first).to_be_visible()

    box.press("Escape")

    expect(page.locator("#search-suggestions [role=option]")).to_have_count(0)
    expect(box).to_have_attribute("aria-expanded", "false")


def test_enter_without_a_pick_submits_the_search(page):
    box = type_query(page, "plaquettes")
    expect(page.locator("#search-suggestions [role=option]").first).to_be_visible()

    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/fr/search\?q=plaquettes"))
    expect(page.locator(".product-card").first).to_be_visible()


def test_tapping_a_suggestion_on_a_phone_opens_it(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    type_query(page, "plaquettes")
    option = page.locator("#search-suggestions [role=option]").first
    expect(option).to_be_visible()

    option.tap()

    expect(page).to_have_url(PRODUCT_PAGE)
    context.close()


def test_search_works_without_javascript(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/ar/")
    page.locator("#search-q").fill("فلتر")
    page.locator("#search-q").press("Enter")

    expect(page).to_have_url(re.compile(r"/ar/search\?q="))
    expect(page.locator(".product-card").first).to_be_visible()
    context.close()
