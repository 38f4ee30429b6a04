"""Customers: found by name or phone, with their addresses, orders and the staff's notes."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from admin.views import acting_staff, admin
from shop.auth import roles_required
from shop.extensions import db
from shop.models import Customer
from shop.services.audit import record_change, snapshot
from shop.services.customer_admin import customer_orders, find_customers, set_notes
from shop.services.orders import STATUS_LABELS
from shop.services.vehicles import as_id

CUSTOMER_ROLES = ("owner", "manager")


@admin.get("/customers")
@roles_required(*CUSTOMER_ROLES)
def customers():
    query = request.args.get("q", "")
    page = min(as_id(request.args.get("page")) or 1, 10_000)
    found, more = find_customers(query, current_app.config["SHOP"].country, page)
    return render_template(
        "admin/customers/list.html", customers=found, more=more, query=query, page=page
    )


def customer_page(customer, status=200, notes=None, error=None):
    context = {
        "customer": customer,
        "orders": customer_orders(customer.id),
        "status_labels": STATUS_LABELS,
        "notes": customer.notes or "" if notes is None else notes,
        "error": error,
    }
    return render_template("admin/customers/detail.html", **context), status


@admin.get("/customers/<int:customer_id>")
@roles_required(*CUSTOMER_ROLES)
def customer_detail(customer_id):
    return customer_page(db.session.get(Customer, customer_id) or abort(404))


@admin.post("/customers/<int:customer_id>/notes")
@roles_required(*CUSTOMER_ROLES)
def customer_notes_post(customer_id):
    customer = db.session.get(Customer, customer_id) or abort(404)
    before = snapshot(customer, ("notes",))
    typed = request.form.get("notes", "")
    try:
        set_notes(customer, typed)
    except ValueError as error:
        return customer_page(customer, 422, typed, str(error))
    record_change("update", customer, before, snapshot(customer, ("notes",)), **acting_staff())
    db.session.commit()
    flash(_("The notes are saved."))
    return redirect(url_for("admin.customer_detail", customer_id=customer.id), code=303)
