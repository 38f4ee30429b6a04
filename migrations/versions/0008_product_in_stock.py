"""products.in_stock: whether a product can be sold now, kept by the database

Revision ID: 0008_product_in_stock
Revises: 0007_listing_index_covers_facets

A product is in stock when one of its stock levels at an active location holds units not
reserved. Listings filter and count on that for thousands of products at once; read from the
stock levels, each such query hashed every free stock level of the shop. Kept as a column (in
the listing index, so filter counts stay index-only scans), refreshed by statement-level
triggers on `stock_levels` and `locations` whatever writes them (orders, admin, imports, psql).
A refresh writes only the products whose state changes, so ordinary stock movements leave
`products` alone.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_product_in_stock"
down_revision = "0007_listing_index_covers_facets"
branch_labels = None
depends_on = None

LIVE = sa.text("deleted_at IS NULL AND status = 'active'")

FUNCTIONS = r"""
CREATE FUNCTION hanout_refresh_in_stock(product_ids integer[]) RETURNS void
LANGUAGE sql AS $$
    UPDATE products AS p SET in_stock = fresh.in_stock
    FROM (
        SELECT id, EXISTS (
            SELECT FROM stock_levels AS s JOIN locations AS l ON l.id = s.location_id
            WHERE s.product_id = ids.id AND s.on_hand > s.reserved AND l.is_active
        ) AS in_stock
        FROM unnest(product_ids) AS ids(id)
    ) AS fresh
    WHERE p.id = fresh.id AND p.in_stock IS DISTINCT FROM fresh.in_stock
$$;

CREATE FUNCTION hanout_stock_levels_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM hanout_refresh_in_stock(ARRAY(SELECT DISTINCT product_id FROM new_rows));
    RETURN NULL;
END $$;

CREATE FUNCTION hanout_stock_levels_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM hanout_refresh_in_stock(ARRAY(
        SELECT product_id FROM new_rows UNION SELECT product_id FROM old_rows
    ));
    RETURN NULL;
END $$;

CREATE FUNCTION hanout_stock_levels_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM hanout_refresh_in_stock(ARRAY(SELECT DISTINCT product_id FROM old_rows));
    RETURN NULL;
END $$;

CREATE FUNCTION hanout_locations_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM hanout_refresh_in_stock(ARRAY(
        SELECT DISTINCT s.product_id FROM stock_levels AS s
        JOIN new_rows AS n ON n.id = s.location_id
        JOIN old_rows AS o ON o.id = n.id
        WHERE n.is_active IS DISTINCT FROM o.is_active
    ));
    RETURN NULL;
END $$;
"""

TRIGGERS = """
CREATE TRIGGER in_stock_on_insert AFTER INSERT ON stock_levels
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hanout_stock_levels_inserted();
CREATE TRIGGER in_stock_on_update AFTER UPDATE ON stock_levels
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hanout_stock_levels_updated();
CREATE TRIGGER in_stock_on_delete AFTER DELETE ON stock_levels
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hanout_stock_levels_deleted();
CREATE TRIGGER in_stock_on_update AFTER UPDATE ON locations
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hanout_locations_updated();
"""

DROP = """
DROP TRIGGER in_stock_on_update ON locations;
DROP TRIGGER in_stock_on_delete ON stock_levels;
DROP TRIGGER in_stock_on_update ON stock_levels;
DROP TRIGGER in_stock_on_insert ON stock_levels;
DROP FUNCTION hanout_locations_updated();
DROP FUNCTION hanout_stock_levels_deleted();
DROP FUNCTION hanout_stock_levels_updated();
DROP FUNCTION hanout_stock_levels_inserted();
DROP FUNCTION hanout_refresh_in_stock(integer[]);
"""


def upgrade():
    op.add_column(
        "products",
        sa.Column("in_stock", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.execute(FUNCTIONS)
    op.execute(TRIGGERS)
    op.execute("SELECT hanout_refresh_in_stock(ARRAY(SELECT id FROM products))")
    op.drop_index("ix_products_live_category_featured", table_name="products")
    op.create_index(
        "ix_products_live_category_featured",
        "products",
        ["category_id", "featured", "created_at", "id"],
        postgresql_include=["brand_id", "price", "attributes", "in_stock"],
        postgresql_where=LIVE,
    )


def downgrade():
    op.drop_index("ix_products_live_category_featured", table_name="products")
    op.create_index(
        "ix_products_live_category_featured",
        "products",
        ["category_id", "featured", "created_at", "id"],
        postgresql_include=["brand_id", "price", "attributes"],
        postgresql_where=LIVE,
    )
    op.execute(DROP)
    op.drop_column("products", "in_stock")
