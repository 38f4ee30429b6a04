"""Products for managers: the list with inline price and stock edits, the edit form, images,
fitment, price history, soft delete and restore."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from admin.views import acting_staff, admin
from shop.auth import roles_required
from shop.extensions import db
from shop.models import PRODUCT_STATUSES, Brand, Category, Product, ProductImage
from shop.services.audit import record_change, snapshot
from shop.services.cache import bump_catalog_version
from shop.services.images import (
    ImageError,
    add_product_image,
    remove_product_image,
    show_image_first,
)
from shop.services.product_admin import (
    PAGE_SIZE,
    SORTS,
    ListFilters,
    ProductForm,
    ProductInputError,
    add_fitment,
    check,
    copy_fitment,
    find_vehicles,
    fitted,
    price_history,
    product_list,
    remove_fitment,
    restore,
    save,
    set_price,
    set_stock,
    soft_delete,
)
from shop.services.stock import available
from shop.services.vehicles import as_id
from shop.web import render_page

CATALOG_ROLES = ("owner", "manager")
AUDITED = (
    "sku",
    "barcode",
    "name_fr",
    "name_ar",
    "description_fr",
    "description_ar",
    "brand_id",
    "category_id",
    "price",
    "compare_at_price",
    "status",
    "is_restricted",
    "featured",
    "weight_kg",
    "attributes",
    "deleted_at",
)


def product_or_404(product_id):
    return db.session.get(Product, product_id) or abort(404)


def product_image_or_404(product_id, image_id):
    image = db.session.get(ProductImage, image_id)
    if image is None or image.product_id != product_id:
        abort(404)
    return image


def audited(action, product, before):
    record_change(action, product, before, snapshot(product, AUDITED), **acting_staff())


def committed():
    """Commit a catalog change and let every process's cache know."""
    db.session.commit()
    bump_catalog_version()


def list_filters(args):
    page = as_id(args.get("page")) or 1
    return ListFilters(
        query=args.get("q", "")[:200],
        category_id=as_id(args.get("category")),
        brand_id=as_id(args.get("brand")),
        status=args.get("status") if args.get("status") in PRODUCT_STATUSES else None,
        deleted=args.get("deleted") == "1",
        restricted=args.get("restricted") == "1",
        sort=args.get("sort") if args.get("sort") in SORTS else "newest",
        page=min(page, 10_000),
    )


def choices():
    return {
        "categories": db.session.scalars(select(Category).order_by(Category.path)).all(),
        "brands": db.session.scalars(select(Brand).order_by(Brand.name)).all(),
        "statuses": PRODUCT_STATUSES,
    }


@admin.get("/products")
@roles_required(*CATALOG_ROLES)
def products():
    filters = list_filters(request.args)
    rows, more = product_list(filters)
    return render_page(
        "admin/products/list.html",
        rows=rows,
        more=more,
        filters=filters,
        page_size=PAGE_SIZE,
        sorts=SORTS,
        **choices(),
    )


def row_response(product, error=None, status=200):
    """After an inline edit: the row alone for htmx, else back to the list."""
    if request.headers.get("HX-Request"):
        return render_template(
            "admin/products/_row.html",
            product=product,
            available=available(product.id),
            error=error,
        ), status
    if error:
        flash(error)
    return redirect(request.referrer or url_for("admin.products"), code=303)


@admin.post("/products/<int:product_id>/price")
@roles_required(*CATALOG_ROLES)
def product_price_post(product_id):
    product = product_or_404(product_id)
    before = snapshot(product, AUDITED)
    try:
        set_price(product, request.form.get("price"))
    except ProductInputError as error:
        db.session.rollback()
        return row_response(product_or_404(product_id), error.message, 422)
    audited("update", product, before)
    committed()
    return row_response(product)


@admin.post("/products/<int:product_id>/stock")
@roles_required(*CATALOG_ROLES)
def product_stock_post(product_id):
    product = product_or_404(product_id)
    staff = acting_staff()
    try:
        movement = set_stock(product, request.form.get("stock"), staff["staff_user_id"])
    except ProductInputError as error:
        db.session.rollback()
        return row_response(product_or_404(product_id), error.message, 422)
    if movement is not None:
        change = {"location_id": movement.location_id, "on_hand_delta": movement.on_hand_delta}
        record_change("create", movement, None, change | {"reason": movement.reason}, **staff)
    db.session.commit()
    return row_response(product)


def edit_page(product, form, status=200, errors=None, **extra):
    context = {
        "product": product,
        "form": form,
        "errors": errors or {},
        "history": price_history(product.id) if product else [],
        "vehicles": fitted(product.id) if product else [],
        "vehicle_matches": find_vehicles(request.args.get("vehicle_q")) if product else [],
        "fitment_on": current_app.config["SHOP"].feature_vehicle_fitment,
        **choices(),
        **extra,
    }
    return render_template("admin/products/edit.html", **context), status


@admin.get("/products/new")
@roles_required(*CATALOG_ROLES)
def product_new():
    return edit_page(None, ProductForm())


