"""The admin gate: every admin request is refused unless the view lets the visitor's role in."""

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from admin.views import admin
from shop.auth import is_staff
from shop.extensions import db
from shop.services.pricing import act_as
from shop.services.staff import needs_two_factor_setup

# Pages anyone may reach: you cannot be asked to log in before seeing the login form.
OPEN_ENDPOINTS = {
    "admin.login",
    "admin.login_post",
    "admin.login_code",
    "admin.login_code_post",
    "admin.logout",
    "admin.invitation",
    "admin.invitation_post",
}
# Where an owner who must use two-factor codes may go before setting them up.
SETUP_ENDPOINTS = {"admin.my_account", "admin.two_factor_qr", "admin.two_factor_post"}


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
    shop = current_app.config["SHOP"]
    if needs_two_factor_setup(current_user, shop) and request.endpoint not in SETUP_ENDPOINTS:
        return redirect(url_for("admin.my_account"))
    if current_user.role in allowed_roles:
        act_as(db.session, current_user.id)
        return None
    if current_user.role == "driver":
        return redirect(url_for("admin.driver_home"))
    abort(403)
