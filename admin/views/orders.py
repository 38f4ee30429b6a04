"""Orders for staff: the list that updates itself, an order's detail with its allowed next steps,
confirming a WhatsApp order with its address, assigning a driver, and the packing slip."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from admin.views import acting_staff, admin
from shop.auth import roles_required
from shop.extensions import db
from shop.i18n import current_language
from shop.models import City, DeliveryZone, Order, StaffUser
from shop.services.audit import record_change, snapshot
from shop.services.delivery import cities_by_region
from shop.services.order_admin import (
    AddressForm,
    AssignmentError,
    OrderFilters,
    active_drivers,
    assign_driver,
    complete_address,
    customer_wa_link,
    order_list,
)
from shop.services.orders import STATUS_LABELS, OrderError, allowed_transitions, transition
from shop.services.vehicles import as_id
from shop.web import render_page

ORDER_ROLES = ("owner", "manager", "staff")
ADDRESS_FIELDS = ("city_id", "landmark", "street", "zone_id", "delivery_fee", "total")
MAX_NOTE_LENGTH = 1000
ACTOR_LABELS = {
    "customer": _l("the customer"),
    "staff": _l("staff"),
    "driver": _l("the driver"),
    "system": _l("the shop"),
}


def order_or_404(reference):
    order = db.session.scalar(select(Order).where(Order.reference == reference))
    return order or abort(404)


def tracking_url(order):
    return url_for(
        "storefront.track", lang_code=order.language, ref=order.reference, _external=True
    )


@admin.get("/orders")
@roles_required(*ORDER_ROLES)
def orders():
    filters = OrderFilters.from_args(request.args)
    found, more = order_list(filters, before_id=as_id(request.args.get("before")))
    return render_page(
        "admin/orders/list.html",
        orders=found,
        more=more,
        filters=filters,
        zones=db.session.scalars(select(DeliveryZone).order_by(DeliveryZone.name_fr)).all(),
        drivers=active_drivers(),
        status_labels=STATUS_LABELS,
    )


def staff_names(order):
    """Names of the staff who moved the order or deliver it, by id."""
    ids = {event.staff_user_id for event in order.events if event.staff_user_id}
    if order.delivery and order.delivery.driver_id:
        ids.add(order.delivery.driver_id)
    if not ids:
        return {}
    query = select(StaffUser.id, StaffUser.name).where(StaffUser.id.in_(ids))
    return dict(db.session.execute(query).all())


def detail_context(order, **extra):
    region_cities = cities_by_region(
        current_app.config["SHOP"].country, current_language(), zones_required=True
    )
    return {
        "order": order,
        "status_labels": STATUS_LABELS,
        "next_steps": allowed_transitions(order.status, "staff"),
        "drivers": active_drivers(),
        "wa_customer_link": customer_wa_link(order, tracking_url(order)),
        "tracking_url": tracking_url(order),
        "region_cities": region_cities,
        "address": AddressForm(
            city_id=str(order.city_id or ""),
            landmark=order.landmark or "",
            street=order.street or "",
        ),
        "errors": {},
        "city": db.session.get(City, order.city_id) if order.city_id else None,
        "staff_names": staff_names(order),
        "actor_labels": ACTOR_LABELS,
        **extra,
    }


@admin.get("/orders/<reference>")
@roles_required(*ORDER_ROLES)
def order_detail(reference):
    return render_template("admin/orders/detail.html", **detail_context(order_or_404(reference)))


@admin.post("/orders/<reference>/status")
@roles_required(*ORDER_ROLES)
def order_status_post(reference):
    order = order_or_404(reference)
    target = request.form.get("to", "")
    note = request.form.get("note", "").strip()[:MAX_NOTE_LENGTH] or None
    if target not in STATUS_LABELS:
        abort(400)
    if target == "confirmed" and not (order.landmark or order.street):
        context = detail_context(order, step_error=_("Complete the address before confirming."))
        return render_template("admin/orders/detail.html", **context), 422
    before = {"status": order.status}
    try:
        transition(order, target, "staff", staff_user=current_user, note=note)
    except OrderError as error:
        db.session.rollback()
        order = order_or_404(reference)
        context = detail_context(order, step_error=error.message)
        return render_template("admin/orders/detail.html", **context), 422
    record_change("update", order, before, {"status": order.status, "note": note}, **acting_staff())
    db.session.commit()
    flash(_("Order %(reference)s: %(status)s.", reference=reference, status=STATUS_LABELS[target]))
    return redirect(url_for("admin.order_detail", reference=reference), code=303)


@admin.post("/orders/<reference>/address")
@roles_required(*ORDER_ROLES)
def order_address_post(reference):
    order = order_or_404(reference)
    form = AddressForm(
        city_id=request.form.get("city", ""),
        landmark=request.form.get("landmark", ""),
        street=request.form.get("street", ""),
    )
    errors = form.errors(current_app.config["SHOP"].country)
    if order.status != "awaiting_confirmation":
        errors["city"] = _("Only an order awaiting confirmation can have its address changed.")
    if errors:
        context = detail_context(order, address=form, errors=errors)
        return render_template("admin/orders/detail.html", **context), 422
    before = snapshot(order, ADDRESS_FIELDS)
    complete_address(order, form)
    record_change("update", order, before, snapshot(order, ADDRESS_FIELDS), **acting_staff())
    db.session.commit()
    flash(_("The address is saved."))
    return redirect(url_for("admin.order_detail", reference=reference), code=303)


@admin.post("/orders/<reference>/driver")
@roles_required(*ORDER_ROLES)
def order_driver_post(reference):
    order = order_or_404(reference)
    before = {"driver_id": order.delivery.driver_id if order.delivery else None}
    try:
        delivery = assign_driver(order, as_id(request.form.get("driver")))
    except AssignmentError as error:
        context = detail_context(order, driver_error=error.message)
        return render_template("admin/orders/detail.html", **context), 422
    record_change("update", order, before, {"driver_id": delivery.driver_id}, **acting_staff())
    db.session.commit()
    flash(_("The driver is assigned."))
    return redirect(url_for("admin.order_detail", reference=reference), code=303)


@admin.get("/orders/<reference>/packing-slip")
@roles_required(*ORDER_ROLES)
def packing_slip(reference):
    order = order_or_404(reference)
    city = db.session.get(City, order.city_id) if order.city_id else None
    return render_template("admin/orders/packing_slip.html", order=order, city=city)