@admin.post("/products/new")
@roles_required(*CATALOG_ROLES)
def product_new_post():
    form = ProductForm.from_form(request.form)
    try:
        checked = check(form)
    except ProductInputError as error:
        return edit_page(None, form, 422, {error.field: error.message})
    product = save(checked)
    audited("create", product, None)
    committed()
    flash(_("The product is created."))
    return redirect(url_for("admin.product_edit", product_id=product.id), code=303)


@admin.get("/products/<int:product_id>")
@roles_required(*CATALOG_ROLES)
def product_edit(product_id):
    product = product_or_404(product_id)
    return edit_page(product, ProductForm.from_product(product))


@admin.post("/products/<int:product_id>")
@roles_required(*CATALOG_ROLES)
def product_edit_post(product_id):
    product = product_or_404(product_id)
    form = ProductForm.from_form(request.form)
    before = snapshot(product, AUDITED)
    try:
        checked = check(form, product)
    except ProductInputError as error:
        return edit_page(product, form, 422, {error.field: error.message})
    save(checked, product)
    audited("update", product, before)
    committed()
    flash(_("The product is saved."))
    return redirect(url_for("admin.product_edit", product_id=product.id), code=303)


@admin.post("/products/<int:product_id>/delete")
@roles_required(*CATALOG_ROLES)
def product_delete_post(product_id):
    product = product_or_404(product_id)
    before = snapshot(product, AUDITED)
    soft_delete(product)
    audited("delete", product, before)
    committed()
    flash(_("The product is deleted. You can restore it from the deleted products."))
    return redirect(url_for("admin.products"), code=303)


@admin.post("/products/<int:product_id>/restore")
@roles_required(*CATALOG_ROLES)
def product_restore_post(product_id):
    product = product_or_404(product_id)
    before = snapshot(product, AUDITED)
    restore(product)
    audited("restore", product, before)
    committed()
    flash(_("The product is restored."))
    return redirect(url_for("admin.product_edit", product_id=product.id), code=303)


@admin.post("/products/<int:product_id>/images")
@roles_required(*CATALOG_ROLES)
def product_image_post(product_id):
    product = product_or_404(product_id)
    upload = request.files.get("image")
    try:
        image = add_product_image(product, upload.read() if upload else b"")
    except ImageError as error:
        return edit_page(product, ProductForm.from_product(product), 422, {"image": error.message})
    record_change(
        "create", image, None, {"product_id": product.id, "url": image.url}, **acting_staff()
    )
    committed()
    flash(_("The image is added."))
    return redirect(url_for("admin.product_edit", product_id=product.id), code=303)


@admin.post("/products/<int:product_id>/images/<int:image_id>/first")
@roles_required(*CATALOG_ROLES)
def product_image_first_post(product_id, image_id):
    image = product_image_or_404(product_id, image_id)
    product = image.product
    before = {"image_ids": [each.id for each in product.images]}
    after = {"image_ids": show_image_first(image)}
    record_change("update", product, before, after, **acting_staff())
    committed()
    flash(_("The image is now shown first."))
    return redirect(url_for("admin.product_edit", product_id=product_id) + "#images", code=303)


@admin.post("/products/<int:product_id>/images/<int:image_id>/delete")
@roles_required(*CATALOG_ROLES)
def product_image_delete_post(product_id, image_id):
    image = product_image_or_404(product_id, image_id)
    record_change(
        "delete", image, {"product_id": product_id, "url": image.url}, None, **acting_staff()
    )
    remove_product_image(image)
    committed()
    flash(_("The image is removed."))
    return redirect(url_for("admin.product_edit", product_id=product_id), code=303)


def fitment_changed(product, before, message):
    after = {"vehicle_ids": [vehicle.id for vehicle in fitted(product.id)]}
    record_change("update", product, before, after, **acting_staff())
    committed()
    flash(message)
    return redirect(url_for("admin.product_edit", product_id=product.id) + "#fitment", code=303)


def fitment_before(product):
    return {"vehicle_ids": [vehicle.id for vehicle in fitted(product.id)]}


@admin.post("/products/<int:product_id>/fitment")
@roles_required(*CATALOG_ROLES)
def product_fitment_post(product_id):
    product = product_or_404(product_id)
    before = fitment_before(product)
    add_fitment(product.id, [as_id(value) for value in request.form.getlist("vehicle")])
    return fitment_changed(product, before, _("The vehicles are added."))


@admin.post("/products/<int:product_id>/fitment/<int:vehicle_id>/delete")
@roles_required(*CATALOG_ROLES)
def product_fitment_delete_post(product_id, vehicle_id):
    product = product_or_404(product_id)
    before = fitment_before(product)
    remove_fitment(product.id, vehicle_id)
    return fitment_changed(product, before, _("The vehicle is removed."))


@admin.post("/products/<int:product_id>/fitment/copy")
@roles_required(*CATALOG_ROLES)
def product_fitment_copy_post(product_id):
    product = product_or_404(product_id)
    before = fitment_before(product)
    try:
        copy_fitment(product.id, request.form.get("source_sku"))
    except ProductInputError as error:
        form = ProductForm.from_product(product)
        return edit_page(product, form, 422, {error.field: error.message})
    return fitment_changed(product, before, _("The fitment is copied."))
