"""A driver's page: the deliveries assigned to them that are open or were done today."""

from flask import render_template
from flask_login import current_user
from sqlalchemy import func, or_, select

from admin.views import admin
from shop.auth import roles_required
from shop.extensions import db
from shop.models import Delivery, Order


def deliveries_today(driver_id):
    """(delivery, order) pairs for `driver_id`: not yet delivered, or delivered since midnight."""
    since_midnight = func.date_trunc("day", func.now())
    query = (
        select(Delivery, Order)
        .join(Order, Order.id == Delivery.order_id)
        .where(
            Delivery.driver_id == driver_id,
            or_(Delivery.delivered_at.is_(None), Delivery.delivered_at >= since_midnight),
        )
        .order_by(Delivery.delivered_at.is_not(None), Delivery.sequence, Delivery.assigned_at)
    )
    return db.session.execute(query).all()


@admin.get("/deliveries")
@roles_required("driver")
def driver_home():
    return render_template("admin/driver_home.html", deliveries=deliveries_today(current_user.id))
