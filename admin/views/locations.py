"""Stock locations: the shops, warehouses and vans that hold stock, which is the default and
which are open."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from admin.views import acting_staff, admin
from shop.auth import roles_required
from shop.extensions import db
from shop.models import Location
from shop.services.audit import record_change, snapshot
from shop.services.location_admin import (
    LocationForm,
    check_location,
    locations,
    save_location,
    stocked_product_ids,
)
from shop.services.stock import recheck_listed_stock
from shop.services.zone_admin import regions_with_cities

LOCATION_ROLES = ("owner", "manager")
LOCATION_FIELDS = ("code", "name_fr", "name_ar", "city_id", "is_default", "is_active")


@admin.get("/locations")
@roles_required(*LOCATION_ROLES)
def location_list():
    return render_template("admin/locations/list.html", rows=locations())


def location_page(location, form, status=200, errors=None):
    context = {
        "location": location,
        "form": form,
        "errors": errors or {},
        "regions": regions_with_cities(current_app.config["SHOP"].country),
    }
    return render_template("admin/locations/edit.html", **context), status


def location_or_404(location_id):
    return db.session.get(Location, location_id) or abort(404)


@admin.get("/locations/new")
@roles_required(*LOCATION_ROLES)
def location_new():
    return location_page(None, LocationForm())


@admin.get("/locations/<int:location_id>")
@roles_required(*LOCATION_ROLES)
def location_edit(location_id):
    location = location_or_404(location_id)
    return location_page(location, LocationForm.from_location(location))


def save_from_form(location):
    form = LocationForm.from_form(request.form)
    values, errors = check_location(form, current_app.config["SHOP"].country, location)
    if errors:
        return location_page(location, form, 422, errors)
    before = snapshot(location, LOCATION_FIELDS) if location else None
    location = save_location(values, location)
    after = snapshot(location, LOCATION_FIELDS)
    record_change("update" if before else "create", location, before, after, **acting_staff())
    reopened_or_closed = before is not None and before["is_active"] != after["is_active"]
    product_ids = stocked_product_ids(location) if reopened_or_closed else []
    db.session.commit()
    # The commit refreshed its products' cards without locks when they were many; a sale
    # committed meanwhile at another location is taken into account again, with them.
    recheck_listed_stock(product_ids)
    flash(_("The location is saved."))
    return redirect(url_for("admin.location_list"), code=303)


@admin.post("/locations/new")
@roles_required(*LOCATION_ROLES)
def location_new_post():
    return save_from_form(None)


@admin.post("/locations/<int:location_id>")
@roles_required(*LOCATION_ROLES)
def location_edit_post(location_id):
    return save_from_form(location_or_404(location_id))
