"""The admin blueprint: staff pages, every route gated by role."""

from flask import Blueprint

from shop.config import LANGUAGES

admin = Blueprint("admin", __name__, url_prefix=f"/<any({','.join(LANGUAGES)}):lang_code>/admin")

from admin.views import access, dashboard, driver, session  # noqa: E402,F401  (registers the routes)
