"""listing index: a category's live products, featured first then newest

Revision ID: 0004_listing_index
Revises: 0003_customer_pii
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_listing_index"
down_revision = "0003_customer_pii"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_products_live_category_featured",
        "products",
        ["category_id", "featured", "created_at", "id"],
        postgresql_where=sa.text("deleted_at IS NULL AND status = 'active'"),
    )


def downgrade():
    op.drop_index("ix_products_live_category_featured", table_name="products")
