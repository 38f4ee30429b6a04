"""Accessibility in Chromium: axe-core finds no serious or critical violation on the storefront's
main pages, in French and in Arabic, at phone and desktop widths."""

from pathlib import Path

import pytest

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
PAGES = {
    "home": "/{lang}/",
    "listing": "/{lang}/c/{category}",
    "filtered listing": "/{lang}/c/{category}?in_stock=1&max_price=100",
    "product": "/{lang}/p/{product}",
    "search": "/{lang}/search?q=filtre",
    "no results": "/{lang}/search?q=zzzqqqxxx",
}
SEVERE = ("serious", "critical")


def axe_violations(page):
    """Run axe-core on the page; the violations as (rule, impact, first target) triples."""
    # evaluate() runs outside the page's Content-Security-Policy, which forbids inline scripts.
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        (violation["id"], violation["impact"], violation["nodes"][0]["target"])
        for violation in result["violations"]
    ]


@pytest.fixture(scope="module")
def demo_paths(browser, base_url):
    """A category slug and a product path of the demo shop, found as a visitor would."""
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    page.goto("/fr/")
    category = page.locator("a[href^='/fr/c/']").first.get_attribute("href").split("/c/")[1]
    page.goto(f"/fr/c/{category}")
    product = page.locator("a[href^='/fr/p/']").first.get_attribute("href").split("/p/")[1]
    context.close()
    return {"category": category, "product": product.split("/")[0]}


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ["fr", "ar"])
@pytest.mark.parametrize("page_name", PAGES)
def test_no_serious_accessibility_violation(
    browser, base_url, demo_paths, page_name, lang, viewport
):
    context = browser.new_context(base_url=base_url, viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.goto(PAGES[page_name].format(lang=lang, **demo_paths))

    severe = [v for v in axe_violations(page) if v[1] in SEVERE]

    context.close()
    assert severe == []


def test_the_check_reports_a_real_violation(page):
    # The harness itself: an unlabeled field and an image without text are caught as severe.
    page.set_content(
        '<html lang="fr"><title>t</title><main><input type="text"><img src="x.png"></main></html>'
    )

    rules = {rule for rule, impact, _ in axe_violations(page) if impact in SEVERE}

    assert {"label", "image-alt"} <= rules
