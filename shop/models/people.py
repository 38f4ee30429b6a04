"""Staff with roles, customers and their addresses."""

from datetime import datetime
from decimal import Decimal

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from shop.extensions import db
from shop.models.base import created_at, one_of
from shop.services.crypto import EncryptedDecimal, EncryptedText, lookup_hash

STAFF_ROLES = ("owner", "manager", "staff", "driver")
LANGUAGES = ("ar", "fr")


class StaffUser(UserMixin, db.Model):
    """Someone who runs the shop; a driver sees only the deliveries assigned to them."""

    __tablename__ = "staff_users"
    __table_args__ = (
        CheckConstraint("email IS NOT NULL OR phone IS NOT NULL", name="has_login"),
        one_of("role", STAFF_ROLES, "role_known"),
        one_of("language", LANGUAGES, "language_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    language: Mapped[str] = mapped_column(String(2), nullable=False, default="fr")
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    is_active: Mapped[bool] = mapped_column(nullable=False, default=True)
    created_at: Mapped[datetime] = created_at()
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    def get_id(self):
        return f"staff:{self.id}"


class Customer(UserMixin, db.Model):
    """A buyer; guests get a row too (without a password) so their orders group by phone.

    The phone number is stored encrypted; `phone_hash` (set with it) finds a customer by phone.
    """

    __tablename__ = "customers"
    __table_args__ = (one_of("language", LANGUAGES, "language_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    phone: Mapped[str] = mapped_column("phone_encrypted", EncryptedText, nullable=False)
    phone_hash: Mapped[bytes] = mapped_column(LargeBinary(32), nullable=False, unique=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(2), nullable=False, default="fr")
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicles.id", ondelete="SET NULL"))
    notes: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(nullable=False, default=True)
    created_at: Mapped[datetime] = created_at()

    addresses: Mapped[list["Address"]] = relationship(back_populates="customer")

    @validates("phone")
    def _hash_phone(self, key, phone):
        self.phone_hash = lookup_hash(phone)
        return phone

    def get_id(self):
        return f"customer:{self.id}"


class Address(db.Model):
    """A delivery address: a real city plus a landmark, since streets are often missing.

    Phone, street, landmark and map pin are stored encrypted (so their ranges are checked in
    Python, by the forms).
    """

    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), nullable=False, index=True
    )
    label: Mapped[str | None] = mapped_column(String(60))
    recipient_name: Mapped[str] = mapped_column(String(120), nullable=False)
    phone: Mapped[str] = mapped_column("phone_encrypted", EncryptedText, nullable=False)
    city_id: Mapped[int] = mapped_column(
        ForeignKey("cities.id", ondelete="RESTRICT"), nullable=False
    )
    street: Mapped[str | None] = mapped_column("street_encrypted", EncryptedText)
    landmark: Mapped[str | None] = mapped_column("landmark_encrypted", EncryptedText)
    latitude: Mapped[Decimal | None] = mapped_column("latitude_encrypted", EncryptedDecimal)
    longitude: Mapped[Decimal | None] = mapped_column("longitude_encrypted", EncryptedDecimal)
    created_at: Mapped[datetime] = created_at()

    customer: Mapped[Customer] = relationship(back_populates="addresses")
