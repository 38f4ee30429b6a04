"""Search engines and sharing: canonical and hreflang links, Open Graph, sitemaps, robots.txt.

Every storefront page's <head> (templates/base.html) gets its canonical URL and its alternates in
each language from `page_links()`. By default a page's alternate in another language is the same
endpoint with the same view arguments and that language code. Pages whose URL changes with the
language beyond the prefix (a product's or a category's slug) say so in their view:

    g.alternate_urls = {
        "fr": url_for("storefront.product", lang_code="fr", product_id=p.id, slug=p.slug_fr),
        "ar": url_for("storefront.product", lang_code="ar", product_id=p.id, slug=p.slug_ar),
    }

A view may also set `g.canonical_url` when its canonical page is another one altogether.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode, urljoin

from flask import Blueprint, Response, current_app, g, render_template, request, url_for
from markupsafe import Markup
from sqlalchemy import func, select

from shop.config import LANGUAGES
from shop.extensions import db
from shop.i18n import current_language
from shop.models import Brand, Category, Product
from shop.models.base import MAX_DATABASE_ID

seo = Blueprint("seo", __name__)

# Query arguments that name the content itself, kept in every canonical URL.
CONTENT_ARGS = ("q",)
# Pagination: a page of an unfiltered listing is its own canonical page.
PAGING_ARGS = ("after", "before", "page")
# Campaign and click identifiers change nothing on the page.
TRACKING_PREFIXES = ("utm_",)
TRACKING_ARGS = ("fbclid", "gclid", "msclkid", "ref")
# Products per products sitemap, by id range; each product gives one URL per language.
PRODUCTS_PER_SITEMAP = 5000
SITEMAP_MAX_AGE = 3600


@dataclass(frozen=True)
class PageLinks:
    """A page's canonical URL and its `(hreflang, URL)` alternates, x-default included."""

    canonical: str
    alternates: list


@dataclass(frozen=True)
class SitemapUrl:
    """One <url> of a sitemap: its address, the same page in each language, its last change."""

    loc: str
    alternates: list
    lastmod: datetime | None = None


def absolute_url(url):
    """`url` made absolute against this request's scheme and host."""
    if isinstance(url, Markup):
        # Template output arrives HTML-escaped; escaping happens once more where it is written.
        url = url.unescape()
    return urljoin(request.host_url, url)


def is_tracking_arg(name):
    return name in TRACKING_ARGS or name.startswith(TRACKING_PREFIXES)


def canonical_query(args):
    """The query string naming the same content: the search words, and the page of a listing when
    it is not filtered (a filtered or sorted listing's canonical page is the unfiltered one)."""
    filtered = any(
        name not in CONTENT_ARGS + PAGING_ARGS and not is_tracking_arg(name) for name in args
    )
    kept = CONTENT_ARGS if filtered else CONTENT_ARGS + PAGING_ARGS
    return urlencode([(name, value) for name in kept for value in args.getlist(name) if value])


def language_urls():
    """This page's path in each language: the view's `g.alternate_urls`, else the same endpoint."""
    if g.get("alternate_urls"):
        return g.alternate_urls
    view_args = request.view_args or {}
    return {
        language: url_for(request.endpoint, **{**view_args, "lang_code": language})
        for language in LANGUAGES
    }


def with_query(url, query):
    return f"{url}?{query}" if query else url


def page_links():
    """Canonical and alternate URLs of the current storefront page, or None for other pages."""
    if request.blueprint != "storefront" or request.endpoint is None:
        return None
    query = canonical_query(request.args)
    urls = {
        language: absolute_url(with_query(url, query)) for language, url in language_urls().items()
    }
    canonical = g.get("canonical_url") or urls[current_language()]
    alternates = list(urls.items())
    alternates.append(("x-default", urls[current_app.config["SHOP"].default_language]))
    return PageLinks(canonical=absolute_url(canonical), alternates=alternates)


def og_locale(language):
    """The Open Graph locale of `language` in the shop's country, such as fr_TN or ar_MA."""
    return f"{language}_{current_app.config['SHOP'].country}"


def sitemap_response(template_name, **context):
    response = Response(render_template(template_name, **context), mimetype="application/xml")
    response.cache_control.public = True
    response.cache_control.max_age = SITEMAP_MAX_AGE
    return response


