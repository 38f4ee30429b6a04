"""Warming the server before the workers fork (`shop.warmup`, gunicorn's `when_ready`)."""

import logging
from decimal import Decimal

import pytest

from shop import warmup
from shop.extensions import db
from tests import factories
from tests.sql import counted_queries


@pytest.fixture
def shelf():
    category = factories.make_category(slug_fr="freinage", slug_ar="فرامل", name_fr="Freinage")
    product = factories.make_product(
        category=category, sku="PLQ-100", name_fr="Plaquettes de frein", price=Decimal("89.500")
    )
    factories.make_stock(product, factories.make_location(), on_hand=12)
    return product


def test_the_warm_up_serves_each_storefront_page_in_both_languages(app, cached_app, shelf):
    line = warmup.warm_up(cached_app)

    assert "12 pages served (12 found)" in line
    client = cached_app.test_client()
    for path in ("/fr/", "/ar/", f"/fr/p/{shelf.id}/{shelf.slug_fr}", "/ar/c/فرامل"):
        with counted_queries(app) as statements:
            assert client.get(path).status_code == 200
        assert statements == [], f"{path} was built again"


def test_the_workers_fork_with_every_template_compiled_and_no_database_connection(
    cached_app, shelf
):
    warmup.warm_up(cached_app)

    names = cached_app.jinja_env.list_templates(extensions=("html", "xml"))
    compiled = {name for _, name in cached_app.jinja_env.cache}
    assert set(names) <= compiled
    with cached_app.app_context():
        assert db.engine.pool.checkedout() == 0
        assert db.engine.pool.checkedin() == 0


def test_a_failed_warm_up_lets_the_server_start_cold(cached_app, shelf, monkeypatch, caplog):
    def unreachable(limit):
        raise ConnectionError("database not up yet")

    monkeypatch.setattr(warmup, "top_categories", unreachable)
    with caplog.at_level(logging.ERROR, logger="shop.warmup"):
        line = warmup.warm_up(cached_app)

    assert "starting cold" in line
    assert "database not up yet" in caplog.text
