"""Per-process caches of rarely-changing catalog data, invalidated by a catalog version in Redis.

Each web process keeps values such as the category tree or the brand list in memory. They are
valid while the catalog version (an integer in Redis) stays the same: any catalog change calls
`bump_catalog_version()` after its commit, and every process drops its cached values on its next
request. Prices and stock are never cached here. When Redis is unreachable, nothing is cached and
every value is computed afresh, so the shop keeps serving.

A second integer, the offer version, changes whenever prices or stock do: the page cache
(`shop.services.page_cache`) keys whole pages by both versions. It is bumped by itself, after the
commit of any session that changed a product, a stock level, a stock movement or a location,
together with the offer stamps of the products changed and of their categories and brands: pages
that show the offer of a few products, or of the products of some categories or of a brand,
are keyed by those stamps instead (see `OfferScope`).
"""

import functools
import hashlib
import json
import logging
import threading
import time
from dataclasses import dataclass

import redis
from flask import current_app, g, has_app_context, has_request_context
from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import Session

from shop.models import Location, Product, StockLevel, StockMovement

CATALOG_VERSION_KEY = "hanout:catalog-version"
SHARED_KEY_PREFIX = "hanout:shared:"
# Shared values outlive no catalog version; the time to live only bounds Redis's memory.
SHARED_TTL_SECONDS = 3600
# Many values of a catalog version shared by the processes (product cards): as long as pages.
SHARED_VALUES_KEY_PREFIX = "hanout:shared-values:"
SHARED_VALUES_TTL_SECONDS = 300
OFFER_VERSION_KEY = "hanout:offer-version"
# The offer stamps of each product, category and brand (a hash each: id -> count of the price or
# stock changes of the product, or of a product of the category or brand), and the epoch, bumped
# by changes that touch every product's offer (a location opening or closing).
OFFER_STAMPS_KEYS = {
    "product": "hanout:offer-stamps",
    "category": "hanout:offer-category-stamps",
    "brand": "hanout:offer-brand-stamps",
}
OFFER_EPOCH_KEY = "hanout:offer-epoch"
# What a customer is offered: a change to any of these changes prices or stock on some page.
OFFER_MODELS = (Product, StockLevel, StockMovement, Location)
OFFER_CHANGED = "hanout_offer_changed"
# The products whose offer the transaction changes ({kind: ids} with their categories and
# brands); None stands for every product.
OFFER_PRODUCTS = "hanout_offer_products"
REDIS_TIMEOUT_SECONDS = 0.25
# After Redis fails, the process serves uncached for this long before it asks Redis again, so an
# outage costs one timeout every few seconds rather than one per request.
RETRY_AFTER_SECONDS = 5.0
# A backstop for a version bump lost while Redis was unreachable.
MAX_AGE_SECONDS = 300.0
MAX_ENTRIES = 4096
# Product cards of every listing (about a kilobyte each): enough for a 10,000-product catalog in
# both languages.
SHARED_VALUES_ENTRIES = 20_000

log = logging.getLogger(__name__)


class CatalogCache:
    """The values one process computed at one version, with their age."""

    def __init__(self, max_entries=MAX_ENTRIES):
        self.lock = threading.Lock()
        self.version = None
        self.values = {}
        self.max_entries = max_entries
        self.redis_down_until = 0.0
        # key -> lock held by the thread computing it
        self.computing = {}

    def clear(self):
        with self.lock:
            self.values.clear()
            self.version = None

    def get_or_compute(self, key, version, compute):
        """The value stored under `key` at `version` if fresh enough, else `compute()` stored.

        One thread computes a missing value while the others asking for it wait for its result:
        after a catalog change every thread wants the same values at once.
        """
        found = self.get_many([key], version)
        if key in found:
            return found[key]
        with self.lock:
            computing = self.computing.setdefault(key, threading.Lock())
        try:
            with computing:
                found = self.get_many([key], version)
                if key in found:
                    return found[key]
                value = compute()
                self.put_many({key: value}, version)
                return value
        finally:
            with self.lock:
                if self.computing.get(key) is computing:
                    del self.computing[key]

    def get_or_compute_many(self, keys, version, compute_missing):
        """{key: value} of the `keys`: those stored at `version`, and `compute_missing(missing
        keys)`'s values for the others, stored in turn (a key it leaves out has no value)."""
        found = self.get_many(keys, version)
        missing = [key for key in keys if key not in found]
        if missing:
            computed = compute_missing(missing)
            self.put_many(computed, version)
            found.update(computed)
        return found

    def get_many(self, keys, version):
        """{key: value} of the `keys` stored at `version` and fresh enough. Values found move to
        the end of the line, so the least recently used make room first."""
        now = time.monotonic()
        with self.lock:
            if version != self.version:
                self.values.clear()
                self.version = version
            stored = {key: self.values.pop(key, None) for key in dict.fromkeys(keys)}
            self.values.update((key, entry) for key, entry in stored.items() if entry is not None)
        return {
            key: entry[1]
            for key, entry in stored.items()
            if entry is not None and now - entry[0] < MAX_AGE_SECONDS
        }

    def put_many(self, values, version):
        """Store `values` ({key: value}) computed at `version`, the least recently used entries
        making room."""
        now = time.monotonic()
        with self.lock:
            if self.version != version:
                return
            for key, value in values.items():
                if key not in self.values and len(self.values) >= self.max_entries:
                    self.values.pop(next(iter(self.values)))
                self.values[key] = (now, value)


