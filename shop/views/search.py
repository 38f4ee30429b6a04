"""The search page and the suggestions shown while typing; every search is logged."""

from flask import request

from shop.extensions import db
from shop.i18n import current_language
from shop.services.search import (
    closest_names,
    log_search,
    parse_query,
    ranked_matches,
    search_scope,
    suggest,
)
from shop.views import storefront
from shop.views.catalog import chosen_vehicle, listing_context
from shop.views.home import top_categories
from shop.web import render_page


def _record(parsed, result_count):
    """Log the search. After rendering: the commit expires what the page loaded."""
    vehicle = chosen_vehicle()
    log_search(parsed, current_language(), result_count, vehicle.id if vehicle else None)
    db.session.commit()


@storefront.get("/search")
def search():
    parsed = parse_query(request.args.get("q"))
    if not parsed.text:
        return render_page("shop/search.html", query="", categories=top_categories())
    matches = ranked_matches(parsed)
    if not matches:
        page = render_page(
            "shop/search.html",
            query=parsed.text,
            closest=closest_names(parsed),
            categories=top_categories(),
        )
        _record(parsed, 0)
        return page
    scope = search_scope(matches)
    context = listing_context(scope.condition, relevance=scope.relevance, q=parsed.text)
    page = render_page("shop/search.html", query=parsed.text, **context)
    # "Load more" repeats the search: only the first page is a search to log.
    if context["facets"] is not None:
        _record(parsed, context["facets"].total)
    return page


@storefront.get("/search/suggest")
def search_suggest():
    parsed = parse_query(request.args.get("q"))
    products, categories, brands = suggest(parsed)
    return render_page(
        "shop/_suggestions.html",
        query=parsed.text,
        products=products,
        categories=categories,
        brands=brands,
    )
