"""The admin blueprint: staff pages, every route gated by role."""

from flask import Blueprint, request
from flask_login import current_user

from shop.config import LANGUAGE_PREFIX

admin = Blueprint("admin", __name__, url_prefix=f"{LANGUAGE_PREFIX}/admin")


def acting_staff():
    """Who is making this change and from where, for the audit log."""
    return {"staff_user_id": current_user.id, "ip_address": request.remote_addr}


# The view modules, imported for the routes they register.
from admin.views import (
    access,
    attributes,
    audit,
    brands,
    cash,
    catalog_import,
    categories,
    customers,
    dashboard,
    driver,
    jobs,
    locations,
    navigation,
    orders,
    products,
    session,
    settings,
    staff,
    stock,
    vehicles,
    zones,
)
