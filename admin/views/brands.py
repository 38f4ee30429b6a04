"""Brands: list with their product counts, create, rename, deactivate."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from admin.views import acting_staff, admin
from shop.auth import roles_required
from shop.extensions import db
from shop.models import Brand
from shop.services.audit import record_change, snapshot
from shop.services.cache import bump_catalog_version
from shop.services.catalog_admin import StructureError, brands_with_counts, save_brand

CATALOG_ROLES = ("owner", "manager")
BRAND_FIELDS = ("name", "slug", "is_active")


def brands_page(status=200, errors=None, values=None):
    context = {"rows": brands_with_counts(), "errors": errors or {}, "values": values or {}}
    return render_template("admin/brands.html", **context), status


@admin.get("/brands")
@roles_required(*CATALOG_ROLES)
def brands():
    return brands_page()


def saved(action, brand, before):
    record_change(action, brand, before, snapshot(brand, BRAND_FIELDS), **acting_staff())
    db.session.commit()
    bump_catalog_version()
    flash(_("The brand is saved."))
    return redirect(url_for("admin.brands"), code=303)


@admin.post("/brands")
@roles_required(*CATALOG_ROLES)
def brand_new_post():
    try:
        brand = save_brand(request.form.get("name"))
    except StructureError as error:
        return brands_page(422, {"new": error.message}, {"new": request.form.get("name", "")})
    return saved("create", brand, None)


@admin.post("/brands/<int:brand_id>")
@roles_required(*CATALOG_ROLES)
def brand_edit_post(brand_id):
    brand = db.session.get(Brand, brand_id) or abort(404)
    before = snapshot(brand, BRAND_FIELDS)
    try:
        save_brand(request.form.get("name"), brand)
    except StructureError as error:
        db.session.rollback()
        return brands_page(422, {brand_id: error.message}, {brand_id: request.form.get("name", "")})
    brand.is_active = request.form.get("is_active") == "1"
    return saved("update", brand, before)
