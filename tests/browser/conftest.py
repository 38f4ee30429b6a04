"""Browser tests: Debian's Chromium driven by Playwright against a live server with a demo shop."""

import threading

import pytest
import redis
from flask_migrate import upgrade
from werkzeug.serving import make_server

from shop.extensions import db
from tests.conftest import fresh_database

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
DEMO_PRODUCTS = "200"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(autouse=True)
def db_session():
    """Browser tests see committed data only: the live server runs in its own connections."""
    return None


@pytest.fixture(autouse=True)
def no_rate_limits_left(redis_url):
    """Every browser test logs in from 127.0.0.1: start each with no attempts counted."""
    connection = redis.Redis.from_url(redis_url)
    for key in connection.scan_iter("ratelimit:*"):
        connection.delete(key)


def whole_responses(app):
    """`app`, each response read whole and closed before it is sent. Werkzeug's development
    server leaves a response unclosed when the browser drops the connection while it is sent
    (a page left while its favicon loads): the file it was reading would stay open, and its
    ResourceWarning fail whichever test is running."""

    def respond(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return respond


def serve(app):
    """Serve `app` on a free loopback port in a thread; returns (base URL, server)."""
    server = make_server("127.0.0.1", 0, whole_responses(app), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


@pytest.fixture(scope="session")
def live_app(make_app, services):
    """The auto-parts demo shop in its own database, with real commits and CSRF on."""
    database_url = fresh_database(services["database_url"], f"{services['database_name']}_browser")
    app = make_app(settings={"WTF_CSRF_ENABLED": True}, database_url=database_url)
    with app.app_context():
        upgrade()
    result = app.test_cli_runner().invoke(
        args=["demo", "load", "--products", DEMO_PRODUCTS, "--days", "30"]
    )
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture(scope="session")
def live_server(live_app):
    url, server = serve(live_app)
    yield url
    server.shutdown()
    with live_app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def base_url(live_server):
    """pytest-base-url's fixture, so `page.goto("/fr/")` reaches the live server."""
    return live_server


@pytest.fixture(scope="session")
def grocery_live_app(make_app, services):
    """The grocery & vape demo shop (Morocco, 18+ products) in its own database, CSRF on."""
    database_url = fresh_database(services["database_url"], f"{services['database_name']}_grocery")
    app = make_app(
        env={"SHOP_PROFILE": "grocery"},
        settings={"WTF_CSRF_ENABLED": True},
        database_url=database_url,
    )
    with app.app_context():
        upgrade()
    load = ["demo", "load", "--profile", "grocery", "--products", DEMO_PRODUCTS, "--days", "30"]
    result = app.test_cli_runner().invoke(args=load)
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture(scope="session")
def grocery_live_server(grocery_live_app):
    """The grocery shop's URL; pages are reached by full URL (base_url is the auto-parts shop)."""
    url, server = serve(grocery_live_app)
    yield url
    server.shutdown()
    with grocery_live_app.app_context():
        db.engine.dispose()
