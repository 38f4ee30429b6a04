"""Cross-cutting HTTP concerns: security headers, health checks, error pages, request logs."""

import functools
import logging
import time

import redis
from flask import (
    Blueprint,
    Flask,
    Request,
    abort,
    current_app,
    g,
    has_request_context,
    jsonify,
    render_template,
    request,
    request_started,
    send_from_directory,
)
from flask_wtf.csrf import CSRFError, generate_csrf
from jinja2_fragments.flask import render_block
from markupsafe import escape
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.local import LocalProxy
from werkzeug.routing import IntegerConverter

from shop.extensions import db
from shop.i18n import current_language
from shop.models.base import MAX_DATABASE_ID
from shop.services import page_cache
from shop.services.cache import cached_catalog_value
from shop.services.images import media_folder
from shop.services.settings import effective_profile

request_log = logging.getLogger("hanout.requests")
operations = Blueprint("operations", __name__)

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    # Geolocation stays available to our own pages: checkout may locate a delivery address.
    "Permissions-Policy": "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)",
}
PROBE_TIMEOUT_SECONDS = 2
# Links built once and reused: every product of a 20,000-product catalog in both languages, and
# the site's own links.
BUILT_URLS = 65_536
# Media files never change under their name: a new upload gets a new one.
MEDIA_MAX_AGE = 30 * 24 * 3600


class TypedFields(ImmutableMultiDict):
    """Query arguments and form fields as typed, without NUL characters: no one types one, and
    PostgreSQL, which holds none in text, refuses a query that carries one."""

    def __init__(self, mapping=None):
        if isinstance(mapping, list):  # the (name, value) pairs parsed from a request
            mapping = [(_without_nul(name), _without_nul(value)) for name, value in mapping]
        super().__init__(mapping)


def _without_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) else value  # files pass as is


class ShopRequest(Request):
    parameter_storage_class = TypedFields


class ShopFlask(Flask):
    """Flask whose requests drop NUL characters from their fields (`ShopRequest`), and whose
    `url_for` builds each relative link once per endpoint, arguments, language and mount point,
    then reuses it: pages hold dozens of links, the same from page to page, and building one
    through the URL map costs tens of microseconds."""

    request_class = ShopRequest

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.built_url = functools.lru_cache(maxsize=BUILT_URLS)(self._build_url)

    def url_for(
        self, endpoint, *, _anchor=None, _method=None, _scheme=None, _external=None, **values
    ):
        if _anchor or _method or _scheme or _external or not has_request_context():
            return super().url_for(
                endpoint,
                _anchor=_anchor,
                _method=_method,
                _scheme=_scheme,
                _external=_external,
                **values,
            )
        if endpoint[:1] == ".":
            blueprint = request.blueprint
            endpoint = f"{blueprint}{endpoint}" if blueprint else endpoint[1:]
        try:
            # The language is what the URL defaults add; the host and mount point shape the path.
            return self.built_url(
                (endpoint, current_language(), request.host, request.script_root),
                tuple(sorted(values.items())),
            )
        except TypeError:  # a list among the values: not a key
            return super().url_for(endpoint, **values)

    def _build_url(self, where, values):
        return super().url_for(where[0], **dict(values))


class DatabaseIntegerConverter(IntegerConverter):
    """`<int:…>` in routes: a number a database integer holds, so a larger one is a 404."""

    def __init__(self, map, *args, max=MAX_DATABASE_ID, **kwargs):  # noqa: A002 (werkzeug's names)
        super().__init__(map, *args, max=max, **kwargs)


def render_page(template_name, **context):
    """The whole page, or for an HTMX request only the block named by its `HX-Target` element id."""
    target = request.headers.get("HX-Target")
    if request.headers.get("HX-Request") and target:
        template = current_app.jinja_env.get_template(template_name)
        if target in template.blocks:
            return render_block(template_name, target, **context)
    return render_template(template_name, **context)


def current_page():
    """This page's path and query, for a form to come back to."""
    return request.full_path.rstrip("?")


def vehicle_selector():
    """The selector of the visitor's vehicle, kept per vehicle and language with the page it
    comes back to as a hole: the selector lists every make and the chosen make's models."""
    vehicle = g.get("vehicle")
    key = ("vehicle_selector", current_language(), vehicle.id if vehicle else None)
    html = cached_catalog_value(
        key,
        lambda: render_template(
            "shop/_vehicle_selector.html", next_url=page_cache.hole("next_page")
        ),
    )
    return page_cache.fill_holes(html, {"next_page": lambda: escape(current_page())})


def header_tools():
    """The header's cart badge and account link, kept per language, number of items in the cart
    and whether a customer is logged in: all they show."""
    # The storefront's views import this module.
    from shop.views import visitor_cart_count
    from shop.views.account import current_customer

    key = ("header_tools", current_language(), visitor_cart_count(), current_customer() is None)
    return cached_catalog_value(key, lambda: render_template("shop/_header_tools.html"))


# The parts of a page that are the visitor's own: holes in pages shared through the page cache.
VISITOR_PARTS = {
    "csrf_token": generate_csrf,
    "header_tools": header_tools,
    "vehicle_selector": vehicle_selector,
}


def csrf_token():
    """The visitor's CSRF token for a form, or its hole in a page built for the page cache."""
    if page_cache.building_for_cache():
        return page_cache.hole("csrf_token")
    return generate_csrf()


