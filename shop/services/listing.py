"""Product listings: filters read from the URL, facet counts, sorting and keyset pagination.

A listing is the set of live products in a scope (`shop.services.scopes`: a category subtree, a
brand, a vehicle, search matches) narrowed by `ListingFilters`. `Listing.page()` returns one page
and the cursors around it; `Listing.facets()` counts what each filter would leave, with one grouped
query per kind of facet. Facet counts ignore the facet's own selection (choosing a second brand
adds products), so a count is what the visitor gets by ticking that value.
"""

import functools
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal, InvalidOperation

from flask import current_app
from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy import String, and_, bindparam, func, or_, select, true, tuple_

from shop.extensions import db, plain_rows
from shop.i18n import current_language
from shop.models import Brand, Fitment, Location, Product, StockLevel
from shop.services.attributes import attribute_names
from shop.services.cache import (
    cached_catalog_value,
    cached_offer_value,
    cached_scoped_offer_value,
    catalog_cached,
)
from shop.services.catalog import live_product
from shop.services.scopes import scope_condition, scope_rank

PAGE_SIZE = 24
SORTS = ("relevance", "price_asc", "price_desc", "newest")
ATTRIBUTE_PREFIX = "attr."
# Bounds on what the URL may ask for: anything beyond is ignored, never an error.
MAX_BRANDS = 20
MAX_ATTRIBUTES = 10
MAX_VALUES_PER_ATTRIBUTE = 20
MAX_ATTRIBUTE_NAME = 60
MAX_VALUE_LENGTH = 100
MAX_PRICE_TEXT = 20
MAX_CURSOR_LENGTH = 400
PRICE_LIMIT = Decimal("1000000000")
# An attribute is worth filtering on when the listing's products take 2 to 30 values of it.
FACET_MIN_VALUES = 2
FACET_MAX_VALUES = 30
CURSOR_SALT = "listing-cursor"
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _clean_texts(values, limit, max_length=MAX_VALUE_LENGTH):
    """Distinct non-empty values no longer than `max_length`, first `limit` of them, in order."""
    kept = []
    for value in values:
        value = value.strip()
        if value and len(value) <= max_length and value not in kept:
            kept.append(value)
    return tuple(kept[:limit])


