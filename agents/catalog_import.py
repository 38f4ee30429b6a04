"""The catalog import job: an uploaded CSV checked (dry run) or applied in a worker, with progress.

The admin enqueues it with `enqueue("agents.catalog_import.import_catalog", path=…, dry_run=…)`
and polls the run's `JobRun` row: its progress while it runs, then the report in `result`.
"""

from pathlib import Path

from shop.services.audit import record_change
from shop.services.catalog_io import importing
from shop.services.jobs import current_run, report_progress, tracked_job

PROGRESS_STEP = 2


class StepProgress:
    """Passes progress on to the job's row only when it has moved by another `PROGRESS_STEP`%."""

    def __init__(self):
        self.reported = 0

    def __call__(self, fraction):
        percent = int(fraction * 100)
        if percent >= self.reported + PROGRESS_STEP:
            report_progress(percent)
            self.reported = percent


@tracked_job
def import_catalog(path, dry_run, staff_user_id=None):
    """Check, or import, the catalog CSV at `path`; the report as JSON (at most 200 errors).

    An import applies the whole file or, if a line is refused or anything fails, nothing.
    """
    report = importing.import_catalog(
        Path(path).read_bytes(),
        dry_run=dry_run,
        staff_user_id=staff_user_id,
        on_progress=StepProgress(),
    )
    if report.applied:
        run = current_run()
        if run is not None:
            counts = {"created": report.created, "updated": report.updated}
            record_change("import", run, None, counts, staff_user_id=staff_user_id)
        importing.commit_import(report)
    return report.as_json()
