"""`flask worker` and `flask scheduler`: the processes that run the agents."""

import time
import warnings
from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import with_appcontext
from rq import SimpleWorker, Worker
from rq.job import Job
from rq_scheduler import Scheduler
from rq_scheduler.utils import from_unix, get_next_scheduled_time, setup_loghandlers, to_unix

from agents.schedule import PERIODIC_JOBS
from shop.extensions import db
from shop.services.jobs import enqueue, record_failure, redis_connection

PERIODIC_PREFIX = "periodic-"


class AppContextMixin:
    """Runs each job in a fresh context of `app`, so each job has its own `db.session`."""

    def __init__(self, *args, app, **kwargs):
        super().__init__(*args, **kwargs)
        self.app = app

    def perform_job(self, job, queue, execution):
        with self.app.app_context():
            return super().perform_job(job, queue, execution)


class ShopWorker(AppContextMixin, Worker):
    """The production worker: each job runs in a forked work horse, which a crash dies with."""

    def main_work_horse(self, job, queue):
        with self.app.app_context():
            # Pooled connections inherited from the parent must not be shared with the horse.
            db.engine.dispose(close=False)
        super().main_work_horse(job, queue)

    def handle_work_horse_killed(self, job, retpid, ret_val, rusage):
        super().handle_work_horse_killed(job, retpid, ret_val, rusage)
        with self.app.app_context():
            record_failure(job, f"Work horse killed (wait status {ret_val})")


class InProcessWorker(AppContextMixin, SimpleWorker):
    """Runs jobs in the worker process itself: for debugging, and for tests that share its data."""


class TrackingScheduler(Scheduler):
    """rq-scheduler whose periodic entries are templates that are never run themselves.

    rq-scheduler would re-enqueue a periodic job under the same RQ id every time; here each due
    template enqueues a new job through `shop.services.jobs.enqueue`, so every run has its own id
    and `JobRun` row, and the template is rescheduled.
    """

    def enqueue_job(self, job):
        if not job.id.startswith(PERIODIC_PREFIX):
            super().enqueue_job(job)
            return
        try:
            enqueue(job.func_name, queue=job.origin, **job.kwargs)
        except Exception:
            db.session.rollback()
            # Left due: the next round tries again.
            self.log.exception("Could not enqueue %s", job.func_name)
            return
        self.connection.zadd(self.scheduled_jobs_key, {job.id: next_run(job)})


def next_run(template):
    """Unix time of the next run of a periodic template, from its cron string or interval."""
    if template.meta.get("cron_string"):
        return to_unix(get_next_scheduled_time(template.meta["cron_string"]))
    return time.time() + template.meta["interval"]


def periodic_job_id(entry):
    return PERIODIC_PREFIX + entry.path.replace(".", "_")


def register_periodic_jobs(scheduler, entries=PERIODIC_JOBS):
    """Schedule each entry exactly once, replacing what an earlier start registered.

    Entries no longer declared are dropped. An interval entry keeps its pending run time, so a
    restart neither runs it at once nor postpones it.
    """
    wanted = {periodic_job_id(entry): entry for entry in entries}
    for raw_id in scheduler.connection.zrange(scheduler.scheduled_jobs_key, 0, -1):
        job_id = raw_id.decode()
        if job_id.startswith(PERIODIC_PREFIX) and job_id not in wanted:
            scheduler.cancel(job_id)
            scheduler.connection.delete(Job.key_for(job_id))
    for job_id, entry in wanted.items():
        options = {
            "func": entry.path,
            "id": job_id,
            "queue_name": entry.queue,
            "description": str(entry.description),
        }
        if entry.cron:
            scheduler.cron(entry.cron, **options)
        else:
            pending = scheduler.connection.zscore(scheduler.scheduled_jobs_key, job_id)
            first_run = from_unix(pending) if pending else datetime.now(UTC)
            scheduler.schedule(first_run, interval=entry.interval, **options)


@click.command("worker")
@click.option(
    "--queues",
    default="default",
    show_default=True,
    help="Comma-separated queues, highest priority first.",
)
@click.option("--burst", is_flag=True, help="Stop once the queues are empty.")
@click.option(
    "--fork/--no-fork",
    default=True,
    show_default=True,
    help="Run each job in a forked work horse, or in the worker process itself.",
)
@with_appcontext
def worker(queues, burst, fork):
    """Run an RQ worker; SIGINT or SIGTERM stop it once the current job is done."""
    worker_class = ShopWorker if fork else InProcessWorker
    names = [name.strip() for name in queues.split(",") if name.strip()]
    app = current_app._get_current_object()
    rq_worker = worker_class(names, connection=redis_connection(), app=app)
    # The worker's own RQ scheduler moves jobs whose retry waits an interval back to their queue.
    rq_worker.work(burst=burst, with_scheduler=True)


@click.command("scheduler")
@click.option(
    "--interval", default=60, show_default=True, help="Seconds between checks for due jobs."
)
@with_appcontext
def scheduler(interval):
    """Run the periodic jobs of agents/schedule.py; SIGINT or SIGTERM stop it."""
    # rq-scheduler passes crontab an explicit time, so crontab's announced default change is moot.
    warnings.filterwarnings(
        "ignore", message=r"Version 0\.22\.0\+ of crontab", category=FutureWarning
    )
    setup_loghandlers("INFO")
    periodic = TrackingScheduler(connection=redis_connection(), interval=interval)
    register_periodic_jobs(periodic)
    periodic.run()
