"""products.listed_stock: the stock a product card shows, kept by the database; stock refreshes
serialised per product

Revision ID: 0009_listed_stock
Revises: 0008_product_in_stock

A product card says "Out of stock", "Only N left" (up to the product's low-stock threshold) or
"In stock"; `listed_stock` holds which (0, N, or -1 for "In stock"), next to `in_stock`. The
refresh that keeps both (after any write of stock levels or locations) now also names the
products whose `in_stock` or `listed_stock` it changed, in the transaction's setting
`hanout.listed_changed`: after the commit, the app retires the listings of those products'
categories and brands only (`shop.services.cache`). Most sales leave a product's card as it was.

The refresh of a few products (a sale, a delivery, a stock count) now first takes a lock per
product (an advisory lock, held to the end of the transaction): two transactions changing the stock of one product at two locations at once each
read the other's level as it was before, and could both leave `in_stock` true when together they
sold the last units. Locked, the second waits for the first to commit, then its refresh (a new
statement, so a new snapshot) reads what the first wrote. An advisory lock, not the product's
row: the catalog import locks product rows before stock levels, stock writes take them the other
way round.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_listed_stock"
down_revision = "0008_product_in_stock"
branch_labels = None
depends_on = None

FUNCTIONS = r"""
CREATE FUNCTION hanout_listed_stock(units bigint, low_threshold integer) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN units <= 0 THEN 0 WHEN units <= low_threshold THEN units::integer ELSE -1 END
$$;

CREATE FUNCTION hanout_units(product_id integer) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(s.on_hand - s.reserved), 0)
    FROM stock_levels AS s JOIN locations AS l ON l.id = s.location_id
    WHERE s.product_id = hanout_units.product_id AND l.is_active
$$;

CREATE OR REPLACE FUNCTION hanout_refresh_in_stock(product_ids integer[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    changed text;
    locked_id integer;
BEGIN
    -- 7401: this lock's class (hanout's stock refresh); then the product, in id order. Only for
    -- a few products (a sale, a delivery): the lock table could not hold one per product of a
    -- whole catalog (a location opened or closed, an import).
    IF cardinality(product_ids) <= 100 THEN
        FOR locked_id IN SELECT DISTINCT unnest(product_ids) ORDER BY 1 LOOP
            PERFORM pg_advisory_xact_lock(7401, locked_id);
        END LOOP;
    END IF;
    WITH fresh AS (
        SELECT p.id, EXISTS (
            SELECT FROM stock_levels AS s JOIN locations AS l ON l.id = s.location_id
            WHERE s.product_id = p.id AND s.on_hand > s.reserved AND l.is_active
        ) AS in_stock, hanout_listed_stock(hanout_units(p.id), p.low_stock_threshold) AS listed
        FROM products AS p
        WHERE p.id = ANY (product_ids)
    ), updated AS (
        UPDATE products AS p SET in_stock = fresh.in_stock, listed_stock = fresh.listed
        FROM fresh
        WHERE p.id = fresh.id
          AND (p.in_stock, p.listed_stock) IS DISTINCT FROM (fresh.in_stock, fresh.listed)
        RETURNING p.id
    )
    SELECT string_agg(id::text, ',') INTO changed FROM updated;
    IF changed IS NOT NULL THEN
        PERFORM set_config(
            'hanout.listed_changed',
            concat_ws(',', nullif(current_setting('hanout.listed_changed', true), ''), changed),
            true
        );
    END IF;
END $$;

-- The ids the refreshes of this transaction named since the last call, forgotten as read.
CREATE FUNCTION hanout_take_listed_changed() RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    changed text := nullif(current_setting('hanout.listed_changed', true), '');
BEGIN
    PERFORM set_config('hanout.listed_changed', '', true);
    RETURN changed;
END $$;

-- A new threshold can turn "In stock" into "Only N left" with the same units.
CREATE FUNCTION hanout_products_threshold_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.listed_stock := hanout_listed_stock(hanout_units(NEW.id), NEW.low_stock_threshold);
    RETURN NEW;
END $$;

CREATE TRIGGER listed_stock_on_threshold BEFORE UPDATE OF low_stock_threshold ON products
    FOR EACH ROW WHEN (OLD.low_stock_threshold IS DISTINCT FROM NEW.low_stock_threshold)
    EXECUTE FUNCTION hanout_products_threshold_changed();
"""

DROP = """
DROP TRIGGER listed_stock_on_threshold ON products;
DROP FUNCTION hanout_products_threshold_changed();
DROP FUNCTION hanout_take_listed_changed();
"""

PREVIOUS_REFRESH = r"""
DROP FUNCTION hanout_refresh_in_stock(integer[]);
DROP FUNCTION hanout_units(integer);
DROP FUNCTION hanout_listed_stock(bigint, integer);
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
"""


def upgrade():
    op.add_column(
        "products",
        sa.Column("listed_stock", sa.Integer(), server_default="0", nullable=False),
    )
    op.execute(FUNCTIONS)
    op.execute("SELECT hanout_refresh_in_stock(ARRAY(SELECT id FROM products))")


def downgrade():
    op.execute(DROP)
    op.execute(PREVIOUS_REFRESH)
    op.drop_column("products", "listed_stock")
