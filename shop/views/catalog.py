"""Category and brand pages: the category tree, breadcrumbs, and filtered, paged listings."""

from dataclasses import dataclass

from flask import abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from shop.config import LANGUAGES
from shop.i18n import current_language, money
from shop.services.attributes import attribute_names
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
# The id of the listing (filters and products) that a change of filters replaces in place.
LISTING_BLOCK = "listing"


def chosen_vehicle():
    """The visitor's vehicle when the shop has fitment on, else None."""
    if not current_app.config["SHOP"].feature_vehicle_fitment:
        return None
    return g.get("vehicle")


def listing_url_builder(filters, **fixed):
    """`listing_url(other_filters=None, **changes)`: this page's URL with `filters` (or the other
    filters given), the `fixed` arguments and the changes (`query_args`'s)."""
    endpoint, view_args = request.endpoint, request.view_args or {}

    def listing_url(other_filters=None, **changes):
        chosen = filters if other_filters is None else other_filters
        return url_for(endpoint, **view_args, **fixed, **chosen.query_args(**changes))

    return listing_url


@dataclass(frozen=True)
class AppliedFilter:
    label: str
    remove_url: str


def price_band_label(low, high):
    if low is not None and high is not None:
        return _("%(low)s to %(high)s", low=money(low), high=money(high))
    if low is not None:
        return _("From %(price)s", price=money(low))
    return _("Up to %(price)s", price=money(high))


def applied_filters(filters, vehicle_name, listing_url):
    """The filters narrowing the listing, each with `listing_url` of the listing without it, named
    as the filter panel names them (a filter stays listed when nothing matches it any more)."""
    applied = []
    if filters.fits and vehicle_name:
        applied.append((_("Fits my %(vehicle)s", vehicle=vehicle_name), filters.without_fits()))
    if filters.in_stock:
        applied.append((_("In stock"), filters.without_in_stock()))
    if filters.min_price is not None or filters.max_price is not None:
        label = price_band_label(filters.min_price, filters.max_price)
        applied.append((label, filters.without_price()))
    for slug in filters.brands:
        brand = active_brand_by_slug(slug)
        if brand:
            applied.append((brand.name, filters.without_brand(slug)))
    names = attribute_names(current_language())
    for name, values in filters.attributes:
        for value in values:
            label = _("%(name)s: %(value)s", name=names.key(name), value=names.value(name, value))
            applied.append((label, filters.without_value(name, value)))
    return [AppliedFilter(label, listing_url(without)) for label, without in applied]


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
    target = request.headers.get("HX-Target")
    listing_page = listing.page()
    facets = None if target == NEXT_PAGE_BLOCK else listing.facets(brands, attributes)
    vehicle_name = short_vehicle_name(vehicle) if vehicle else None
    listing_url = listing_url_builder(filters, **fixed)
    applied = [] if facets is None else applied_filters(filters, vehicle_name, listing_url)
    return {
        "filters": filters,
        "vehicle": vehicle,
        "vehicle_name": vehicle_name,
        "fits_as_hole": fits_as_hole,
        "listing_page": listing_page,
        "cards": product_cards(listing_page.product_ids),
        "facets": facets,
        "applied_filters": applied,
        # Open while the visitor changes filters in place; on a page loaded whole the applied
        # filters show above the products, which on a phone would be screens below the panel.
        "filters_open": target == LISTING_BLOCK,
        "listing_url": listing_url,
        "form_url": url_for(request.endpoint, **(request.view_args or {})),
        "unfiltered_url": listing_url(ListingFilters()),
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
