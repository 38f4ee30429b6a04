"""attribute definitions: names of product attributes and their values in French and Arabic

Revision ID: 0006_attribute_definitions
Revises: 0005_shop_settings
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006_attribute_definitions"
down_revision = "0005_shop_settings"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "attribute_definitions",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name_fr", sa.String(length=120), nullable=False),
        sa.Column("name_ar", sa.String(length=120), nullable=False),
        sa.Column(
            "value_names",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade():
    op.drop_table("attribute_definitions")
