"""listing index covers the filter counts: brand, price and attributes read from the index alone

Revision ID: 0007_listing_index_covers_facets
Revises: 0006_attribute_definitions
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_listing_index_covers_facets"
down_revision = "0006_attribute_definitions"
branch_labels = None
depends_on = None

LIVE = sa.text("deleted_at IS NULL AND status = 'active'")


def upgrade():
    op.drop_index("ix_products_live_category_featured", table_name="products")
    op.create_index(
        "ix_products_live_category_featured",
        "products",
        ["category_id", "featured", "created_at", "id"],
        postgresql_include=["brand_id", "price", "attributes"],
        postgresql_where=LIVE,
    )


def downgrade():
    op.drop_index("ix_products_live_category_featured", table_name="products")
    op.create_index(
        "ix_products_live_category_featured",
        "products",
        ["category_id", "featured", "created_at", "id"],
        postgresql_where=LIVE,
    )
