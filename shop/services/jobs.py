"""Background jobs: enqueue by dotted path, and keep a `JobRun` row per job that the admin shows.

Shop and admin code enqueue agents' jobs by their dotted path (`"agents.housekeeping.purge_…"`),
so they never import `agents`. Job functions wrap themselves in `tracked_job`, which moves their
row through queued → running → succeeded or failed, and `report_progress` lets them say how far
they are while they run.
"""

import functools
import json
import traceback
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime

from flask import current_app
from redis import Redis
from rq import Queue, get_current_job
from sqlalchemy import select

from shop.extensions import db
from shop.models import JobRun

ERROR_MAX_LENGTH = 2000


def redis_connection():
    """The app's Redis client (`REDIS_URL`: redis://, rediss:// or unix://), one per app."""
    app = current_app._get_current_object()
    if "hanout_redis" not in app.extensions:
        app.extensions["hanout_redis"] = Redis.from_url(app.config["REDIS_URL"])
    return app.extensions["hanout_redis"]


def queue(name="default"):
    return Queue(name, connection=redis_connection())


def enqueue(
    dotted_path, *, queue="default", created_by=None, retry=None, job_timeout=None, **kwargs
):
    """Queue the job function at `dotted_path` with JSON keyword arguments; return its `JobRun`.

    `retry` is an `rq.Retry` for jobs that may fail for a while (a remote API
    down); `job_timeout` is in seconds (RQ's default is 180).

    This commits the session: a worker may pick the job up before the caller's request ends, and
    it must find the run's row (and whatever data the caller prepared for the job) already there.
    """
    run = JobRun(
        job_id=str(uuid.uuid4()),
        name=dotted_path,
        queue=queue,
        status="queued",
        arguments=kwargs,
        created_by_id=created_by.id if created_by else None,
    )
    db.session.add(run)
    db.session.commit()
    try:
        Queue(queue, connection=redis_connection()).enqueue_call(
            dotted_path,
            kwargs=kwargs,
            job_id=run.job_id,
            retry=retry,
            timeout=job_timeout,
            description=dotted_path,
        )
    except Exception as exc:
        run.status = "failed"
        run.error = describe_error(exc)
        run.finished_at = _now()
        db.session.commit()
        raise
    return run


def job_run(job_id):
    """The `JobRun` of the RQ job `job_id`, or None."""
    return db.session.scalar(select(JobRun).where(JobRun.job_id == job_id))


def tracked_job(function):
    """Make `function` a job whose run is recorded in its `JobRun` row.

    Inside a worker: the row is marked running, then `function` runs with the job's keyword
    arguments on `db.session`, which is committed if it returns (its JSON-serialisable result is
    stored) and rolled back if it raises. The error is recorded and re-raised, so RQ's `Retry`
    applies; while retries remain, the row goes back to queued with the error kept. Called outside
    a worker, the function simply runs.
    """

    @functools.wraps(function)
    def run_tracked(*args, **kwargs):
        rq_job = get_current_job()
        if rq_job is None:
            return function(*args, **kwargs)
        _mark_running(rq_job)
        try:
            result = function(*args, **kwargs)
            json.dumps(result)  # a result the row cannot store fails the job, not its bookkeeping
            db.session.commit()
        except Exception as exc:
            db.session.rollback()
            record_failure(rq_job, describe_error(exc))
            raise
        _mark_succeeded(rq_job, result)
        return result

    return run_tracked


def current_run():
    """The `JobRun` of the job this worker is running, or None outside a worker."""
    rq_job = get_current_job()
    return job_run(rq_job.id) if rq_job is not None else None


def report_progress(percent, message=None):
    """Tell the admin how far the current job is (0-100), with an optional message.

    Written in a transaction of its own so it shows while the job's own work is uncommitted, and
    into the RQ job's meta. Does nothing outside a worker.
    """
    rq_job = get_current_job()
    if rq_job is None:
        return
    percent = max(0, min(100, int(percent)))
    message = None if message is None else str(message)
    with _run_of(rq_job) as run:
        run.progress = percent
        if message is not None:
            run.message = message
    rq_job.meta.update(progress=percent, message=message)
    rq_job.save_meta()


def record_failure(rq_job, error):
    """Record that an attempt of `rq_job` failed: queued again if RQ will retry it, else failed."""
    with _run_of(rq_job) as run:
        run.error = error
        if rq_job.should_retry:
            run.status = "queued"
        else:
            run.status = "failed"
            run.finished_at = _now()


def describe_error(exc):
    """`Type: message (file:line in function)`: the traceback's last line and where it arose."""
    text = traceback.format_exception_only(exc)[-1].strip()
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        origin = frames[-1]
        text = f"{text} ({origin.filename}:{origin.lineno} in {origin.name})"
    return text[:ERROR_MAX_LENGTH]


def _mark_running(rq_job):
    with _run_of(rq_job) as run:
        run.status = "running"
        run.attempts += 1
        run.progress = 0
        run.error = None
        run.started_at = _now()
        run.finished_at = None


def _mark_succeeded(rq_job, result):
    with _run_of(rq_job) as run:
        run.status = "succeeded"
        run.progress = 100
        run.result = result
        run.finished_at = _now()


@contextmanager
def _run_of(rq_job):
    """The `JobRun` of `rq_job` in a short transaction of its own, created if the job has none.

    A job enqueued around `enqueue` (from RQ's own tools) still gets its row here.
    """
    session = db.session.session_factory()
    try:
        run = session.scalar(select(JobRun).where(JobRun.job_id == rq_job.id))
        if run is None:
            run = JobRun(
                job_id=rq_job.id,
                name=rq_job.func_name,
                queue=rq_job.origin,
                status="queued",
                progress=0,
                attempts=0,
                arguments=rq_job.kwargs,
            )
            session.add(run)
        yield run
        session.commit()
    finally:
        session.close()


def _now():
    return datetime.now(UTC)
