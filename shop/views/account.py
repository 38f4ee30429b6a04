"""Customer accounts: sign up, log in and out, the address book, order history and reorder."""

import re
from decimal import Decimal, InvalidOperation
from functools import wraps

from flask import abort, current_app, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from shop.extensions import db
from shop.models import Customer
from shop.services import ratelimit
from shop.services.cart import (
    CartError,
    add_to_cart,
    merge_carts,
    open_cart,
    token_from_cookie,
)
from shop.services.customers import (
    MIN_PASSWORD_LENGTH,
    AccountError,
    AddressDetails,
    account_order,
    account_orders,
    address_of,
    addresses_of,
    authenticate,
    cities_by_region,
    city_in_country,
    delete_address,
    remember_vehicle,
    reorder_lines,
    save_address,
    saved_vehicle,
    sign_up,
)
from shop.services.orders import STATUS_LABELS
from shop.services.phones import PHONE_ERRORS, normalize_phone
from shop.views import CART_COOKIE, storefront
from shop.views.cart import current_cart, remember_cart
from shop.views.vehicles import VEHICLE_COOKIE, fitment_enabled, remember, safe_next
from shop.web import render_page

MAX_PASSWORD_LENGTH = 200
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
TOO_MANY = _l("Too many attempts. Please wait a few minutes and try again.")
RETRY_AFTER_SECONDS = 15 * 60
LOGIN_FAILED = _l("This phone number or email and password do not match an account.")
# name -> (required, longest length) of the address form's text fields
ADDRESS_TEXT_FIELDS = {
    "label": (False, 60),
    "recipient_name": (True, 120),
    "street": (False, 255),
    "landmark": (False, 500),
}
ADDRESS_FIELDS = (*ADDRESS_TEXT_FIELDS, "phone", "city", "latitude", "longitude")
REQUIRED = {
    "name": _l("Please enter your name."),
    "recipient_name": _l("Please enter the name of the person who receives the order."),
}


def client_address():
    return request.remote_addr or "unknown"


def current_customer():
    """The logged-in customer, or None (visitors and staff)."""
    user = current_user._get_current_object() if current_user else None
    return user if isinstance(user, Customer) and user.is_active else None


@storefront.app_context_processor
def account_context():
    return {"current_customer": current_customer}


def no_store(response):
    """Pages with a customer's details are never kept by the browser or a proxy."""
    response = current_app.make_response(response)
    response.cache_control.no_store = True
    return response


