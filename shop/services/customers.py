"""Customer accounts: sign-up (claiming a guest's row), log-in, address book, history, vehicle.

Phone numbers are stored encrypted, so a customer is found by the keyed hash of their E.164
number (`crypto.lookup_hashes`, which also matches rows not yet rotated to the newest key).

Nobody proves owning a phone number when signing up (there is no SMS code yet), so an account
created on a number that guests already ordered with takes over that guest row but not its orders:
an account shows only the orders placed while logged in to it (`Order.placed_in_account`). Guest
orders, before or after sign-up, stay reachable by tracking (reference and phone), as before.
"""

import hmac
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from shop.auth import hash_password, verify_password
from shop.extensions import db
from shop.models import Address, City, Customer, Order, Product, Region, Vehicle
from shop.services.crypto import lookup_hashes
from shop.services.phones import normalize_phone

MIN_PASSWORD_LENGTH = 8
_DECOY_PHONE = "+000000000000"
# Checked when no account matches, so a wrong login costs as long as a wrong password.
_DECOY_HASH = hash_password("decoy password of no customer")


class AccountError(Exception):
    """A sign-up that cannot go through; `field` names the form field, `message` says why."""

    def __init__(self, field, message):
        super().__init__(field)
        self.field = field
        self.message = message


PHONE_TAKEN = _l("An account already exists with this phone number. Log in instead.")
EMAIL_TAKEN = _l("An account already exists with this email address.")


def find_customer_id_by_phone(phone):
    """The id of the customer row (account or guest) of the E.164 `phone`, or None."""
    query = select(Customer.id).where(Customer.phone_hash.in_(lookup_hashes(phone)))
    return db.session.scalar(query)


def find_customer_by_phone(phone):
    customer_id = find_customer_id_by_phone(phone)
    return db.session.get(Customer, customer_id) if customer_id is not None else None


def find_customer_by_email(email):
    query = select(Customer).where(func.lower(Customer.email) == email.strip().lower())
    return db.session.scalar(query)


def sign_up(name, phone, password, language, email=None):
    """Create the account of `phone` (E.164), or give a guest row of that phone its password.

    Raises `AccountError` when an account already has the phone or the email.
    """
    customer = find_customer_by_phone(phone)
    if customer is not None and customer.password_hash:
        raise AccountError("phone", PHONE_TAKEN)
    if email:
        owner = find_customer_by_email(email)
        if owner is not None and owner is not customer:
            raise AccountError("email", EMAIL_TAKEN)
    if customer is None:
        customer = Customer(phone=phone)
        db.session.add(customer)
    customer.name = name
    customer.email = email or None
    customer.language = language
    customer.password_hash = hash_password(password)
    customer.is_active = True
    db.session.flush()
    return customer


def authenticate(phone=None, email=None, password=""):
    """The active account with this phone (E.164) or email and password, or None."""
    customer = None
    if phone:
        customer = find_customer_by_phone(phone)
    elif email:
        customer = find_customer_by_email(email)
    if customer is None or not customer.password_hash:
        verify_password(_DECOY_HASH, password)
        return None
    if not verify_password(customer.password_hash, password) or not customer.is_active:
        return None
    return customer


def remember_vehicle(customer, vehicle_id):
    """Keep `vehicle_id` (or None to forget it) as the customer's vehicle."""
    customer.vehicle_id = vehicle_id
    db.session.flush()


def remember_account_vehicle(user, vehicle_id):
    """Keep the vehicle on `user`'s account when they are a logged-in customer; whether it did."""
    if not isinstance(user, Customer) or not user.is_authenticated or not user.is_active:
        return False
    remember_vehicle(user, vehicle_id)
    return True


def saved_vehicle(customer):
    return db.session.get(Vehicle, customer.vehicle_id) if customer.vehicle_id else None


def account_orders(customer_id):
    """The orders placed while logged in to this account, newest first."""
    query = (
        select(Order)
        .where(Order.customer_id == customer_id, Order.placed_in_account)
        .order_by(Order.placed_at.desc(), Order.id.desc())
    )
    return db.session.scalars(query).all()


def account_order(customer_id, reference):
    """One order of the account by its reference, or None if it is not theirs to see."""
    query = select(Order).where(
        Order.reference == reference,
        Order.customer_id == customer_id,
        Order.placed_in_account,
    )
    return db.session.scalar(query)


def order_by_reference(reference):
    return db.session.scalar(select(Order).where(Order.reference == reference))


def order_matching(reference, typed_phone, country):
    """The order with this reference and phone (as typed in `country`), or None.

    Whatever is wrong (no such reference, another phone, no phone at all) the answer is None, and
    it takes about as long: the phone is compared even when the reference matches no order.
    """
    check = normalize_phone(typed_phone, country)
    order = order_by_reference(reference)
    stored = order.phone if order is not None else _DECOY_PHONE
    typed = check.e164 if check.ok else ""
    same = hmac.compare_digest(stored.encode(), typed.encode())
    return order if order is not None and same else None


def reorder_lines(order):
    """(product, quantity) of the order's products still on sale, in the order's line order."""
    product_ids = [item.product_id for item in order.items]
    query = select(Product).where(
        Product.id.in_(product_ids), Product.status == "active", Product.deleted_at.is_(None)
    )
    sellable = {product.id: product for product in db.session.scalars(query)}
    return [
        (sellable[item.product_id], item.quantity)
        for item in order.items
        if item.product_id in sellable
    ]


@dataclass(frozen=True)
class AddressDetails:
    """An address as checked by the form: a real city, a landmark, optional street and pin."""

    recipient_name: str
    phone: str
    city_id: int
    label: str | None = None
    street: str | None = None
    landmark: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None


def addresses_of(customer_id):
    """(address, city) pairs of the customer's address book, oldest first."""
    query = (
        select(Address, City)
        .join(City, City.id == Address.city_id)
        .where(Address.customer_id == customer_id)
        .order_by(Address.id)
    )
    return db.session.execute(query).all()


def address_of(customer_id, address_id):
    """The customer's address `address_id`, or None (someone else's addresses are not found)."""
    query = select(Address).where(Address.id == address_id, Address.customer_id == customer_id)
    return db.session.scalar(query)


def save_address(customer_id, details, address=None):
    """Add an address to the customer's book, or update `address` with `details`."""
    if address is None:
        address = Address(customer_id=customer_id)
        db.session.add(address)
    for field in AddressDetails.__dataclass_fields__:
        setattr(address, field, getattr(details, field))
    db.session.flush()
    return address


def delete_address(address):
    db.session.delete(address)
    db.session.flush()


def cities_by_region(country):
    """[(region, [cities])] of the shop's country, regions by code and cities as loaded."""
    query = (
        select(City, Region)
        .join(Region, Region.id == City.region_id)
        .where(Region.country == country)
        .order_by(Region.code, City.id)
    )
    grouped = {}
    for city, region in db.session.execute(query):
        grouped.setdefault(region, []).append(city)
    return list(grouped.items())


def city_in_country(city_id, country):
    query = (
        select(City)
        .join(Region, Region.id == City.region_id)
        .where(City.id == city_id, Region.country == country)
    )
    return db.session.scalar(query)