def live_products():
    return Product.status == "active", Product.deleted_at.is_(None)


def product_sitemap_pages():
    """`(page number, last change)` of every products sitemap that has at least one product."""
    page = ((Product.id - 1) // PRODUCTS_PER_SITEMAP + 1).label("page")
    query = (
        select(page, func.max(Product.updated_at))
        .where(*live_products())
        .group_by(page)
        .order_by(page)
    )
    return db.session.execute(query).all()


def each_language(endpoint, lastmod=None, **args_by_language):
    """One sitemap URL per language for a page, each listing the page in every language.

    `args_by_language` maps a view argument to its value in each language (such as slugs).
    """
    urls = {
        language: url_for(
            endpoint,
            lang_code=language,
            _external=True,
            **{name: values[language] for name, values in args_by_language.items()},
        )
        for language in LANGUAGES
    }
    alternates = [*urls.items(), ("x-default", urls[current_app.config["SHOP"].default_language])]
    return [SitemapUrl(url, alternates, lastmod) for url in urls.values()]


@seo.get("/sitemap.xml")
def sitemap_index():
    """The sitemap index: categories, brands, and the products in pages of id ranges."""
    sitemaps = [
        (url_for("seo.categories_sitemap", _external=True), None),
        (url_for("seo.brands_sitemap", _external=True), None),
    ]
    sitemaps += [
        (url_for("seo.products_sitemap", page=page, _external=True), lastmod)
        for page, lastmod in product_sitemap_pages()
    ]
    return sitemap_response("seo/sitemap_index.xml", sitemaps=sitemaps)


@seo.get("/sitemaps/products-<int:page>.xml")
def products_sitemap(page):
    """Live products whose id falls in this page's range: an index scan, however deep the page."""
    first_id = (page - 1) * PRODUCTS_PER_SITEMAP + 1
    last_id = first_id + PRODUCTS_PER_SITEMAP - 1
    query = (
        select(Product.id, Product.slug_fr, Product.slug_ar, Product.updated_at)
        .where(Product.id.between(first_id, last_id))
        .where(*live_products())
        .order_by(Product.id)
    )
    # Ids beyond what the column holds: no product, and no query PostgreSQL would refuse.
    rows = db.session.execute(query).all() if last_id <= MAX_DATABASE_ID else []
    if not rows:
        return sitemap_response("seo/urlset.xml", urls=[]), 404
    urls = [
        url
        for product_id, slug_fr, slug_ar, updated_at in rows
        for url in each_language(
            "storefront.product",
            updated_at,
            product_id={"fr": product_id, "ar": product_id},
            slug={"fr": slug_fr, "ar": slug_ar},
        )
    ]
    return sitemap_response("seo/urlset.xml", urls=urls)


@seo.get("/sitemaps/categories.xml")
def categories_sitemap():
    """The home page and every active category, in both languages."""
    categories = db.session.execute(
        select(Category.slug_fr, Category.slug_ar).where(Category.is_active).order_by(Category.path)
    ).all()
    urls = each_language("storefront.home")
    for slug_fr, slug_ar in categories:
        urls += each_language("storefront.category", slug={"fr": slug_fr, "ar": slug_ar})
    return sitemap_response("seo/urlset.xml", urls=urls)


@seo.get("/sitemaps/brands.xml")
def brands_sitemap():
    slugs = db.session.scalars(select(Brand.slug).where(Brand.is_active).order_by(Brand.slug))
    urls = [
        url
        for slug in slugs
        for url in each_language("storefront.brand", slug={"fr": slug, "ar": slug})
    ]
    return sitemap_response("seo/urlset.xml", urls=urls)


@seo.get("/robots.txt")
def robots_txt():
    """Crawl everything but staff pages, searches and carts; the sitemap index is named."""
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /*/admin/",
        "Disallow: /*/search",
        "Disallow: /*/cart",
        "Disallow: /*/my-vehicle",
        f"Sitemap: {url_for('seo.sitemap_index', _external=True)}",
    ]
    response = Response("\n".join(lines) + "\n", mimetype="text/plain")
    response.cache_control.public = True
    response.cache_control.max_age = SITEMAP_MAX_AGE
    return response


def init_app(app):
    app.register_blueprint(seo)
    app.add_template_global(page_links)
    app.add_template_global(og_locale)
    app.add_template_filter(absolute_url, "absolute_url")
