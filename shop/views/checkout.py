"""Checkout with cash on delivery, ordering by WhatsApp, and the order confirmation page.

Both forms carry an idempotency key drawn when the form is shown, so a double click, a refresh
or a retry records one order. Orders are placed by `shop.services.orders.place_order`; the cart
is emptied in the same transaction. The confirmation page shows an order only to the browser
that placed it (its references are kept in the signed session); anyone else gets the tracking
form, which asks for the phone number too.
"""

import math

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from shop.extensions import db
from shop.i18n import current_language
from shop.models import CartItem, City, Customer, DeliveryZone, Order
from shop.services.cart import CartContents, CartLine, cart_contents, empty_cart, parse_id
from shop.services.delivery import (
    DeliveryQuote,
    cities_by_region,
    delivery_city,
    delivery_regions,
    region_cities,
)
from shop.services.listing import available_stock
from shop.services.orders import (
    EmptyOrder,
    OrderError,
    PricesChanged,
    place_order,
    zone_for_city,
)
from shop.services.products import live_product
from shop.services.references import normalize_reference
from shop.services.stock import OutOfStock
from shop.services.whatsapp import WA_ME, wa_order_link
from shop.views import storefront
from shop.views.account import no_store
from shop.views.cart import cart_page, current_cart, htmx_target, signed_in_customer_id
from shop.views.forms_checkout import IDEMPOTENCY_KEY, read_order_form, typed_values
from shop.web import SECURITY_HEADERS, render_page

CITY_BLOCK = "city"
PLACED_ORDERS = "placed_orders"
REMEMBERED_ORDERS = 20
HOURS_PER_DAY = 24
# Where an error of `place_order` belongs in the form; the others concern the whole order.
ERROR_FIELDS = {
    "name": "name",
    "phone": "phone",
    "age_required": "birth_date",
    "underage": "birth_date",
    "zone_unavailable": "city",
}


def delivery_estimate(zone):
    """When an order to the zone arrives at the latest, in words."""
    hours = zone.eta_hours_max
    if hours < HOURS_PER_DAY:
        return ngettext("Delivery within %(num)d hour", "Delivery within %(num)d hours", hours)
    days = math.ceil(hours / HOURS_PER_DAY)
    return ngettext("Delivery within %(num)d day", "Delivery within %(num)d days", days)


storefront.add_app_template_filter(delivery_estimate, "delivery_estimate")


def prefilled(values):
    """The logged-in customer's name and phone, where the form has none yet."""
    customer_id = signed_in_customer_id()
    if customer_id is not None:
        customer = db.session.get(Customer, customer_id)
        values["name"] = values["name"] or customer.name
        values["phone"] = values["phone"] or customer.phone
    return values


def order_error(error):
    """{field: message} for an error `place_order` raised."""
    return {ERROR_FIELDS.get(error.code, "form"): error.message}


def back_to_cart():
    flash(EmptyOrder.message, "error")
    return redirect(url_for("storefront.cart"), code=303)


def nothing_to_order():
    """A form posted without a cart (expired, emptied elsewhere, or a forged cookie): 422."""
    flash(EmptyOrder.message, "error")
    return cart_page(status=422)


def remember_placed(order):
    """Let this browser see the order's confirmation page (and its tracking page, see `track`)."""
    placed = [ref for ref in session.get(PLACED_ORDERS, []) if ref != order.reference]
    session[PLACED_ORDERS] = [*placed, order.reference][-REMEMBERED_ORDERS:]


def earlier_order():
    """The order an earlier submission of this same form placed (a retry, a refresh), or None.

    The form's idempotency key is a random secret of the browser that was shown the form, so it
    may see the order it names.
    """
    key = request.form.get("idempotency_key", "")
    if not IDEMPOTENCY_KEY.fullmatch(key):
        return None
    return db.session.scalar(select(Order).where(Order.idempotency_key == key))


def to_confirmation(order):
    remember_placed(order)
    return redirect(url_for("storefront.order_confirmation", reference=order.reference), code=303)


def to_whatsapp(order):
    """Open WhatsApp on the shop's chat with the order's message (in the page language)."""
    remember_placed(order)
    language = current_language()
    tracking_url = url_for("storefront.track", ref=order.reference, _external=True)
    shop_number = current_app.config["SHOP"].whatsapp_number
    return redirect(wa_order_link(shop_number, order, tracking_url, language), code=303)


def render_checkout(contents, values, errors=None, changed_ids=(), status=200):
    shop = current_app.config["SHOP"]
    language = current_language()
    city = delivery_city(parse_id(values["city"]), shop.country)
    if city is not None:
        values["region"] = str(city.region_id)
    zone = zone_for_city(city.id) if city else None
    page = render_page(
        "shop/checkout.html",
        contents=contents,
        values=values,
        errors=errors or {},
        changed_ids=changed_ids,
        needs_age=contents.has_restricted,
        regions=delivery_regions(shop.country, language, shop.feature_delivery_zones),
        cities=region_cities(
            parse_id(values["region"]), shop.country, language, shop.feature_delivery_zones
        ),
        quote=DeliveryQuote(contents.subtotal, zone),
    )
    response = no_store((page, status))
    if htmx_target() == CITY_BLOCK:
        # The order summary listens for this and shows the cost of the (not yet chosen) city.
        response.headers["HX-Trigger-After-Swap"] = "cities-loaded"
    return response


