"""What the simulated visitors ask for: URLs of real categories, products and searches.

The pages and the words come from the loaded catalog, read once before the run. As in a real
shop, some pages are far more popular than others: by default the n-th most popular product,
category, brand, query or vehicle is picked with a weight of 1/n (Zipf's law, which shop traffic
and search logs follow); with `skew=0` every one is equally likely, the worst case for caches.
"""

import itertools
import random
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote, urlencode

from sqlalchemy import func, select

from shop.extensions import db
from shop.models import Brand, Category, Product, ProductReference, Vehicle

# Products whose names give the search queries; product pages are drawn from every live product.
PRODUCT_SAMPLE = 3000
REFERENCE_SAMPLE = 500
SORTS = ("relevance", "price_asc", "price_desc", "newest")
SEPARATORS = ("", " ", "-", ".", "/")


@dataclass
class Popularity:
    """Items, most popular first, and the cumulative weights `pick` draws them with."""

    items: list
    cumulative_weights: list

    @classmethod
    def ranked(cls, items, skew):
        """The n-th item weighs 1/n**skew: Zipf's law for skew 1, all alike for skew 0."""
        weights = (1 / rank**skew for rank in range(1, len(items) + 1))
        return cls(list(items), list(itertools.accumulate(weights)))

    def pick(self, rng):
        return rng.choices(self.items, cum_weights=self.cumulative_weights)[0]

    def __bool__(self):
        return bool(self.items)


@dataclass
class Targets:
    """Slugs, ids and queries to build storefront URLs from, per language where it matters,
    each with its popularity."""

    categories: Popularity  # (slug_fr, slug_ar)
    brands: Popularity  # slug
    products: Popularity  # (id, slug_fr, slug_ar)
    queries: dict  # language -> Popularity of query strings
    vehicles: Popularity  # vehicle ids
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


def shuffled(items, rng):
    items = list(items)
    rng.shuffle(items)
    return items


def load_targets(seed=1, skew=1.0):
    """Read the targets from the catalog in the current app context's database; which items are
    the popular ones is drawn at random."""
    rng = random.Random(seed)

    def popularity(items):
        return Popularity.ranked(shuffled(items, rng), skew)

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
    pages = db.session.execute(
        select(Product.id, Product.slug_fr, Product.slug_ar).where(*live()).order_by(Product.id)
    ).all()
    return Targets(
        categories=popularity(
            db.session.execute(
                select(Category.slug_fr, Category.slug_ar)
                .where(Category.is_active)
                .order_by(Category.id)
            ).all()
        ),
        brands=popularity(
            db.session.scalars(select(Brand.slug).where(Brand.is_active).order_by(Brand.id)).all()
        ),
        products=popularity(tuple(page) for page in pages),
        queries={language: popularity(queries[language]) for language in queries},
        vehicles=popularity(db.session.scalars(select(Vehicle.id).order_by(Vehicle.id)).all()),
        price_range=(low or Decimal(0), high or Decimal(500)),
    )


def round_prices(low, high):
    """The prices people type into a price filter between `low` and `high`: 1, 2, 5, 10, 20…"""
    prices = (step * 10**power for power in range(8) for step in (1, 2, 5))
    return [price for price in prices if low <= price <= high]


def listing_filters(targets, rng):
    """Zero to four filters as a visitor would combine them: brand, price band, stock, sort."""
    args = []
    if targets.brands and rng.random() < 0.4:
        args.append(("brand", targets.brands.pick(rng)))
    low, high = (int(price) for price in targets.price_range)
    prices = round_prices(low, high)
    if len(prices) > 1 and rng.random() < 0.3:
        floor = rng.randrange(len(prices) - 1)
        ceiling = rng.randrange(floor + 1, min(floor + 4, len(prices)))
        args += [("min_price", prices[floor]), ("max_price", prices[ceiling])]
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
    slug_fr, slug_ar = targets.categories.pick(rng)
    path = f"/{language}/c/{quote(slug_fr if language == 'fr' else slug_ar)}"
    return with_query(path, listing_filters(targets, rng))


def product_url(targets, language, rng):
    product_id, slug_fr, slug_ar = targets.products.pick(rng)
    return f"/{language}/p/{product_id}/{quote(slug_fr if language == 'fr' else slug_ar)}"


def search_url(targets, language, rng):
    args = [("q", targets.queries[language].pick(rng))]
    if rng.random() < 0.2:
        args += listing_filters(targets, rng)
    return with_query(f"/{language}/search", args)


def suggest_url(targets, language, rng):
    """What the search box asks while a visitor types: the first few characters of a query."""
    query = targets.queries[language].pick(rng)
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
