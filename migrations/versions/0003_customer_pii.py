"""customer pii: phones and addresses encrypted at rest, phone lookup hashes, account orders

Revision ID: 0003_customer_pii
Revises: 0002_search

Customers', addresses' and orders' phone numbers, streets, landmarks and map pins move to
`*_encrypted` bytea columns (AES-GCM under the app's PII keyring, see shop/services/crypto.py);
`phone_hash` (HMAC-SHA256 of the E.164 number) replaces the plain phone for exact lookups,
unique for customers. Existing rows are encrypted in place, so this needs the app's PII key
(`flask db upgrade` runs inside the app). `orders.placed_in_account` marks orders placed while
logged in, the only ones an account shows.
"""

from alembic import op
import sqlalchemy as sa

from shop.services.crypto import keyring

revision = "0003_customer_pii"
down_revision = "0002_search"
branch_labels = None
depends_on = None

# table -> (text columns, decimal columns) that move to `<name>_encrypted`
ENCRYPTED = {
    "customers": (("phone",), ()),
    "addresses": (("phone", "street", "landmark"), ("latitude", "longitude")),
    "orders": (("phone", "street", "landmark"), ("latitude", "longitude")),
}
HASHED = ("customers", "orders")
PLAIN_TYPES = {
    "phone": sa.String(20),
    "street": sa.String(255),
    "landmark": sa.Text(),
    "latitude": sa.Numeric(9, 6),
    "longitude": sa.Numeric(9, 6),
}


def _rewrite(table, read, write, convert):
    """Set each row's `write` columns to `convert(row)` computed from its `read` columns."""
    rows_table = sa.table(table, sa.column("id"), *(sa.column(name) for name in read + write))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(rows_table.c.id, *(rows_table.c[name] for name in read))
    ).mappings()
    # Parameters may not share the names of the columns they set.
    updates = [
        {"row_id": row["id"], **{f"new_{name}": value for name, value in convert(row).items()}}
        for row in rows
    ]
    if not updates:
        return
    statement = (
        sa.update(rows_table)
        .where(rows_table.c.id == sa.bindparam("row_id"))
        .values({name: sa.bindparam(f"new_{name}") for name in write})
    )
    connection.execute(statement, updates)


def _encrypt_rows(table, columns):
    keys = keyring()
    hashed = ("phone_hash",) if table in HASHED else ()

    def encrypt(row):
        values = {
            f"{name}_encrypted": None if row[name] is None else keys.encrypt(str(row[name]))
            for name in columns
        }
        if hashed:
            values["phone_hash"] = keys.lookup_hash(row["phone"])
        return values

    _rewrite(table, columns, tuple(f"{name}_encrypted" for name in columns) + hashed, encrypt)


def _decrypt_rows(table, columns):
    keys = keyring()

    def decrypt(row):
        return {
            name: None
            if row[f"{name}_encrypted"] is None
            else keys.decrypt(row[f"{name}_encrypted"])
            for name in columns
        }

    _rewrite(table, tuple(f"{name}_encrypted" for name in columns), columns, decrypt)


def upgrade():
    with op.batch_alter_table("addresses") as batch_op:
        batch_op.drop_constraint(op.f("ck_addresses_latitude_range"), type_="check")
        batch_op.drop_constraint(op.f("ck_addresses_longitude_range"), type_="check")
    with op.batch_alter_table("customers") as batch_op:
        batch_op.drop_constraint(op.f("uq_customers_phone"), type_="unique")
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_index("ix_orders_phone")
        batch_op.add_column(
            sa.Column("placed_in_account", sa.Boolean(), nullable=False, server_default=sa.false())
        )

    for table, (texts, decimals) in ENCRYPTED.items():
        columns = texts + decimals
        with op.batch_alter_table(table) as batch_op:
            for name in columns:
                batch_op.add_column(sa.Column(f"{name}_encrypted", sa.LargeBinary()))
            if table in HASHED:
                batch_op.add_column(sa.Column("phone_hash", sa.LargeBinary(32)))
        _encrypt_rows(table, columns)
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column("phone_encrypted", nullable=False)
            if table in HASHED:
                batch_op.alter_column("phone_hash", nullable=False)
            for name in columns:
                batch_op.drop_column(name)

    with op.batch_alter_table("customers") as batch_op:
        batch_op.create_unique_constraint(op.f("uq_customers_phone_hash"), ["phone_hash"])
    with op.batch_alter_table("orders") as batch_op:
        batch_op.create_index("ix_orders_phone_hash", ["phone_hash"], unique=False)


def downgrade():
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_index("ix_orders_phone_hash")
    with op.batch_alter_table("customers") as batch_op:
        batch_op.drop_constraint(op.f("uq_customers_phone_hash"), type_="unique")

    for table, (texts, decimals) in ENCRYPTED.items():
        columns = texts + decimals
        with op.batch_alter_table(table) as batch_op:
            for name in columns:
                batch_op.add_column(sa.Column(name, PLAIN_TYPES[name]))
        _decrypt_rows(table, columns)
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column("phone", nullable=False)
            for name in columns:
                batch_op.drop_column(f"{name}_encrypted")
            if table in HASHED:
                batch_op.drop_column("phone_hash")

    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_column("placed_in_account")
        batch_op.create_index("ix_orders_phone", ["phone"], unique=False)
    with op.batch_alter_table("customers") as batch_op:
        batch_op.create_unique_constraint(op.f("uq_customers_phone"), ["phone"])
    with op.batch_alter_table("addresses") as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_addresses_latitude_range"), "latitude IS NULL OR latitude BETWEEN -90 AND 90"
        )
        batch_op.create_check_constraint(
            op.f("ck_addresses_longitude_range"),
            "longitude IS NULL OR longitude BETWEEN -180 AND 180",
        )
