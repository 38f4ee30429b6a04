"""Background jobs: a worker runs them and their runs are recorded; periodic jobs are scheduled."""

import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from rq import Queue, Retry
from rq.job import Job
from sqlalchemy import select

from agents.cli import (
    InProcessWorker,
    TrackingScheduler,
    periodic_job_id,
    register_periodic_jobs,
    worker,
)
from agents.schedule import PERIODIC_JOBS, PeriodicJob
from shop.extensions import db
from shop.models import Cart, CartItem, JobRun
from shop.services.jobs import enqueue, job_run
from tests import factories

# Workers install their own signal handlers; the test run keeps pytest's.
pytestmark = pytest.mark.usefixtures("keep_signal_handlers")

PURGE = "agents.housekeeping.purge_expired_carts"


def make_cart(expires_in, items=1):
    cart = Cart(token=f"cart-{time.monotonic_ns()}", expires_at=datetime.now(UTC) + expires_in)
    for _ in range(items):
        product = factories.make_product()
        cart.items.append(CartItem(product_id=product.id, quantity=1, unit_price_seen=Decimal(1)))
    db.session.add(cart)
    db.session.flush()
    return cart.id


def enqueue_in_app(app, dotted_path, **options):
    with app.app_context():
        return enqueue(dotted_path, **options).job_id


# The worker runs jobs in this process (--no-fork): a forked work horse would open its own
# database connection and could not see this test's uncommitted transaction.
def run_worker(runner, *options):
    result = runner.invoke(worker, ["--burst", "--no-fork", *options])
    assert result.exit_code == 0, result.output


def test_a_worker_purges_expired_carts_and_records_the_run(app, runner, redis):
    expired = [make_cart(timedelta(hours=-1)), make_cart(timedelta(days=-3), items=2)]
    fresh = make_cart(timedelta(days=2))
    job_id = enqueue_in_app(app, PURGE)
    assert job_run(job_id).status == "queued"

    run_worker(runner)

    assert db.session.get(Cart, fresh) is not None
    assert db.session.scalars(select(Cart.id).where(Cart.id.in_(expired))).all() == []
    assert db.session.scalars(select(CartItem.id).where(CartItem.cart_id.in_(expired))).all() == []
    run = job_run(job_id)
    assert run.status == "succeeded"
    assert run.result == {"deleted": 2}
    assert run.progress == 100
    assert run.attempts == 1
    assert run.error is None
    assert run.started_at <= run.finished_at
    assert "2" in run.message


def make_finished_run(status, finished_days_ago):
    run = JobRun(
        job_id=f"run-{time.monotonic_ns()}",
        name=PURGE,
        status=status,
        finished_at=None
        if finished_days_ago is None
        else datetime.now(UTC) - timedelta(days=finished_days_ago),
    )
    db.session.add(run)
    db.session.flush()
    return run.id


def test_a_worker_deletes_the_runs_finished_more_than_90_days_ago(app, runner, redis):
    old = [make_finished_run("succeeded", 91), make_finished_run("failed", 400)]
    kept = [
        make_finished_run("succeeded", 89),
        make_finished_run("failed", 10),
        make_finished_run("queued", None),
        make_finished_run("running", None),
    ]
    job_id = enqueue_in_app(app, "agents.housekeeping.purge_old_job_runs")

    run_worker(runner)

    remaining = set(db.session.scalars(select(JobRun.id).where(JobRun.id.in_(old + kept))))
    assert remaining == set(kept)
    run = job_run(job_id)
    assert run.status == "succeeded"
    assert run.result == {"deleted": 2}


def test_old_job_runs_are_purged_daily():
    (entry,) = [e for e in PERIODIC_JOBS if e.path == "agents.housekeeping.purge_old_job_runs"]
    minute, hour, *rest = entry.cron.split()
    assert minute.isdigit() and hour.isdigit() and rest == ["*", "*", "*"]
    assert "90" in str(entry.description)


def test_enqueue_records_who_asked_and_with_what(app, redis):
    manager = factories.make_staff(role="manager")
    job_id = enqueue_in_app(
        app, "tests.jobs_for_tests.open_cart_then_fail", created_by=manager, token="abc"
    )

    run = job_run(job_id)
    assert (run.name, run.queue, run.status) == (
        "tests.jobs_for_tests.open_cart_then_fail",
        "default",
        "queued",
    )
    assert run.arguments == {"token": "abc"}
    assert run.created_by_id == manager.id
    assert Queue("default", connection=redis).job_ids == [job_id]


