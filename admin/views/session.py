"""Staff log in (email or phone and password, then a two-factor code when they use one) and out."""

import time

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from admin.views import admin
from shop.auth import authenticate_staff
from shop.extensions import db
from shop.models import StaffUser
from shop.services import ratelimit
from shop.services.staff import code_is_valid

PENDING_KEY = "staff_pending_two_factor"
# The password step is good for this long before the code must be typed.
PENDING_SECONDS = 300


def safe_next_url(candidate):
    """`candidate` if it is a path on this site, else the dashboard (no open redirects)."""
    if candidate and candidate.startswith("/") and not candidate.startswith(("//", "/\\")):
        return candidate
    return url_for("admin.dashboard")


def client_address():
    return request.remote_addr or ""


@admin.get("/login")
def login():
    return render_template("admin/login.html", login="", error=None)


def start_session(staff):
    # A fresh session on login, so nothing planted before it survives (session fixation).
    session.clear()
    login_user(staff)
    return redirect(safe_next_url(request.args.get("next")))


@admin.post("/login")
def login_post():
    typed_login = request.form.get("login", "").strip()[:254]
    if not ratelimit.hit("staff_login", f"ip:{client_address()}", f"login:{typed_login.lower()}"):
        return render_template(
            "admin/login.html",
            login=typed_login,
            error=_("Too many attempts. Please wait a few minutes and try again."),
        ), 429
    staff = authenticate_staff(typed_login, request.form.get("password", ""))
    if staff is None:
        error = _("This login and password do not match an active staff account.")
        return render_template("admin/login.html", login=typed_login, error=error), 400
    db.session.commit()
    ratelimit.reset("staff_login", f"login:{typed_login.lower()}")
    if staff.totp_secret:
        session.clear()
        session[PENDING_KEY] = {"id": staff.id, "at": time.time()}
        return redirect(url_for("admin.login_code", next=request.args.get("next")))
    return start_session(staff)


def pending_staff():
    """The staff member who gave their password in the last minutes and owes a code, or None."""
    pending = session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    staff = db.session.get(StaffUser, pending.get("id"))
    return staff if staff is not None and staff.is_active and staff.totp_secret else None


@admin.get("/login/code")
def login_code():
    if pending_staff() is None:
        return redirect(url_for("admin.login"))
    return render_template("admin/login_code.html", error=None)


@admin.post("/login/code")
def login_code_post():
    staff = pending_staff()
    if staff is None:
        return redirect(url_for("admin.login"))
    if not ratelimit.hit("staff_code", f"staff:{staff.id}", f"ip:{client_address()}"):
        return render_template(
            "admin/login_code.html",
            error=_("Too many attempts. Please wait a few minutes and try again."),
        ), 429
    if not code_is_valid(staff.totp_secret, request.form.get("code")):
        error = _("This code is not the one your app shows. Type the current one.")
        return render_template("admin/login_code.html", error=error), 400
    ratelimit.reset("staff_code", f"staff:{staff.id}")
    return start_session(staff)


@admin.post("/logout")
def logout():
    logout_user()
    session.clear()
    return redirect(url_for("admin.login"))
