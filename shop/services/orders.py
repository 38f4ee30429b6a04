"""Orders: placing one from cart lines in one transaction, and its life cycle up to the door.

Shared by the checkout, the WhatsApp ordering path, the admin and the agents. Functions flush;
the caller commits. Errors a customer or staff member can meet are `OrderError`s (and
`stock.OutOfStock`), each with a `code` and a translated `message` for the views.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_precision
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError

from shop.config import LANGUAGES
from shop.extensions import db
from shop.i18n import money
from shop.models import (
    ORDER_CHANNELS,
    Customer,
    Delivery,
    DeliveryZone,
    Order,
    OrderItem,
    OrderStatusEvent,
    Product,
    zone_cities,
)
from shop.models.orders import STATUS_ACTORS
from shop.services.crypto import lookup_hash
from shop.services.customers import find_customer_id_by_phone
from shop.services.phones import PHONE_ERRORS, normalize_phone
from shop.services.references import new_reference
from shop.services.stock import release_reservation, reserve_stock, sell_reserved

INITIAL_STATUS = "awaiting_confirmation"
# The order life cycle, in one place: each allowed move and who may make it. Customers may
# cancel only before staff confirm; only staff or the driver record what happened at the door.
TRANSITIONS = {
    ("awaiting_confirmation", "confirmed"): {"staff"},
    ("awaiting_confirmation", "cancelled"): {"customer", "staff", "system"},
    ("confirmed", "preparing"): {"staff"},
    ("confirmed", "cancelled"): {"staff", "system"},
    ("preparing", "out_for_delivery"): {"staff", "driver"},
    ("preparing", "cancelled"): {"staff"},
    ("out_for_delivery", "delivered"): {"staff", "driver"},
    ("out_for_delivery", "refused"): {"staff", "driver"},
}
# Moves that give the reserved units back, the one that sells them, and what the driver reports.
RELEASING = {"cancelled", "refused"}
SELLING = {"delivered"}
AT_THE_DOOR = {"delivered", "refused"}
ACTORS_NEEDING_STAFF_USER = {"staff", "driver"}
STATUS_LABELS = {
    "awaiting_confirmation": _l("Awaiting confirmation"),
    "confirmed": _l("Confirmed"),
    "preparing": _l("Being prepared"),
    "out_for_delivery": _l("Out for delivery"),
    "delivered": _l("Delivered"),
    "cancelled": _l("Cancelled"),
    "refused": _l("Refused at the door"),
}
ADULT_AGE = 18
MAX_LINE_QUANTITY = 999
MAX_IDEMPOTENCY_KEY_LENGTH = 64
REFERENCE_ATTEMPTS = 10
IDEMPOTENCY_CONSTRAINT = "uq_orders_idempotency_key"


class OrderError(Exception):
    """An order that cannot be placed or moved as asked; `code` for tests, `message` for people."""

    code = "order_error"

    def __init__(self, *details):
        super().__init__(self.code, *details)


class EmptyOrder(OrderError):
    code = "empty"
    message = _l("Your cart is empty.")


class InvalidQuantity(OrderError):
    code = "quantity"

    @property
    def message(self):
        return _("Please choose a quantity between 1 and %(max)s.", max=MAX_LINE_QUANTITY)


class MissingName(OrderError):
    code = "name"
    message = _l("Please enter your name.")


class InvalidPhone(OrderError):
    """The phone number failed `normalize_phone`; `phone_error` is its error code."""

    code = "phone"

    def __init__(self, phone_error):
        super().__init__(phone_error)
        self.phone_error = phone_error

    @property
    def message(self):
        return PHONE_ERRORS[self.phone_error]


class ProductUnavailable(OrderError):
    """Products that are deleted, in draft or unknown: `product_ids`."""

    code = "unavailable"
    message = _l("Some products are no longer sold. Please remove them from your cart.")

    def __init__(self, product_ids):
        super().__init__(product_ids)
        self.product_ids = product_ids


class PricesChanged(OrderError):
    """Products whose price differs from the one the customer saw: `product_ids`."""

    code = "price_changed"
    message = _l("Some prices have changed. Please check your cart before ordering.")

    def __init__(self, product_ids):
        super().__init__(product_ids)
        self.product_ids = product_ids


class AgeNotConfirmed(OrderError):
    code = "age_required"
    message = _l(
        "Your cart holds products for adults: please give your birth date "
        "and confirm that you are 18 or older."
    )


class Underage(OrderError):
    code = "underage"
    message = _l("Sorry, products for adults are sold only to people aged 18 or older.")


class ZoneUnavailable(OrderError):
    code = "zone_unavailable"
    message = _l("Sorry, we do not deliver to this city.")


class BelowMinimum(OrderError):
    """The subtotal is under the delivery zone's minimum order."""

    code = "below_minimum"

    def __init__(self, minimum, subtotal):
        super().__init__(minimum, subtotal)
        self.minimum = minimum
        self.subtotal = subtotal

    @property
    def message(self):
        return _(
            "The minimum order for delivery to your city is %(minimum)s.",
            minimum=money(self.minimum),
        )


