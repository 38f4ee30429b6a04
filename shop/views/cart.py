"""The cart page and its changes (add, change a quantity, remove), as plain forms or with HTMX.

Every change is a POST form carrying the CSRF token. Without JavaScript it redirects back
(post/redirect/get) with a message; with HTMX the same endpoint returns only the part of the page
that changed, plus the header's cart badge out of band.
"""

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from shop.extensions import db
from shop.models import Customer
from shop.services.cart import (
    CART_LIFETIME,
    CartError,
    NotInCart,
    NotSold,
    add_to_cart,
    cart_contents,
    customer_cart,
    find_cart,
    keep_alive,
    open_cart,
    parse_id,
    parse_quantity,
    remove_from_cart,
    set_quantity,
    signed_token,
)
from shop.services.listing import available_stock
from shop.services.products import live_product
from shop.views import CART_COOKIE, cart_token, storefront
from shop.web import render_page

CART_BLOCK = "cart_contents"
BUY_BOX_PREFIX = "buy-box-"


def signed_in_customer_id():
    """The id of the logged-in customer, or None (guests and staff)."""
    user = current_user._get_current_object() if current_user else None
    return user.id if isinstance(user, Customer) and user.is_active else None


def current_cart():
    """The visitor's cart, or None; a cart of another customer than the one logged in is not."""
    if "cart" not in g:
        customer_id = signed_in_customer_id()
        cart = find_cart(cart_token())
        if cart is not None and cart.customer_id not in (None, customer_id):
            cart = None
        if cart is None and customer_id is not None:
            cart = customer_cart(customer_id)
        g.cart = cart
    return g.cart


def remember_cart(response, cart):
    """Make the browser carry `cart` (as a signed token) for the next 30 days."""
    response.set_cookie(
        CART_COOKIE,
        signed_token(cart.token),
        max_age=int(CART_LIFETIME.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


def htmx_target():
    """The element id an HTMX request will swap, or None for an ordinary request."""
    return request.headers.get("HX-Target") if request.headers.get("HX-Request") else None


def cart_page(status=200):
    contents = cart_contents(current_cart())
    return render_page("shop/cart.html", contents=contents, badge_oob=bool(htmx_target())), status


@storefront.get("/cart")
def cart():
    cart = current_cart()
    body, status = cart_page()
    response = current_app.make_response((body, status))
    if cart is not None:
        keep_alive(cart)
        db.session.commit()
        remember_cart(response, cart)
    return response


def buy_box(product_id, message=None, error=None):
    """The add-to-cart box of a product page, after a change made with HTMX."""
    product = live_product(product_id) if product_id else None
    available = available_stock([product_id]).get(product_id, 0) if product else 0
    return render_template(
        "shop/_add_to_cart.html",
        product=product,
        available=available,
        message=message,
        error=error,
        badge_oob=True,
    )


def refused(error, product_id=None):
    """Nothing changed: say why, in the part of the page that asked, or on the cart page (422)."""
    db.session.rollback()
    g.pop("cart", None)
    target = htmx_target()
    if target and target.startswith(BUY_BOX_PREFIX):
        return buy_box(product_id, error=error.message)
    flash(error.message, "error")
    if target == CART_BLOCK:
        # htmx swaps only successful responses: the refusal is shown as the block's new state.
        return cart_page()
    return cart_page(status=422)


def changed(message, cart):
    """The change is saved: answer the part of the page that asked, or redirect to the cart."""
    target = htmx_target()
    if target and target.startswith(BUY_BOX_PREFIX):
        product_id = parse_id(request.form.get("product_id"))
        response = current_app.make_response(buy_box(product_id, message=message))
    else:
        flash(message, "success")
        if target == CART_BLOCK:
            response = current_app.make_response(cart_page())
        else:
            response = redirect(url_for("storefront.cart"), code=303)
    return remember_cart(response, cart)


def capped_message(change, done_message):
    if change.capped:
        return _(
            "Limited by our stock: your cart now holds %(quantity)s of this product.",
            quantity=change.quantity,
        )
    return done_message


@storefront.post("/cart/add")
def cart_add():
    product_id = parse_id(request.form.get("product_id"))
    try:
        quantity = parse_quantity(request.form.get("quantity", "1"))
        if product_id is None:
            raise NotSold()
        cart = current_cart()
        if cart is None:
            cart = g.cart = open_cart(signed_in_customer_id())
        change = add_to_cart(cart, product_id, quantity)
    except CartError as error:
        return refused(error, product_id)
    db.session.commit()
    return changed(capped_message(change, _("Added to your cart.")), cart)


@storefront.post("/cart/update")
def cart_update():
    product_id = parse_id(request.form.get("product_id"))
    cart = current_cart()
    try:
        quantity = parse_quantity(request.form.get("quantity"))
        if product_id is None or cart is None:
            raise NotInCart()
        change = set_quantity(cart, product_id, quantity)
    except CartError as error:
        return refused(error, product_id)
    db.session.commit()
    return changed(capped_message(change, _("Quantity updated.")), cart)


@storefront.post("/cart/remove")
def cart_remove():
    product_id = parse_id(request.form.get("product_id"))
    cart = current_cart()
    if cart is not None and product_id is not None:
        remove_from_cart(cart, product_id)
        db.session.commit()
        return changed(_("Removed from your cart."), cart)
    flash(_("Removed from your cart."), "success")
    if htmx_target() == CART_BLOCK:
        return cart_page()
    return redirect(url_for("storefront.cart"), code=303)
