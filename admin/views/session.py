"""Staff log in (email or phone and password) and log out."""

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from admin.views import admin
from shop.auth import authenticate_staff
from shop.extensions import db


def safe_next_url(candidate):
    """`candidate` if it is a path on this site, else the dashboard (no open redirects)."""
    if candidate and candidate.startswith("/") and not candidate.startswith(("//", "/\\")):
        return candidate
    return url_for("admin.dashboard")


@admin.get("/login")
def login():
    return render_template("admin/login.html", login="", error=None)


@admin.post("/login")
def login_post():
    typed_login = request.form.get("login", "").strip()
    staff = authenticate_staff(typed_login, request.form.get("password", ""))
    if staff is None:
        error = _("This login and password do not match an active staff account.")
        return render_template("admin/login.html", login=typed_login, error=error), 400
    db.session.commit()
    # A fresh session on login, so nothing planted before it survives (session fixation).
    session.clear()
    login_user(staff)
    return redirect(safe_next_url(request.args.get("next")))


@admin.post("/logout")
def logout():
    logout_user()
    session.clear()
    return redirect(url_for("admin.login"))
