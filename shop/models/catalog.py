"""The catalog: category tree, brands, products with their references, images and price history."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.extensions import db
from shop.models.base import created_at, money, one_of, updated_at

PRODUCT_STATUSES = ("active", "draft")
REFERENCE_KINDS = ("oem", "cross")


class Category(db.Model):
    """A node of the category tree; `path` is the chain of ids from the root ("/1/7/42/")."""

    __tablename__ = "categories"
    __table_args__ = (
        CheckConstraint("name_fr IS NOT NULL OR name_ar IS NOT NULL", name="has_name"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        Index("ix_categories_path", "path", postgresql_ops={"path": "text_pattern_ops"}),
        Index("ix_categories_parent_position", "parent_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="RESTRICT"))
    path: Mapped[str] = mapped_column(String(255), nullable=False)
    depth: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    name_fr: Mapped[str | None] = mapped_column(String(120))
    name_ar: Mapped[str | None] = mapped_column(String(120))
    slug_fr: Mapped[str] = mapped_column(String(140), nullable=False, unique=True)
    slug_ar: Mapped[str] = mapped_column(String(140), nullable=False, unique=True)
    image_url: Mapped[str | None] = mapped_column(String(500))
    is_active: Mapped[bool] = mapped_column(nullable=False, default=True)
    created_at: Mapped[datetime] = created_at()

    parent: Mapped["Category | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Category"]] = relationship(
        back_populates="parent", order_by="Category.position"
    )


class Brand(db.Model):
    __tablename__ = "brands"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False, unique=True)
    slug: Mapped[str] = mapped_column(String(140), nullable=False, unique=True)
    logo_url: Mapped[str | None] = mapped_column(String(500))
    is_active: Mapped[bool] = mapped_column(nullable=False, default=True)
    created_at: Mapped[datetime] = created_at()


class Product(db.Model):
    """A sellable item. Soft-deleted products keep `deleted_at` and vanish from the storefront."""

    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("name_fr IS NOT NULL OR name_ar IS NOT NULL", name="has_name"),
        CheckConstraint("price >= 0", name="price_not_negative"),
        CheckConstraint(
            "compare_at_price IS NULL OR compare_at_price > 0",
            name="compare_at_positive",
        ),
        CheckConstraint("weight_kg IS NULL OR weight_kg >= 0", name="weight_not_negative"),
        CheckConstraint("low_stock_threshold >= 0", name="threshold_not_negative"),
        one_of("status", PRODUCT_STATUSES, "status_known"),
        # The storefront lists live products of a category or brand, newest or by price.
        Index(
            "ix_products_live_category",
            "category_id",
            "created_at",
            "id",
            postgresql_where=text("deleted_at IS NULL AND status = 'active'"),
        ),
        # The default "relevance" order of a listing: featured first, then newest. It also
        # holds what a category's filter counts read, so they need no visit to the table.
        Index(
            "ix_products_live_category_featured",
            "category_id",
            "featured",
            "created_at",
            "id",
            postgresql_include=["brand_id", "price", "attributes", "in_stock"],
            postgresql_where=text("deleted_at IS NULL AND status = 'active'"),
        ),
        Index(
            "ix_products_live_brand",
            "brand_id",
            "id",
            postgresql_where=text("deleted_at IS NULL AND status = 'active'"),
        ),
        Index(
            "ix_products_live_price",
            "price",
            "id",
            postgresql_where=text("deleted_at IS NULL AND status = 'active'"),
        ),
        Index(
            "ix_products_featured",
            "id",
            postgresql_where=text("featured AND deleted_at IS NULL AND status = 'active'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    barcode: Mapped[str | None] = mapped_column(String(32), index=True)
    name_fr: Mapped[str | None] = mapped_column(String(255))
    name_ar: Mapped[str | None] = mapped_column(String(255))
    description_fr: Mapped[str | None] = mapped_column(Text)
    description_ar: Mapped[str | None] = mapped_column(Text)
    slug_fr: Mapped[str] = mapped_column(String(280), nullable=False)
    slug_ar: Mapped[str] = mapped_column(String(280), nullable=False)
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("brands.id", ondelete="RESTRICT"))
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="RESTRICT")
    )
    price: Mapped[Decimal] = money()
    compare_at_price: Mapped[Decimal | None] = money(nullable=True)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="draft")
    is_restricted: Mapped[bool] = mapped_column(nullable=False, default=False)
    featured: Mapped[bool] = mapped_column(nullable=False, default=False)
    weight_kg: Mapped[Decimal | None] = mapped_column(Numeric(8, 3))
    attributes: Mapped[dict] = mapped_column(
        JSONB, nullable=False, default=dict, server_default=text("'{}'::jsonb")
    )
    low_stock_threshold: Mapped[int] = mapped_column(Integer, nullable=False, default=3)
    # Whether units can be sold now at an active location: kept by the database from the stock
    # levels (migration 0008), never written here.
    in_stock: Mapped[bool] = mapped_column(nullable=False, server_default=false())
    # What its card says of its stock: 0 "Out of stock", N "Only N left", -1 "In stock"; kept
    # by the database too (migration 0009).
    listed_stock: Mapped[int] = mapped_column(Integer, nullable=False, server_default=text("0"))
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = updated_at()
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    brand: Mapped[Brand | None] = relationship()
    category: Mapped[Category | None] = relationship()
    images: Mapped[list["ProductImage"]] = relationship(
        back_populates="product",
        order_by="(ProductImage.position, ProductImage.id)",
        cascade="all, delete-orphan",
    )
    references: Mapped[list["ProductReference"]] = relationship(
        back_populates="product", cascade="all, delete-orphan"
    )


class ProductImage(db.Model):
    __tablename__ = "product_images"
    __table_args__ = (Index("ix_product_images_product_position", "product_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), nullable=False
    )
    url: Mapped[str] = mapped_column(String(500), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    alt_fr: Mapped[str | None] = mapped_column(String(255))
    alt_ar: Mapped[str | None] = mapped_column(String(255))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)

    product: Mapped[Product] = relationship(back_populates="images")


class ProductReference(db.Model):
    """An OEM or cross-reference number; `code_normalized` drops spaces, dashes and dots."""

    __tablename__ = "product_references"
    __table_args__ = (
        UniqueConstraint(
            "product_id", "kind", "code_normalized", name="uq_product_references_code"
        ),
        one_of("kind", REFERENCE_KINDS, "kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), nullable=False
    )
    kind: Mapped[str] = mapped_column(String(8), nullable=False, default="oem")
    code: Mapped[str] = mapped_column(String(64), nullable=False)
    code_normalized: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    manufacturer: Mapped[str | None] = mapped_column(String(120))

    product: Mapped[Product] = relationship(back_populates="references")


class PriceHistory(db.Model):
    """Every change of a product's price, kept forever."""

    __tablename__ = "price_history"
    __table_args__ = (Index("ix_price_history_product_changed", "product_id", "changed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), nullable=False
    )
    old_price: Mapped[Decimal | None] = money(nullable=True)
    new_price: Mapped[Decimal] = money()
    old_compare_at_price: Mapped[Decimal | None] = money(nullable=True)
    new_compare_at_price: Mapped[Decimal | None] = money(nullable=True)
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_users.id", ondelete="SET NULL")
    )
    source: Mapped[str] = mapped_column(String(16), nullable=False, default="admin")
    changed_at: Mapped[datetime] = created_at()


class AttributeDefinition(db.Model):
    """The names of a product attribute (a key of `Product.attributes`) in both languages, and of
    its written values: {"avant": {"fr": "avant", "ar": "أمامي"}}. Numbers need no names."""

    __tablename__ = "attribute_definitions"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_fr: Mapped[str] = mapped_column(String(120), nullable=False)
    name_ar: Mapped[str] = mapped_column(String(120), nullable=False)
    value_names: Mapped[dict] = mapped_column(
        JSONB, nullable=False, default=dict, server_default=text("'{}'::jsonb")
    )
