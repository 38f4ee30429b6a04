"""Background jobs as staff see them: each run's progress, and the error of those that failed."""

from flask import abort, render_template, request
from flask_babel import lazy_gettext as _l

from admin.views import admin
from shop.auth import roles_required
from shop.extensions import db
from shop.models import JobRun
from shop.services.job_runs import job_names, recent_runs
from shop.services.vehicles import as_id

STATUS_LABELS = {
    "queued": _l("Queued"),
    "running": _l("Running"),
    "succeeded": _l("Succeeded"),
    "failed": _l("Failed"),
}


@admin.get("/jobs")
@roles_required("owner", "manager")
def jobs():
    status = request.args.get("status", "")
    name = request.args.get("job", "")
    runs, more = recent_runs(status=status, name=name, before_id=as_id(request.args.get("before")))
    return render_template(
        "admin/jobs/list.html",
        runs=runs,
        more=more,
        status_labels=STATUS_LABELS,
        names=job_names(),
        status=status,
        name=name,
    )


@admin.get("/jobs/<int:run_id>")
@roles_required("owner", "manager")
def job_detail(run_id):
    run = db.session.get(JobRun, run_id) or abort(404)
    return render_template("admin/jobs/detail.html", run=run, status_labels=STATUS_LABELS)
