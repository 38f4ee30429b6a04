"""Who is logged in: staff and customers share Flask-Login, told apart by their id prefix."""

from datetime import UTC, datetime
from functools import wraps

import phonenumbers
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import abort, current_app
from flask_login import current_user
from sqlalchemy import func, select

from shop.extensions import db, login_manager

_hasher = PasswordHasher()
# Checked when no account matches, so a wrong login costs as long as a wrong password.
_DECOY_HASH = _hasher.hash("decoy password never used by anyone")


def hash_password(password):
    """An Argon2id hash of `password`."""
    return _hasher.hash(password)


def verify_password(password_hash, password):
    """True when `password` matches; never raises on a malformed or empty hash."""
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalized_phone(raw, country):
    """`raw` as an E.164 number (`+216...`) read in `country`, or None if it is no phone number."""
    digits = raw.strip()
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    try:
        number = phonenumbers.parse(digits, country)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def find_staff_by_login(login):
    """The staff member whose email (any case) or phone number is `login`, or None."""
    from shop.models import StaffUser

    login = login.strip()
    if "@" in login:
        condition = func.lower(StaffUser.email) == login.lower()
    else:
        phone = normalized_phone(login, current_app.config["SHOP"].country)
        if phone is None:
            return None
        condition = StaffUser.phone == phone
    return db.session.scalars(select(StaffUser).where(condition)).first()


def authenticate_staff(login, password):
    """The active staff member with this login and password, or None; records the login time."""
    staff = find_staff_by_login(login) if login else None
    if staff is None:
        verify_password(_DECOY_HASH, password)
        return None
    if not verify_password(staff.password_hash, password) or not staff.is_active:
        return None
    staff.last_login_at = datetime.now(UTC)
    db.session.flush()
    return staff


def is_staff(user):
    from shop.models import StaffUser

    return isinstance(user, StaffUser) and user.is_active


def roles_required(*roles):
    """Allow the view to active staff whose role is one of `roles`; anyone else gets 403.

    The admin blueprint's gate reads `allowed_roles` and refuses views that lack it.
    """

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not is_staff(current_user) or current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        guarded.allowed_roles = frozenset(roles)
        return guarded

    return decorate


def init_app(app):
    @login_manager.user_loader
    def load_user(user_id):
        from shop.models import Customer, StaffUser

        kind, _, raw_id = user_id.partition(":")
        model = {"staff": StaffUser, "customer": Customer}.get(kind)
        if model is None or not raw_id.isdigit():
            return None
        user = db.session.get(model, int(raw_id))
        return user if user is not None and user.is_active else None
