"""Whole storefront pages kept in Redis while the catalog and the offer stay the same.

A page is stored under a key made of everything it is built from: the catalog and offer versions
of `shop.services.cache` (so any catalog, price or stock change makes every stored page unreachable
at once), the code and translations it was rendered with, the path and query string (the language
is in the path), the visitor's vehicle as far as the page depends on it (see `PER_VEHICLE`), and
the block an HTMX request asks for. A product or listing page is keyed by its `OfferScope`'s kind
instead of the offer version, and stored with the scope's offer stamps: they are read with the page
in one round trip, and a page whose stamps are no longer current is built again (see
`cached_page`). Entries expire after `PAGE_TTL_SECONDS`, which bounds Redis's memory and covers a
version bump lost to a Redis outage.

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
from shop.services.cache import cache_enabled, cache_redis, read_values, versions

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


# How every hole starts (`hole`): where `fill_holes` splits a page.
HOLE_START = "<hanout-hole "


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


def offer_signature(stamps):
    """What a stored page keeps of the offer stamps it was built with, as JSON reads it back."""
    return [stamps.epoch, [[id_, stamp] for id_, stamp in sorted(stamps.stamps.items())]]


def page_key(vehicles=PER_VEHICLE, offer=None):
    """This request's key in the page cache, or None when pages must not be cached now. A page
    of an `offer` scope is keyed by the scope's kind: its stamps are kept in the entry."""
    if not cache_enabled() or request.method not in ("GET", "HEAD") or "_flashes" in session:
        return None
    current = versions()
    if current is None:
        return None
    parts = [
        rendering_fingerprint(),
        current[0],
        offer.kind if offer else current[1],
        request.path,
        sorted(request.args.items(multi=True)),
        vehicle_part(vehicles),
        request.headers.get("HX-Request") and request.headers.get("HX-Target"),
    ]
    digest = hashlib.blake2b(json.dumps(parts).encode(), digest_size=16).hexdigest()
    return PAGE_KEY_PREFIX + digest


def read_entry(key, offer):
    """`(stored entry or None, offer signature)` of the page under `key`, with the current offer
    stamps of `offer` (if any) in the same round trip; the signature is None for a page without
    a scope, and False when Redis cannot say (then the page is built and not stored)."""
    if offer is None:
        values = read_values([key])
        return (None, False) if values is None else (values[0], None)
    stamps, values = offer.stamps_and_values([key])
    if stamps is None or values is None:
        return None, False
    return values[0], offer_signature(stamps)


def unpack(key, stored, signature):
    """`(html, value)` of a stored entry built with the offer `signature`, else None."""
    try:
        header, _, body = zlib.decompress(stored).partition(b"\n")
        value, built_with = json.loads(header)
    except (zlib.error, ValueError):
        log.warning("page cache: unreadable entry %s, building the page", key)
        return None
    return (body.decode(), value) if built_with == signature else None


def store(key, html, value, signature):
    # The value and offer signature's JSON on the first line (JSON text never holds a raw
    # newline), then the page as UTF-8: JSON-escaping the page itself cost more than compressing
    # it.
    header = json.dumps([value, signature]).encode()
    packed = zlib.compress(header + b"\n" + html.encode(), COMPRESSION_LEVEL)
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
    stored, signature = read_entry(key, offer) if key else (None, False)
    page = unpack(key, stored, signature) if stored else None
    if page is None:
        page = build() if signature is False else build_once(key, signature, build)
    html, value = page
    return fill_holes(html, fillers), value


# Pages being built in this process, by key, as futures of their `(html, value)`.
_builds = {}
_builds_lock = threading.Lock()


def build_once(key, signature, build):
    """Build the page stored under `key` with the offer `signature` and store it, unless another
    thread of this process is building the same already: then wait for that one. After a deploy
    or a price change the popular pages are asked for many times while their first build runs;
    each built them again."""
    build_id = (key, json.dumps(signature))
    with _builds_lock:
        pending = _builds.get(build_id)
        if pending is None:
            pending = _builds[build_id] = Future()
            building = True
        else:
            building = False
    if not building:
        try:
            return pending.result(timeout=BUILD_WAIT_SECONDS)
        except Exception:
            # Theirs failed (a 404, a redirect) or is slow: this request builds its own.
            return build_for_cache(key, signature, build)
    try:
        page = build_for_cache(key, signature, build)
    except BaseException as error:
        pending.set_exception(error)
        raise
    else:
        pending.set_result(page)
        return page
    finally:
        with _builds_lock:
            del _builds[build_id]


def build_for_cache(key, signature, build):
    """`build()`, with the visitors' own parts left as holes, then stored under `key` with the
    offer `signature` it was built with."""
    g.building_page_for_cache = True
    try:
        page = build()
    finally:
        g.building_page_for_cache = False
    store(key, *page, signature)
    return page


def fill_holes(html, fillers):
    """`html` with each hole replaced by the current visitor's part, each part rendered once and
    only if its hole is there. One pass: the page is split where holes start (searching a page of
    Arabic text once per filler took five times as long), and a hole no filler names stays."""
    pieces = html.split(HOLE_START)
    if len(pieces) == 1:
        return html
    parts = {}
    filled = [pieces[0]]
    for piece in pieces[1:]:
        name, closed, rest = piece.partition(">")
        render = fillers.get(name) if closed else None
        if render is None:
            filled.append(HOLE_START + piece)
            continue
        if name not in parts:
            parts[name] = render()
        filled += (parts[name], rest)
    return "".join(filled)
