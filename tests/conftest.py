"""Test fixtures: one schema per run on a real PostgreSQL, every test in a rolled-back transaction.

PostgreSQL and Redis come from TEST_DATABASE_URL / TEST_REDIS_URL when set (the database named there
is wiped), otherwise from embedded servers started in a temporary folder for the run.
"""

import os
import shutil
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import appcontext_popped, has_app_context
from flask.globals import app_ctx
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import scoped_session, sessionmaker

from shop.extensions import db
from shop.services.cache import cache_redis
from shop.services.jobs import redis_connection
from shop.services.search_log import SEARCH_LOG_KEY
from tests import factories

TEST_ENV = {
    "HANOUT_ENV": "testing",
    "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
    "PII_KEY": "dGVzdCBwaWkga2V5IG9mIGV4YWN0bHkgMzIgYnl0ZXM=",
    "SHOP_PROFILE": "autoparts",
}
# Settings a deployment may have in its shell must not leak into tests.
SHOP_VARIABLES = (
    "SHOP_NAME",
    "SHOP_COUNTRY",
    "SHOP_CURRENCY",
    "SHOP_DEFAULT_LANGUAGE",
    "SHOP_WHATSAPP_NUMBER",
    "FEATURE_VEHICLE_FITMENT",
    "FEATURE_AGE_RESTRICTED",
    "FEATURE_DELIVERY_ZONES",
)


@pytest.fixture(scope="session")
def services():
    """URLs of the PostgreSQL server (its maintenance database) and the Redis used by this run."""
    from shop import embedded

    running = []
    database_url = os.environ.get("TEST_DATABASE_URL")
    redis_url = os.environ.get("TEST_REDIS_URL")
    # Not under pytest's temporary root: a second pytest run makes that private again, and the
    # embedded server runs as its own system user that must keep reaching its folder.
    folder = Path(tempfile.mkdtemp(prefix="hanout-embedded-"))
    running.append(lambda: shutil.rmtree(folder, ignore_errors=True))
    if not database_url:
        server, database_url = embedded.start_postgres(folder, "hanout_test")
        running.append(server.cleanup)
    if not redis_url:
        process, redis_url = embedded.start_redis(folder)
        running.append(lambda: (process.terminate(), process.wait(timeout=10)))
    name = make_url(database_url).database if os.environ.get("TEST_DATABASE_URL") else None
    yield {
        "database_url": database_url,
        "database_name": name or "hanout_test",
        "redis_url": redis_url,
    }
    for stop in reversed(running):
        stop()


def fresh_database(server_url, name):
    """An empty database `name` on the server of `server_url`, returned as a URL."""
    from shop.embedded import ensure_database

    url = make_url(server_url).set(drivername="postgresql+psycopg2")
    maintenance = url.set(drivername="postgresql", database="postgres")
    ensure_database(maintenance.render_as_string(hide_password=False), name)
    target = url.set(database=name).render_as_string(hide_password=False)
    engine = create_engine(target, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return target


@contextmanager
def environment(values):
    """Temporarily set environment variables (and clear the shop's own) while an app is built."""
    with pytest.MonkeyPatch.context() as patch:
        for key in SHOP_VARIABLES:
            patch.delenv(key, raising=False)
        for key, value in values.items():
            patch.setenv(key, value)
        yield


@pytest.fixture(scope="session")
def test_database_url(services):
    """The test database, migrated from empty once per run."""
    from shop.app import create_app

    url = fresh_database(services["database_url"], services["database_name"])
    values = {**TEST_ENV, "DATABASE_URL": url, "REDIS_URL": services["redis_url"]}
    with environment(values):
        app = create_app({"TESTING": True})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


@pytest.fixture(scope="session")
def make_app(services, test_database_url):
    """Build an app for the test database with extra environment variables and settings."""
    from shop.app import create_app

    built = []

    def build(env=None, settings=None, database_url=None):
        values = {
            **TEST_ENV,
            "DATABASE_URL": database_url or test_database_url,
            "REDIS_URL": services["redis_url"],
            **(env or {}),
        }
        with environment(values):
            app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, **(settings or {})})
        built.append(app)
        return app

    yield build
    # Close their pooled connections before the database and Redis servers stop.
    for app in built:
        with app.app_context():
            db.engine.dispose()
        for name in ("hanout_redis", "hanout_cache_redis"):
            if name in app.extensions:
                app.extensions[name].close()


@pytest.fixture(scope="session")
def app(make_app):
    """The auto-parts shop, CSRF checks off so tests post forms directly."""
    return make_app()


@pytest.fixture(scope="session")
def csrf_app(make_app):
    """The same shop with CSRF checks on, for tests of forged requests."""
    return make_app(settings={"WTF_CSRF_ENABLED": True})


@pytest.fixture(scope="session")
def redis_url(services):
    return services["redis_url"]


def _session_scope():
    # One session per app context (as Flask-SQLAlchemy does), and one for the test body itself.
    return id(app_ctx._get_current_object()) if has_app_context() else 0


@pytest.fixture(autouse=True)
def db_session(app):
    """Run the test inside one transaction that is rolled back at the end.

    Every session (the test's, each request's, a job's) joins it through a savepoint, so code under
    test may commit. After each app context ends, the test's session forgets what it loaded, so a
    test reads what a request changed.
    """
    with app.app_context():
        connection = db.engine.connect()
    transaction = connection.begin()
    factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
    session = scoped_session(factory, scopefunc=_session_scope)
    original = db.session
    db.session = session

    def forget_loaded(sender, **extra):
        if not has_app_context():
            session().expire_all()

    appcontext_popped.connect(forget_loaded)
    try:
        yield session
    finally:
        appcontext_popped.disconnect(forget_loaded)
        session.remove()
        db.session = original
        transaction.rollback()
        connection.close()


@pytest.fixture(autouse=True)
def no_logged_searches(app):
    """No search waits in Redis from an earlier test: their saved rows would be rolled back."""
    with app.app_context():
        cache_redis().delete(SEARCH_LOG_KEY)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def csrf_client(csrf_app):
    return csrf_app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login_as():
    """Log a test client in as a new staff member of `role` (or as `user`); returns the user."""

    def log_in(client, role=None, user=None):
        user = user or factories.make_staff(role=role)
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user

    return log_in


@pytest.fixture
def redis(app):
    """The app's Redis, emptied before and after the test (jobs, queues and counters)."""
    with app.app_context():
        connection = redis_connection()
    connection.flushdb()
    yield connection
    connection.flushdb()


@pytest.fixture
def cached_app(make_app, redis):
    """A fresh app (so a fresh process cache) with the catalog and page caches on, as in
    production, and an empty Redis (so no page cached by another test)."""
    return make_app(settings={"CATALOG_CACHE": True})


@pytest.fixture
def keep_signal_handlers():
    """Workers install their own SIGINT/SIGTERM handlers; the test run keeps pytest's."""
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    yield
    for number, handler in handlers.items():
        signal.signal(number, handler)
