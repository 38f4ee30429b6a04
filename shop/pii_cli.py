"""`flask pii`: make a PII key; re-encrypt personal data under the newest key after rotating."""

import click
from flask.cli import with_appcontext
from sqlalchemy import LargeBinary, bindparam, column, select, table, update

from shop.extensions import db
from shop.services.crypto import EncryptedText, keyring, new_key

BATCH_SIZE = 500
HASHED_COLUMN, HASHED_SOURCE = "phone_hash", "phone_encrypted"


def encrypted_tables():
    """{table name: [encrypted column names]} of every model, found by the columns' type."""
    found = {}
    for mapper in db.Model.registry.mappers:
        for mapped_table in mapper.tables:
            names = [c.name for c in mapped_table.columns if isinstance(c.type, EncryptedText)]
            if names:
                found[mapped_table.name] = names
    return dict(sorted(found.items()))


def _raw_table(name, columns, hashed):
    # Plain bytea columns: the rows are read and written as stored, without the type's crypto.
    extra = [column(HASHED_COLUMN, LargeBinary)] if hashed else []
    return table(name, column("id"), *(column(c, LargeBinary) for c in columns), *extra)


def _rotated(row, columns, keys, hashed):
    """The row's new stored values, or None when every value is already under the newest key."""
    stale = [c for c in columns if row[c] is not None and not keys.is_current(row[c])]
    if not stale:
        return None
    values = {f"new_{c}": keys.encrypt(keys.decrypt(row[c])) for c in stale}
    if hashed:
        values[f"new_{HASHED_COLUMN}"] = keys.lookup_hash(keys.decrypt(row[HASHED_SOURCE]))
    return values, stale


def rotate_table(name, columns, batch_size=BATCH_SIZE):
    """Re-encrypt the table's rows written under older keys; commits per batch, returns a count."""
    keys = keyring()
    hashed = name in _tables_with_hash()
    raw = _raw_table(name, columns, hashed)
    rewritten, last_id = 0, 0
    while True:
        query = (
            select(raw.c.id, *(raw.c[c] for c in columns))
            .where(raw.c.id > last_id)
            .order_by(raw.c.id)
            .limit(batch_size)
        )
        rows = db.session.execute(query).mappings().all()
        if not rows:
            return rewritten
        last_id = rows[-1]["id"]
        for row in rows:
            rotated = _rotated(row, columns, keys, hashed)
            if rotated is None:
                continue
            values, stale = rotated
            targets = stale + ([HASHED_COLUMN] if hashed else [])
            statement = (
                update(raw)
                .where(raw.c.id == row["id"])
                .values({c: bindparam(f"new_{c}") for c in targets})
            )
            db.session.execute(statement, values)
            rewritten += 1
        db.session.commit()


def _tables_with_hash():
    return {
        mapped_table.name
        for mapper in db.Model.registry.mappers
        for mapped_table in mapper.tables
        if HASHED_COLUMN in mapped_table.columns
    }


@click.group("pii")
def pii_cli():
    """Keys of the customers' personal data stored encrypted."""


@pii_cli.command("new-key")
def new_key_command():
    """Print a fresh key for PII_KEY (or the head of PII_KEYS when rotating)."""
    click.echo(new_key())


@pii_cli.command("rotate")
@with_appcontext
def rotate_command():
    """Re-encrypt rows written under older keys with the first key of PII_KEYS.

    Run it after setting PII_KEYS=new,old; once it reports no rows left, drop the old key.
    """
    for name, columns in encrypted_tables().items():
        count = rotate_table(name, columns)
        click.echo(f"{name}: {count} rows re-encrypted")
