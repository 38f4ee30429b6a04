"""The admin menu: each entry shows to the roles allowed on its page."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from admin.views import admin


@dataclass(frozen=True)
class MenuEntry:
    endpoint: str
    label: str
    roles: frozenset


def entry(endpoint, label, *roles):
    return MenuEntry(endpoint, label, frozenset(roles))


MENU = (
    entry("admin.dashboard", _l("Dashboard"), "owner", "manager", "staff"),
    entry("admin.orders", _l("Orders"), "owner", "manager", "staff"),
    entry("admin.products", _l("Products"), "owner", "manager"),
    entry("admin.categories", _l("Categories"), "owner", "manager"),
    entry("admin.brands", _l("Brands"), "owner", "manager"),
    entry("admin.vehicles", _l("Vehicles"), "owner", "manager"),
    entry("admin.attributes", _l("Attributes"), "owner", "manager"),
    entry("admin.catalog_import", _l("Import / export"), "owner", "manager"),
    entry("admin.stock", _l("Stock"), "owner", "manager", "staff"),
    entry("admin.low_stock_list", _l("Low stock"), "owner", "manager", "staff"),
    entry("admin.cash", _l("Cash from drivers"), "owner", "manager"),
    entry("admin.customers", _l("Customers"), "owner", "manager"),
    entry("admin.location_list", _l("Locations"), "owner", "manager"),
    entry("admin.zone_list", _l("Delivery zones"), "owner", "manager"),
    entry("admin.driver_home", _l("My deliveries"), "driver"),
    entry("admin.search_analytics", _l("Search analytics"), "owner", "manager"),
    entry("admin.audit_log", _l("Audit log"), "owner", "manager"),
    entry("admin.jobs", _l("Background jobs"), "owner", "manager"),
    entry("admin.staff_list", _l("Staff"), "owner"),
    entry("admin.settings", _l("Settings"), "owner"),
    entry("admin.my_account", _l("My account"), "owner", "manager", "staff", "driver"),
)


@admin.app_context_processor
def admin_menu():
    """The menu entries the logged-in staff member may open."""

    def entries():
        role = getattr(current_user, "role", None)
        return [item for item in MENU if role in item.roles]

    return {"admin_menu": entries}
