"""Shop settings the owner changes without touching the server: name, WhatsApp number, default
language, feature switches and whether owners must use two-factor codes."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from admin.views import acting_staff, admin
from shop.auth import roles_required
from shop.extensions import db
from shop.models import ShopSetting
from shop.services.audit import record_change
from shop.services.cache import bump_catalog_version
from shop.services.settings import (
    EDITABLE,
    SWITCHES,
    SettingsError,
    checked_settings,
    save_settings,
)


def settings_page(values, status=200, errors=None):
    return render_template(
        "admin/settings.html", values=values, errors=errors or {}, switches=SWITCHES
    ), status


@admin.get("/settings")
@roles_required("owner")
def settings():
    profile = current_app.config["SHOP"]
    return settings_page({key: getattr(profile, key) for key in EDITABLE})


@admin.post("/settings")
@roles_required("owner")
def settings_post():
    profile = current_app.config["SHOP"]
    before = {key: getattr(profile, key) for key in EDITABLE}
    try:
        values = checked_settings(request.form, profile)
    except SettingsError as error:
        typed = {key: request.form.get(key, "") for key in EDITABLE}
        typed.update({switch: request.form.get(switch) == "1" for switch in SWITCHES})
        return settings_page(typed, 422, error.errors)
    staff = acting_staff()
    save_settings(values, staff["staff_user_id"])
    record_change("update", db.session.get(ShopSetting, "name"), before, values, **staff)
    db.session.commit()
    bump_catalog_version()
    flash(_("The settings are saved."))
    return redirect(url_for("admin.settings"), code=303)
