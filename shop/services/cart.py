"""Carts kept in PostgreSQL under a signed token: adding, changing, merging, and what they hold.

The browser carries only the cart's token, signed with the app's secret key. A cart lives 30
days after it was last changed (the hourly `purge_expired_carts` job deletes it afterwards).
Functions flush; the caller commits.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, Signer
from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert

from shop.extensions import db
from shop.models import Cart, CartItem, Product
from shop.services.catalog import live_product
from shop.services.listing import available_stock
from shop.services.orders import MAX_LINE_QUANTITY, OrderLine

CART_LIFETIME = timedelta(days=30)
SIGNING_SALT = "hanout.cart"
# Ids beyond PostgreSQL's integer range name no row; refusing them early avoids a DataError.
MAX_ID = 2**31 - 1
QUANTITY_TEXT = re.compile(r"\d{1,6}")


class CartError(Exception):
    """A cart change refused as asked; nothing changed. `code` for tests, `message` for people."""

    code = "cart_error"


class InvalidQuantity(CartError):
    code = "quantity"

    @property
    def message(self):
        return _("Please choose a quantity between 1 and %(max)s.", max=MAX_LINE_QUANTITY)


class NotSold(CartError):
    code = "not_sold"
    message = _l("This product is not sold any more.")


class SoldOut(CartError):
    code = "sold_out"
    message = _l("Sorry, this product is sold out.")


class NotInCart(CartError):
    code = "not_in_cart"
    message = _l("This product is no longer in your cart.")


@dataclass(frozen=True)
class CartChange:
    """What a cart line holds after a change; `capped` when stock allowed less than asked."""

    product_id: int
    quantity: int
    capped: bool


@dataclass(frozen=True)
class CartLine:
    """A cart item with its product and what changed since the customer added it."""

    item: CartItem
    product: Product
    available: int

    @property
    def quantity(self):
        return self.item.quantity

    @property
    def sold(self):
        """Whether the product is still sold (not withdrawn to draft or deleted)."""
        return self.product.status == "active" and self.product.deleted_at is None

    @property
    def price_changed(self):
        return self.sold and self.item.unit_price_seen != self.product.price

    @property
    def short_of_stock(self):
        return self.sold and self.item.quantity > self.available

    @property
    def total(self):
        return self.product.price * self.item.quantity


@dataclass(frozen=True)
class CartContents:
    """The lines of a cart with their subtotal; lines of withdrawn products are never ordered."""

    lines: list[CartLine]

    @property
    def orderable(self):
        return [line for line in self.lines if line.sold]

    @property
    def subtotal(self):
        return sum((line.total for line in self.orderable), start=Decimal(0))

    @property
    def has_restricted(self):
        return any(line.product.is_restricted for line in self.orderable)

    def order_lines(self, prices_seen=None):
        """The lines to order as `OrderLine`s; `prices_seen` ({product id: price}) as shown."""
        prices_seen = prices_seen or {}
        return [
            OrderLine(line.product.id, line.quantity, prices_seen.get(line.product.id))
            for line in self.orderable
        ]


def _signer():
    return Signer(current_app.config["SECRET_KEY"], salt=SIGNING_SALT)


def signed_token(token):
    """The cookie value that carries `token`."""
    return _signer().sign(token).decode()


def token_from_cookie(value):
    """The token a cart cookie carries, or None when the cookie is missing or was tampered with."""
    if not value:
        return None
    try:
        return _signer().unsign(value).decode()
    except (BadSignature, UnicodeError):
        return None


def parse_id(raw):
    """A positive database id typed in a form, or None."""
    text = (raw or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def parse_quantity(raw):
    """A quantity typed in a form (Arabic-Indic digits too); raises `InvalidQuantity`."""
    text = (raw or "").strip()
    if not QUANTITY_TEXT.fullmatch(text):
        raise InvalidQuantity()
    quantity = int(text)
    if not 1 <= quantity <= MAX_LINE_QUANTITY:
        raise InvalidQuantity()
    return quantity


def _expiry():
    return datetime.now(UTC) + CART_LIFETIME


def find_cart(token):
    """The unexpired cart with `token`, or None."""
    if not token:
        return None
    query = select(Cart).where(Cart.token == token, Cart.expires_at > func.now())
    return db.session.scalar(query)


def open_cart(customer_id=None):
    """A new empty cart under a fresh random token."""
    cart = Cart(token=secrets.token_urlsafe(32), customer_id=customer_id, expires_at=_expiry())
    db.session.add(cart)
    db.session.flush()
    return cart


def keep_alive(cart):
    """Push the cart's expiry 30 days from now: carts expire 30 days after their last use."""
    cart.expires_at = _expiry()
    db.session.flush()


def cart_item_count(token):
    """How many items (the sum of quantities) the unexpired cart with `token` holds; 0 if none."""
    if not token:
        return 0
    live_cart = select(Cart.id).where(Cart.token == token, Cart.expires_at > func.now())
    query = select(func.coalesce(func.sum(CartItem.quantity), 0)).where(
        CartItem.cart_id.in_(live_cart)
    )
    return db.session.scalar(query)