def cached_render(
    template_name, build, visitor_parts=None, vehicles=page_cache.PER_VEHICLE, offer=None
):
    """`(page, value)`: `render_page(template_name, **context)` with `context, value = build()`,
    served from the page cache when the same page was built since the last catalog, price or
    stock change. `value` is JSON data kept with the page for the view's own use.

    `visitor_parts` adds the page's own holes ({name: render function}); `vehicles` says how
    the page depends on the visitor's vehicle (`page_cache.PER_VEHICLE`...); `offer` (an
    `OfferScope`) names the only products whose prices and stock the page shows, if so."""

    def render():
        context, value = build()
        return render_page(template_name, **context), value

    fillers = {**VISITOR_PARTS, **(visitor_parts or {})}
    return page_cache.cached_page(render, fillers, vehicles, offer)


def render_cached_page(template_name, build_context, **options):
    """`render_page(template_name, **build_context())`, through the page cache (options as
    `cached_render`'s)."""
    return cached_render(template_name, lambda: (build_context(), None), **options)[0]


@operations.get("/media/<path:name>")
def media(name):
    """Uploaded media (product images); safe_join inside send_from_directory refuses escapes."""
    return send_from_directory(media_folder(), name, max_age=MEDIA_MAX_AGE)


@operations.get("/healthz")
def healthz():
    """The process is up and serving; touches nothing else."""
    return jsonify(status="ok")


def database_reachable():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        db.session.rollback()
        current_app.logger.exception("readiness: database unreachable")
        return False
    return True


def redis_reachable():
    client = redis.Redis.from_url(
        current_app.config["REDIS_URL"],
        socket_connect_timeout=PROBE_TIMEOUT_SECONDS,
        socket_timeout=PROBE_TIMEOUT_SECONDS,
    )
    try:
        return bool(client.ping())
    except redis.RedisError:
        current_app.logger.exception("readiness: redis unreachable")
        return False
    finally:
        client.close()


@operations.get("/readyz")
def readyz():
    """Ready to take traffic: the database and Redis both answer; 503 names what failed."""
    checks = {"database": database_reachable(), "redis": redis_reachable()}
    body = {name: "ok" if ok else "unreachable" for name, ok in checks.items()}
    ready = all(checks.values())
    body["status"] = "ok" if ready else "unavailable"
    return jsonify(body), 200 if ready else 503


def forbidden(error):
    return render_template("errors/403.html"), 403


def not_found(error):
    return render_template("errors/404.html"), 404


def server_error(error):
    # The failure may have left the transaction aborted; the error page must not trip on it.
    db.session.rollback()
    return render_template("errors/500.html"), 500


def too_large(error):
    return render_template("errors/too_large.html"), 413


def csrf_failed(error):
    return render_template("errors/csrf.html"), 400


def bad_request(error):
    return render_template("errors/400.html"), 400


def refuse_nul_in_path():
    """A path with a NUL character is refused (400): no link or typed address holds one, and
    PostgreSQL refuses a query that carries one (query arguments and form fields drop theirs,
    see `TypedFields`)."""
    if "\x00" in request.path:
        abort(400)


def apply_shop_settings():
    """This request's shop profile: the environment's, with what the owner saved in the admin."""
    if request.endpoint in ("static", "operations.healthz", "operations.readyz"):
        return
    environment = current_app.config["SHOP_ENVIRONMENT"]
    try:
        g.shop_profile = effective_profile(environment)
    except SQLAlchemyError:
        # The database is down: serve with the environment's profile, the pages will say more.
        db.session.rollback()
        g.shop_profile = environment


def request_profile(app):
    """`config["SHOP"]` for `app`: the request's profile inside a request, else the environment's
    (the CLI, jobs and tests outside requests)."""

    def current():
        if has_request_context() and "shop_profile" in g:
            return g.shop_profile
        return app.config["SHOP_ENVIRONMENT"]

    return LocalProxy(current)


def add_security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def start_timer(sender, **extra):
    g.request_started_at = time.perf_counter()


def log_request(response):
    started = g.get("request_started_at")
    duration_ms = (time.perf_counter() - started) * 1000 if started else 0.0
    request_log.info(
        "%s %s %s %.1fms", request.method, request.path, response.status_code, duration_ms
    )
    return response


def init_app(app):
    if not request_log.hasHandlers():
        request_log.addHandler(logging.StreamHandler())
    request_log.setLevel(logging.INFO)
    app.register_blueprint(operations)
    app.register_error_handler(400, bad_request)
    app.register_error_handler(403, forbidden)
    app.register_error_handler(404, not_found)
    app.register_error_handler(413, too_large)
    app.register_error_handler(500, server_error)
    app.register_error_handler(CSRFError, csrf_failed)
    app.config["SHOP_ENVIRONMENT"] = app.config["SHOP"]
    app.config["SHOP"] = request_profile(app)
    app.before_request(refuse_nul_in_path)
    app.before_request(apply_shop_settings)
    app.jinja_env.globals["building_for_cache"] = page_cache.building_for_cache
    app.jinja_env.globals["hole"] = page_cache.hole
    # Flask-WTF's own `csrf_token` would put one visitor's token into pages others are served.
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})
    # The signal fires before URL preprocessing, so requests that 404 there are timed too.
    request_started.connect(start_timer, app)
    app.after_request(add_security_headers)
    app.after_request(log_request)