def process_cache():
    """This process's cache for the current app (a forked worker starts with its own copy)."""
    return current_app.extensions.setdefault("hanout_catalog_cache", CatalogCache())


def offer_cache():
    """This process's cache of values that hold prices or stock too (listing counts)."""
    return current_app.extensions.setdefault("hanout_offer_cache", CatalogCache())


def scoped_offer_cache():
    """This process's cache of values that hold the prices or stock of the products of an
    `OfferScope` alone (a category's listing counts), keyed by the scope's offer stamps."""
    return current_app.extensions.setdefault("hanout_scoped_offer_cache", CatalogCache())


def shared_values_cache():
    """This process's copy of the values it shares with the others (product cards)."""
    return current_app.extensions.setdefault(
        "hanout_shared_values_cache", CatalogCache(max_entries=SHARED_VALUES_ENTRIES)
    )


def cache_enabled():
    """On inside an app unless it says otherwise; tests turn it on where they test it."""
    if not has_app_context():
        return False
    return current_app.config.get("CATALOG_CACHE", not current_app.testing)


def cache_redis():
    """A Redis client that gives up quickly: the cache must never make a page wait."""
    client = current_app.extensions.get("hanout_cache_redis")
    if client is None:
        client = redis.Redis.from_url(
            current_app.config["REDIS_URL"],
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
        )
        current_app.extensions["hanout_cache_redis"] = client
    return client


def read_versions():
    """`(catalog version, offer version)` from Redis (0 before the first bump), or None when Redis
    is unreachable."""
    cache = process_cache()
    if time.monotonic() < cache.redis_down_until:
        return None
    try:
        catalog, offer = cache_redis().mget(CATALOG_VERSION_KEY, OFFER_VERSION_KEY)
    except (redis.RedisError, OSError):
        log.warning("catalog cache off for %.0f s: Redis is unreachable", RETRY_AFTER_SECONDS)
        cache.redis_down_until = time.monotonic() + RETRY_AFTER_SECONDS
        # Bumps made while we could not see them would go unnoticed: start again from nothing.
        cache.clear()
        offer_cache().clear()
        scoped_offer_cache().clear()
        shared_values_cache().clear()
        return None
    return int(catalog or 0), int(offer or 0)


def versions():
    """This request's `(catalog, offer)` versions, read from Redis at most once per request.

    The shop settings, cached, read them first thing in every request, before any data: a page
    is therefore never built from data older than the versions it is cached under.
    """
    if not has_request_context():
        return read_versions()
    if "cache_versions" not in g:
        g.cache_versions = read_versions()
    return g.cache_versions


def catalog_version():
    """The catalog version for this request, or None when Redis is unreachable."""
    current = versions()
    return current[0] if current else None


def bump_catalog_version():
    """Invalidate every process's cached catalog data. Call it after committing a catalog change.

    Catalog changes are edits of categories, brands, vehicles, fitment, product names or
    attributes, and imports. Price and stock changes need no call: they bump the offer version
    by themselves (see `note_offer_changes`).
    Returns the new version, or None when Redis is unreachable (caches then expire by age).
    """
    process_cache().clear()
    if has_request_context():
        g.pop("cache_versions", None)
        g.pop("uncached_catalog_values", None)
    try:
        return cache_redis().incr(CATALOG_VERSION_KEY)
    except (redis.RedisError, OSError):
        log.exception(
            "could not bump the catalog version: caches expire within %.0f s", MAX_AGE_SECONDS
        )
        return None


