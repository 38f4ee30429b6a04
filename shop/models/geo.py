"""Administrative divisions (regions, cities) and the delivery zones built from them."""

from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.extensions import db
from shop.models.base import money

# A city belongs to at most one zone, so the fee for an address is never ambiguous.
zone_cities = Table(
    "delivery_zone_cities",
    db.metadata,
    Column(
        "zone_id",
        ForeignKey("delivery_zones.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("city_id", ForeignKey("cities.id", ondelete="CASCADE"), primary_key=True),
)


class Region(db.Model):
    """A governorate (Tunisia) or region (Morocco)."""

    __tablename__ = "regions"
    __table_args__ = (UniqueConstraint("country", "code", name="uq_regions_country_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(2), nullable=False)
    code: Mapped[str] = mapped_column(String(16), nullable=False)
    name_fr: Mapped[str] = mapped_column(String(120), nullable=False)
    name_ar: Mapped[str] = mapped_column(String(120), nullable=False)

    cities: Mapped[list["City"]] = relationship(back_populates="region", order_by="City.name_fr")


class City(db.Model):
    __tablename__ = "cities"
    __table_args__ = (UniqueConstraint("region_id", "name_fr", name="uq_cities_region_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(
        ForeignKey("regions.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    name_fr: Mapped[str] = mapped_column(String(120), nullable=False)
    name_ar: Mapped[str] = mapped_column(String(120), nullable=False)
    postcode: Mapped[str | None] = mapped_column(String(10))

    region: Mapped[Region] = relationship(back_populates="cities")
    zone: Mapped["DeliveryZone | None"] = relationship(
        secondary=zone_cities, back_populates="cities", uselist=False, viewonly=True
    )


class DeliveryZone(db.Model):
    __tablename__ = "delivery_zones"
    __table_args__ = (
        CheckConstraint("fee >= 0", name="fee_not_negative"),
        CheckConstraint("min_order >= 0", name="min_order_not_negative"),
        CheckConstraint("eta_hours_min > 0 AND eta_hours_max >= eta_hours_min", name="eta_sane"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name_fr: Mapped[str] = mapped_column(String(120), nullable=False)
    name_ar: Mapped[str] = mapped_column(String(120), nullable=False)
    fee: Mapped[Decimal] = money()
    min_order: Mapped[Decimal] = money()
    eta_hours_min: Mapped[int] = mapped_column(Integer, nullable=False)
    eta_hours_max: Mapped[int] = mapped_column(Integer, nullable=False)
    is_active: Mapped[bool] = mapped_column(nullable=False, default=True)

    cities: Mapped[list[City]] = relationship(secondary=zone_cities)
