"""Order tracking: a customer gives the order reference and phone and sees where the order is.

A wrong pair gets one answer whatever was wrong, and attempts are rate-limited per address and
per reference, so the form cannot be used to find orders or to learn whose they are. After one
good answer the browser's signed session remembers the reference and shows it without asking.
"""

from datetime import timedelta

from flask import current_app, redirect, request, session, url_for
from flask_babel import format_date, format_datetime
from flask_babel import lazy_gettext as _l

from shop.extensions import db
from shop.models import DeliveryZone
from shop.services import ratelimit
from shop.services.customers import account_order, order_by_reference, order_matching
from shop.services.orders import STATUS_LABELS
from shop.services.references import normalize_reference
from shop.views import storefront
from shop.views.account import client_address, current_customer, no_store, too_many_attempts
from shop.views.checkout import PLACED_ORDERS
from shop.web import render_page

TRACKED_ORDERS = "tracked_orders"
REMEMBERED_ORDERS = 10
MAX_TYPED_LENGTH = 40
# The usual road of an order; cancelled and refused orders leave it where it stopped.
HAPPY_PATH = ("awaiting_confirmation", "confirmed", "preparing", "out_for_delivery", "delivered")
FINISHED = {"delivered", "cancelled", "refused"}
NO_MATCH = _l(
    "We found no order with this reference and phone number. Please check both and try again."
)
MISSING_REFERENCE = _l("Please enter your order reference.")


def remember_tracked(reference):
    tracked = [ref for ref in session.get(TRACKED_ORDERS, []) if ref != reference]
    session[TRACKED_ORDERS] = [*tracked, reference][-REMEMBERED_ORDERS:]


def visible_order(reference):
    """The order this browser may see without typing the phone again, or None."""
    if not reference:
        return None
    customer = current_customer()
    if customer is not None:
        order = account_order(customer.id, reference)
        if order is not None:
            return order
    if reference in session.get(TRACKED_ORDERS, []) or reference in session.get(PLACED_ORDERS, []):
        return order_by_reference(reference)
    return None


def timeline(order):
    """(status, label, when or None) steps: the usual road up to now, or up to where it stopped."""
    reached = {}
    for event in order.events:
        reached[event.to_status] = event.at
    steps = [status for status in HAPPY_PATH if status in reached]
    if order.status in FINISHED - {"delivered"}:
        steps.append(order.status)
    else:
        steps.extend(status for status in HAPPY_PATH if status not in reached)
    return [
        (status, STATUS_LABELS[status], format_datetime(reached[status], "medium"))
        if status in reached
        else (status, STATUS_LABELS[status], None)
        for status in steps
    ]


def expected_by(order):
    """The latest delivery date the order's zone promises, in words; None once it is over."""
    if order.status in FINISHED or order.zone_id is None:
        return None
    zone = db.session.get(DeliveryZone, order.zone_id)
    return format_date(order.placed_at + timedelta(hours=zone.eta_hours_max), "full")


def render_order(order):
    page = render_page(
        "shop/track.html",
        order=order,
        steps=timeline(order),
        expected=expected_by(order),
        status_label=STATUS_LABELS[order.status],
    )
    return no_store(page)


def render_form(reference="", phone="", error=None, status=200):
    page = render_page("shop/track.html", order=None, reference=reference, phone=phone, error=error)
    return no_store((page, status))


@storefront.get("/track")
def track():
    """The order of `?ref=` if this browser may see it, else the form (its reference filled in)."""
    typed = request.args.get("ref", "")[:MAX_TYPED_LENGTH]
    order = visible_order(normalize_reference(typed))
    if order is not None:
        return render_order(order)
    return render_form(reference=typed.strip())


@storefront.post("/track")
def track_post():
    typed_reference = request.form.get("reference", "")[:MAX_TYPED_LENGTH].strip()
    typed_phone = request.form.get("phone", "")[:MAX_TYPED_LENGTH].strip()
    reference = normalize_reference(typed_reference)
    if not reference:
        return render_form(typed_reference, typed_phone, MISSING_REFERENCE, status=400)
    allowed = ratelimit.hit("track", f"ip:{client_address()}", f"ref:{reference}")
    if not allowed:
        return too_many_attempts("shop/track.html", order=None, reference=typed_reference)
    country = current_app.config["SHOP"].country
    order = order_matching(reference, typed_phone, country)
    if order is None:
        return render_form(typed_reference, typed_phone, NO_MATCH, status=404)
    remember_tracked(order.reference)
    return redirect(url_for("storefront.track", ref=order.reference), code=303)
