"""Vehicles for fitment: makes, models and their generations with the years they were made."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from admin.views import acting_staff, admin
from shop.auth import roles_required
from shop.extensions import db
from shop.models import Vehicle
from shop.services.audit import record_change, snapshot
from shop.services.cache import bump_catalog_version
from shop.services.catalog_admin import StructureError, save_vehicle, vehicle_rows

CATALOG_ROLES = ("owner", "manager")
VEHICLE_FIELDS = ("model_id", "generation", "year_from", "year_to", "engines")
FORM_FIELDS = ("make", "model", "generation", "year_from", "year_to", "engines")


def vehicles_page(status=200, errors=None, values=None):
    if not current_app.config["SHOP"].feature_vehicle_fitment:
        abort(404)
    context = {"rows": vehicle_rows(), "errors": errors or {}, "values": values or {}}
    return render_template("admin/vehicles.html", **context), status


@admin.get("/vehicles")
@roles_required(*CATALOG_ROLES)
def vehicles():
    return vehicles_page()


def saved_vehicle(vehicle=None):
    form = {name: request.form.get(name, "") for name in FORM_FIELDS}
    before = snapshot(vehicle, VEHICLE_FIELDS) if vehicle else None
    try:
        vehicle = save_vehicle(*(form[name] for name in FORM_FIELDS), vehicle=vehicle)
    except StructureError as error:
        db.session.rollback()
        key = vehicle.id if vehicle else "new"
        return vehicles_page(422, {key: error.message}, {key: form})
    record_change(
        "update" if before else "create",
        vehicle,
        before,
        snapshot(vehicle, VEHICLE_FIELDS),
        **acting_staff(),
    )
    db.session.commit()
    bump_catalog_version()
    flash(_("The vehicle is saved."))
    return redirect(url_for("admin.vehicles"), code=303)


@admin.post("/vehicles")
@roles_required(*CATALOG_ROLES)
def vehicle_new_post():
    return saved_vehicle()


@admin.post("/vehicles/<int:vehicle_id>")
@roles_required(*CATALOG_ROLES)
def vehicle_edit_post(vehicle_id):
    return saved_vehicle(db.session.get(Vehicle, vehicle_id) or abort(404))
