"""Product attributes' names in French and Arabic, as the storefront's filters show them."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from admin.views import acting_staff, admin
from shop.auth import roles_required
from shop.extensions import db
from shop.services.attributes import (
    attribute_keys_in_use,
    definition,
    readable_key,
    save_definition,
    written,
)
from shop.services.audit import record_change, snapshot
from shop.services.cache import bump_catalog_version

CATALOG_ROLES = ("owner", "manager")
DEFINITION_FIELDS = ("name_fr", "name_ar", "value_names")


@admin.get("/attributes")
@roles_required(*CATALOG_ROLES)
def attributes():
    in_use = attribute_keys_in_use()
    rows = [(key, definition(key)) for key in sorted(in_use, key=str.casefold)]
    return render_template("admin/attributes/list.html", rows=rows, readable_key=readable_key)


def edit_page(key, values, status=200, errors=None, typed=None):
    current = definition(key)
    context = {
        "key": key,
        "values": [value for value in values if written(value)],
        "current": current,
        "typed": typed,
        "errors": errors or {},
        "readable_key": readable_key,
    }
    return render_template("admin/attributes/edit.html", **context), status


def values_of(key):
    in_use = attribute_keys_in_use()
    if key not in in_use and definition(key) is None:
        abort(404)
    return in_use.get(key, [])


@admin.get("/attributes/<key>")
@roles_required(*CATALOG_ROLES)
def attribute_edit(key):
    return edit_page(key, values_of(key))


@admin.post("/attributes/<key>")
@roles_required(*CATALOG_ROLES)
def attribute_edit_post(key):
    values = values_of(key)
    form = request.form
    names = {
        value: (form.get(f"fr-{index}"), form.get(f"ar-{index}"))
        for index, value in enumerate(v for v in values if written(v))
    }
    current = definition(key)
    before = snapshot(current, DEFINITION_FIELDS) if current else None
    errors = save_definition(key, form.get("name_fr"), form.get("name_ar"), names)
    if errors:
        return edit_page(key, values, 422, errors, typed=form)
    saved = definition(key)
    action = "update" if before else "create"
    record_change(action, saved, before, snapshot(saved, DEFINITION_FIELDS), **acting_staff())
    db.session.commit()
    bump_catalog_version()
    flash(_("The attribute’s names are saved."))
    return redirect(url_for("admin.attributes"), code=303)
