"""The admin blueprint: staff pages, every route gated by role."""

from flask import Blueprint

admin = Blueprint("admin", __name__, url_prefix="/<lang_code>/admin")

from admin.views import access, dashboard, driver, session  # noqa: E402,F401  (registers the routes)