def catalog_cached(function):
    """Keep `function`'s results in this process, per arguments, until the catalog version changes.

    Only for catalog data without prices or stock, computed from the function's arguments alone
    (pass the language in, for instance) and returned as plain values, not ORM objects: one result
    is shared by every request and thread of the process.
    """
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def cached(*args, **kwargs):
        key = (name, args, tuple(sorted(kwargs.items())))
        return cached_catalog_value(key, lambda: function(*args, **kwargs))

    return cached


def cached_catalog_value(key, compute):
    """`compute()`, kept in this process under the hashable `key` until the catalog changes.

    The same rules as `catalog_cached`: `key` names everything the value depends on, and the value
    holds no price or stock.
    """
    if not cache_enabled():
        return compute()
    version = catalog_version()
    if version is None:
        return _request_value(key, compute)
    return process_cache().get_or_compute(key, version, compute)


def _request_value(key, compute):
    """`compute()`, kept for the rest of the request: with Redis unreachable the process cannot
    tell a fresh value from a stale one, but a page asking twice gets the same answer once."""
    if not has_request_context():
        return compute()
    values = g.setdefault("uncached_catalog_values", {})
    if key not in values:
        values[key] = compute()
    return values[key]


def shared_catalog_value(key, compute, decode=None):
    """`cached_catalog_value`, also shared by every process through Redis: for catalog values
    that are costly to compute and small to keep (a search's ranked matches).

    `compute()` returns plain JSON values (lists, not tuples), stored in Redis as JSON under the
    catalog version; `decode` turns them into what this process keeps and returns.
    """
    decode = decode or (lambda value: value)
    version = catalog_version() if cache_enabled() else None
    if version is None:
        return decode(compute())

    def read_or_compute():
        digest = hashlib.blake2b(repr(key).encode(), digest_size=16).hexdigest()
        redis_key = f"{SHARED_KEY_PREFIX}{version}:{digest}"
        stored = _redis_get(redis_key)
        if stored is not None:
            try:
                return decode(json.loads(stored))
            except (ValueError, TypeError):
                log.warning("shared cache entry %s unreadable: computed again", redis_key)
        value = compute()
        _redis_set(redis_key, json.dumps(value, separators=(",", ":")))
        return decode(value)

    return process_cache().get_or_compute(key, version, read_or_compute)


def _redis_get(key):
    try:
        return cache_redis().get(key)
    except (redis.RedisError, OSError):
        return None


def _redis_set(key, value):
    try:
        cache_redis().set(key, value, ex=SHARED_TTL_SECONDS)
    except (redis.RedisError, OSError):
        log.warning("shared cache entry %s not stored: Redis is unreachable", key)


def cached_offer_values(keys, compute_missing):
    """{key: value} for `keys`, kept in this process until the catalog or the offer version
    changes, so values may show prices and stock.

    `compute_missing(keys)` returns {key: value} for the keys not kept; a key it leaves out has
    no value (and is asked for again next time).
    """
    current = versions() if cache_enabled() else None
    if current is None:
        return compute_missing(list(keys))
    return offer_cache().get_or_compute_many(keys, current, compute_missing)


def cached_offer_value(key, compute):
    """`compute()`, kept in this process under `key` until the catalog or the offer version
    changes (see `cached_offer_values`)."""
    return cached_offer_values([key], lambda keys: {key: compute()})[key]


def cached_scoped_offer_value(key, offer, compute):
    """`compute()`, kept in this process under `key` until the catalog version or the offer
    stamps of `offer` (an `OfferScope`) change: for values that show the prices or stock of the
    scope's products alone, which a sale elsewhere leaves as they are."""
    current = versions() if cache_enabled() else None
    stamps = offer.stamps() if current else None
    if stamps is None:
        return compute()
    scoped_key = (*key, offer.kind, stamps.epoch, tuple(sorted(stamps.stamps.items())))
    return scoped_offer_cache().get_or_compute(scoped_key, current[0], compute)


def shared_catalog_values(keys, compute_missing, decode):
    """{key: value} for `keys`, kept in this process and in Redis for the other processes until
    the catalog changes: for text costly to build that the others soon need too. Each key names
    all its value depends on beyond the catalog (a product card: the product's offer stamp).

    `compute_missing(keys)` returns {key: text} (a key left out has no value); `decode` turns
    stored text into the value.
    """
    version = catalog_version() if cache_enabled() else None
    if version is None:
        return compute_missing(list(keys))

    def read_or_compute(missing):
        redis_keys = [_shared_values_key(version, key) for key in missing]
        stored = _redis_mget(redis_keys)
        found = {
            key: decode(text.decode()) for key, text in zip(missing, stored, strict=True) if text
        }
        rest = [key for key in missing if key not in found]
        if rest:
            computed = compute_missing(rest)
            _redis_set_many({_shared_values_key(version, key): computed[key] for key in computed})
            found.update(computed)
        return found

    return shared_values_cache().get_or_compute_many(keys, version, read_or_compute)


