"""The admin gate: every admin request is refused unless the view lets the visitor's role in."""

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from admin.views import admin
from shop.auth import is_staff
from shop.extensions import db
from shop.services.pricing import act_as

# Pages anyone may reach: you cannot be asked to log in before seeing the login form.
OPEN_ENDPOINTS = {"admin.login", "admin.login_post", "admin.logout"}


@admin.before_request
def deny_by_default():
    """Anonymous → login; not active staff → 403; a role the view does not name → 403.

    A driver who lands on another page (the dashboard after logging in) goes to their deliveries.
    """
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))
    if not is_staff(current_user):
        abort(403)
    view = current_app.view_functions.get(request.endpoint)
    allowed_roles = getattr(view, "allowed_roles", frozenset())
    if current_user.role in allowed_roles:
        act_as(db.session, current_user.id)
        return None
    if current_user.role == "driver":
        return redirect(url_for("admin.driver_home"))
    abort(403)
