"""Stock pages: find a product, see its stock per location, adjust it with a reason, set its
low-stock threshold, read its movements; and the list of products running low."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from admin.views import acting_staff, admin
from shop.auth import roles_required
from shop.extensions import db
from shop.models import Product
from shop.services.audit import record_change, snapshot
from shop.services.stock_admin import (
    ADJUSTMENTS,
    REASON_LABELS,
    StockInputError,
    apply_adjustment,
    find_products,
    levels,
    low_stock,
    movement_history,
    set_threshold,
)
from shop.services.vehicles import as_id

STOCK_ROLES = ("owner", "manager", "staff")


@admin.get("/stock")
@roles_required(*STOCK_ROLES)
def stock():
    query = request.args.get("q", "")[:200]
    return render_template("admin/stock/list.html", rows=find_products(query), query=query)


@admin.get("/stock/low")
@roles_required(*STOCK_ROLES)
def low_stock_list():
    return render_template("admin/stock/low.html", rows=low_stock())


def product_or_404(product_id):
    product = db.session.get(Product, product_id)
    if product is None or product.deleted_at is not None:
        abort(404)
    return product


def product_stock_page(product, status=200, values=None, errors=None):
    context = {
        "product": product,
        "levels": levels(product.id),
        "movements": movement_history(product.id),
        "adjustments": ADJUSTMENTS,
        "reason_labels": REASON_LABELS,
        "values": values or {},
        "errors": errors or {},
    }
    return render_template("admin/stock/product.html", **context), status


@admin.get("/stock/<int:product_id>")
@roles_required(*STOCK_ROLES)
def product_stock(product_id):
    return product_stock_page(product_or_404(product_id))


@admin.post("/stock/<int:product_id>/adjust")
@roles_required(*STOCK_ROLES)
def product_stock_adjust(product_id):
    product = product_or_404(product_id)
    values = {name: request.form.get(name, "") for name in ("location", "kind", "quantity", "note")}
    staff = acting_staff()
    try:
        movement = apply_adjustment(
            product,
            as_id(values["location"]),
            values["kind"],
            values["quantity"],
            values["note"],
            staff["staff_user_id"],
        )
    except StockInputError as error:
        db.session.rollback()
        return product_stock_page(product, 422, values, {error.field: error.message})
    if movement is not None:
        after = {
            "location_id": movement.location_id,
            "on_hand_delta": movement.on_hand_delta,
            "reason": movement.reason,
            "note": movement.note,
        }
        record_change("create", movement, None, after, **staff)
    db.session.commit()
    flash(_("The stock is updated.") if movement else _("The count matches: nothing to change."))
    return redirect(url_for("admin.product_stock", product_id=product.id), code=303)


@admin.post("/stock/<int:product_id>/threshold")
@roles_required(*STOCK_ROLES)
def product_stock_threshold(product_id):
    product = product_or_404(product_id)
    typed = request.form.get("threshold", "")
    before = snapshot(product, ("low_stock_threshold",))
    try:
        set_threshold(product, typed)
    except StockInputError as error:
        db.session.rollback()
        product = product_or_404(product_id)
        return product_stock_page(product, 422, {"threshold": typed}, {error.field: error.message})
    record_change(
        "update", product, before, snapshot(product, ("low_stock_threshold",)), **acting_staff()
    )
    db.session.commit()
    flash(_("The low-stock threshold is saved."))
    return redirect(url_for("admin.product_stock", product_id=product.id), code=303)
