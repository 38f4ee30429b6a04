"""A driver's pages, phone-sized: today's deliveries, and each one marked delivered or refused."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from admin.views import acting_staff, admin
from shop.auth import roles_required
from shop.extensions import db
from shop.services.audit import record_change
from shop.services.deliveries import (
    DeliveryError,
    deliveries_today,
    drivers_delivery,
    mark_delivered,
    mark_refused,
    start_delivery,
)
from shop.services.orders import STATUS_LABELS, OrderError
from shop.services.whatsapp import wa_link


@admin.get("/deliveries")
@roles_required("driver")
def driver_home():
    return render_template(
        "admin/driver_home.html",
        deliveries=deliveries_today(current_user.id),
        status_labels=STATUS_LABELS,
    )


def own_order_or_404(reference):
    return drivers_delivery(current_user.id, reference) or abort(404)


def delivery_page(order, status=200, **extra):
    context = {
        "order": order,
        "status_labels": STATUS_LABELS,
        "wa_customer": wa_link(order.phone),
        "values": {},
        "errors": {},
        **extra,
    }
    return render_template("admin/driver_delivery.html", **context), status


@admin.get("/deliveries/<reference>")
@roles_required("driver")
def driver_delivery(reference):
    return delivery_page(own_order_or_404(reference))


@admin.post("/deliveries/<reference>/start")
@roles_required("driver")
def driver_start_post(reference):
    return at_the_door(reference, lambda order: start_delivery(order, current_user), None)


@admin.post("/deliveries/<reference>/delivered")
@roles_required("driver")
def driver_delivered_post(reference):
    cash = request.form.get("cash", "")
    return at_the_door(
        reference, lambda order: mark_delivered(order, current_user, cash), ("cash", cash)
    )


@admin.post("/deliveries/<reference>/refused")
@roles_required("driver")
def driver_refused_post(reference):
    reason = request.form.get("reason", "")
    return at_the_door(
        reference, lambda order: mark_refused(order, current_user, reason), ("reason", reason)
    )


def at_the_door(reference, record, typed):
    """Record what happened with `record(order)`; on an error, the page again with the typing."""
    order = own_order_or_404(reference)
    before = {"status": order.status}
    try:
        event = record(order)
    except (DeliveryError, OrderError) as error:
        db.session.rollback()
        order = own_order_or_404(reference)
        field, value = typed or ("step", "")
        return delivery_page(order, 422, values={field: value}, errors={field: error.message})
    after = {"status": event.to_status, "note": event.note}
    if order.delivery and order.delivery.cash_collected is not None:
        after["cash_collected"] = order.delivery.cash_collected
    record_change("update", order, before, after, **acting_staff())
    db.session.commit()
    flash(
        _(
            "Order %(reference)s: %(status)s.",
            reference=reference,
            status=STATUS_LABELS[event.to_status],
        )
    )
    return redirect(url_for("admin.driver_home"), code=303)