def too_many_attempts(template, **context):
    response = no_store((render_page(template, error=TOO_MANY, **context), 429))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def customer_required(view):
    """Send visitors to the log-in page, and back here afterwards."""

    @wraps(view)
    def guarded(*args, **kwargs):
        g.customer = current_customer()
        if g.customer is None:
            return redirect(url_for("storefront.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return guarded


def typed(name, longest):
    """The form's `name` field, stripped, cut one past `longest` (so that too long still shows)."""
    return request.form.get(name, "").strip()[: longest + 1]


def text_error(name, value, required, longest):
    if not value and required:
        return REQUIRED.get(name, _l("Please fill in this field."))
    if len(value) > longest:
        return _("Please use at most %(max)d characters.", max=longest)
    return None


def checked_phone(raw, errors, field="phone", mobile_required=False):
    check = normalize_phone(
        raw, current_app.config["SHOP"].country, mobile_required=mobile_required
    )
    if not check.ok:
        errors[field] = PHONE_ERRORS[check.error]
    return check.e164


# Sign up ------------------------------------------------------------------------------------


def signup_errors(values):
    errors = {}
    name_error = text_error("name", values["name"], True, 120)
    if name_error:
        errors["name"] = name_error
    values["e164"] = checked_phone(values["phone"], errors, mobile_required=True)
    email = values["email"]
    if email and (len(email) > 254 or not EMAIL_PATTERN.fullmatch(email)):
        errors["email"] = _("This email address is not valid.")
    password = request.form.get("password", "")
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        errors["password"] = _(
            "Please choose a password of at least %(min)d characters.", min=MIN_PASSWORD_LENGTH
        )
    elif password != request.form.get("password_confirmation", ""):
        errors["password_confirmation"] = _("The two passwords are not the same.")
    return errors


def render_signup(values, errors=None, status=200):
    page = render_page("shop/account/signup.html", values=values, errors=errors or {})
    return no_store((page, status))


@storefront.get("/account/signup")
def signup():
    return render_signup({"name": "", "phone": "", "email": ""})


@storefront.post("/account/signup")
def signup_post():
    values = {name: typed(name, 254) for name in ("name", "phone", "email")}
    if not ratelimit.hit("signup", f"ip:{client_address()}"):
        return too_many_attempts("shop/account/signup.html", values=values, errors={})
    errors = signup_errors(values)
    if errors:
        return render_signup(values, errors, status=400)
    try:
        customer = sign_up(
            values["name"],
            values["e164"],
            request.form["password"],
            language=g.lang_code,
            email=values["email"].lower() or None,
        )
    except AccountError as error:
        return render_signup(values, {error.field: error.message}, status=400)
    return start_session(customer, url_for("storefront.account"))


# Log in and out -----------------------------------------------------------------------------


def login_identity(login):
    """(phone, email) read from what was typed in the login field; either may be None."""
    if "@" in login:
        return None, login.lower()
    check = normalize_phone(login, current_app.config["SHOP"].country)
    return (check.e164 if check.ok else None), None


def render_login(login="", error=None, status=200):
    page = render_page(
        "shop/account/login.html",
        login=login,
        error=error,
        next_url=request.args.get("next", ""),
    )
    return no_store((page, status))


@storefront.get("/account/login")
def login():
    if current_customer() is not None:
        return redirect(url_for("storefront.account"))
    return render_login()


@storefront.post("/account/login")
def login_post():
    login = typed("login", 254)
    phone, email = login_identity(login)
    identity = f"login:{phone or email or login}"
    if not ratelimit.hit("login", f"ip:{client_address()}", identity):
        return too_many_attempts("shop/account/login.html", login=login, next_url="")
    customer = authenticate(phone=phone, email=email, password=request.form.get("password", ""))
    if customer is None:
        return render_login(login, LOGIN_FAILED, status=400)
    ratelimit.reset("login", identity)
    return start_session(customer, safe_next(request.args.get("next") or url_for(".account")))


def start_session(customer, target):
    """Log the customer in on a fresh session, carry their cart and vehicle over, go to `target`."""
    guest_cart = token_from_cookie(request.cookies.get(CART_COOKIE))
    cart = merge_carts(guest_cart, customer.id)
    chosen_vehicle = g.get("vehicle")
    if chosen_vehicle is not None and customer.vehicle_id is None:
        remember_vehicle(customer, chosen_vehicle.id)
    vehicle = saved_vehicle(customer) if chosen_vehicle is None and fitment_enabled() else None
    db.session.commit()
    # A fresh session on login, so nothing planted before it survives (session fixation).
    session.clear()
    login_user(customer)
    response = redirect(target, code=303)
    if cart is not None:
        remember_cart(response, cart)
    if vehicle is not None and VEHICLE_COOKIE not in request.cookies:
        remember(response, vehicle)
    return response


@storefront.post("/account/logout")
def logout():
    logout_user()
    session.clear()
    response = redirect(url_for("storefront.home"), code=303)
    response.delete_cookie(CART_COOKIE)
    return response


# Account and order history --------------------------------------------------------------------


@storefront.get("/account/")
@customer_required
def account():
    page = render_page(
        "shop/account/home.html",
        customer=g.customer,
        orders=account_orders(g.customer.id),
        status_labels=STATUS_LABELS,
        vehicle=saved_vehicle(g.customer) if fitment_enabled() else None,
    )
    return no_store(page)


@storefront.post("/account/orders/<reference>/reorder")
@customer_required
def reorder(reference):
    """Put the order's products still on sale back into the cart (as many as stock allows)."""
    order = account_order(g.customer.id, reference)
    if order is None:
        abort(404)
    cart = current_cart() or open_cart(g.customer.id)
    for product, quantity in reorder_lines(order):
        try:
            add_to_cart(cart, product.id, quantity)
        except CartError:
            continue  # sold out since: the cart page shows what could be added
    db.session.commit()
    return remember_cart(redirect(url_for("storefront.cart"), code=303), cart)


# Address book -------------------------------------------------------------------------------


def parse_coordinate(raw, limit):
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) > limit:
        return None
    return value.quantize(Decimal("0.000001"))


def address_from_form(errors):
    """The `AddressDetails` typed in the form, or None with `errors` filled in."""
    values = {}
    for name, (required, longest) in ADDRESS_TEXT_FIELDS.items():
        values[name] = typed(name, longest)
        problem = text_error(name, values[name], required, longest)
        if problem:
            errors[name] = problem
    phone = checked_phone(typed("phone", 40), errors)
    country = current_app.config["SHOP"].country
    raw_city = typed("city", 12)
    city = city_in_country(int(raw_city), country) if raw_city.isdigit() else None
    if city is None:
        errors["city"] = _("Please choose your city from the list.")
    pin = [typed("latitude", 20), typed("longitude", 20)]
    latitude = parse_coordinate(pin[0], 90) if pin[0] else None
    longitude = parse_coordinate(pin[1], 180) if pin[1] else None
    if any(pin) and (latitude is None or longitude is None):
        errors["latitude"] = _("This map position is not valid.")
    if errors:
        return None
    return AddressDetails(
        recipient_name=values["recipient_name"],
        phone=phone,
        city_id=city.id,
        label=values["label"] or None,
        street=values["street"] or None,
        landmark=values["landmark"] or None,
        latitude=latitude,
        longitude=longitude,
    )


def address_values(address):
    """The form's values for an address being edited."""
    return {
        "label": address.label or "",
        "recipient_name": address.recipient_name,
        "phone": address.phone,
        "city": str(address.city_id),
        "street": address.street or "",
        "landmark": address.landmark or "",
        "latitude": "" if address.latitude is None else str(address.latitude),
        "longitude": "" if address.longitude is None else str(address.longitude),
    }


def render_address_form(values, address=None, errors=None, status=200):
    page = render_page(
        "shop/account/address_form.html",
        values=values,
        address=address,
        errors=errors or {},
        regions=cities_by_region(current_app.config["SHOP"].country),
    )
    return no_store((page, status))


@storefront.get("/account/addresses")
@customer_required
def addresses():
    page = render_page("shop/account/addresses.html", addresses=addresses_of(g.customer.id))
    return no_store(page)


@storefront.get("/account/addresses/new")
@customer_required
def address_new():
    values = dict.fromkeys(ADDRESS_FIELDS, "")
    values.update(recipient_name=g.customer.name, phone=g.customer.phone)
    return render_address_form(values)


@storefront.post("/account/addresses/new")
@customer_required
def address_new_post():
    return save_address_form(None)


@storefront.get("/account/addresses/<int:address_id>")
@customer_required
def address_edit(address_id):
    address = address_of(g.customer.id, address_id)
    if address is None:
        abort(404)
    return render_address_form(address_values(address), address)


@storefront.post("/account/addresses/<int:address_id>")
@customer_required
def address_edit_post(address_id):
    address = address_of(g.customer.id, address_id)
    if address is None:
        abort(404)
    return save_address_form(address)


def save_address_form(address):
    errors = {}
    details = address_from_form(errors)
    if details is None:
        values = {name: typed(name, 500) for name in ADDRESS_FIELDS}
        return render_address_form(values, address, errors, status=400)
    save_address(g.customer.id, details, address)
    db.session.commit()
    return redirect(url_for("storefront.addresses"), code=303)


@storefront.post("/account/addresses/<int:address_id>/delete")
@customer_required
def address_delete(address_id):
    address = address_of(g.customer.id, address_id)
    if address is None:
        abort(404)
    delete_address(address)
    db.session.commit()
    return redirect(url_for("storefront.addresses"), code=303)
