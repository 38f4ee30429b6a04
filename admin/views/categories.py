"""The category tree: create, rename, move under another category, reorder, delete when empty."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from admin.views import acting_staff, admin
from shop.auth import roles_required
from shop.extensions import db
from shop.models import Category
from shop.services.audit import record_change, snapshot
from shop.services.cache import bump_catalog_version
from shop.services.catalog_admin import (
    StructureError,
    category_rows,
    create_category,
    delete_category,
    move_category,
    rename_category,
    shift_category,
)
from shop.services.vehicles import as_id

CATALOG_ROLES = ("owner", "manager")
CATEGORY_FIELDS = (
    "name_fr",
    "name_ar",
    "slug_fr",
    "slug_ar",
    "parent_id",
    "path",
    "position",
    "is_active",
)


def categories_page(status=200, errors=None, values=None):
    context = {"rows": category_rows(), "errors": errors or {}, "values": values or {}}
    return render_template("admin/categories.html", **context), status


@admin.get("/categories")
@roles_required(*CATALOG_ROLES)
def categories():
    return categories_page()


def category_or_404(category_id):
    return db.session.get(Category, category_id) or abort(404)


def changed(action, category, before):
    record_change(action, category, before, snapshot(category, CATEGORY_FIELDS), **acting_staff())
    db.session.commit()
    bump_catalog_version()
    flash(_("The categories are saved."))
    return redirect(url_for("admin.categories"), code=303)


def refused(error, key):
    db.session.rollback()
    return categories_page(422, {key: error.message}, {key: dict(request.form)})


@admin.post("/categories")
@roles_required(*CATALOG_ROLES)
def category_new_post():
    form = request.form
    try:
        category = create_category(
            form.get("name_fr"), form.get("name_ar"), as_id(form.get("parent"))
        )
    except StructureError as error:
        return refused(error, "new")
    return changed("create", category, None)


@admin.post("/categories/<int:category_id>")
@roles_required(*CATALOG_ROLES)
def category_edit_post(category_id):
    category = category_or_404(category_id)
    before = snapshot(category, CATEGORY_FIELDS)
    form = request.form
    try:
        rename_category(category, form.get("name_fr"), form.get("name_ar"))
        category.is_active = form.get("is_active") == "1"
        if as_id(form.get("parent")) != category.parent_id:
            move_category(category, as_id(form.get("parent")))
            category = category_or_404(category_id)
    except StructureError as error:
        return refused(error, category_id)
    return changed("update", category, before)


@admin.post("/categories/<int:category_id>/up")
@roles_required(*CATALOG_ROLES)
def category_up_post(category_id):
    category = category_or_404(category_id)
    before = snapshot(category, CATEGORY_FIELDS)
    shift_category(category, -1)
    return changed("update", category, before)


@admin.post("/categories/<int:category_id>/down")
@roles_required(*CATALOG_ROLES)
def category_down_post(category_id):
    category = category_or_404(category_id)
    before = snapshot(category, CATEGORY_FIELDS)
    shift_category(category, 1)
    return changed("update", category, before)


@admin.post("/categories/<int:category_id>/delete")
@roles_required(*CATALOG_ROLES)
def category_delete_post(category_id):
    category = category_or_404(category_id)
    before = snapshot(category, CATEGORY_FIELDS)
    try:
        record_change("delete", category, before, None, **acting_staff())
        delete_category(category)
    except StructureError as error:
        return refused(error, category_id)
    db.session.commit()
    bump_catalog_version()
    flash(_("The category is deleted."))
    return redirect(url_for("admin.categories"), code=303)