class TransitionNotAllowed(OrderError):
    code = "transition_not_allowed"

    def __init__(self, from_status, to_status, actor):
        super().__init__(from_status, to_status, actor)
        self.from_status = from_status
        self.to_status = to_status
        self.actor = actor

    @property
    def message(self):
        return _(
            "This order cannot go from “%(current)s” to “%(target)s”.",
            current=STATUS_LABELS[self.from_status],
            target=STATUS_LABELS[self.to_status],
        )


@dataclass(frozen=True)
class OrderLine:
    """A product and quantity to order; `price_seen` (if given) is what the customer was shown."""

    product_id: int
    quantity: int
    price_seen: Decimal | None = None


@dataclass(frozen=True)
class CustomerDetails:
    """What the customer typed at checkout; `customer_id` when logged in."""

    name: str
    phone: str
    email: str | None = None
    city_id: int | None = None
    street: str | None = None
    landmark: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    notes: str | None = None
    birth_date: date | None = None
    age_confirmed: bool = False
    customer_id: int | None = None


@dataclass(frozen=True)
class PlacedOrder:
    """The order, and whether this call created it (False: an earlier try with the same key did)."""

    order: Order
    created: bool


def round_money(amount, currency):
    """`amount` rounded half-up to the currency's own decimals (TND 3, MAD 2)."""
    quantum = Decimal(1).scaleb(-get_currency_precision(currency))
    return Decimal(amount).quantize(quantum, rounding=ROUND_HALF_UP)


def age_check(birth_date, today):
    """Whether someone born on `birth_date` is 18 or older on `today`."""
    if birth_date is None:
        return False
    birthday_passed = (today.month, today.day) >= (birth_date.month, birth_date.day)
    age = today.year - birth_date.year - (0 if birthday_passed else 1)
    return age >= ADULT_AGE


def zone_for_city(city_id):
    """The active delivery zone that serves the city, or None."""
    query = (
        select(DeliveryZone)
        .join(zone_cities, zone_cities.c.zone_id == DeliveryZone.id)
        .where(zone_cities.c.city_id == city_id, DeliveryZone.is_active)
    )
    return db.session.scalar(query)


def allowed_transitions(status, actor=None):
    """Statuses an order in `status` may move to (by `actor`, when given), in life-cycle order."""
    targets = {
        to_status
        for (from_status, to_status), actors in TRANSITIONS.items()
        if from_status == status and (actor is None or actor in actors)
    }
    return tuple(label for label in STATUS_LABELS if label in targets)


def _now():
    # Python's clock, not the transaction's now(): events of one transaction keep their order.
    return datetime.now(UTC)


def _merged_lines(lines):
    """One line per product, quantities added up; refuses empty orders and silly quantities."""
    merged = {}
    for line in lines:
        quantity = line.quantity
        if not isinstance(quantity, int) or isinstance(quantity, bool):
            raise InvalidQuantity(line.product_id)
        previous = merged.get(line.product_id)
        if previous:
            quantity += previous.quantity
        if not 1 <= quantity <= MAX_LINE_QUANTITY:
            raise InvalidQuantity(line.product_id)
        merged[line.product_id] = OrderLine(line.product_id, quantity, line.price_seen)
    if not merged:
        raise EmptyOrder()
    return merged


def _sellable_products(product_ids):
    query = (
        select(Product)
        .where(
            Product.id.in_(product_ids), Product.status == "active", Product.deleted_at.is_(None)
        )
        .execution_options(populate_existing=True)
    )
    products = {product.id: product for product in db.session.scalars(query)}
    missing = sorted(set(product_ids) - set(products))
    if missing:
        raise ProductUnavailable(missing)
    return products


def _check_prices(lines, prices, currency):
    changed = sorted(
        line.product_id
        for line in lines.values()
        if line.price_seen is not None
        and round_money(line.price_seen, currency) != prices[line.product_id]
    )
    if changed:
        raise PricesChanged(changed)


