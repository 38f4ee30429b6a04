"""The search log: searches wait in Redis and are saved to the database in batches."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from agents.cli import worker
from shop.extensions import db
from shop.models import SearchQuery
from shop.services import search_log
from shop.services.cache import cache_redis
from shop.services.jobs import enqueue, job_run
from shop.services.search_log import SEARCH_LOG_KEY, save_logged_searches
from tests import factories


@pytest.fixture
def pads():
    return factories.make_product(sku="PLQ-1", name_fr="Plaquettes de frein", name_ar="وسادات")


def saved():
    return db.session.scalars(select(SearchQuery).order_by(SearchQuery.id)).all()


def waiting(app):
    with app.app_context():
        return cache_redis().llen(SEARCH_LOG_KEY)


def save(app):
    with app.app_context():
        return save_logged_searches()


def test_a_search_waits_in_redis_until_saved_with_its_own_time(app, client, pads):
    before = datetime.now(UTC)
    client.get("/fr/search?q=plaquettes")
    after = datetime.now(UTC)

    assert saved() == []
    assert waiting(app) == 1
    assert save(app) == 1

    [search] = saved()
    assert (search.query, search.language, search.result_count) == ("plaquettes", "fr", 1)
    assert before <= search.at <= after
    assert waiting(app) == 0


def test_searches_are_saved_in_batches_oldest_first(app, client, pads, monkeypatch):
    monkeypatch.setattr(search_log, "SAVE_BATCH_SIZE", 2)
    queries = ["plaquettes", "filtre", "bougie", "وسادات", "PLQ 1"]
    for query in queries:
        client.get("/fr/search", query_string={"q": query})

    assert save(app) == 5
    assert [search.query for search in saved()] == queries
    assert [search.result_count for search in saved()] == [1, 0, 0, 1, 1]


def test_a_vehicle_deleted_since_the_search_is_saved_as_none(app, client, pads):
    clio = factories.make_vehicle()
    client.set_cookie("vehicle", str(clio.id))
    client.get("/fr/search?q=plaquettes")
    db.session.delete(clio)
    db.session.flush()

    save(app)

    [search] = saved()
    assert search.vehicle_id is None


def test_a_batch_the_database_refuses_waits_for_the_next_save(app, client, pads, monkeypatch):
    client.get("/fr/search?q=plaquettes")
    client.get("/fr/search?q=filtre")

    def refuse(searches_json):
        raise RuntimeError("database gone")

    with monkeypatch.context() as patched:
        patched.setattr(search_log, "_insert", refuse)
        with pytest.raises(RuntimeError):
            save(app)
    assert waiting(app) == 2

    assert save(app) == 2
    assert [search.query for search in saved()] == ["plaquettes", "filtre"]


# Nothing listens on port 1.
NO_REDIS = {"REDIS_URL": "redis://127.0.0.1:1/0"}


def test_without_redis_a_search_is_saved_at_once(make_app, pads):
    unreachable = make_app(env=NO_REDIS)

    response = unreachable.test_client().get("/fr/search?q=plaquettes")

    assert response.status_code == 200
    assert [search.query for search in saved()] == ["plaquettes"]


def test_the_search_analytics_show_without_redis(make_app, login_as):
    unreachable = make_app(env=NO_REDIS)
    client = unreachable.test_client()
    login_as(client, "manager")

    assert client.get("/fr/admin/search-analytics").status_code == 200


def test_the_search_analytics_include_the_last_search(client, login_as, pads):
    client.get("/fr/search?q=plaquettes")
    login_as(client, "manager")

    analytics = client.get("/fr/admin/search-analytics").get_data(as_text=True)

    top = analytics.split('class="admin-table top-queries"')[1].split("</table>")[0]
    assert "plaquettes" in top


@pytest.mark.usefixtures("keep_signal_handlers")
def test_the_periodic_job_saves_the_waiting_searches(app, client, runner, redis, pads):
    client.get("/fr/search?q=plaquettes")
    client.get("/ar/search?q=وسادات")
    with app.app_context():
        job_id = enqueue("agents.housekeeping.save_searches").job_id

    # In this process (--no-fork): a work horse could not see the test's transaction.
    result = runner.invoke(worker, ["--burst", "--no-fork"])

    assert result.exit_code == 0, result.output
    run = job_run(job_id)
    assert (run.status, run.result) == ("succeeded", {"saved": 2})
    assert [(search.query, search.language) for search in saved()] == [
        ("plaquettes", "fr"),
        ("وسادات", "ar"),
    ]