def _shared_values_key(version, key):
    digest = hashlib.blake2b(repr(key).encode(), digest_size=16).hexdigest()
    return f"{SHARED_VALUES_KEY_PREFIX}{version}:{digest}"


def _redis_mget(keys):
    try:
        return cache_redis().mget(keys)
    except (redis.RedisError, OSError):
        return [None] * len(keys)


def _redis_set_many(values):
    try:
        pipeline = cache_redis().pipeline(transaction=False)
        for key, value in values.items():
            pipeline.set(key, value, ex=SHARED_VALUES_TTL_SECONDS)
        pipeline.execute()
    except (redis.RedisError, OSError):
        log.warning("%d shared cache entries not stored: Redis is unreachable", len(values))


@dataclass(frozen=True)
class OfferStamps:
    """The offer epoch and some products', categories' or brands' offer stamps: together they
    change whenever a price or the stock of one of those products (or of their products) does."""

    epoch: int
    stamps: dict

    def of(self, id_):
        return (self.epoch, self.stamps.get(id_, 0))


@dataclass(frozen=True)
class OfferScope:
    """The products a page shows the prices and stock of: those with `ids` (`kind` "product"),
    or every product of the categories or brands with `ids` (`kind` "category" or "brand")."""

    kind: str
    ids: tuple

    def stamps(self):
        """The scope's `OfferStamps`, read once per request (None as `offer_stamps` says)."""
        return self.stamps_and_values(())[0]

    def stamps_and_values(self, keys):
        """`(stamps(), the values stored in Redis under keys)`, read in one round trip: a cached
        page is looked up with its scope's stamps. `(None, None)` as `offer_stamps` says."""
        if not has_request_context():
            return offer_stamps_and_values(self.ids, self.kind, keys)
        read = g.setdefault("offer_scope_stamps", {})
        if self in read:
            values = read_values(keys) if keys and read[self] is not None else None
            return read[self], values
        stamps, values = offer_stamps_and_values(self.ids, self.kind, keys)
        read[self] = stamps
        return stamps, values


def offer_stamps(ids, kind="product"):
    """`OfferStamps` of the products (or categories, or brands: `kind`) with these ids, in one
    round trip to Redis; None when the caches are off or Redis is unreachable."""
    return offer_stamps_and_values(ids, kind, ())[0]


def offer_stamps_and_values(ids, kind, keys):
    """`(offer_stamps(ids, kind), [the values stored under keys])`, in the same round trip;
    `(None, None)` when the caches are off or Redis is unreachable."""
    if not cache_enabled() or versions() is None:
        return None, None
    ids = list(dict.fromkeys(ids))
    try:
        pipeline = cache_redis().pipeline(transaction=False)
        for key in keys:
            pipeline.get(key)
        pipeline.get(OFFER_EPOCH_KEY)
        if ids:
            pipeline.hmget(OFFER_STAMPS_KEYS[kind], ids)
        replies = pipeline.execute()
    except (redis.RedisError, OSError):
        log.warning("offer stamps unreadable: Redis is unreachable")
        return None, None
    values, (epoch, *stamps) = replies[: len(keys)], replies[len(keys) :]
    stamps = stamps[0] if stamps else []
    return OfferStamps(
        int(epoch or 0), {id_: int(stamp or 0) for id_, stamp in zip(ids, stamps, strict=True)}
    ), values


def read_values(keys):
    """The values stored in Redis under `keys`; None when Redis is unreachable."""
    try:
        return cache_redis().mget(keys)
    except (redis.RedisError, OSError):
        log.warning("cached values unreadable: Redis is unreachable")
        return None