@storefront.get("/checkout")
def checkout():
    """The checkout form; to HTMX, a region's cities or the order summary for a city."""
    contents = cart_contents(current_cart())
    if not contents.orderable:
        return back_to_cart()
    return render_checkout(contents, prefilled(typed_values(request.args)))


@storefront.post("/checkout")
def checkout_post():
    """Place the order; a form with errors comes back with status 422 and everything typed."""
    done = earlier_order()
    if done is not None:
        return to_confirmation(done)
    cart = current_cart()
    contents = cart_contents(cart)
    if not contents.orderable:
        return nothing_to_order()
    form = read_order_form(
        request.form, needs_age=contents.has_restricted, customer_id=signed_in_customer_id()
    )
    if request.form.get("step") == "address":
        return render_checkout(contents, form.values)
    if form.errors:
        return render_checkout(contents, form.values, form.errors, status=422)
    try:
        placed = place_order(
            contents.order_lines(form.prices_seen),
            form.details,
            zone_for_city(form.city.id),
            "web",
            current_language(),
            form.idempotency_key,
        )
    except PricesChanged as error:
        db.session.rollback()
        errors = {"form": error.message}
        return render_checkout(contents, form.values, errors, error.product_ids, status=422)
    except OutOfStock as error:
        db.session.rollback()
        errors = {"form": error.message}
        return render_checkout(contents, form.values, errors, [error.product_id], status=422)
    except OrderError as error:
        db.session.rollback()
        return render_checkout(contents, form.values, order_error(error), status=422)
    if placed.created:
        empty_cart(cart)
    db.session.commit()
    return to_confirmation(placed.order)


@storefront.get("/order/<reference>")
def order_confirmation(reference):
    """The order just placed, for the browser that placed it; the tracking form for others."""
    reference = normalize_reference(reference)
    if reference not in session.get(PLACED_ORDERS, []):
        return redirect(url_for("storefront.track", ref=reference))
    query = select(Order).where(Order.reference == reference).options(selectinload(Order.items))
    order = db.session.scalar(query)
    if order is None:
        return redirect(url_for("storefront.track", ref=reference))
    page = render_page(
        "shop/order_confirmation.html",
        order=order,
        zone=db.session.get(DeliveryZone, order.zone_id) if order.zone_id else None,
        city=db.session.get(City, order.city_id) if order.city_id else None,
    )
    return no_store(page)


def single_product(product):
    """What "buy this by WhatsApp" orders: one unit of the product, the cart untouched."""
    available = available_stock([product.id]).get(product.id, 0)
    item = CartItem(product_id=product.id, quantity=1, unit_price_seen=product.price)
    return CartContents([CartLine(item, product, available)])


def whatsapp_order_contents(raw_product_id):
    """(what to order, the product when it is bought alone); no contents when nothing to order."""
    if raw_product_id:
        product = live_product(parse_id(raw_product_id))
        return (single_product(product) if product else None), product
    contents = cart_contents(current_cart())
    return (contents if contents.orderable else None), None


def allow_posting_to_whatsapp(response):
    """Let the WhatsApp order form's redirect reach wa.me: CSP form-action covers redirects."""
    policy = SECURITY_HEADERS["Content-Security-Policy"]
    response.headers["Content-Security-Policy"] = policy.replace(
        "form-action 'self'", f"form-action 'self' {WA_ME.rstrip('/')}"
    )
    return response


def render_whatsapp_order(contents, product, values, errors=None, changed_ids=(), status=200):
    shop = current_app.config["SHOP"]
    page = render_page(
        "shop/whatsapp_order.html",
        contents=contents,
        product=product,
        values=values,
        errors=errors or {},
        changed_ids=changed_ids,
        needs_age=contents.has_restricted,
        cities_by_region=cities_by_region(
            shop.country, current_language(), shop.feature_delivery_zones
        ),
    )
    return allow_posting_to_whatsapp(no_store((page, status)))


@storefront.get("/whatsapp-order")
def whatsapp_order():
    """The short form (name, mobile, city) for the cart, or for one product (`?product=<id>`)."""
    contents, product = whatsapp_order_contents(request.args.get("product"))
    if contents is None:
        return back_to_cart()
    return render_whatsapp_order(contents, product, prefilled(typed_values({})))


@storefront.post("/whatsapp-order")
def whatsapp_order_post():
    """Record the order (channel WhatsApp), then open WhatsApp with its message (303)."""
    done = earlier_order()
    if done is not None:
        return to_whatsapp(done)
    contents, product = whatsapp_order_contents(request.form.get("product_id"))
    if contents is None:
        return nothing_to_order()
    form = read_order_form(
        request.form,
        needs_age=contents.has_restricted,
        whatsapp=True,
        customer_id=signed_in_customer_id(),
    )
    if form.errors:
        return render_whatsapp_order(contents, product, form.values, form.errors, status=422)
    try:
        placed = place_order(
            contents.order_lines(form.prices_seen),
            form.details,
            zone_for_city(form.city.id),
            "whatsapp",
            current_language(),
            form.idempotency_key,
        )
    except PricesChanged as error:
        db.session.rollback()
        errors = {"form": error.message}
        return render_whatsapp_order(contents, product, form.values, errors, error.product_ids, 422)
    except (OrderError, OutOfStock) as error:
        db.session.rollback()
        errors = order_error(error)
        return render_whatsapp_order(contents, product, form.values, errors, status=422)
    if placed.created and product is None:
        empty_cart(current_cart())
    db.session.commit()
    return to_whatsapp(placed.order)