def parse_price(raw):
    """A price typed by a visitor ("12.5", "12,500"), or None when it is not a sane amount."""
    if not raw or len(raw) > MAX_PRICE_TEXT:
        return None
    try:
        value = Decimal(raw.strip().replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value >= PRICE_LIMIT:
        return None
    return value


def _parse_attributes(args):
    selected = []
    for key in args:
        if not key.startswith(ATTRIBUTE_PREFIX):
            continue
        name = key[len(ATTRIBUTE_PREFIX) :]
        values = _clean_texts(args.getlist(key), MAX_VALUES_PER_ATTRIBUTE)
        if name and len(name) <= MAX_ATTRIBUTE_NAME and values:
            selected.append((name, values))
    return tuple(sorted(selected)[:MAX_ATTRIBUTES])


def _cursor_text(raw):
    return raw if raw and len(raw) <= MAX_CURSOR_LENGTH else None


@dataclass(frozen=True)
class ListingFilters:
    """What the visitor asked of a listing, from the query string; bad values are dropped."""

    brands: tuple = ()
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    in_stock: bool = False
    # ((attribute name, (values...)), ...), sorted by name.
    attributes: tuple = ()
    fits: bool = False
    sort: str = "relevance"
    after: str | None = None
    before: str | None = None

    @classmethod
    def from_args(cls, args):
        """Read the filters from a MultiDict of query arguments (`request.args`)."""
        min_price, max_price = (
            parse_price(args.get("min_price")),
            parse_price(args.get("max_price")),
        )
        if min_price is not None and max_price is not None and min_price > max_price:
            min_price, max_price = max_price, min_price
        sort = args.get("sort")
        return cls(
            brands=_clean_texts(args.getlist("brand"), MAX_BRANDS),
            min_price=min_price,
            max_price=max_price,
            in_stock=args.get("in_stock") == "1",
            attributes=_parse_attributes(args),
            fits=args.get("fits") == "1",
            sort=sort if sort in SORTS else "relevance",
            after=_cursor_text(args.get("after")),
            before=_cursor_text(args.get("before")),
        )

    @property
    def narrowing(self):
        """Whether any filter (not the sort or the page) narrows the listing."""
        return bool(
            self.brands
            or self.min_price is not None
            or self.max_price is not None
            or self.in_stock
            or self.attributes
            or self.fits
        )

    def attribute_values(self, name):
        return dict(self.attributes).get(name, ())

    # The same filters less one, on the first page: what an applied filter's "remove" link asks.

    def without_brand(self, slug):
        return self._first_page(brands=tuple(brand for brand in self.brands if brand != slug))

    def without_value(self, name, value):
        """Without one attribute's value (and the attribute once none of its values is left)."""
        attributes = (
            (other, tuple(chosen for chosen in values if (other, chosen) != (name, value)))
            for other, values in self.attributes
        )
        return self._first_page(attributes=tuple((n, v) for n, v in attributes if v))

    def without_price(self):
        return self._first_page(min_price=None, max_price=None)

    def without_in_stock(self):
        return self._first_page(in_stock=False)

    def without_fits(self):
        return self._first_page(fits=False)

    def _first_page(self, **changes):
        return replace(self, after=None, before=None, **changes)

    def query_args(self, after=None, before=None, sort=None):
        """These filters as query arguments for `url_for`, on the page given by a cursor."""
        args = {}
        if self.brands:
            args["brand"] = list(self.brands)
        if self.min_price is not None:
            args["min_price"] = str(self.min_price)
        if self.max_price is not None:
            args["max_price"] = str(self.max_price)
        if self.in_stock:
            args["in_stock"] = "1"
        for name, values in self.attributes:
            args[ATTRIBUTE_PREFIX + name] = list(values)
        if self.fits:
            args["fits"] = "1"
        sort = sort or self.sort
        if sort != "relevance":
            args["sort"] = sort
        if after:
            args["after"] = after
        if before:
            args["before"] = before
        return args


@dataclass(frozen=True)
class Ordering:
    """Sort keys, all in one direction, the last one unique (the product id); `joined` is the
    condition that brings in keys from outside `products` (a search's scores), if any."""

    columns: tuple
    descending: bool
    joined: object = None

    def order_by(self, backwards=False):
        descending = self.descending != backwards
        return [column.desc() if descending else column.asc() for column in self.columns]

    def beyond(self, backwards=False):
        """Condition: the row comes after the cursor (before it if `backwards`), whose values
        are the parameters `cursor_0`, `cursor_1`...

        A row comparison, so PostgreSQL can start an index scan at the cursor.
        """
        cursor = [
            bindparam(f"cursor_{i}", type_=column.type) for i, column in enumerate(self.columns)
        ]
        row, values = tuple_(*self.columns), tuple_(*cursor)
        return row < values if self.descending != backwards else row > values

    def cursor_parameters(self, values):
        return {f"cursor_{i}": value for i, value in enumerate(values)}


ORDERINGS = {
    "relevance": Ordering((Product.featured, Product.created_at, Product.id), descending=True),
    "price_asc": Ordering((Product.price, Product.id), descending=False),
    "price_desc": Ordering((Product.price, Product.id), descending=True),
    "newest": Ordering((Product.created_at, Product.id), descending=True),
}

_TAGS = {bool: "b", int: "i", float: "f", str: "s", Decimal: "d", datetime: "t"}
_READERS = {
    "b": bool,
    "i": int,
    "f": float,
    "s": str,
    "d": Decimal,
    "t": datetime.fromisoformat,
}


def _cursor_value(value):
    """A sort key value as JSON: numbers, booleans and text as they are, the rest as text."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=CURSOR_SALT)


def encode_cursor(sort, values):
    """An opaque, signed, URL-safe token for the position `values` in the order `sort`."""
    tagged = [[_TAGS[type(value)], _cursor_value(value)] for value in values]
    return _serializer().dumps([sort, tagged])


def decode_cursor(token, sort, length):
    """The key values in `token`, or None when it is forged, garbled or made for another order."""
    if not token:
        return None
    try:
        cursor_sort, tagged = _serializer().loads(token)
        values = tuple(_READERS[tag](text) for tag, text in tagged)
    except (BadData, ValueError, TypeError, KeyError, InvalidOperation):
        return None
    if cursor_sort != sort or len(values) != length:
        return None
    return values


def available_stock(product_ids):
    """Units each product can still sell over active locations: {product id: units} (one query)."""
    if not product_ids:
        return {}
    query = (
        select(StockLevel.product_id, func.sum(StockLevel.on_hand - StockLevel.reserved))
        .join(Location, Location.id == StockLevel.location_id)
        .where(StockLevel.product_id.in_(product_ids), Location.is_active)
        .group_by(StockLevel.product_id)
    )
    return {product_id: int(units) for product_id, units in db.session.execute(query)}


def _value_order(values):
    """Numbers in numeric order, words in alphabetical order."""
    if all(NUMBER.fullmatch(v) for v in values):
        return sorted(values, key=Decimal)
    return sorted(values, key=str.casefold)


@dataclass
class ListingPage:
    # The products of the page, in order, for their cards.
    product_ids: list
    next_cursor: str | None
    previous_cursor: str | None


@dataclass
class BrandCount:
    name: str
    slug: str
    count: int
    selected: bool


@dataclass
class ValueCount:
    value: str
    count: int
    selected: bool
    label: str


@dataclass
class AttributeFacet:
    name: str
    label: str
    values: list


@dataclass
class Facets:
    total: int
    price_min: Decimal | None
    price_max: Decimal | None
    in_stock_count: int
    fits_count: int | None
    brands: list = field(default_factory=list)
    attributes: list = field(default_factory=list)


# Distinct forms of a listing's statements kept built, per kind of statement.
STATEMENT_FORMS = 512


class Listing:
    """Live products in `scope` (a `shop.services.scopes.Scope`) narrowed by `filters`.

    `vehicle_id` is the visitor's chosen vehicle, when the shop has fitment on; without it the
    `fits` filter is ignored. The statements are built once per form (the scope's parts, which
    filters are set, the sort, the cursor's side) and run with the values as parameters.
    """

    def __init__(self, scope, filters, vehicle_id=None, cache_key=None, offer=None):
        self.scope = scope
        # A hashable name of `scope` (("category", 12)) when the scope is catalog data only.
        self.cache_key = cache_key
        # The `OfferScope` covering the scope's products, if any: their counts with stock or
        # prices are then kept until those products' offer changes, not any product's.
        self.offer = offer
        self.filters = filters
        self.vehicle_id = vehicle_id
        self.selected_brand_ids = self._brand_ids(filters.brands)
        self.form = self._form()
        self.parameters = {**scope.parameters, **self._filter_parameters()}

    @staticmethod
    def _brand_ids(slugs):
        """Ids of the brands named in the URL; unknown slugs are dropped."""
        if not slugs:
            return ()
        ids = brand_ids_by_slug()
        return tuple(sorted({ids[slug] for slug in slugs if slug in ids}))

    def _form(self):
        """`ListingForm`: the scope's parts and the filters that are set, without their values."""
        filters = self.filters
        return ListingForm(
            scope=self.scope.parts,
            brand=bool(self.selected_brand_ids),
            min_price=filters.min_price is not None,
            max_price=filters.max_price is not None,
            in_stock=filters.in_stock,
            attributes=len(filters.attributes),
            fits=bool(filters.fits and self.vehicle_id),
            vehicle=self.vehicle_id is not None,
        )

    def _filter_parameters(self):
        filters = self.filters
        parameters = {
            "brand_ids": list(self.selected_brand_ids),
            "min_price": filters.min_price,
            "max_price": filters.max_price,
            "vehicle_id": self.vehicle_id,
        }
        for i, (name, values) in enumerate(filters.attributes):
            parameters[f"attr_name_{i}"] = name
            parameters[f"attr_values_{i}"] = list(values)
        return parameters

    @property
    def conditions(self):
        """Each active filter's condition, by facet name ("attr.<n>" for the n-th attribute)."""
        return filter_conditions(self.form)

    def _ordering(self):
        return ordering(self.form.scope, self.filters.sort)

    def page(self, page_size=PAGE_SIZE):
        """One page of products, in the chosen order, at the filters' cursor (the first page when
        there is none or it is unreadable)."""
        sort, length = self.filters.sort, len(self._ordering().columns)
        after = decode_cursor(self.filters.after, sort, length)
        before = None if after else decode_cursor(self.filters.before, sort, length)
        backwards = before is not None
        keys = self._page_keys(after or before, backwards, page_size + 1)
        more = len(keys) > page_size
        keys = keys[:page_size]
        if backwards:
            keys.reverse()
        has_next = bool(keys) and (backwards or more)
        has_previous = bool(keys) and (more if backwards else after is not None)
        return ListingPage(
            product_ids=[row[-1] for row in keys],
            next_cursor=encode_cursor(sort, tuple(keys[-1])) if has_next else None,
            previous_cursor=encode_cursor(sort, tuple(keys[0])) if has_previous else None,
        )

    def _page_keys(self, cursor, backwards, limit):
        """The sort keys (ending with the id) of up to `limit` rows beyond `cursor`.

        Only the keys: the sort then reads narrow rows, from an index when one covers them.
        """
        side = None if cursor is None else ("before" if backwards else "after")
        query = _page_query(self.form, self.filters.sort, side, limit)
        parameters = self.parameters
        if cursor:
            parameters = {**parameters, **self._ordering().cursor_parameters(cursor)}
        return [tuple(row) for row in plain_rows(query, parameters)]

    def facets(self, brands=True, attributes=True):
        """Counts for the filter panel; `brands`/`attributes` off skip those facets' queries."""
        facets = replace(self._cached_facet("summary", self._summary))
        if brands:
            facets.brands = self._cached_facet("brands", self._brand_counts)
        if attributes:
            facets.attributes = self._cached_facet("attributes", self._attribute_facets)
        return facets

    def _cached_facet(self, name, count):
        """A facet's counts, cached when the scope has a `cache_key`: per catalog version when
        they depend on the catalog alone, per catalog and offer versions (or the offer stamps of
        the listing's `offer` scope) when they count stock or prices (a price band is typed as
        round prices, so the same bands come back)."""
        if self.cache_key is None:
            return count()
        fits = self.vehicle_id if "fits" in self.conditions else None
        key = (
            "listing",
            name,
            self.cache_key,
            self.selected_brand_ids,
            self.filters.attributes,
            fits,
            self.filters.min_price,
            self.filters.max_price,
            # The attribute facets carry names in the page's language.
            current_language() if name == "attributes" else None,
        )
        if name == "summary":
            # Its counts of fitting products depend on the chosen vehicle, filtered or not.
            return self._cached_offer_value((*key, self.filters.in_stock, self.vehicle_id), count)
        if self.filters.in_stock or "price" in self.conditions:
            return self._cached_offer_value((*key, self.filters.in_stock), count)
        return cached_catalog_value(key, count)

    def _cached_offer_value(self, key, count):
        if self.offer is None:
            return cached_offer_value(key, count)
        return cached_scoped_offer_value(key, self.offer, count)

    def _summary(self):
        row = plain_rows(_summary_query(self.form), self.parameters).one()
        return Facets(
            total=row[0],
            in_stock_count=row[1],
            price_min=row[2],
            price_max=row[3],
            fits_count=row[4] if self.vehicle_id else None,
        )

    def _brand_counts(self):
        return [
            BrandCount(name, slug, count, brand_id in self.selected_brand_ids)
            for name, slug, brand_id, count in plain_rows(
                _brand_counts_query(self.form), self.parameters
            )
        ]

    def _attribute_facets(self):
        counts = {}
        rows = plain_rows(_attribute_counts_query(self.form), self.parameters)
        for name, value, count in rows:
            counts.setdefault(name, {})[value] = count
        facets = []
        names = attribute_names(current_language())
        for name in sorted(counts, key=str.casefold):
            by_value = counts[name]
            if not FACET_MIN_VALUES <= len(by_value) <= FACET_MAX_VALUES:
                continue
            selected = self.filters.attribute_values(name)
            values = [
                ValueCount(value, by_value[value], value in selected, names.value(name, value))
                for value in _value_order(list(by_value))
            ]
            facets.append(AttributeFacet(name, names.key(name), values))
        return facets


@dataclass(frozen=True)
class ListingForm:
    """The form of a listing's statements: its scope's parts and which filters are set."""

    scope: tuple
    brand: bool
    min_price: bool
    max_price: bool
    in_stock: bool
    attributes: int
    fits: bool
    # Whether a vehicle is chosen (its fitting products are counted).
    vehicle: bool


@functools.cache
def ordering(scope_parts, sort):
    """The `Ordering` of `sort`; "relevance" is the scope's own rank when it has one."""
    rank = scope_rank(scope_parts)
    if sort == "relevance" and rank is not None:
        columns, joined = rank
        return Ordering(columns, descending=True, joined=joined)
    return ORDERINGS[sort]


@catalog_cached
def brand_ids_by_slug():
    """{slug: id} of every brand: the brand filter's values are slugs."""
    return dict(db.session.execute(select(Brand.slug, Brand.id)).all())


@functools.lru_cache(maxsize=STATEMENT_FORMS)
def filter_conditions(form):
    """{facet name: condition} of the filters set in `form`, on the listing's parameters."""
    conditions = {}
    if form.brand:
        conditions["brand"] = Product.brand_id.in_(bindparam("brand_ids", expanding=True))
    price = []
    if form.min_price:
        price.append(Product.price >= bindparam("min_price", type_=Product.price.type))
    if form.max_price:
        price.append(Product.price <= bindparam("max_price", type_=Product.price.type))
    if price:
        conditions["price"] = and_(*price)
    if form.in_stock:
        conditions["in_stock"] = Product.in_stock
    for i in range(form.attributes):
        value = Product.attributes[bindparam(f"attr_name_{i}", type_=String)].astext
        conditions[f"{ATTRIBUTE_PREFIX}{i}"] = value.in_(
            bindparam(f"attr_values_{i}", expanding=True)
        )
    if form.fits:
        conditions["fits"] = fits_vehicle()
    return conditions


def fits_vehicle():
    """Condition: the product fits the chosen vehicle (parameter `vehicle_id`)."""
    # A vehicle fits few parts: PostgreSQL hashes their ids once.
    fitting = select(Fitment.product_id).where(Fitment.vehicle_id == bindparam("vehicle_id"))
    return Product.id.in_(fitting)


def _where(form, *excluded):
    """Live products in scope matching every filter but those named in `excluded`."""
    kept = [c for name, c in filter_conditions(form).items() if name not in excluded]
    return and_(live_product(), scope_condition(form.scope), *kept)


@functools.lru_cache(maxsize=STATEMENT_FORMS)
def _page_query(form, sort, side, limit):
    """The sort keys of a page: `side` is None (first page), "after" or "before" the cursor."""
    order, backwards = ordering(form.scope, sort), side == "before"
    query = select(*order.columns).where(_where(form))
    if order.joined is not None:
        query = query.where(order.joined)
    if side is not None:
        query = query.where(order.beyond(backwards=backwards))
    return query.order_by(*order.order_by(backwards)).limit(limit)


@functools.lru_cache(maxsize=STATEMENT_FORMS)
def _summary_query(form):
    """Total, in-stock and fitting counts and the price span, in one query.

    The price span ignores the price filter (it tells the visitor what range exists).
    """
    conditions = filter_conditions(form)
    in_stock = conditions.get("in_stock", true())
    fits = conditions.get("fits", true())
    price = conditions.get("price", true())
    columns = [
        func.count().filter(and_(price, in_stock, fits)),
        func.count().filter(and_(price, Product.in_stock, fits)),
        func.min(Product.price),
        func.max(Product.price),
    ]
    if form.vehicle:
        columns.append(func.count().filter(and_(price, in_stock, fits_vehicle())))
    return select(*columns).where(_where(form, "price", "in_stock", "fits"))


@functools.lru_cache(maxsize=STATEMENT_FORMS)
def _brand_counts_query(form):
    return (
        select(Brand.name, Brand.slug, Brand.id, func.count())
        .join(Product, Product.brand_id == Brand.id)
        .where(_where(form, "brand"), Brand.is_active)
        .group_by(Brand.id)
        .order_by(Brand.name)
    )


@functools.lru_cache(maxsize=STATEMENT_FORMS)
def _attribute_counts_query(form):
    """Attribute values with counts, in one query over the products' `attributes` pairs.

    A pair counts when its product matches every filter except the ones on its own attribute.
    """
    conditions = filter_conditions(form)
    pairs = func.jsonb_each_text(Product.attributes).table_valued("key", "value").lateral()
    own_attribute_or_match = [
        or_(
            pairs.c.key == bindparam(f"attr_name_{i}", type_=String),
            conditions[f"{ATTRIBUTE_PREFIX}{i}"],
        )
        for i in range(form.attributes)
    ]
    excluded = [f"{ATTRIBUTE_PREFIX}{i}" for i in range(form.attributes)]
    return (
        select(pairs.c.key, pairs.c.value, func.count())
        .select_from(Product)
        .join(pairs, true())
        .where(_where(form, *excluded), *own_attribute_or_match)
        .where(func.length(pairs.c.value) <= MAX_VALUE_LENGTH)
        .group_by(pairs.c.key, pairs.c.value)
    )
