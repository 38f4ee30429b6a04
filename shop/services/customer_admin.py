"""Customers as staff look them up: by name, or by phone in any spelling (phones are stored
encrypted, so a phone is found through its keyed hash, never by scanning)."""

from flask_babel import gettext as _
from sqlalchemy import select

from shop.extensions import db
from shop.models import Customer, Order
from shop.services.customers import find_customer_id_by_phone
from shop.services.phones import normalize_phone

PAGE_SIZE = 50
MAX_NOTES_LENGTH = 2000


def find_customers(text, country, page=1):
    """(customers, more) whose name contains `text`, or whose phone is `text`."""
    text = (text or "").strip()[:120]
    query = select(Customer).order_by(Customer.id.desc())
    if text:
        phone = normalize_phone(text, country).e164 if any(ch.isdigit() for ch in text) else None
        by_phone = find_customer_id_by_phone(phone) if phone else None
        condition = Customer.name.icontains(text, autoescape=True)
        query = query.where(condition | (Customer.id == by_phone) if by_phone else condition)
    rows = list(db.session.scalars(query.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)))
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def customer_orders(customer_id, limit=50):
    query = (
        select(Order)
        .where(Order.customer_id == customer_id)
        .order_by(Order.placed_at.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def set_notes(customer, text):
    text = (text or "").strip()
    if len(text) > MAX_NOTES_LENGTH:
        raise ValueError(_("It is too long: %(limit)s characters at most.", limit=MAX_NOTES_LENGTH))
    customer.notes = text or None
    db.session.flush()
