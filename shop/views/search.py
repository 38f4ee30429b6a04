"""The search page and the suggestions shown while typing; every search is logged."""

from flask import request

from shop.i18n import current_language
from shop.services.cache import OfferScope
from shop.services.catalog import top_categories
from shop.services.scopes import matching
from shop.services.search import (
    closest_names,
    parse_query,
    ranked_matches,
    results_offer,
    suggest,
    suggested_products,
)
from shop.services.search_log import log_search
from shop.views import storefront
from shop.views.cards import product_cards
from shop.views.catalog import chosen_vehicle, listing_context, listing_page_options
from shop.web import cached_render, render_cached_page


def _record(parsed, result_count):
    vehicle = chosen_vehicle()
    log_search(parsed, current_language(), result_count, vehicle.id if vehicle else None)


def search_cache_key(parsed):
    """The name of a search's matches, under which their counts are cached."""
    return ("search", parsed.words, parsed.codes)


def search_context(parsed, matches, offer):
    """`(context, result count)` of the search page showing `matches` (`ranked_matches`), whose
    prices and stock are those of `offer`; no count for a "Load more" page."""
    if not parsed.text:
        return {"query": "", "categories": top_categories()}, None
    if not matches:
        context = {
            "query": parsed.text,
            "closest_cards": product_cards(closest_names(parsed)),
            "categories": top_categories(),
        }
        return context, 0
    context = listing_context(
        matching(matches),
        cache_key=search_cache_key(parsed),
        offer=offer,
        q=parsed.text,
    )
    facets = context["facets"]
    return {"query": parsed.text, **context}, facets.total if facets else None


@storefront.get("/search")
def search():
    parsed = parse_query(request.args.get("q"))
    matches = ranked_matches(parsed)
    # Without matches the page shows the closest products and the categories: it follows the
    # whole shop's offer, as it does when a match is in no category.
    offer = results_offer(matches) if matches else None
    page, result_count = cached_render(
        "shop/search.html",
        lambda: search_context(parsed, matches, offer),
        **listing_page_options(lambda: matching(matches), search_cache_key(parsed), offer),
    )
    # An empty query is no search, and "Load more" repeats one: neither is logged.
    if result_count is not None:
        _record(parsed, result_count)
    return page


@storefront.get("/search/suggest")
def search_suggest():
    parsed = parse_query(request.args.get("q"))
    suggestions = suggest(parsed)

    def suggestions_context():
        return {
            "query": parsed.text,
            "products": suggested_products(suggestions.product_ids),
            "categories": suggestions.categories,
            "brands": suggestions.brands,
        }

    # Only the suggested products' prices are shown: a sale of any other leaves the page kept.
    offer = OfferScope("product", suggestions.product_ids)
    return render_cached_page("shop/_suggestions.html", suggestions_context, offer=offer)
