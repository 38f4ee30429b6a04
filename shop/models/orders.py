"""Carts, orders with their lines, status history and deliveries, and drivers' cash hand-overs."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from shop.extensions import db
from shop.models.base import created_at, money, one_of, updated_at
from shop.services.crypto import EncryptedDecimal, EncryptedText, lookup_hash

ORDER_STATUSES = (
    "awaiting_confirmation",
    "confirmed",
    "preparing",
    "out_for_delivery",
    "delivered",
    "cancelled",
    "refused",
)
ORDER_CHANNELS = ("web", "whatsapp")
PAYMENT_METHODS = ("cod",)
STATUS_ACTORS = ("customer", "staff", "driver", "system")


class Cart(db.Model):
    """A server-side cart; the browser holds only its signed token."""

    __tablename__ = "carts"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
    expires_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, index=True
    )

    items: Mapped[list["CartItem"]] = relationship(
        back_populates="cart", cascade="all, delete-orphan", order_by="CartItem.id"
    )


class CartItem(db.Model):
    __tablename__ = "cart_items"
    __table_args__ = (
        UniqueConstraint("cart_id", "product_id", name="uq_cart_items_cart_product"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[int] = mapped_column(ForeignKey("carts.id", ondelete="CASCADE"), nullable=False)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), nullable=False
    )
    quantity: Mapped[int] = mapped_column(Integer, nullable=False)
    # The price the customer saw when adding, to tell them if it changed before they order.
    unit_price_seen: Mapped[Decimal] = money()
    added_at: Mapped[datetime] = created_at()

    cart: Mapped[Cart] = relationship(back_populates="items")


class Order(db.Model):
    """An order with snapshots of who, where and how much, so later edits never rewrite it.

    Phone and address are stored encrypted; `phone_hash` (set with the phone) finds orders by
    phone. `placed_in_account` says the customer was logged in: only those orders show in their
    account, since an account's phone number is not proven to be theirs.
    """

    __tablename__ = "orders"
    __table_args__ = (
        one_of("status", ORDER_STATUSES, "status_known"),
        one_of("channel", ORDER_CHANNELS, "channel_known"),
        one_of("payment_method", PAYMENT_METHODS, "payment_method_known"),
        one_of("language", ("ar", "fr"), "language_known"),
        CheckConstraint(
            "subtotal >= 0 AND delivery_fee >= 0 AND total >= 0",
            name="amounts_positive",
        ),
        Index("ix_orders_status_placed", "status", "placed_at"),
        Index("ix_orders_placed", "placed_at"),
        Index("ix_orders_phone_hash", "phone_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), nullable=False, unique=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    customer_id: Mapped[int | None] = mapped_column(
        ForeignKey("customers.id", ondelete="SET NULL"), index=True
    )
    channel: Mapped[str] = mapped_column(String(16), nullable=False, default="web")
    status: Mapped[str] = mapped_column(String(24), nullable=False)
    language: Mapped[str] = mapped_column(String(2), nullable=False)
    placed_in_account: Mapped[bool] = mapped_column(nullable=False, default=False)
    customer_name: Mapped[str] = mapped_column(String(120), nullable=False)
    phone: Mapped[str] = mapped_column("phone_encrypted", EncryptedText, nullable=False)
    phone_hash: Mapped[bytes] = mapped_column(LargeBinary(32), nullable=False)
    email: Mapped[str | None] = mapped_column(String(254))
    city_id: Mapped[int | None] = mapped_column(ForeignKey("cities.id", ondelete="RESTRICT"))
    street: Mapped[str | None] = mapped_column("street_encrypted", EncryptedText)
    landmark: Mapped[str | None] = mapped_column("landmark_encrypted", EncryptedText)
    latitude: Mapped[Decimal | None] = mapped_column("latitude_encrypted", EncryptedDecimal)
    longitude: Mapped[Decimal | None] = mapped_column("longitude_encrypted", EncryptedDecimal)
    zone_id: Mapped[int | None] = mapped_column(
        ForeignKey("delivery_zones.id", ondelete="RESTRICT"), index=True
    )
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    subtotal: Mapped[Decimal] = money()
    delivery_fee: Mapped[Decimal] = money()
    total: Mapped[Decimal] = money()
    payment_method: Mapped[str] = mapped_column(String(16), nullable=False, default="cod")
    notes: Mapped[str | None] = mapped_column(Text)
    birth_date: Mapped[date | None] = mapped_column(Date)
    age_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    placed_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()

    items: Mapped[list["OrderItem"]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderItem.id"
    )
    events: Mapped[list["OrderStatusEvent"]] = relationship(
        back_populates="order",
        cascade="all, delete-orphan",
        order_by=lambda: (OrderStatusEvent.at, OrderStatusEvent.id),
    )
    delivery: Mapped["Delivery | None"] = relationship(back_populates="order", uselist=False)

    @validates("phone")
    def _hash_phone(self, key, phone):
        self.phone_hash = lookup_hash(phone)
        return phone


class OrderItem(db.Model):
    __tablename__ = "order_items"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
        Index("ix_order_items_product", "product_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), nullable=False, index=True
    )
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="RESTRICT"), nullable=False
    )
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id", ondelete="RESTRICT"))
    sku: Mapped[str] = mapped_column(String(64), nullable=False)
    name_fr: Mapped[str | None] = mapped_column(String(255))
    name_ar: Mapped[str | None] = mapped_column(String(255))
    unit_price: Mapped[Decimal] = money()
    quantity: Mapped[int] = mapped_column(Integer, nullable=False)
    line_total: Mapped[Decimal] = money()

    order: Mapped[Order] = relationship(back_populates="items")


class OrderStatusEvent(db.Model):
    """One step of an order's timeline: who moved it, when, and why."""

    __tablename__ = "order_status_events"
    __table_args__ = (
        one_of("to_status", ORDER_STATUSES, "to_status_known"),
        one_of("actor", STATUS_ACTORS, "actor_known"),
        Index("ix_order_status_events_order_at", "order_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), nullable=False
    )
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24), nullable=False)
    actor: Mapped[str] = mapped_column(String(16), nullable=False)
    staff_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = created_at()

    order: Mapped[Order] = relationship(back_populates="events")


class CashHandover(db.Model):
    """A driver handing the cash collected on deliveries to the shop (end-of-day reconciliation)."""

    __tablename__ = "cash_handovers"
    __table_args__ = (CheckConstraint("amount >= 0", name="amount_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    driver_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    received_by_id: Mapped[int] = mapped_column(
        ForeignKey("staff_users.id", ondelete="RESTRICT"), nullable=False
    )
    amount: Mapped[Decimal] = money()
    at: Mapped[datetime] = created_at()


class Delivery(db.Model):
    """Who takes an order to the door, and what happened there."""

    __tablename__ = "deliveries"
    __table_args__ = (
        CheckConstraint("cash_collected IS NULL OR cash_collected >= 0", name="cash_not_negative"),
        Index("ix_deliveries_driver_assigned", "driver_id", "assigned_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    driver_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    sequence: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cash_collected: Mapped[Decimal | None] = money(nullable=True)
    refused_reason: Mapped[str | None] = mapped_column(Text)
    handover_id: Mapped[int | None] = mapped_column(
        ForeignKey("cash_handovers.id", ondelete="SET NULL"), index=True
    )

    order: Mapped[Order] = relationship(back_populates="delivery")