def _age_confirmed_at(products, details, today, now):
    """When the customer confirmed being an adult, if the order needs it; None otherwise."""
    if not any(product.is_restricted for product in products.values()):
        return None
    if details.birth_date is None or not details.age_confirmed:
        raise AgeNotConfirmed()
    if not age_check(details.birth_date, today):
        raise Underage()
    return now


def _check_zone(zone, city_id, shop):
    if zone is None:
        if shop.feature_delivery_zones:
            raise ZoneUnavailable()
        return
    if not zone.is_active:
        raise ZoneUnavailable()
    if city_id is not None:
        serving = db.session.scalar(
            select(zone_cities.c.zone_id).where(zone_cities.c.city_id == city_id)
        )
        if serving != zone.id:
            raise ZoneUnavailable()


def _checked_phone(raw, channel, shop):
    # Foreign numbers are fine on the web (family abroad ordering for home); WhatsApp needs a
    # mobile so staff can answer the customer there.
    check = normalize_phone(raw, shop.country, mobile_required=channel == "whatsapp")
    if not check.ok:
        raise InvalidPhone(check.error)
    return check.e164


def _order_by_key(idempotency_key):
    return db.session.scalar(select(Order).where(Order.idempotency_key == idempotency_key))


def _guest_customer_id(name, phone, language):
    """The customer row of this phone, created for a guest on their first order."""
    existing = find_customer_id_by_phone(phone)
    if existing is not None:
        return existing
    statement = (
        insert(Customer)
        .values(name=name, phone=phone, phone_hash=lookup_hash(phone), language=language)
        .on_conflict_do_nothing(index_elements=[Customer.phone_hash])
    )
    db.session.execute(statement)
    return find_customer_id_by_phone(phone)


def _insert_order(fields):
    """Insert the order under a fresh reference, drawing again on the rare collision."""
    for _attempt in range(REFERENCE_ATTEMPTS):
        statement = (
            insert(Order)
            .values(reference=new_reference(), **fields)
            .on_conflict_do_nothing(index_elements=[Order.reference])
            .returning(Order)
        )
        order = db.session.scalars(statement).first()
        if order is not None:
            return order
    raise RuntimeError(f"no free order reference after {REFERENCE_ATTEMPTS} draws")


def _violated_constraint(error):
    diagnostics = getattr(error.orig, "diag", None)
    return getattr(diagnostics, "constraint_name", None)


def _line_total(line, prices, currency):
    return round_money(prices[line.product_id] * line.quantity, currency)


def _order_lines(order, lines, products, prices, currency):
    # Reserved in product order, so two orders for the same products lock rows alike (no deadlock).
    for product_id in sorted(lines):
        line, product = lines[product_id], products[product_id]
        location_id = reserve_stock(product_id, line.quantity, order.id)
        order.items.append(
            OrderItem(
                product_id=product_id,
                location_id=location_id,
                sku=product.sku,
                name_fr=product.name_fr,
                name_ar=product.name_ar,
                unit_price=prices[product_id],
                quantity=line.quantity,
                line_total=_line_total(line, prices, currency),
            )
        )


