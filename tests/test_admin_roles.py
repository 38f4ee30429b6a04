"""Every admin URL, walked by every role and by an anonymous visitor: the roles let in are exactly
the intended ones. A new admin route fails this test until its roles are written down here."""

import re

import pytest
from flask import url_for

from shop.extensions import db
from shop.models import JobRun
from tests import factories

OWNER, MANAGER, STAFF, DRIVER = "owner", "manager", "staff", "driver"
EVERY_STAFF = {OWNER, MANAGER, STAFF}
CATALOG = {OWNER, MANAGER}
OPEN = {
    "admin.login",
    "admin.login_post",
    "admin.login_code",
    "admin.login_code_post",
    "admin.logout",
    "admin.invitation",
    "admin.invitation_post",
}

# endpoint → the roles allowed in. Decided from issue 5: owner everything; manager catalog, stock,
# orders, customers, reports; staff orders and stock; driver only their own deliveries.
INTENDED = {
    "admin.dashboard": EVERY_STAFF,
    "admin.driver_home": {DRIVER},
    "admin.jobs": CATALOG,
    "admin.job_detail": CATALOG,
    "admin.orders": EVERY_STAFF,
    "admin.order_detail": EVERY_STAFF,
    "admin.order_status_post": EVERY_STAFF,
    "admin.order_address_post": EVERY_STAFF,
    "admin.order_driver_post": EVERY_STAFF,
    "admin.packing_slip": EVERY_STAFF,
    "admin.driver_delivery": {DRIVER},
    "admin.driver_start_post": {DRIVER},
    "admin.driver_delivered_post": {DRIVER},
    "admin.driver_refused_post": {DRIVER},
    "admin.stock": EVERY_STAFF,
    "admin.low_stock_list": EVERY_STAFF,
    "admin.product_stock": EVERY_STAFF,
    "admin.product_stock_adjust": EVERY_STAFF,
    "admin.product_stock_threshold": EVERY_STAFF,
    "admin.catalog_import": CATALOG,
    "admin.catalog_import_post": CATALOG,
    "admin.catalog_import_run": CATALOG,
    "admin.catalog_import_apply": CATALOG,
    "admin.catalog_export": CATALOG,
    "admin.products": CATALOG,
    "admin.product_price_post": CATALOG,
    "admin.product_stock_post": CATALOG,
    "admin.product_new": CATALOG,
    "admin.product_new_post": CATALOG,
    "admin.product_edit": CATALOG,
    "admin.product_edit_post": CATALOG,
    "admin.product_delete_post": CATALOG,
    "admin.product_restore_post": CATALOG,
    "admin.product_image_post": CATALOG,
    "admin.product_image_delete_post": CATALOG,
    "admin.product_image_first_post": CATALOG,
    "admin.product_fitment_post": CATALOG,
    "admin.product_fitment_delete_post": CATALOG,
    "admin.product_fitment_copy_post": CATALOG,
    "admin.search_analytics": CATALOG,
    "admin.audit_log": CATALOG,
    "admin.staff_list": {OWNER},
    "admin.staff_invite_post": {OWNER},
    "admin.staff_role_post": {OWNER},
    "admin.staff_active_post": {OWNER},
    "admin.staff_invitation_post": {OWNER},
    "admin.my_account": EVERY_STAFF | {DRIVER},
    "admin.two_factor_qr": EVERY_STAFF | {DRIVER},
    "admin.two_factor_post": EVERY_STAFF | {DRIVER},
    "admin.settings": {OWNER},
    "admin.settings_post": {OWNER},
    "admin.location_list": CATALOG,
    "admin.location_new": CATALOG,
    "admin.location_new_post": CATALOG,
    "admin.location_edit": CATALOG,
    "admin.location_edit_post": CATALOG,
    "admin.zone_list": CATALOG,
    "admin.zone_new": CATALOG,
    "admin.zone_new_post": CATALOG,
    "admin.zone_edit": CATALOG,
    "admin.zone_edit_post": CATALOG,
    "admin.customers": CATALOG,
    "admin.customer_detail": CATALOG,
    "admin.customer_notes_post": CATALOG,
    "admin.brands": CATALOG,
    "admin.brand_new_post": CATALOG,
    "admin.brand_edit_post": CATALOG,
    "admin.categories": CATALOG,
    "admin.category_new_post": CATALOG,
    "admin.category_edit_post": CATALOG,
    "admin.category_up_post": CATALOG,
    "admin.category_down_post": CATALOG,
    "admin.category_delete_post": CATALOG,
    "admin.vehicles": CATALOG,
    "admin.vehicle_new_post": CATALOG,
    "admin.vehicle_edit_post": CATALOG,
    "admin.attributes": CATALOG,
    "admin.attribute_edit": CATALOG,
    "admin.attribute_edit_post": CATALOG,
    "admin.cash": CATALOG,
    "admin.cash_post": CATALOG,
}


@pytest.fixture
def samples(app):
    """One record of each kind an admin URL can name, by the URL argument that names it."""
    product = factories.make_product(attributes={"position": "avant"})
    run = JobRun(job_id="sample-run", name="agents.catalog_import.import_catalog")
    db.session.add(run)
    db.session.flush()
    with app.app_context():
        order = factories.make_order()
    vehicle = factories.make_vehicle()
    image = factories.make_image(product, "/media/products/sample.webp")
    return {
        "product_id": product.id,
        "run_id": run.id,
        "reference": order.reference,
        "image_id": image.id,
        "vehicle_id": vehicle.id,
        "staff_id": factories.make_staff().id,
        "key": "position",
        "zone_id": factories.make_zone().id,
        "location_id": factories.make_location().id,
        "brand_id": factories.make_brand().id,
        "category_id": factories.make_category().id,
        "customer_id": factories.make_customer().id,
    }


def admin_rules(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("admin.") and rule.endpoint not in OPEN
    ]


def build_url(app, rule, samples):
    arguments = {name: samples[name] for name in rule.arguments if name != "lang_code"}
    with app.test_request_context():
        return url_for(rule.endpoint, lang_code="fr", **arguments)


def method_of(rule):
    return "GET" if "GET" in rule.methods else "POST"


def test_every_admin_route_has_its_intended_roles(app):
    endpoints = {rule.endpoint for rule in admin_rules(app)}

    assert endpoints == set(INTENDED), "write the roles of new admin routes in INTENDED"


def test_every_url_argument_has_a_sample(app, samples):
    needed = {name for rule in admin_rules(app) for name in rule.arguments} - {"lang_code"}

    assert needed <= set(samples)


@pytest.mark.parametrize("role", [OWNER, MANAGER, STAFF, DRIVER, None])
def test_each_role_reaches_exactly_its_pages(app, client, login_as, samples, role):
    if role:
        login_as(client, role)
    reached = set()
    for rule in admin_rules(app):
        url = build_url(app, rule, samples)
        response = client.open(url, method=method_of(rule), data={})
        location = response.headers.get("Location", "")
        assert response.status_code != 500, url
        if role is None:
            assert response.status_code == 302 and "/admin/login" in location, url
            continue
        sent_away = role == DRIVER and re.search(r"/admin/deliveries$", location)
        if response.status_code != 403 and not sent_away:
            reached.add(rule.endpoint)

    if role is not None:
        assert reached == {endpoint for endpoint, roles in INTENDED.items() if role in roles}
