"""The admin blueprint: staff pages, every route gated by role."""

from flask import Blueprint

from shop.config import LANGUAGE_PREFIX

admin = Blueprint("admin", __name__, url_prefix=f"{LANGUAGE_PREFIX}/admin")

from admin.views import access, dashboard, driver, session  # noqa: E402,F401  (registers the routes)
