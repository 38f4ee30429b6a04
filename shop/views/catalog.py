"""Category and brand pages: the category tree, breadcrumbs, and filtered, paged listings."""

from flask import abort, current_app, g, redirect, render_template, request, url_for

from shop.config import LANGUAGES
from shop.i18n import current_language
from shop.services.cache import OfferScope
from shop.services.catalog import (
    active_brand_by_slug,
    active_category_by_slug,
    breadcrumbs,
    category_tree,
    child_categories_with_counts,
    subtree_ids,
)
from shop.services.listing import Listing, ListingFilters
from shop.services.page_cache import PER_VEHICLE, WITH_OR_WITHOUT_VEHICLE, building_for_cache
from shop.services.scopes import in_categories, of_brand
from shop.services.urls import category_path_args
from shop.services.vehicles import short_vehicle_name
from shop.views import storefront
from shop.views.cards import product_cards
from shop.web import render_cached_page

# The id of the pager an htmx "Load more" replaces, and the template block that answers it.
NEXT_PAGE_BLOCK = "next_page"


def chosen_vehicle():
    """The visitor's vehicle when the shop has fitment on, else None."""
    if not current_app.config["SHOP"].feature_vehicle_fitment:
        return None
    return g.get("vehicle")


def listing_url_builder(filters, **fixed):
    """`listing_url(**changes)`: this page's URL with the filters, `fixed` arguments and changes."""
    endpoint, view_args = request.endpoint, request.view_args or {}

    def listing_url(**changes):
        return url_for(endpoint, **view_args, **fixed, **filters.query_args(**changes))

    return listing_url


def listing_context(scope, brands=True, attributes=True, cache_key=None, offer=None, **fixed):
    """What `shop/_listing.html` needs to show the live products of `scope` as the URL asks.

    `fixed` are query arguments the listing keeps on every link (the search's `q`); `cache_key`
    names a scope made of catalog data only, whose counts may then be cached (see `Listing`), and
    `offer` the `OfferScope` covering its products, whose stamps those with stock then follow. A
    "Load more" request gets only the next page: no facet is counted for it. In a page built for
    every visitor with a vehicle (`listing_vehicles`), the count of parts fitting the visitor's
    vehicle is a hole, filled by `fits_filter`.
    """
    filters = ListingFilters.from_args(request.args)
    vehicle = chosen_vehicle()
    fits_as_hole = vehicle is not None and building_for_cache() and not filters.fits
    listing = Listing(
        scope,
        filters,
        vehicle_id=vehicle.id if vehicle and not fits_as_hole else None,
        cache_key=cache_key,
        offer=offer,
    )
    next_page_only = request.headers.get("HX-Target") == NEXT_PAGE_BLOCK
    listing_page = listing.page()
    return {
        "filters": filters,
        "vehicle": vehicle,
        "vehicle_name": short_vehicle_name(vehicle) if vehicle else None,
        "fits_as_hole": fits_as_hole,
        "listing_page": listing_page,
        "cards": product_cards(listing_page.product_ids),
        "facets": None if next_page_only else listing.facets(brands, attributes),
        "listing_url": listing_url_builder(filters, **fixed),
        "form_url": url_for(request.endpoint, **(request.view_args or {})),
        "unfiltered_url": listing_url_builder(ListingFilters(), **fixed)(),
        "hidden_fields": fixed,
    }


def listing_vehicles(filters):
    """How a listing page depends on the visitor's vehicle (`shop.services.page_cache`): by its
    selector and count of fitting parts alone, both holes, unless it lists fitting parts only."""
    return PER_VEHICLE if filters.fits else WITH_OR_WITHOUT_VEHICLE


def fits_filter(scope, cache_key=None, offer=None):
    """The "fits my vehicle" filter of a listing page, with the count for the visitor's vehicle:
    their own part of a page shared by every vehicle. `scope()` gives the listing's scope."""
    vehicle = chosen_vehicle()
    filters = ListingFilters.from_args(request.args)
    listing = Listing(scope(), filters, vehicle_id=vehicle.id, cache_key=cache_key, offer=offer)
    return render_template(
        "shop/_fits_filter.html",
        filters=filters,
        fits_count=listing.facets(brands=False, attributes=False).fits_count,
        vehicle_name=short_vehicle_name(vehicle),
    )


def listing_page_options(scope, cache_key=None, offer=None):
    """The page cache's options for a listing page (`cached_render`'s): shared by every visitor
    with a vehicle when it can be, and kept while the offer of `offer`'s products (an
    `OfferScope`; of any product when None) stays the same. `scope()` gives the listing's scope,
    for the count of parts fitting the visitor's vehicle."""
    return {
        "visitor_parts": {"fits_filter": lambda: fits_filter(scope, cache_key, offer)},
        "vehicles": listing_vehicles(ListingFilters.from_args(request.args)),
        "offer": offer,
    }


def canonical_redirect(endpoint, **view_args):
    """A permanent redirect to `endpoint` with the same query string."""
    url = url_for(endpoint, **view_args)
    query = request.query_string.decode("latin-1")
    return redirect(f"{url}?{query}" if query else url, code=301)


@storefront.get("/c/")
def categories():
    return render_cached_page("shop/categories.html", lambda: {"tree": category_tree()})


@storefront.get("/c/<slug>")
def category(slug):
    category = active_category_by_slug(slug)
    if category is None:
        abort(404)
    canonical = category_path_args(category, current_language())
    if slug != canonical["slug"]:
        return canonical_redirect("storefront.category", **canonical)
    g.alternate_urls = {
        language: url_for(
            "storefront.category", lang_code=language, **category_path_args(category, language)
        )
        for language in LANGUAGES
    }

    cache_key = ("category", category.id)
    visible_ids = subtree_ids(category)
    # Its products are those of its subtree: a sale in another category keeps its page and counts.
    offer = OfferScope("category", tuple(visible_ids))

    def category_context():
        return {
            "category": category,
            "breadcrumbs": breadcrumbs(category),
            "subcategories": child_categories_with_counts(category, visible_ids),
            **listing_context(in_categories(visible_ids), cache_key=cache_key, offer=offer),
        }

    return render_cached_page(
        "shop/category.html",
        category_context,
        **listing_page_options(lambda: in_categories(visible_ids), cache_key, offer),
    )


@storefront.get("/b/<slug>")
def brand(slug):
    brand = active_brand_by_slug(slug)
    if brand is None:
        abort(404)
    cache_key = ("brand", brand.id)
    offer = OfferScope("brand", (brand.id,))
    return render_cached_page(
        "shop/brand.html",
        lambda: {
            "brand": brand,
            **listing_context(
                of_brand(brand), brands=False, attributes=False, cache_key=cache_key, offer=offer
            ),
        },
        **listing_page_options(lambda: of_brand(brand), cache_key, offer),
    )
