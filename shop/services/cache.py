"""Per-process caches of rarely-changing catalog data, invalidated by a catalog version in Redis.

Each web process keeps values such as the category tree or the brand list in memory. They are
valid while the catalog version (an integer in Redis) stays the same: any catalog change calls
`bump_catalog_version()` after its commit, and every process drops its cached values on its next
request. Prices and stock are never cached. When Redis is unreachable, nothing is cached and every
value is computed afresh, so the shop keeps serving.
"""

import functools
import logging
import threading
import time

import redis
from flask import current_app, g, has_app_context, has_request_context

CATALOG_VERSION_KEY = "hanout:catalog-version"
REDIS_TIMEOUT_SECONDS = 0.25
# After Redis fails, the process serves uncached for this long before it asks Redis again, so an
# outage costs one timeout every few seconds rather than one per request.
RETRY_AFTER_SECONDS = 5.0
# A backstop for a version bump lost while Redis was unreachable.
MAX_AGE_SECONDS = 300.0
MAX_ENTRIES = 4096

log = logging.getLogger(__name__)


class CatalogCache:
    """The values one process computed at one catalog version, with their age."""

    def __init__(self):
        self.lock = threading.Lock()
        self.version = None
        self.values = {}
        self.redis_down_until = 0.0

    def clear(self):
        with self.lock:
            self.values.clear()
            self.version = None

    def get_or_compute(self, key, version, compute):
        """The value stored under `key` at `version` if fresh enough, else `compute()` stored."""
        now = time.monotonic()
        with self.lock:
            if version != self.version:
                self.values.clear()
                self.version = version
            stored = self.values.get(key)
        if stored is not None and now - stored[0] < MAX_AGE_SECONDS:
            return stored[1]
        value = compute()
        with self.lock:
            if self.version == version:
                if key not in self.values and len(self.values) >= MAX_ENTRIES:
                    self.values.pop(next(iter(self.values)))
                self.values[key] = (now, value)
        return value


def process_cache():
    """This process's cache for the current app (a forked worker starts with its own copy)."""
    return current_app.extensions.setdefault("hanout_catalog_cache", CatalogCache())


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


def read_catalog_version():
    """The version stored in Redis (0 before the first bump), or None when Redis is unreachable."""
    cache = process_cache()
    if time.monotonic() < cache.redis_down_until:
        return None
    try:
        raw = cache_redis().get(CATALOG_VERSION_KEY)
    except (redis.RedisError, OSError):
        log.warning("catalog cache off for %.0f s: Redis is unreachable", RETRY_AFTER_SECONDS)
        cache.redis_down_until = time.monotonic() + RETRY_AFTER_SECONDS
        # Bumps made while we could not see them would go unnoticed: start again from nothing.
        cache.clear()
        return None
    return int(raw or 0)


def catalog_version():
    """The catalog version for this request, read from Redis at most once per request."""
    if not has_request_context():
        return read_catalog_version()
    if "catalog_version" not in g:
        g.catalog_version = read_catalog_version()
    return g.catalog_version


def bump_catalog_version():
    """Invalidate every process's cached catalog data. Call it after committing a catalog change.

    Catalog changes are edits of categories, brands, vehicles, fitment, product names or
    attributes, and imports. Price and stock changes need no bump: they are never cached.
    Returns the new version, or None when Redis is unreachable (caches then expire by age).
    """
    process_cache().clear()
    if has_request_context():
        g.pop("catalog_version", None)
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
    version = catalog_version() if cache_enabled() else None
    if version is None:
        return compute()
    return process_cache().get_or_compute(key, version, compute)
