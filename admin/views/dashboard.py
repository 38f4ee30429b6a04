"""The admin landing page."""

from flask import render_template
from sqlalchemy import func, select

from admin.views import admin
from shop.auth import roles_required
from shop.extensions import db
from shop.models import Order, Product


def shop_counts():
    """The few numbers the dashboard opens with: orders to confirm and products on sale."""
    awaiting = (
        select(func.count()).select_from(Order).where(Order.status == "awaiting_confirmation")
    )
    live_products = (
        select(func.count())
        .select_from(Product)
        .where(Product.status == "active", Product.deleted_at.is_(None))
    )
    return {
        "orders_awaiting": db.session.scalar(awaiting),
        "products_live": db.session.scalar(live_products),
    }


@admin.get("/")
@roles_required("owner", "manager", "staff")
def dashboard():
    return render_template("admin/dashboard.html", **shop_counts())
