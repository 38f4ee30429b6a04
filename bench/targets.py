"""What the simulated visitors ask for: URLs of real categories, products and searches.

The pages and the words come from the loaded catalog, read once before the run.
"""

import random
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote, urlencode

from sqlalchemy import func, select

from shop.extensions import db
from shop.models import Brand, Category, Product, ProductReference, Vehicle

PRODUCT_SAMPLE = 3000
REFERENCE_SAMPLE = 500
SORTS = ("relevance", "price_asc", "price_desc", "newest")
SEPARATORS = ("", " ", "-", ".", "/")


@dataclass
class Targets:
    """Slugs, ids and queries to build storefront URLs from, per language where it matters."""

    categories: list  # (slug_fr, slug_ar)
    brands: list  # slug
    products: list  # (id, slug_fr, slug_ar)
    queries: dict  # language -> list of query strings
    vehicles: list = field(default_factory=list)  # vehicle ids
    price_range: tuple = (Decimal(0), Decimal(500))


def live():
    return Product.status == "active", Product.deleted_at.is_(None)


def words(name, count):
    """The first `count` words of a product name, before its vehicle list."""
    return " ".join(name.split(" — ")[0].split()[:count])


def spelled_differently(code, rng):
    """A part number as customers type it: separators dropped or changed, lower case."""
    compact = "".join(character for character in code if character.isalnum())
    cut = rng.randrange(1, len(compact)) if len(compact) > 1 else 0
    variant = compact[:cut] + rng.choice(SEPARATORS) + compact[cut:]
    return variant.lower() if rng.random() < 0.5 else variant


def typo(word, rng):
    """`word` with two neighbouring letters swapped."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def product_queries(products, rng):
    """Name words in each language, as typed: one or two words, sometimes misspelt."""
    queries = {"fr": [], "ar": []}
    for product in products:
        for language, name in (("fr", product.name_fr), ("ar", product.name_ar)):
            if not name:
                continue
            query = words(name, rng.choice((1, 2, 3)))
            queries[language].append(typo(query, rng) if rng.random() < 0.15 else query)
    return queries


def code_queries(products, references, rng):
    """SKUs, barcodes and OEM or cross references, spelt in several ways."""
    codes = [product.sku for product in products[:REFERENCE_SAMPLE]]
    codes += [product.barcode for product in products[:REFERENCE_SAMPLE] if product.barcode]
    codes += references
    return [spelled_differently(code, rng) for code in codes]


def load_targets(seed=1):
    """Read the targets from the catalog in the current app context's database."""
    rng = random.Random(seed)
    products = db.session.scalars(
        select(Product).where(*live()).order_by(func.random()).limit(PRODUCT_SAMPLE)
    ).all()
    references = db.session.scalars(
        select(ProductReference.code).order_by(func.random()).limit(REFERENCE_SAMPLE)
    ).all()
    queries = product_queries(products, rng)
    codes = code_queries(products, references, rng)
    for language in queries:
        queries[language] += codes
    low, high = db.session.execute(select(func.min(Product.price), func.max(Product.price))).one()
    return Targets(
        categories=db.session.execute(
            select(Category.slug_fr, Category.slug_ar).where(Category.is_active)
        ).all(),
        brands=db.session.scalars(select(Brand.slug).where(Brand.is_active)).all(),
        products=[(product.id, product.slug_fr, product.slug_ar) for product in products],
        queries=queries,
        vehicles=db.session.scalars(select(Vehicle.id)).all(),
        price_range=(low or Decimal(0), high or Decimal(500)),
    )


def listing_filters(targets, rng):
    """Zero to four filters as a visitor would combine them: brand, price band, stock, sort."""
    args = []
    if targets.brands and rng.random() < 0.4:
        args.append(("brand", rng.choice(targets.brands)))
    if rng.random() < 0.3:
        low, high = (int(price) for price in targets.price_range)
        floor = rng.randint(low, max(low, (low + high) // 2))
        args += [("min_price", floor), ("max_price", floor + rng.randint(20, 300))]
    if rng.random() < 0.3:
        args.append(("in_stock", 1))
    if rng.random() < 0.4:
        args.append(("sort", rng.choice(SORTS)))
    return args


def with_query(path, args):
    return f"{path}?{urlencode(args)}" if args else path


def home_url(targets, language, rng):
    return f"/{language}/"


def category_url(targets, language, rng):
    slug_fr, slug_ar = rng.choice(targets.categories)
    path = f"/{language}/c/{quote(slug_fr if language == 'fr' else slug_ar)}"
    return with_query(path, listing_filters(targets, rng))


def product_url(targets, language, rng):
    product_id, slug_fr, slug_ar = rng.choice(targets.products)
    return f"/{language}/p/{product_id}/{quote(slug_fr if language == 'fr' else slug_ar)}"


def search_url(targets, language, rng):
    args = [("q", rng.choice(targets.queries[language]))]
    if rng.random() < 0.2:
        args += listing_filters(targets, rng)
    return with_query(f"/{language}/search", args)


def suggest_url(targets, language, rng):
    """What the search box asks while a visitor types: the first few characters of a query."""
    query = rng.choice(targets.queries[language])
    typed = query[: rng.randint(min(3, len(query)), max(3, len(query)))]
    return with_query(f"/{language}/search/suggest", [("q", typed)])


# Page types with their share of the requests and how to build one of their URLs.
PAGES = {
    "home": (10, home_url),
    "category": (30, category_url),
    "product": (30, product_url),
    "search": (15, search_url),
    "suggest": (15, suggest_url),
}


def next_request(targets, language, rng):
    """`(page type, path)` of a visitor's next request, drawn from the mix of PAGES."""
    kinds = list(PAGES)
    kind = rng.choices(kinds, weights=[PAGES[kind][0] for kind in kinds])[0]
    return kind, PAGES[kind][1](targets, language, rng)
