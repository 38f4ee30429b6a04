"""The end-of-day reconciliation: the cash each driver holds, and its hand-over to the shop."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from admin.views import acting_staff, admin
from shop.auth import roles_required
from shop.extensions import db
from shop.services.audit import record_change
from shop.services.deliveries import (
    DeliveryError,
    cash_to_hand_in,
    expected_of,
    recent_handovers,
    record_handover,
)
from shop.services.vehicles import as_id


def cash_page(status=200, **extra):
    context = {
        "holdings": cash_to_hand_in(),
        "handovers": [
            (handover, driver_name, expected_of(handover))
            for handover, driver_name in recent_handovers()
        ],
        "errors": {},
        "values": {},
        **extra,
    }
    return render_template("admin/cash.html", **context), status


@admin.get("/cash")
@roles_required("owner", "manager")
def cash():
    return cash_page()


@admin.post("/cash")
@roles_required("owner", "manager")
def cash_post():
    driver_id = as_id(request.form.get("driver"))
    amount = request.form.get("amount", "")
    try:
        handover, expected = record_handover(
            driver_id, amount, current_user, current_app.config["SHOP"].currency
        )
    except DeliveryError as error:
        db.session.rollback()
        values = {"driver": driver_id, "amount": amount}
        return cash_page(422, errors={driver_id: error.message}, values=values)
    after = {"driver_id": handover.driver_id, "amount": handover.amount, "expected": expected}
    record_change("create", handover, None, after, **acting_staff())
    db.session.commit()
    if handover.amount != expected:
        flash(_("Hand-over recorded. It differs from the cash collected: follow it up."))
    else:
        flash(_("Hand-over recorded."))
    return redirect(url_for("admin.cash"), code=303)
