"""Warming a server before it takes traffic: what each worker would otherwise build on its first
requests while the first visitors wait.

gunicorn loads the app once in its master process (`preload_app`) and forks the workers from it.
`warm_up` runs there first: it compiles every template and serves itself one page of each kind
of the storefront in each language, so the workers start with the templates compiled, the
translations read and the catalog kept in memory for the current catalog version (category tree,
live products, vehicles, brands), and the pages asked for in the page cache. Measured after a
restart under `make bench`: each worker spent about half a second on these while 500 visitors
arrived. Values kept in memory follow the catalog version as usual: a change made after the
warm-up is seen by the first request after it.
"""

import logging
import time

from flask import url_for
from sqlalchemy import select

from shop.config import LANGUAGES
from shop.extensions import db
from shop.models import Product
from shop.services.catalog import live_product, top_categories
from shop.services.urls import category_path_args

log = logging.getLogger(__name__)

# A prefix most catalogs' names hold in either language: its suggestions run the prefix search.
SUGGESTION_PREFIX = "a"


def compile_templates(app):
    """Compile every template into the environment's cache (gunicorn forks it with the app)."""
    names = app.jinja_env.list_templates(extensions=("html", "xml"))
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)


def storefront_paths(app, language):
    """One path of each kind of storefront page, in `language`, from the catalog as it is."""
    with app.test_request_context(f"/{language}/"):
        paths = [
            url_for("storefront.home", lang_code=language),
            url_for("storefront.categories", lang_code=language),
            url_for("storefront.search", lang_code=language),
            url_for("storefront.search_suggest", lang_code=language, q=SUGGESTION_PREFIX),
        ]
        for category in top_categories(limit=1):
            path_args = category_path_args(category, language)
            paths.append(url_for("storefront.category", lang_code=language, **path_args))
        first_product = db.session.scalar(
            select(Product.id).where(live_product()).order_by(Product.id).limit(1)
        )
        if first_product is not None:
            # The product page redirects to its canonical URL, which the client follows.
            paths.append(
                url_for("storefront.product", lang_code=language, product_id=first_product)
            )
        db.session.remove()
    return paths


def warm_up(app):
    """Compile the templates and serve one of each storefront page in every language; returns a
    line saying what was done, for the server's log. Never raises: a server whose database is
    not up yet starts cold, and says so."""
    started = time.perf_counter()
    try:
        templates = compile_templates(app)
        client = app.test_client()
        statuses = [
            client.get(path, follow_redirects=True).status_code
            for language in LANGUAGES
            for path in storefront_paths(app, language)
        ]
    except Exception:
        log.exception("warm-up stopped: the workers will build what is missing")
        return "warm-up stopped (see the error above): starting cold"
    finally:
        # No database connection may cross into the forked workers.
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    milliseconds = (time.perf_counter() - started) * 1000
    return (
        f"warmed up in {milliseconds:.0f} ms: {templates} templates compiled, "
        f"{len(statuses)} pages served ({statuses.count(200)} found)"
    )
