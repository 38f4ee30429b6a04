"""Staff accounts: invitations, roles, deactivation, and two-factor codes (TOTP)."""

import io
import secrets

import pyotp
import segno
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select

from shop.auth import hash_password, normalized_phone
from shop.extensions import db
from shop.models import STAFF_ROLES, StaffUser

INVITATION_MAX_AGE = 7 * 24 * 3600
MIN_PASSWORD_LENGTH = 10
MAX_NAME_LENGTH = 120


class StaffError(Exception):
    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="staff-invitation")


def _fingerprint(staff):
    # Changes when the password is set: the link works once.
    return staff.password_hash[-16:]


def invitation_token(staff):
    return _serializer().dumps({"id": staff.id, "fp": _fingerprint(staff)})


def invited_staff(token):
    """The staff member a still-valid, unused invitation is for, or None."""
    try:
        data = _serializer().loads(token, max_age=INVITATION_MAX_AGE)
    except BadSignature:
        return None
    staff = db.session.get(StaffUser, data.get("id")) if isinstance(data, dict) else None
    if staff is None or not staff.is_active or data.get("fp") != _fingerprint(staff):
        return None
    return staff


def invite(name, login, role, country):
    """A new staff account that cannot log in until its invitation sets a password."""
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise StaffError(
            "name", _("Give a name of at most %(limit)s characters.", limit=MAX_NAME_LENGTH)
        )
    if role not in STAFF_ROLES:
        raise StaffError("role", _("Choose a role."))
    login = (login or "").strip()
    email = phone = None
    if "@" in login and len(login) <= 254:
        email = login.lower()
        taken = db.session.scalar(select(StaffUser.id).where(func.lower(StaffUser.email) == email))
    else:
        phone = normalized_phone(login, country) if login else None
        if phone is None:
            raise StaffError("login", _("Give an email address or a phone number."))
        taken = db.session.scalar(select(StaffUser.id).where(StaffUser.phone == phone))
    if taken:
        raise StaffError("login", _("A staff account already uses this login."))
    staff = StaffUser(
        name=name,
        email=email,
        phone=phone,
        role=role,
        password_hash=hash_password(secrets.token_urlsafe(32)),
    )
    db.session.add(staff)
    db.session.flush()
    return staff


def set_password(staff, password, confirmation):
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise StaffError("password", _("At least %(min)d characters.", min=MIN_PASSWORD_LENGTH))
    if password != confirmation:
        raise StaffError("confirmation", _("The two passwords differ."))
    staff.password_hash = hash_password(password)
    db.session.flush()


def _active_owners():
    query = select(func.count()).where(StaffUser.role == "owner", StaffUser.is_active)
    return db.session.scalar(query)


def change_role(staff, role, acting):
    if role not in STAFF_ROLES:
        raise StaffError("role", _("Choose a role."))
    if staff.role == "owner" and role != "owner" and _active_owners() <= 1:
        raise StaffError("role", _("The shop must keep at least one active owner."))
    if staff.id == acting.id and role != staff.role:
        raise StaffError("role", _("You cannot change your own role."))
    staff.role = role
    db.session.flush()


def set_active(staff, active, acting):
    if not active:
        if staff.id == acting.id:
            raise StaffError("active", _("You cannot deactivate yourself."))
        if staff.role == "owner" and staff.is_active and _active_owners() <= 1:
            raise StaffError("active", _("The shop must keep at least one active owner."))
    staff.is_active = active
    db.session.flush()


def new_totp_secret():
    return pyotp.random_base32()


def provisioning_uri(staff, secret, issuer):
    return pyotp.TOTP(secret).provisioning_uri(name=staff.email or staff.phone, issuer_name=issuer)


def qr_svg(uri):
    """The QR code of `uri` as an SVG document."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="svg", scale=6, dark="#1d2327", light="#ffffff")
    return buffer.getvalue()


def code_is_valid(secret, code):
    code = "".join((code or "").split())
    return bool(secret) and code.isdigit() and pyotp.TOTP(secret).verify(code, valid_window=1)


def needs_two_factor_setup(staff, profile):
    return staff.role == "owner" and profile.owners_need_two_factor and not staff.totp_secret