def bump_offer_version(changed=None):
    """Invalidate every cached page that shows prices or stock across the catalog (search, home),
    and those keyed by the offer stamps of `changed` ({"product": ids, "category": ids, "brand":
    ids}: the products whose prices or stock changed, their categories and brands); of every
    product when None. Returns the new offer version, or None when Redis is unreachable."""
    if has_request_context():
        g.pop("cache_versions", None)
        g.pop("offer_scope_stamps", None)
    try:
        pipeline = cache_redis().pipeline(transaction=False)
        pipeline.incr(OFFER_VERSION_KEY)
        if changed is None:
            pipeline.incr(OFFER_EPOCH_KEY)
        for kind, ids in (changed or {}).items():
            for id_ in ids:
                pipeline.hincrby(OFFER_STAMPS_KEYS[kind], id_, 1)
        return pipeline.execute()[0]
    except (redis.RedisError, OSError):
        log.exception("could not bump the offer version: pages expire within their time to live")
        return None


def offered_product_id(instance):
    """The product whose offer a written row changes; None for a location (every product's)."""
    if isinstance(instance, Product):
        return instance.id
    if isinstance(instance, StockLevel | StockMovement):
        return instance.product_id
    return None


@event.listens_for(Session, "after_flush")
def note_offer_changes(session, flush_context):
    """Remember which products this transaction changes the offer of (stock writes always add a
    `StockMovement`, price changes dirty a `Product`). After the flush, new rows have their ids.

    A product's page shows its exact stock, so any change retires it; its category's and brand's
    listings show what its card says ("Only 2 left", "In stock"), its price and whether it is in
    stock, so they are retired only when one of those changed: a written product, or a product
    whose card the database found changed (migration 0009)."""
    touched = [
        instance
        for instance in (*session.new, *session.dirty, *session.deleted)
        if isinstance(instance, OFFER_MODELS)
    ]
    if not touched:
        return
    session.info[OFFER_CHANGED] = True
    listed = _listed_changes(session)
    changed = session.info.setdefault(OFFER_PRODUCTS, {kind: set() for kind in OFFER_STAMPS_KEYS})
    if changed is None:
        return
    product_ids = {offered_product_id(instance) for instance in touched}
    if None in product_ids:
        session.info[OFFER_PRODUCTS] = None
        return
    changed["product"] |= product_ids
    written = {instance.id for instance in touched if isinstance(instance, Product)}
    _note_listings(session, changed, written | listed)
    # A product moved to another category or brand (or deleted) leaves the old one's listings too.
    for instance in touched:
        if isinstance(instance, Product):
            state = inspect(instance)
            changed["category"].update(state.attrs.category_id.history.deleted)
            changed["brand"].update(state.attrs.brand_id.history.deleted)
            changed["category"].add(instance.category_id)
            changed["brand"].add(instance.brand_id)
    changed["category"].discard(None)
    changed["brand"].discard(None)


@event.listens_for(Session, "before_commit")
def note_listing_changes(session):
    """Cards changed by stock written since the last flush (a plain `UPDATE` of stock levels)."""
    if not session.info.get(OFFER_CHANGED):
        return
    listed = _listed_changes(session)
    changed = session.info.get(OFFER_PRODUCTS)
    if changed is not None:
        _note_listings(session, changed, listed)


def note_listed_stock_refreshed(session):
    """A stock refresh run directly in this transaction changed some cards
    (`shop.services.stock.recheck_listed_stock`): at the commit, the listings of those products
    (the database names them) are retired as after any stock write."""
    session.info[OFFER_CHANGED] = True
    session.info.setdefault(OFFER_PRODUCTS, {kind: set() for kind in OFFER_STAMPS_KEYS})


def _listed_changes(session):
    """Ids of the products whose card or in-stock state the stock writes of this transaction
    changed since the last call (the database notes them, migration 0009)."""
    noted = session.connection().scalar(select(func.hanout_take_listed_changed()))
    return {int(product_id) for product_id in noted.split(",")} if noted else set()


def _note_listings(session, changed, product_ids):
    """Add the categories and brands of these products to those whose listings change."""
    if not product_ids:
        return
    rows = session.connection().execute(
        select(Product.category_id, Product.brand_id).where(Product.id.in_(product_ids))
    )
    for category_id, brand_id in rows:
        changed["category"].add(category_id)
        changed["brand"].add(brand_id)
    changed["category"].discard(None)
    changed["brand"].discard(None)


@event.listens_for(Session, "after_commit")
def bump_offer_version_after_commit(session):
    changed = session.info.pop(OFFER_PRODUCTS, None)
    if session.info.pop(OFFER_CHANGED, False) and has_app_context():
        bump_offer_version(changed)


@event.listens_for(Session, "after_rollback")
def forget_offer_changes(session):
    session.info.pop(OFFER_CHANGED, None)
    session.info.pop(OFFER_PRODUCTS, None)