def test_a_failing_job_is_retried_then_recorded_as_failed(app, runner, redis):
    job_id = enqueue_in_app(
        app, "tests.jobs_for_tests.open_cart_then_fail", retry=Retry(max=2), token="doomed"
    )

    run_worker(runner)

    run = job_run(job_id)
    assert run.status == "failed"
    assert run.attempts == 3
    assert run.error.startswith("ConnectionError: gateway unreachable")
    assert "jobs_for_tests.py" in run.error
    assert run.finished_at is not None
    assert db.session.scalar(select(Cart).where(Cart.token == "doomed")) is None
    assert Job.fetch(job_id, connection=redis).is_failed


def test_a_failed_attempt_with_retries_left_goes_back_to_the_queue(app, redis):
    job_id = enqueue_in_app(
        app, "tests.jobs_for_tests.open_cart_then_fail", retry=Retry(max=1), token="once"
    )

    InProcessWorker(["default"], connection=redis, app=app).work(burst=True, max_jobs=1)

    run = job_run(job_id)
    assert run.status == "queued"
    assert run.attempts == 1
    assert run.error.startswith("ConnectionError: gateway unreachable")
    assert run.finished_at is None
    assert Queue("default", connection=redis).job_ids == [job_id]


def test_progress_survives_a_failure(app, runner, redis):
    job_id = enqueue_in_app(app, "tests.jobs_for_tests.report_half_way_then_fail")

    run_worker(runner)

    run = job_run(job_id)
    assert (run.status, run.progress, run.message) == ("failed", 50, "half way")
    assert run.error.startswith("ValueError: second half failed")
    assert Job.fetch(job_id, connection=redis).meta["progress"] == 50


def scheduled(redis):
    return [raw.decode() for raw in redis.zrange(TrackingScheduler.scheduled_jobs_key, 0, -1)]


def test_periodic_jobs_are_registered_once_however_often_the_scheduler_starts(redis):
    stale = PeriodicJob("agents.gone.job", description="gone", interval=60)
    register_periodic_jobs(TrackingScheduler(connection=redis), [*PERIODIC_JOBS, stale])

    register_periodic_jobs(TrackingScheduler(connection=redis))
    register_periodic_jobs(TrackingScheduler(connection=redis))

    assert sorted(scheduled(redis)) == sorted(periodic_job_id(entry) for entry in PERIODIC_JOBS)
    assert not redis.exists(Job.key_for(periodic_job_id(stale)))
    for entry in PERIODIC_JOBS:
        template = Job.fetch(periodic_job_id(entry), connection=redis)
        assert (template.func_name, template.origin) == (entry.path, entry.queue)


def test_purging_expired_carts_is_scheduled_hourly():
    (entry,) = [entry for entry in PERIODIC_JOBS if entry.path == PURGE]
    minute, hour, *rest = entry.cron.split()
    assert minute.isdigit() and hour == "*" and rest == ["*", "*", "*"]


def test_an_interval_job_keeps_its_next_run_across_restarts(redis):
    entries = [PeriodicJob(PURGE, description="purge", interval=3600)]
    register_periodic_jobs(TrackingScheduler(connection=redis), entries)
    first = redis.zscore(TrackingScheduler.scheduled_jobs_key, periodic_job_id(entries[0]))

    register_periodic_jobs(TrackingScheduler(connection=redis), entries)

    assert redis.zscore(TrackingScheduler.scheduled_jobs_key, periodic_job_id(entries[0])) == first


def test_a_due_periodic_job_is_enqueued_as_a_new_tracked_run(app, runner, redis):
    make_cart(timedelta(hours=-2))
    periodic = TrackingScheduler(connection=redis)
    register_periodic_jobs(periodic)
    template_id = next(periodic_job_id(entry) for entry in PERIODIC_JOBS if entry.path == PURGE)
    redis.zadd(TrackingScheduler.scheduled_jobs_key, {template_id: 0})

    with app.app_context():
        periodic.enqueue_jobs()

    (job_id,) = Queue("default", connection=redis).job_ids
    assert job_id != template_id
    assert job_run(job_id).status == "queued"
    assert redis.zscore(TrackingScheduler.scheduled_jobs_key, template_id) > time.time()
    run_worker(runner)
    assert job_run(job_id).result == {"deleted": 1}
    assert db.session.scalar(select(JobRun.id).where(JobRun.job_id == template_id)) is None
