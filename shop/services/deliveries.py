"""Deliveries as drivers make them, and the cash they bring back to the shop.

A driver acts only on deliveries assigned to them: `transition()` moves any order, so the checks
of who may touch which delivery live here.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select

from shop.extensions import db
from shop.models import CashHandover, Delivery, Order, StaffUser
from shop.services.orders import round_money, transition

MAX_REASON_LENGTH = 500
MAX_AMOUNT = Decimal("1000000")


class DeliveryError(Exception):
    """Input a driver or staff member must correct; `message` says what, in their language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


OPEN_STATUSES = ("confirmed", "preparing", "out_for_delivery")


def deliveries_today(driver_id):
    """(delivery, order) pairs for `driver_id`: the open ones in the order the shop set, then
    those delivered or refused since midnight."""
    since_midnight = func.date_trunc("day", func.now())
    is_open = Order.status.in_(OPEN_STATUSES)
    query = (
        select(Delivery, Order)
        .join(Order, Order.id == Delivery.order_id)
        .where(
            Delivery.driver_id == driver_id,
            or_(
                is_open,
                and_(
                    Order.status.in_(("delivered", "refused")), Order.updated_at >= since_midnight
                ),
            ),
        )
        .order_by(is_open.desc(), Delivery.sequence, Delivery.assigned_at)
    )
    return db.session.execute(query).all()


def drivers_delivery(driver_id, reference):
    """The order `reference` if its delivery is assigned to `driver_id`, else None."""
    query = (
        select(Order)
        .join(Delivery, Delivery.order_id == Order.id)
        .where(Order.reference == reference, Delivery.driver_id == driver_id)
    )
    return db.session.scalar(query)


def parse_amount(text, currency):
    """A cash amount typed by a person ("120,5" or "120.500"), rounded to the currency."""
    cleaned = (text or "").strip().replace(" ", "").replace(",", ".")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise DeliveryError(_("Type the amount in numbers, for example 45.500.")) from None
    if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT:
        raise DeliveryError(_("Type the amount in numbers, for example 45.500."))
    return round_money(amount, currency)


def start_delivery(order, driver):
    return transition(order, "out_for_delivery", "driver", staff_user=driver)


def mark_delivered(order, driver, cash_text):
    """The driver handed the order over and collected `cash_text`."""
    cash = parse_amount(cash_text, order.currency)
    return transition(order, "delivered", "driver", staff_user=driver, cash_collected=cash)


def mark_refused(order, driver, reason):
    """The customer refused the order at the door; the reserved stock goes back."""
    reason = (reason or "").strip()
    if not reason:
        raise DeliveryError(_("Say why the customer refused the order."))
    if len(reason) > MAX_REASON_LENGTH:
        raise DeliveryError(
            _("It is too long: %(limit)s characters at most.", limit=MAX_REASON_LENGTH)
        )
    return transition(order, "refused", "driver", staff_user=driver, note=reason)


@dataclass(frozen=True)
class CashToHandIn:
    driver: StaffUser
    amount: Decimal
    deliveries: int


def _unsettled():
    """Delivered, and the cash not yet handed over."""
    return (Delivery.handover_id.is_(None), Delivery.delivered_at.is_not(None))


def cash_to_hand_in():
    """What each active driver holds: cash collected on deliveries not yet handed over."""
    query = (
        select(
            StaffUser, func.coalesce(func.sum(Delivery.cash_collected), 0), func.count(Delivery.id)
        )
        .outerjoin(Delivery, and_(Delivery.driver_id == StaffUser.id, *_unsettled()))
        .where(StaffUser.role == "driver", StaffUser.is_active)
        .group_by(StaffUser.id)
        .order_by(StaffUser.name)
    )
    return [
        CashToHandIn(driver, Decimal(amount), count)
        for driver, amount, count in db.session.execute(query)
    ]


def record_handover(driver_id, amount_text, received_by, currency):
    """The driver gave `amount_text` to `received_by`: the open deliveries are settled by it.

    Returns (handover, expected): a difference between them is the shop's to follow up.
    """
    driver = db.session.get(StaffUser, driver_id) if driver_id else None
    if driver is None or driver.role != "driver":
        raise DeliveryError(_("Choose one of the shop’s drivers."))
    amount = parse_amount(amount_text, currency)
    deliveries = db.session.scalars(
        select(Delivery).where(Delivery.driver_id == driver.id, *_unsettled()).with_for_update()
    ).all()
    expected = sum((d.cash_collected or Decimal(0) for d in deliveries), Decimal(0))
    handover = CashHandover(driver_id=driver.id, received_by_id=received_by.id, amount=amount)
    db.session.add(handover)
    db.session.flush()
    for delivery in deliveries:
        delivery.handover_id = handover.id
    db.session.flush()
    return handover, expected


def recent_handovers(limit=20):
    """[(hand-over, driver's name)], newest first."""
    query = (
        select(CashHandover, StaffUser.name)
        .join(StaffUser, StaffUser.id == CashHandover.driver_id)
        .order_by(CashHandover.at.desc(), CashHandover.id.desc())
        .limit(limit)
    )
    return db.session.execute(query).all()


def expected_of(handover):
    """The cash the deliveries settled by `handover` brought in."""
    query = select(func.coalesce(func.sum(Delivery.cash_collected), 0)).where(
        Delivery.handover_id == handover.id
    )
    return Decimal(db.session.scalar(query))
