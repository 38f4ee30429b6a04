"""The product page: one live product at its canonical URL, with its schema.org data."""

from babel.numbers import get_currency_precision
from flask import abort, current_app, g, redirect, render_template, request, url_for
from markupsafe import Markup

from shop.config import LANGUAGES
from shop.i18n import current_language, localized
from shop.services.cache import OfferScope, cached_catalog_value
from shop.services.catalog import breadcrumbs, category_index
from shop.services.page_cache import ANY_VEHICLE
from shop.services.products import (
    is_gtin13,
    live_product_index,
    product_page,
    shown_product,
    shown_related_ids,
    vehicle_fit,
)
from shop.services.urls import product_path_args
from shop.views import storefront
from shop.views.cards import product_cards
from shop.web import render_cached_page

DESCRIPTION_LENGTH = 160


def canonical_url(product, external=False):
    args = product_path_args(product, current_language())
    return url_for("storefront.product", **args, _external=external)


def schema_price(amount, currency):
    """The price as schema.org wants it: a plain number with the currency's decimals."""
    return f"{amount:.{get_currency_precision(currency)}f}"


def local_image_urls(product):
    """Image URLs served by the shop itself; the CSP would block any other, and we fetch none."""
    return [
        image.url
        for image in product.images
        if image.url.startswith("/") and not image.url.startswith("//")
    ]


def structured_data(product):
    """The schema.org `Product` of the page, for its JSON-LD."""
    currency = current_app.config["SHOP"].currency
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": localized(product, "name"),
        "sku": product.sku,
        "url": canonical_url(product, external=True),
        "offers": {
            "@type": "Offer",
            "price": schema_price(product.price, currency),
            "priceCurrency": currency,
            "availability": product.availability.schema_url,
            "url": canonical_url(product, external=True),
        },
    }
    description = localized(product, "description")
    if description:
        data["description"] = description
    if is_gtin13(product.barcode):
        data["gtin13"] = product.barcode
    if product.brand:
        data["brand"] = {"@type": "Brand", "name": product.brand.name}
    images = [request.host_url.rstrip("/") + url for url in local_image_urls(product)]
    if images:
        data["image"] = images
    return data


def meta_description(product):
    """The product's own description, cut at a word, for search engines and link previews."""
    description = " ".join((localized(product, "description") or "").split())
    if len(description) <= DESCRIPTION_LENGTH:
        return description
    return description[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0] + "…"


def canonical_product_context(product_id, slug, offer):
    """The page's context when `slug` is the product's own in this language; a 404 when the
    product is not live, a permanent redirect to its URL for any other slug. `offer` is the
    page's `OfferScope`: the product, then the related products shown."""
    product = shown_product(product_id)
    if product is None:
        abort(404)
    if slug != product_path_args(product, current_language())["slug"]:
        abort(redirect(canonical_url(product), code=301))
    g.alternate_urls = {
        lang: url_for("storefront.product", lang_code=lang, **product_path_args(product, lang))
        for lang in LANGUAGES
    }
    with_fitment = current_app.config["SHOP"].feature_vehicle_fitment
    page = product_page(product, with_fitment, related_ids=offer.ids[1:])
    return {
        "product": product,
        "name": localized(product, "name"),
        "page": page,
        "related_cards": product_cards(page.related_ids, stamps=offer.stamps()),
        "trail": breadcrumbs(product.category) + [product.category] if product.category else [],
        "images": local_image_urls(product),
        "structured_data": structured_data(product),
        "description": meta_description(product),
        "fit_notice": lambda: fit_notice(product.id),
    }


def fit_notice(product_id):
    """Whether the product fits the visitor's vehicle, said plainly; empty without a vehicle or
    fitment data. Filled in for each request from the catalog kept in memory (the page around it
    is shared by every vehicle), each notice rendered once per catalog version."""
    vehicle = g.get("vehicle")
    fits = vehicle_fit(product_id, vehicle.id) if vehicle else None
    if fits is None:
        return ""
    # A part that does not fit links to the parts of its category that do.
    category_id = None if fits else live_product_index().category_ids.get(product_id)
    notice = cached_catalog_value(
        ("fit_notice", current_language(), vehicle.id, fits, category_id),
        lambda: render_template(
            "shop/_fit_notice.html",
            fits=fits,
            vehicle=vehicle,
            category=category_index().by_id.get(category_id),
        ),
    )
    return Markup(notice)  # noqa: S704 (our template, autoescaped)


@storefront.get("/p/<int:product_id>", defaults={"slug": None})
@storefront.get("/p/<int:product_id>/<slug>")
def product(product_id, slug):
    # The page cache answers first: only a canonical URL's page is ever stored, and a product
    # that stops being live changes its own offer stamp, which retires its pages.
    with_fitment = current_app.config["SHOP"].feature_vehicle_fitment
    # Its price and stock, and its related products' cards: a sale of another product leaves
    # the page in the cache.
    offer = OfferScope("product", (product_id, *shown_related_ids(product_id, with_fitment)))
    return render_cached_page(
        "shop/product.html",
        lambda: canonical_product_context(product_id, slug, offer),
        visitor_parts={"vehicle_fit": lambda: fit_notice(product_id)},
        vehicles=ANY_VEHICLE,
        offer=offer,
    )