def place_order(
    lines,
    details,
    zone,
    channel,
    language,
    idempotency_key=None,
    *,
    today=None,
    actor="customer",
    staff_user=None,
):
    """Record an order for `lines` (`OrderLine`s) in one go; returns a `PlacedOrder`.

    Prices are snapshotted into the lines and stock is reserved line by line at a location that
    has it: if any line is short (`stock.OutOfStock`) nothing of the order is kept. Every order
    starts "awaiting confirmation": WhatsApp orders need staff to complete them, and cash-on-
    delivery shops call web customers to confirm before packing, since refusals at the door
    cost a trip. The same `idempotency_key` (one per checkout form) always gives the same
    order, even when two submissions race. Raises an `OrderError` when the order cannot be
    placed. The caller empties the cart and commits.
    """
    if channel not in ORDER_CHANNELS or language not in LANGUAGES:
        raise ValueError(f"unknown channel {channel!r} or language {language!r}")
    if idempotency_key is not None:
        if not idempotency_key or len(idempotency_key) > MAX_IDEMPOTENCY_KEY_LENGTH:
            raise ValueError("idempotency keys have 1 to 64 characters")
        existing = _order_by_key(idempotency_key)
        if existing is not None:
            return PlacedOrder(existing, created=False)

    shop = current_app.config["SHOP"]
    currency = shop.currency
    now = _now()
    wanted = _merged_lines(lines)
    name = (details.name or "").strip()
    if not name:
        raise MissingName()
    phone = _checked_phone(details.phone, channel, shop)
    products = _sellable_products(list(wanted))
    prices = {pid: round_money(product.price, currency) for pid, product in products.items()}
    _check_prices(wanted, prices, currency)
    age_confirmed_at = _age_confirmed_at(products, details, today or date.today(), now)
    _check_zone(zone, details.city_id, shop)

    subtotal = sum(
        (_line_total(line, prices, currency) for line in wanted.values()), start=Decimal(0)
    )
    fee = round_money(zone.fee, currency) if zone else round_money(0, currency)
    if zone and subtotal < zone.min_order:
        raise BelowMinimum(round_money(zone.min_order, currency), subtotal)

    fields = {
        "idempotency_key": idempotency_key,
        "channel": channel,
        "status": INITIAL_STATUS,
        "language": language,
        "placed_in_account": details.customer_id is not None,
        "customer_name": name,
        "phone": phone,
        "phone_hash": lookup_hash(phone),
        "email": details.email,
        "city_id": details.city_id,
        "street": details.street,
        "landmark": details.landmark,
        "latitude": details.latitude,
        "longitude": details.longitude,
        "zone_id": zone.id if zone else None,
        "currency": currency,
        "subtotal": subtotal,
        "delivery_fee": fee,
        "total": subtotal + fee,
        "payment_method": "cod",
        "notes": details.notes,
        "birth_date": details.birth_date if age_confirmed_at else None,
        "age_confirmed_at": age_confirmed_at,
        "placed_at": now,
    }
    try:
        # A savepoint: a short line or a duplicate key undoes the whole order, nothing else.
        with db.session.begin_nested():
            fields["customer_id"] = details.customer_id or _guest_customer_id(name, phone, language)
            order = _insert_order(fields)
            _order_lines(order, wanted, products, prices, currency)
            order.events.append(
                OrderStatusEvent(
                    from_status=None,
                    to_status=INITIAL_STATUS,
                    actor=actor,
                    staff_user_id=staff_user.id if staff_user else None,
                    at=now,
                )
            )
            db.session.flush()
    except IntegrityError as error:
        # Another submission with this key committed first (we waited on its row): return it.
        if idempotency_key is None or _violated_constraint(error) != IDEMPOTENCY_CONSTRAINT:
            raise
        return PlacedOrder(_order_by_key(idempotency_key), created=False)
    return PlacedOrder(order, created=True)


def _record_at_the_door(order, to_status, cash_collected, note, now):
    delivery = order.delivery
    if delivery is None:
        delivery = Delivery(order=order)
        db.session.add(delivery)
    if to_status == "delivered":
        delivery.delivered_at = now
        if cash_collected is not None:
            delivery.cash_collected = round_money(cash_collected, order.currency)
    else:
        delivery.refused_reason = note


def transition(order, to_status, actor, staff_user=None, note=None, *, cash_collected=None):
    """Move the order to `to_status` as the life-cycle table allows; returns the new event.

    The order row is locked and reloaded first (unflushed edits to it are lost), so two people
    acting at once cannot both move it. Cancelling or a refusal at the door releases the reserved
    stock; delivery sells it, sets the delivery's `delivered_at` and the `cash_collected` given.
    Staff and drivers must say who they are (`staff_user`). Raises `TransitionNotAllowed` for a
    move the table does not have.
    """
    if actor not in STATUS_ACTORS:
        raise ValueError(f"unknown actor {actor!r}")
    if actor in ACTORS_NEEDING_STAFF_USER and staff_user is None:
        raise ValueError(f"a {actor} moving an order must be named")
    if cash_collected is not None and to_status != "delivered":
        raise ValueError("cash is collected only on delivery")
    db.session.refresh(order, with_for_update=True)
    from_status = order.status
    if to_status not in allowed_transitions(from_status, actor):
        raise TransitionNotAllowed(from_status, to_status, actor)

    now = _now()
    reserved_items = sorted(
        (item for item in order.items if item.location_id is not None),
        key=lambda item: item.product_id,
    )
    if to_status in RELEASING:
        for item in reserved_items:
            release_reservation(item)
    elif to_status in SELLING:
        for item in reserved_items:
            sell_reserved(item)
    if to_status in AT_THE_DOOR:
        _record_at_the_door(order, to_status, cash_collected, note, now)

    order.status = to_status
    event = OrderStatusEvent(
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        staff_user_id=staff_user.id if staff_user else None,
        note=note,
        at=now,
    )
    order.events.append(event)
    db.session.flush()
    return event
