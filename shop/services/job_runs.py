"""Job runs as staff browse them: the newest first, filtered by status or job."""

from sqlalchemy import select

from shop.extensions import db
from shop.models import JOB_STATUSES, JobRun

RUNS_PER_PAGE = 50


def job_names():
    """The jobs that have run at least once, by name."""
    return list(db.session.scalars(select(JobRun.name).distinct().order_by(JobRun.name)))


def recent_runs(status=None, name=None, before_id=None, limit=RUNS_PER_PAGE):
    """Up to `limit` runs, newest first, older than the run `before_id` when given.

    Returns (runs, more): `more` says whether older runs remain.
    """
    query = select(JobRun).order_by(JobRun.id.desc()).limit(limit + 1)
    if status in JOB_STATUSES:
        query = query.where(JobRun.status == status)
    if name:
        query = query.where(JobRun.name == name)
    if before_id:
        query = query.where(JobRun.id < before_id)
    runs = list(db.session.scalars(query))
    return runs[:limit], len(runs) > limit
