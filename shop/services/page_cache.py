"""Whole storefront pages kept in Redis while the catalog and the offer stay the same.

A page is stored under a key made of everything it is built from: the catalog and offer versions
of `shop.services.cache` (so any catalog, price or stock change makes every stored page unreachable
at once; a product or listing page names the offer stamps of its products, categories or brand
instead, see `cached_page`), the code and translations it was rendered with, the path and query
string (the language is in the path), the visitor's vehicle as far as the page depends on it (see
`PER_VEHICLE`), and the block an HTMX request asks for. Entries expire after `PAGE_TTL_SECONDS`,
which bounds Redis's memory and covers a version bump lost to a Redis outage.

What differs between visitors who share a key (the CSRF token, the cart badge, the account link) is
left as a *hole* in the stored page and filled in for each request (see `fill_holes`).
"""

import functools
import hashlib
import json
import logging
import threading
import zlib
from concurrent.futures import Future

import redis
from flask import g, request, session
from markupsafe import Markup

from shop.config import PROJECT_ROOT
from shop.services.cache import cache_enabled, cache_redis, versions

PAGE_KEY_PREFIX = "hanout:page:"
PAGE_TTL_SECONDS = 300
# How long a request waits for the same page being built by another thread before building it
# itself: a page takes milliseconds to build, even under load.
BUILD_WAIT_SECONDS = 2.0
# Fast compression: pages shrink about six times, for a fraction of a millisecond.
COMPRESSION_LEVEL = 1
# Everything that shapes a page's HTML besides the data: a deploy that changes any of it starts
# from an empty page cache.
RENDERING_SOURCES = ("shop/**/*.py", "templates/**/*.html", "translations/**/*.mo")

log = logging.getLogger(__name__)

# How a page's key depends on the visitor's chosen vehicle:
# one page per vehicle (and one without),
PER_VEHICLE = "per vehicle"
# one page for every visitor with a vehicle, its parts that depend on which as holes, one without,
WITH_OR_WITHOUT_VEHICLE = "with or without a vehicle"
# one page for all, every part that depends on the vehicle a hole.
ANY_VEHICLE = "any vehicle"


@functools.cache
def hole(name):
    """The placeholder of the visitor's own part `name` in a stored page. Autoescaping turns any
    `<` that visitors type into `&lt;`, so their text can never look like a hole."""
    return Markup("<hanout-hole {}>").format(name)


@functools.cache
def rendering_fingerprint():
    """A digest of the code, templates and compiled translations this process renders with."""
    digest = hashlib.blake2b(digest_size=8)
    for pattern in RENDERING_SOURCES:
        for path in sorted(PROJECT_ROOT.glob(pattern)):
            digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def vehicle_part(vehicles):
    """What the page key holds of the visitor's vehicle, for a page that depends on it as
    `vehicles` says."""
    vehicle = g.get("vehicle")
    if vehicle is None or vehicles == ANY_VEHICLE:
        return None
    return vehicle.id if vehicles == PER_VEHICLE else "chosen"


def offer_part(offer):
    """What the page key holds of the offer: the offer version, or for a page that shows the
    prices and stock of the products of an `OfferScope` alone, its offer stamps. None when Redis
    cannot say."""
    if offer is None:
        current = versions()
        return current and current[1]
    stamps = offer.stamps()
    return stamps and [offer.kind, stamps.epoch, sorted(stamps.stamps.items())]


def page_key(vehicles=PER_VEHICLE, offer=None):
    """This request's key in the page cache, or None when pages must not be cached now."""
    if not cache_enabled() or request.method not in ("GET", "HEAD") or "_flashes" in session:
        return None
    current = versions()
    offer_key = offer_part(offer) if current else None
    if offer_key is None:
        return None
    parts = [
        rendering_fingerprint(),
        current[0],
        offer_key,
        request.path,
        sorted(request.args.items(multi=True)),
        vehicle_part(vehicles),
        request.headers.get("HX-Request") and request.headers.get("HX-Target"),
    ]
    digest = hashlib.blake2b(json.dumps(parts).encode(), digest_size=16).hexdigest()
    return PAGE_KEY_PREFIX + digest


def load(key):
    """`(html, value)` stored under `key`, or None (also when Redis fails: then build afresh)."""
    try:
        stored = cache_redis().get(key)
    except (redis.RedisError, OSError):
        log.warning("page cache: Redis is unreachable, building the page")
        return None
    if stored is None:
        return None
    try:
        header, _, body = zlib.decompress(stored).partition(b"\n")
        return body.decode(), json.loads(header)
    except (zlib.error, ValueError):
        log.warning("page cache: unreadable entry %s, building the page", key)
        return None


def store(key, html, value):
    # The value's JSON on the first line (JSON text never holds a raw newline), then the page as
    # UTF-8: JSON-escaping the page itself cost more than compressing it.
    packed = zlib.compress(json.dumps(value).encode() + b"\n" + html.encode(), COMPRESSION_LEVEL)
    try:
        cache_redis().set(key, packed, ex=PAGE_TTL_SECONDS)
    except (redis.RedisError, OSError):
        log.warning("page cache: Redis is unreachable, page not stored")


def building_for_cache():
    """True while the page being rendered will be shared: visitors' own parts become holes."""
    return g.get("building_page_for_cache", False)


def cached_page(build, fillers, vehicles=PER_VEHICLE, offer=None):
    """`(html, value)` of this request's page: stored, or from `build()` (then stored).

    `build()` renders the page and returns `(html, value)`, where `value` is any JSON data the
    view needs on later hits too (the search keeps its result count for its log). `fillers`
    maps each hole's name to the function that renders the visitor's own part; `vehicles`
    says how the page depends on the visitor's vehicle (`PER_VEHICLE`...). A page that shows the
    prices and stock of a few products only, or of the products of some categories or of a brand,
    names them in `offer` (an `OfferScope`): a sale of any other product leaves it in the cache.
    """
    key = page_key(vehicles, offer)
    stored = load(key) if key else None
    if stored is None:
        stored = build_once(key, build) if key else build()
    html, value = stored
    return fill_holes(html, fillers), value


# Pages being built in this process, by key, as futures of their `(html, value)`.
_builds = {}
_builds_lock = threading.Lock()


def build_once(key, build):
    """Build the page stored under `key` and store it, unless another thread of this process is
    building it already: then wait for that one. After a deploy or a price change the popular
    pages are asked for many times while their first build runs; each built them again."""
    with _builds_lock:
        pending = _builds.get(key)
        if pending is None:
            pending = _builds[key] = Future()
            building = True
        else:
            building = False
    if not building:
        try:
            return pending.result(timeout=BUILD_WAIT_SECONDS)
        except Exception:
            # Theirs failed (a 404, a redirect) or is slow: this request builds its own.
            return build_for_cache(key, build)
    try:
        page = build_for_cache(key, build)
    except BaseException as error:
        pending.set_exception(error)
        raise
    else:
        pending.set_result(page)
        return page
    finally:
        with _builds_lock:
            del _builds[key]


def build_for_cache(key, build):
    """`build()`, with the visitors' own parts left as holes, then stored under `key`."""
    g.building_page_for_cache = True
    try:
        page = build()
    finally:
        g.building_page_for_cache = False
    store(key, *page)
    return page


def fill_holes(html, fillers):
    """`html` with each hole replaced by the current visitor's part, rendered only if present."""
    for name, render in fillers.items():
        placeholder = hole(name)
        if placeholder in html:
            html = html.replace(placeholder, render())
    return html
