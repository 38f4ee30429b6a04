"""The periodic jobs, declared as data in one place; `flask scheduler` runs them."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from agents.housekeeping import JOB_RUN_RETENTION


@dataclass(frozen=True)
class PeriodicJob:
    """A job function run on a cron schedule (server time) or every `interval` seconds."""

    path: str
    description: str
    cron: str | None = None
    interval: int | None = None
    queue: str = "default"

    def __post_init__(self):
        if (self.cron is None) == (self.interval is None):
            raise ValueError(f"{self.path}: give either a cron string or an interval")


PERIODIC_JOBS = [
    PeriodicJob(
        "agents.housekeeping.purge_expired_carts",
        description=_l("Delete expired carts"),
        cron="7 * * * *",
    ),
    PeriodicJob(
        "agents.housekeeping.purge_old_job_runs",
        description=_l(
            "Delete the runs of jobs finished more than %(days)d days ago",
            days=JOB_RUN_RETENTION.days,
        ),
        cron="17 3 * * *",
    ),
    PeriodicJob(
        "agents.housekeeping.save_searches",
        description=_l("Save the storefront searches for the search analytics"),
        cron="37 * * * *",
    ),
]
