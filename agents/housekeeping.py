"""Periodic clean-up jobs that keep the database tidy."""

from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, func, select

from shop.extensions import db
from shop.models import Cart, JobRun
from shop.services.jobs import report_progress, tracked_job
from shop.services.search_log import save_logged_searches

PURGE_BATCH_SIZE = 500
# Finished job runs are kept this long for staff to look back on, then deleted: the hourly jobs
# alone add over 17,000 runs a year.
JOB_RUN_RETENTION = timedelta(days=90)


@tracked_job
def purge_expired_carts():
    """Delete the carts whose expiry date has passed; their items go with them (ON DELETE CASCADE).

    Batches are committed one by one, so a large purge holds no long locks against shoppers.
    """
    is_expired = Cart.expires_at < datetime.now(UTC)
    total = db.session.scalar(select(func.count()).select_from(Cart).where(is_expired))
    report_progress(0, _("Deleting expired carts"))
    next_batch = select(Cart.id).where(is_expired).order_by(Cart.id).limit(PURGE_BATCH_SIZE)
    deleted = 0
    while batch := db.session.scalars(next_batch).all():
        # Checked again: a cart a shopper revived since the select is kept.
        deleted += db.session.execute(delete(Cart).where(Cart.id.in_(batch), is_expired)).rowcount
        db.session.commit()
        report_progress(100 * deleted // max(total, deleted, 1))
    report_progress(
        100, ngettext("Deleted %(num)d expired cart", "Deleted %(num)d expired carts", deleted)
    )
    return {"deleted": deleted}


@tracked_job
def save_searches():
    """Save the storefront searches waiting in Redis, for the search analytics."""
    saved = save_logged_searches()
    report_progress(100, ngettext("Saved %(num)d search", "Saved %(num)d searches", saved))
    return {"saved": saved}


@tracked_job
def purge_old_job_runs():
    """Delete the runs of jobs that finished more than `JOB_RUN_RETENTION` ago, in batches; runs
    still queued or running are kept however old."""
    is_old = JobRun.finished_at < datetime.now(UTC) - JOB_RUN_RETENTION
    next_batch = select(JobRun.id).where(is_old).order_by(JobRun.id).limit(PURGE_BATCH_SIZE)
    deleted = 0
    while batch := db.session.scalars(next_batch).all():
        deleted += db.session.execute(delete(JobRun).where(JobRun.id.in_(batch))).rowcount
        db.session.commit()
    report_progress(
        100, ngettext("Deleted %(num)d old job run", "Deleted %(num)d old job runs", deleted)
    )
    return {"deleted": deleted}
