"""Orders as staff handle them: the filtered list, confirming a WhatsApp order with its address,
assigning a driver, and the ready messages to send the customer."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from shop.extensions import db
from shop.models import ORDER_CHANNELS, ORDER_STATUSES, Delivery, Order, StaffUser
from shop.services.crypto import lookup_hashes
from shop.services.delivery import delivery_city
from shop.services.orders import STATUS_LABELS, round_money, zone_for_city
from shop.services.phones import normalize_phone
from shop.services.references import normalize_reference
from shop.services.vehicles import as_id
from shop.services.whatsapp import wa_link

ORDERS_PER_PAGE = 30
MAX_LANDMARK_LENGTH = 500
MAX_STREET_LENGTH = 255


@dataclass(frozen=True)
class OrderFilters:
    """The list's filters, each None when not set; built from query arguments, never trusted."""

    status: str | None = None
    channel: str | None = None
    zone_id: int | None = None
    driver_id: int | None = None
    placed_from: date | None = None
    placed_to: date | None = None
    # A reference, a phone number (any spelling) or part of the customer's name.
    text: str = ""

    @classmethod
    def from_args(cls, args):
        def day(name):
            try:
                return date.fromisoformat(args.get(name, ""))
            except ValueError:
                return None

        status = args.get("status")
        channel = args.get("channel")
        return cls(
            status=status if status in ORDER_STATUSES else None,
            channel=channel if channel in ORDER_CHANNELS else None,
            zone_id=as_id(args.get("zone")),
            driver_id=as_id(args.get("driver")),
            placed_from=day("from"),
            placed_to=day("to"),
            text=(args.get("q") or "").strip()[:120],
        )

    def as_args(self):
        """The filters as query arguments, for links that keep them."""
        values = {
            "status": self.status,
            "channel": self.channel,
            "zone": self.zone_id,
            "driver": self.driver_id,
            "from": self.placed_from.isoformat() if self.placed_from else None,
            "to": self.placed_to.isoformat() if self.placed_to else None,
            "q": self.text or None,
        }
        return {name: value for name, value in values.items() if value is not None}


def _matching_text(text):
    """Orders whose reference, phone (by its keyed hash: phones are encrypted) or customer name
    matches what staff typed."""
    conditions = [
        Order.reference == normalize_reference(text),
        Order.customer_name.icontains(text, autoescape=True),
    ]
    phone = normalize_phone(text, current_app.config["SHOP"].country).e164
    if phone:
        conditions.append(Order.phone_hash.in_(lookup_hashes(phone)))
    return or_(*conditions)


def _filtered(query, filters):
    if filters.text:
        query = query.where(_matching_text(filters.text))
    if filters.status:
        query = query.where(Order.status == filters.status)
    if filters.channel:
        query = query.where(Order.channel == filters.channel)
    if filters.zone_id:
        query = query.where(Order.zone_id == filters.zone_id)
    if filters.driver_id:
        query = query.join(Delivery, Delivery.order_id == Order.id).where(
            Delivery.driver_id == filters.driver_id
        )
    if filters.placed_from:
        query = query.where(Order.placed_at >= datetime.combine(filters.placed_from, time(), UTC))
    if filters.placed_to:
        end = datetime.combine(filters.placed_to + timedelta(days=1), time(), UTC)
        query = query.where(Order.placed_at < end)
    return query


def order_list(filters, before_id=None, limit=ORDERS_PER_PAGE):
    """(orders, more): the newest orders matching `filters`, older than `before_id` if given."""
    query = _filtered(select(Order), filters).order_by(Order.id.desc()).limit(limit + 1)
    if before_id:
        query = query.where(Order.id < before_id)
    orders = list(db.session.scalars(query))
    return orders[:limit], len(orders) > limit


def active_drivers():
    query = select(StaffUser).where(StaffUser.role == "driver", StaffUser.is_active)
    return list(db.session.scalars(query.order_by(StaffUser.name)))


class AssignmentError(Exception):
    """A driver who cannot take the order; `message` says why in the staff member's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def assign_driver(order, driver_id):
    """Give the order's delivery to the active driver `driver_id`; returns the delivery."""
    driver = db.session.get(StaffUser, driver_id) if driver_id else None
    if driver is None or driver.role != "driver" or not driver.is_active:
        raise AssignmentError(_("Choose one of the shop’s active drivers."))
    if order.status in ("delivered", "cancelled", "refused"):
        raise AssignmentError(_("This order is closed: it needs no driver any more."))
    delivery = order.delivery
    if delivery is None:
        delivery = Delivery(order=order)
        db.session.add(delivery)
    delivery.driver_id = driver.id
    delivery.assigned_at = datetime.now(UTC)
    delivery.sequence = _next_sequence(driver.id)
    db.session.flush()
    return delivery


def _next_sequence(driver_id):
    """Place the order last in the driver's open deliveries."""
    query = select(func.coalesce(func.max(Delivery.sequence), 0)).where(
        Delivery.driver_id == driver_id, Delivery.delivered_at.is_(None)
    )
    return db.session.scalar(query) + 1


@dataclass
class AddressForm:
    """What staff type to complete a WhatsApp order's address, with its errors by field."""

    city_id: str = ""
    landmark: str = ""
    street: str = ""

    def errors(self, country):
        errors = {}
        city = delivery_city(as_id(self.city_id), country)
        if city is None:
            errors["city"] = _("Choose the city from the list.")
        elif zone_for_city(city.id) is None:
            errors["city"] = _("No delivery zone serves this city yet.")
        if not self.landmark.strip() and not self.street.strip():
            errors["landmark"] = _("Give a landmark or a street, so the driver finds the door.")
        if len(self.landmark) > MAX_LANDMARK_LENGTH:
            errors["landmark"] = _(
                "It is too long: %(limit)s characters at most.", limit=MAX_LANDMARK_LENGTH
            )
        if len(self.street) > MAX_STREET_LENGTH:
            errors["street"] = _(
                "It is too long: %(limit)s characters at most.", limit=MAX_STREET_LENGTH
            )
        return errors


def complete_address(order, form):
    """Set the order's city, landmark and street, and its zone and delivery fee from the city."""
    zone = zone_for_city(int(form.city_id))
    order.city_id = int(form.city_id)
    order.landmark = form.landmark.strip() or None
    order.street = form.street.strip() or None
    order.zone_id = zone.id
    order.delivery_fee = round_money(zone.fee, order.currency)
    order.total = order.subtotal + order.delivery_fee
    db.session.flush()


def customer_message(order, tracking_url):
    """A ready message to the customer about the order's current status, in their language."""
    with force_locale(order.language):
        status = STATUS_LABELS[order.status]
        return "\n".join(
            [
                _("Hello %(name)s,", name=order.customer_name),
                _(
                    "your order %(reference)s from %(shop)s: %(status)s.",
                    reference=order.reference,
                    shop=current_app.config["SHOP"].name,
                    status=status,
                ),
                _("Follow it here: %(url)s", url=tracking_url),
            ]
        )


def customer_wa_link(order, tracking_url):
    return wa_link(order.phone, customer_message(order, tracking_url))