def cart_contents(cart):
    """What the cart holds, in the order added, with live stock (an empty cart for None)."""
    if cart is None:
        return CartContents([])
    query = (
        select(CartItem, Product)
        .join(Product, Product.id == CartItem.product_id)
        .where(CartItem.cart_id == cart.id)
        .order_by(CartItem.id)
    )
    rows = db.session.execute(query).all()
    stock = available_stock([product.id for _, product in rows])
    return CartContents(
        [CartLine(item, product, max(stock.get(product.id, 0), 0)) for item, product in rows]
    )


def _sellable(product_id):
    product = db.session.scalar(select(Product).where(Product.id == product_id, live_product()))
    if product is None:
        raise NotSold()
    return product


def _most_allowed(product_id):
    """The most units of the product one cart line may hold now; raises `SoldOut` at 0."""
    units = available_stock([product_id]).get(product_id, 0)
    if units <= 0:
        raise SoldOut()
    return min(units, MAX_LINE_QUANTITY)


def _item(cart, product_id):
    query = select(CartItem).where(CartItem.cart_id == cart.id, CartItem.product_id == product_id)
    return db.session.scalar(query.with_for_update())


def add_to_cart(cart, product_id, quantity):
    """Add `quantity` units of a live product, up to what stock allows; a `CartChange`.

    The price shown now becomes the price the customer saw. Raises `NotSold` for draft, deleted
    or unknown products and `SoldOut` when nothing is left; the cart is then unchanged.
    """
    if not 1 <= quantity <= MAX_LINE_QUANTITY:
        raise InvalidQuantity()
    product = _sellable(product_id)
    most = _most_allowed(product_id)
    existing = _item(cart, product_id)
    wanted = quantity + (existing.quantity if existing else 0)
    held = min(wanted, most)
    # An upsert, so a double click that adds the same product twice at once cannot fail.
    statement = (
        insert(CartItem)
        .values(
            cart_id=cart.id,
            product_id=product_id,
            quantity=min(quantity, most),
            unit_price_seen=product.price,
        )
        .on_conflict_do_update(
            constraint="uq_cart_items_cart_product",
            set_={
                "quantity": func.least(CartItem.quantity + quantity, most),
                "unit_price_seen": product.price,
            },
        )
    )
    db.session.execute(statement, execution_options={"synchronize_session": False})
    keep_alive(cart)
    db.session.expire_all()
    return CartChange(product_id, held, capped=held < wanted)


def set_quantity(cart, product_id, quantity):
    """Set how many units of a product already in the cart it holds, up to what stock allows."""
    if not 1 <= quantity <= MAX_LINE_QUANTITY:
        raise InvalidQuantity()
    item = _item(cart, product_id)
    if item is None:
        raise NotInCart()
    _sellable(product_id)
    held = min(quantity, _most_allowed(product_id))
    item.quantity = held
    keep_alive(cart)
    return CartChange(product_id, held, capped=held < quantity)


def remove_from_cart(cart, product_id):
    """Take the product out of the cart; whether it was there."""
    removed = db.session.execute(
        delete(CartItem).where(CartItem.cart_id == cart.id, CartItem.product_id == product_id)
    ).rowcount
    keep_alive(cart)
    db.session.expire_all()
    return bool(removed)


def empty_cart(cart):
    """Remove every item (after the order is placed, in the same transaction)."""
    db.session.execute(delete(CartItem).where(CartItem.cart_id == cart.id))
    db.session.expire_all()


def customer_cart(customer_id):
    """The customer's most recently changed unexpired cart, or None."""
    query = (
        select(Cart)
        .where(Cart.customer_id == customer_id, Cart.expires_at > func.now())
        .order_by(Cart.updated_at.desc(), Cart.id.desc())
    )
    return db.session.scalars(query).first()


def merge_carts(guest_token, customer_id):
    """The cart a customer who just logged in continues with; None when they have none.

    The guest cart (of `guest_token`) moves into the customer's cart: quantities of a product in
    both are added up, to at most the line limit. Without a cart of their own, the guest cart
    becomes theirs. Another customer's cart is never taken over. The browser must then carry the
    returned cart's token.
    """
    guest = find_cart(guest_token)
    if guest is not None and guest.customer_id not in (None, customer_id):
        guest = None
    own = customer_cart(customer_id)
    if own is None or (guest is not None and own.id == guest.id):
        if guest is None:
            return None
        guest.customer_id = customer_id
        keep_alive(guest)
        return guest
    if guest is not None:
        _move_items(guest, own)
    keep_alive(own)
    return own


def _move_items(source, target):
    for item in source.items:
        statement = (
            insert(CartItem)
            .values(
                cart_id=target.id,
                product_id=item.product_id,
                quantity=item.quantity,
                unit_price_seen=item.unit_price_seen,
            )
            .on_conflict_do_update(
                constraint="uq_cart_items_cart_product",
                set_={"quantity": func.least(CartItem.quantity + item.quantity, MAX_LINE_QUANTITY)},
            )
        )
        db.session.execute(statement, execution_options={"synchronize_session": False})
    db.session.delete(source)
    db.session.flush()
    db.session.expire_all()
