"""Delivery zones: their cities, fee, minimum order and delivery estimate."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from admin.views import acting_staff, admin
from shop.auth import roles_required
from shop.extensions import db
from shop.models import DeliveryZone
from shop.services.audit import record_change, snapshot
from shop.services.zone_admin import (
    ZoneForm,
    check_zone,
    regions_with_cities,
    save_zone,
    zone_of_each_city,
    zones,
)

ZONE_ROLES = ("owner", "manager")
ZONE_FIELDS = (
    "name_fr",
    "name_ar",
    "fee",
    "min_order",
    "eta_hours_min",
    "eta_hours_max",
    "is_active",
)


@admin.get("/zones")
@roles_required(*ZONE_ROLES)
def zone_list():
    return render_template("admin/zones/list.html", zones=zones())


def zone_page(zone, form, status=200, errors=None):
    context = {
        "zone": zone,
        "form": form,
        "errors": errors or {},
        "regions": regions_with_cities(current_app.config["SHOP"].country),
        "zone_of_city": zone_of_each_city(),
        "zone_names": {z.id: z for z in zones()},
    }
    return render_template("admin/zones/edit.html", **context), status


def zone_or_404(zone_id):
    return db.session.get(DeliveryZone, zone_id) or abort(404)


@admin.get("/zones/new")
@roles_required(*ZONE_ROLES)
def zone_new():
    return zone_page(None, ZoneForm())


@admin.get("/zones/<int:zone_id>")
@roles_required(*ZONE_ROLES)
def zone_edit(zone_id):
    zone = zone_or_404(zone_id)
    return zone_page(zone, ZoneForm.from_zone(zone))


def save_from_form(zone):
    form = ZoneForm.from_form(request.form)
    shop = current_app.config["SHOP"]
    values, city_ids, errors = check_zone(form, shop.currency, shop.country)
    if errors:
        return zone_page(zone, form, 422, errors)
    before = (
        snapshot(zone, ZONE_FIELDS) | {"city_ids": [c.id for c in zone.cities]} if zone else None
    )
    zone = save_zone(values, city_ids, zone)
    after = snapshot(zone, ZONE_FIELDS) | {"city_ids": city_ids}
    record_change("update" if before else "create", zone, before, after, **acting_staff())
    db.session.commit()
    flash(_("The zone is saved."))
    return redirect(url_for("admin.zone_list"), code=303)


@admin.post("/zones/new")
@roles_required(*ZONE_ROLES)
def zone_new_post():
    return save_from_form(None)


@admin.post("/zones/<int:zone_id>")
@roles_required(*ZONE_ROLES)
def zone_edit_post(zone_id):
    return save_from_form(zone_or_404(zone_id))
