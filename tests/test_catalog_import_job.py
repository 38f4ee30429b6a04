"""The catalog import job: run by a worker, progress on its run's row, all or nothing."""

from itertools import pairwise

import pytest
from sqlalchemy import func, select

from agents import catalog_import
from agents.cli import worker
from shop.extensions import db
from shop.models import Brand, Product
from shop.services.catalog_io import writing
from shop.services.jobs import enqueue, job_run
from tests import factories
from tests.test_catalog_csv import csv_bytes

# Workers install their own signal handlers; the test run keeps pytest's.
pytestmark = pytest.mark.usefixtures("keep_signal_handlers")

JOB = "agents.catalog_import.import_catalog"
HEADER = ["sku", "name_fr", "name_ar", "brand", "price", "stock"]


@pytest.fixture
def progress(monkeypatch):
    """Every percentage the job reports, in order."""
    reported = []
    original = catalog_import.report_progress

    def record(percent, message=None):
        reported.append(percent)
        original(percent, message)

    monkeypatch.setattr(catalog_import, "report_progress", record)
    return reported


def upload(tmp_path, rows):
    path = tmp_path / "catalog.csv"
    path.write_bytes(csv_bytes(rows, header=HEADER))
    return str(path)


def lines(count, first=0):
    return [
        [f"JOB-{n:04d}", f"Pièce {n}", f"قطعة {n}", "Gates", f"{n + 1},5", str(n % 5)]
        for n in range(first, first + count)
    ]


def run(app, runner, **arguments):
    with app.app_context():
        job_id = enqueue(JOB, **arguments).job_id
    # In this process (--no-fork): a work horse could not see this test's transaction.
    result = runner.invoke(worker, ["--burst", "--no-fork"])
    assert result.exit_code == 0, result.output
    return job_run(job_id)


def products():
    return db.session.scalar(select(func.count()).select_from(Product))


def test_the_worker_imports_the_file_with_progress_and_stores_the_report(
    app, runner, redis, tmp_path, progress
):
    factories.make_location(is_default=True)
    staff = factories.make_staff(role="manager")

    job = run(app, runner, path=upload(tmp_path, lines(500)), dry_run=False, staff_user_id=staff.id)

    assert (job.status, job.progress, job.error) == ("succeeded", 100, None)
    assert job.result["applied"] is True
    assert (job.result["created"], job.result["rejected"], job.result["errors"]) == (500, 0, [])
    assert job.result["new_brands"] == ["Gates"]
    assert products() == 500
    assert len(progress) >= 20
    assert progress == sorted(progress)
    assert all(later - earlier >= 2 for earlier, later in pairwise(progress))
    assert progress[-1] == 100


def test_a_dry_run_job_reports_and_changes_nothing(app, runner, redis, tmp_path):
    job = run(app, runner, path=upload(tmp_path, lines(3)), dry_run=True)

    assert job.status == "succeeded"
    assert (job.result["dry_run"], job.result["applied"], job.result["created"]) == (True, False, 3)
    assert products() == 0


def test_a_bad_line_leaves_the_catalog_untouched_and_the_report_names_it(
    app, runner, redis, tmp_path
):
    rows = [*lines(2), ["JOB-BAD", "Nom", "", "Gates", "gratuit", "1"], *lines(2, first=2)]

    job = run(app, runner, path=upload(tmp_path, rows), dry_run=False)

    assert job.status == "succeeded"
    assert (job.result["applied"], job.result["rejected"], job.result["error_count"]) == (
        False,
        1,
        1,
    )
    (error,) = job.result["errors"]
    assert (error["line"], error["code"], error["params"]) == (
        4,
        "not_a_number",
        {"column": "price", "value": "gratuit"},
    )
    assert products() == 0


def test_the_report_keeps_the_first_two_hundred_errors(app, runner, redis, tmp_path):
    rows = [[f"E-{n}", "Nom", "", "", "?", ""] for n in range(250)]

    job = run(app, runner, path=upload(tmp_path, rows), dry_run=True)

    assert (job.result["rejected"], job.result["error_count"]) == (250, 250)
    assert [error["line"] for error in job.result["errors"]] == list(range(2, 202))


def test_a_failure_while_writing_leaves_nothing_half_done(
    app, runner, redis, tmp_path, monkeypatch
):
    def fail(changes, staff_user_id):
        raise ConnectionError("database went away")

    monkeypatch.setattr(writing, "_write_price_history", fail)

    job = run(app, runner, path=upload(tmp_path, lines(3)), dry_run=False)

    assert job.status == "failed"
    assert job.error.startswith("ConnectionError: database went away")
    assert products() == 0
    assert db.session.scalar(select(func.count()).select_from(Brand)) == 0
