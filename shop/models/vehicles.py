"""Vehicles (make, model, generation with years) and which products fit them."""

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.extensions import db


class VehicleMake(db.Model):
    __tablename__ = "vehicle_makes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), nullable=False, unique=True)
    slug: Mapped[str] = mapped_column(String(80), nullable=False, unique=True)

    models: Mapped[list["VehicleModel"]] = relationship(
        back_populates="make", order_by="VehicleModel.name"
    )


class VehicleModel(db.Model):
    __tablename__ = "vehicle_models"
    __table_args__ = (UniqueConstraint("make_id", "slug", name="uq_vehicle_models_make_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    make_id: Mapped[int] = mapped_column(
        ForeignKey("vehicle_makes.id", ondelete="RESTRICT"), nullable=False
    )
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    slug: Mapped[str] = mapped_column(String(100), nullable=False)

    make: Mapped[VehicleMake] = relationship(back_populates="models")
    vehicles: Mapped[list["Vehicle"]] = relationship(
        back_populates="model", order_by="Vehicle.year_from"
    )


class Vehicle(db.Model):
    """One generation of a model over a span of years (`year_to` empty while still made)."""

    __tablename__ = "vehicles"
    __table_args__ = (
        CheckConstraint("year_from BETWEEN 1950 AND 2100", name="year_from_sane"),
        CheckConstraint("year_to IS NULL OR year_to >= year_from", name="years_ordered"),
        UniqueConstraint(
            "model_id",
            "generation",
            "year_from",
            name="uq_vehicles_model_generation_year",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(
        ForeignKey("vehicle_models.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    generation: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    year_from: Mapped[int] = mapped_column(Integer, nullable=False)
    year_to: Mapped[int | None] = mapped_column(Integer)
    engines: Mapped[str | None] = mapped_column(String(255))

    model: Mapped[VehicleModel] = relationship(back_populates="vehicles")


class Fitment(db.Model):
    """A product fits a vehicle."""

    __tablename__ = "fitments"
    __table_args__ = (Index("ix_fitments_vehicle_product", "vehicle_id", "product_id"),)

    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )
    vehicle_id: Mapped[int] = mapped_column(
        ForeignKey("vehicles.id", ondelete="CASCADE"), primary_key=True
    )
    note: Mapped[str | None] = mapped_column(String(255))
