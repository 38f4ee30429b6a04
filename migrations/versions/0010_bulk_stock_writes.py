"""Stock refreshes of a bulk stock write take no lock; the writer checks its products again after
its commit

Revision ID: 0010_bulk_stock_writes
Revises: 0009_listed_stock

Migration 0009 serialised the refresh of a few products (at most 100 per statement) with an
advisory lock per product, held to the end of the transaction. A catalog import writes stock in
chunks of 50 to 500 products in one transaction: with chunks of 100 or fewer it held a lock for
every product of the file (5,000 for a file of 5,000 lines: about two thirds of the lock table
that PostgreSQL sizes by default, shared by every connection), and with larger chunks it took
none, so a sale at another location during the import could leave a card's stock badge stale.

A transaction that sets `hanout.bulk_stock_write` to `on` (the import does) now takes no lock in
its refreshes, like any refresh of more than 100 products; after its commit, the writer refreshes
the products it wrote again in chunks of at most 100, each in its own short transaction with the
locks (`shop.services.stock.recheck_listed_stock`): a sale still in flight is waited for, one
committed is seen.
"""

from alembic import op

revision = "0010_bulk_stock_writes"
down_revision = "0009_listed_stock"
branch_labels = None
depends_on = None

REFRESH = r"""
CREATE OR REPLACE FUNCTION hanout_refresh_in_stock(product_ids integer[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    changed text;
    locked_id integer;
BEGIN
    -- 7401: this lock's class (hanout's stock refresh); then the product, in id order. Only for
    -- a few products (a sale, a delivery) outside a bulk stock write: the lock table could not
    -- hold one per product of a whole catalog (a location opened or closed, an import, which
    -- refreshes its products again after its commit).
    IF {condition} THEN
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
"""

# Migration 0009 locked for any refresh of 100 products or fewer.
PREVIOUS_CONDITION = "cardinality(product_ids) <= 100"
CONDITION = (
    "cardinality(product_ids) <= 100"
    " AND coalesce(current_setting('hanout.bulk_stock_write', true), '') <> 'on'"
)


def upgrade():
    op.execute(REFRESH.format(condition=CONDITION))


def downgrade():
    op.execute(REFRESH.format(condition=PREVIOUS_CONDITION))
