"""Staff accounts: the owner invites, changes roles, deactivates; everyone sets up two-factor
codes on their own account page; an invitation link sets the invitee's password."""

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from admin.views import acting_staff, admin
from shop.auth import roles_required
from shop.extensions import db
from shop.models import STAFF_ROLES, StaffUser
from shop.services.audit import record_change, snapshot
from shop.services.staff import (
    StaffError,
    change_role,
    code_is_valid,
    invitation_token,
    invite,
    invited_staff,
    new_totp_secret,
    provisioning_uri,
    qr_svg,
    set_active,
    set_password,
)

# The session entry holding the two-factor secret being set up, until its first code confirms it.
TOTP_SETUP_ENTRY = "staff_totp_setup"
EVERY_ROLE = ("owner", "manager", "staff", "driver")
STAFF_FIELDS = ("name", "email", "phone", "role", "is_active")


def staff_page(status=200, **extra):
    members = db.session.scalars(
        select(StaffUser).order_by(StaffUser.is_active.desc(), StaffUser.name)
    )
    context = {"members": members.all(), "roles": STAFF_ROLES, "errors": {}, "values": {}, **extra}
    return render_template("admin/staff/list.html", **context), status


@admin.get("/staff")
@roles_required("owner")
def staff_list():
    return staff_page()


@admin.post("/staff")
@roles_required("owner")
def staff_invite_post():
    values = {name: request.form.get(name, "") for name in ("name", "login", "role")}
    try:
        member = invite(
            values["name"], values["login"], values["role"], current_app.config["SHOP"].country
        )
    except StaffError as error:
        return staff_page(422, errors={error.field: error.message}, values=values)
    record_change("create", member, None, snapshot(member, STAFF_FIELDS), **acting_staff())
    db.session.commit()
    link = url_for("admin.invitation", token=invitation_token(member), _external=True)
    return staff_page(invited=member, invitation_link=link)


def member_or_404(staff_id):
    return db.session.get(StaffUser, staff_id) or abort(404)


@admin.post("/staff/<int:staff_id>/role")
@roles_required("owner")
def staff_role_post(staff_id):
    member = member_or_404(staff_id)
    before = snapshot(member, STAFF_FIELDS)
    try:
        change_role(member, request.form.get("role"), current_user)
    except StaffError as error:
        db.session.rollback()
        return staff_page(422, errors={staff_id: error.message})
    record_change("update", member, before, snapshot(member, STAFF_FIELDS), **acting_staff())
    db.session.commit()
    return redirect(url_for("admin.staff_list"), code=303)


@admin.post("/staff/<int:staff_id>/active")
@roles_required("owner")
def staff_active_post(staff_id):
    member = member_or_404(staff_id)
    before = snapshot(member, STAFF_FIELDS)
    try:
        set_active(member, request.form.get("active") == "1", current_user)
    except StaffError as error:
        db.session.rollback()
        return staff_page(422, errors={staff_id: error.message})
    record_change("update", member, before, snapshot(member, STAFF_FIELDS), **acting_staff())
    db.session.commit()
    return redirect(url_for("admin.staff_list"), code=303)


@admin.post("/staff/<int:staff_id>/invitation")
@roles_required("owner")
def staff_invitation_post(staff_id):
    """A new invitation link, e.g. for someone who forgot their password."""
    member = member_or_404(staff_id)
    link = url_for("admin.invitation", token=invitation_token(member), _external=True)
    return staff_page(invited=member, invitation_link=link)


@admin.get("/invitation/<token>")
def invitation(token):
    member = invited_staff(token)
    if member is None:
        return render_template("admin/staff/invitation.html", member=None, errors={}), 404
    return render_template("admin/staff/invitation.html", member=member, errors={})


@admin.post("/invitation/<token>")
def invitation_post(token):
    member = invited_staff(token)
    if member is None:
        return render_template("admin/staff/invitation.html", member=None, errors={}), 404
    try:
        set_password(member, request.form.get("password"), request.form.get("confirmation"))
    except StaffError as error:
        errors = {error.field: error.message}
        return render_template("admin/staff/invitation.html", member=member, errors=errors), 422
    db.session.commit()
    flash(_("Your password is set. Log in with it."))
    return redirect(url_for("admin.login"), code=303)


def setup_secret():
    """The secret being set up for the logged-in staff member (made on first need)."""
    if TOTP_SETUP_ENTRY not in session:
        session[TOTP_SETUP_ENTRY] = new_totp_secret()
    return session[TOTP_SETUP_ENTRY]


def account_page(status=200, error=None):
    shop = current_app.config["SHOP"]
    context = {
        "secret": None if current_user.totp_secret else setup_secret(),
        "error": error,
        "required": current_user.role == "owner" and shop.owners_need_two_factor,
    }
    return render_template("admin/staff/account.html", **context), status


@admin.get("/account/two-factor.svg")
@roles_required(*EVERY_ROLE)
def two_factor_qr():
    """The QR code an authenticator app scans to learn the secret being set up."""
    if current_user.totp_secret:
        abort(404)
    uri = provisioning_uri(current_user, setup_secret(), current_app.config["SHOP"].name)
    response = Response(qr_svg(uri), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-store"
    return response


@admin.get("/account")
@roles_required(*EVERY_ROLE)
def my_account():
    return account_page()


@admin.post("/account/two-factor")
@roles_required(*EVERY_ROLE)
def two_factor_post():
    """Turn codes on (with the code of the secret being set up) or off (with a current code)."""
    code = request.form.get("code")
    if current_user.totp_secret:
        if current_user.role == "owner" and current_app.config["SHOP"].owners_need_two_factor:
            return account_page(422, _("The shop requires owners to use two-factor codes."))
        if not code_is_valid(current_user.totp_secret, code):
            return account_page(
                422, _("This code is not the one your app shows. Type the current one.")
            )
        current_user.totp_secret = None
        message = _("Two-factor codes are off.")
    else:
        secret = session.get(TOTP_SETUP_ENTRY)
        if not code_is_valid(secret, code):
            return account_page(
                422, _("This code is not the one your app shows. Type the current one.")
            )
        current_user.totp_secret = secret
        session.pop(TOTP_SETUP_ENTRY, None)
        message = _("Two-factor codes are on: you will be asked for one at each login.")
    record_change(
        "update",
        current_user,
        None,
        {"two_factor": bool(current_user.totp_secret)},
        **acting_staff(),
    )
    db.session.commit()
    flash(message)
    return redirect(url_for("admin.my_account"), code=303)
