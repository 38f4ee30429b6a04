"""Catalog CSV for managers: upload, a dry run's report, the import as a job with a live
progress bar, and the export of the whole catalog or part of it."""

from flask import Response, abort, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user
from sqlalchemy import select

from admin.views import admin
from shop.auth import roles_required
from shop.extensions import db
from shop.models import PRODUCT_STATUSES, Brand, Category, JobRun
from shop.services.catalog_io.exporting import export_catalog
from shop.services.catalog_io.messages import describe
from shop.services.catalog_uploads import IMPORT_JOB, UploadError, save_upload, uploaded_path
from shop.services.job_runs import recent_runs
from shop.services.jobs import enqueue
from shop.services.vehicles import as_id
from shop.web import render_page

CATALOG_ROLES = ("owner", "manager")
# A dry run or import of 10,000 lines takes well under a minute; leave room on a busy server.
IMPORT_TIMEOUT_SECONDS = 900


def import_page(status=200, error=None):
    runs, _more = recent_runs(name=IMPORT_JOB, limit=10)
    context = {
        "runs": runs,
        "error": error,
        "categories": db.session.scalars(select(Category).order_by(Category.path)).all(),
        "brands": db.session.scalars(select(Brand).order_by(Brand.name)).all(),
        "statuses": PRODUCT_STATUSES,
    }
    return render_template("admin/import/index.html", **context), status


@admin.get("/catalog/import")
@roles_required(*CATALOG_ROLES)
def catalog_import():
    return import_page()


def start(path, dry_run):
    run = enqueue(
        IMPORT_JOB,
        created_by=current_user,
        job_timeout=IMPORT_TIMEOUT_SECONDS,
        path=str(path),
        dry_run=dry_run,
        staff_user_id=current_user.id,
    )
    return redirect(url_for("admin.catalog_import_run", run_id=run.id), code=303)


@admin.post("/catalog/import")
@roles_required(*CATALOG_ROLES)
def catalog_import_post():
    try:
        path = save_upload(request.files.get("file"))
    except UploadError as error:
        return import_page(422, error.message)
    return start(path, dry_run=True)


def clean_dry_run(run):
    """Whether `run` checked a file without a refused line that is still here to import."""
    return (
        run.status == "succeeded"
        and run.arguments.get("dry_run")
        and (run.result or {}).get("error_count") == 0
        and uploaded_path(run) is not None
    )


def import_run_or_404(run_id):
    run = db.session.get(JobRun, run_id)
    if run is None or run.name != IMPORT_JOB:
        abort(404)
    return run


@admin.get("/catalog/import/runs/<int:run_id>")
@roles_required(*CATALOG_ROLES)
def catalog_import_run(run_id):
    run = import_run_or_404(run_id)
    return render_page(
        "admin/import/run.html",
        run=run,
        report=run.result,
        can_apply=clean_dry_run(run),
        describe=describe,
    )


@admin.post("/catalog/import/runs/<int:run_id>/apply")
@roles_required(*CATALOG_ROLES)
def catalog_import_apply(run_id):
    run = import_run_or_404(run_id)
    if not clean_dry_run(run):
        # Nothing to apply (the file is gone, or this run was no clean dry run): show the run.
        return redirect(url_for("admin.catalog_import_run", run_id=run.id), code=303)
    return start(uploaded_path(run), dry_run=False)


@admin.get("/catalog/export")
@roles_required(*CATALOG_ROLES)
def catalog_export():
    status = request.args.get("status")
    lines = export_catalog(
        category_id=as_id(request.args.get("category")),
        brand_id=as_id(request.args.get("brand")),
        status=status if status in PRODUCT_STATUSES else None,
    )
    encoded = (line.encode("utf-8") for line in lines)
    return Response(
        stream_with_context(encoded),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="catalog.csv"'},
    )
