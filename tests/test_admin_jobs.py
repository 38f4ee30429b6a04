"""Staff see background jobs: each run's status and progress, and why a failed one failed."""

import uuid

import pytest
from rq import Retry

from agents.cli import worker
from shop.extensions import db
from shop.models import JobRun
from shop.services.jobs import enqueue, job_run

# Workers install their own signal handlers; the test run keeps pytest's.
pytestmark = pytest.mark.usefixtures("keep_signal_handlers")


def make_run(name, status, **fields):
    run = JobRun(job_id=str(uuid.uuid4()), name=name, status=status)
    for field, value in fields.items():
        setattr(run, field, value)
    db.session.add(run)
    db.session.flush()
    return run


def test_a_job_that_failed_in_a_worker_shows_its_error_to_the_manager(
    app, client, runner, login_as, redis
):
    with app.app_context():
        job_id = enqueue(
            "tests.jobs_for_tests.open_cart_then_fail", retry=Retry(max=1), token="doomed"
        ).job_id
    runner.invoke(worker, ["--burst", "--no-fork"])
    run = job_run(job_id)
    login_as(client, "manager")

    listing = client.get("/fr/admin/jobs?status=failed").get_data(as_text=True)
    detail = client.get(f"/fr/admin/jobs/{run.id}").get_data(as_text=True)

    assert "tests.jobs_for_tests.open_cart_then_fail" in listing
    assert "Échec" in listing
    assert "ConnectionError: gateway unreachable" in detail
    assert "Tentatives" in detail


def test_the_list_is_filtered_by_status_and_job_newest_first(client, login_as):
    make_run("agents.housekeeping.purge_expired_carts", "succeeded")
    make_run("agents.catalog_import.import_catalog_file", "failed", error="ValueError: bad")
    make_run("agents.housekeeping.purge_expired_carts", "running", progress=40)
    login_as(client, "owner")

    everything = client.get("/ar/admin/jobs").get_data(as_text=True).split("<table")[1]
    failed = client.get("/fr/admin/jobs?status=failed").get_data(as_text=True).split("<table")[1]
    purges = client.get("/fr/admin/jobs?job=agents.housekeeping.purge_expired_carts").get_data(
        as_text=True
    )

    assert everything.index("40 %") < everything.index("import_catalog_file")
    assert "import_catalog_file" in failed and "purge_expired_carts" not in failed
    assert "import_catalog_file" not in purges.split("<table")[1]
    assert "purge_expired_carts" in purges.split("<table")[1]


def test_bad_filters_and_unknown_runs_are_handled(client, login_as):
    login_as(client, "manager")

    assert client.get("/fr/admin/jobs?status=nonsense&before=99999999999999").status_code == 200
    assert client.get("/fr/admin/jobs/999999").status_code == 404


def test_staff_and_drivers_do_not_see_jobs(client, login_as):
    login_as(client, "staff")

    assert client.get("/fr/admin/jobs").status_code == 403
