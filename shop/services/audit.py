"""The audit log: every admin change, with who made it, from where, and a before/after diff.

A view takes a snapshot of the record before changing it and another after, then records the
difference:

    before = snapshot(product, PRODUCT_FIELDS)
    ...change product...
    record_change("update", product, before, snapshot(product, PRODUCT_FIELDS), **actor)

`actor` is `admin.views.acting_staff()`: the staff member's id and IP address.
"""

from datetime import date, datetime
from decimal import Decimal

from shop.extensions import db
from shop.models import AuditEntry


def _plain(value):
    """`value` as JSON can hold it, readable in the log."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


def snapshot(record, fields):
    """The values of `fields` on `record` (attribute names), as plain JSON values."""
    return {field: _plain(getattr(record, field)) for field in fields}


def changes_between(before, after):
    """{"field": [before, after]} for every field whose value differs."""
    before, after = _plain(before or {}), _plain(after or {})
    return {
        field: [before.get(field), after.get(field)]
        for field in sorted(before.keys() | after.keys())
        if before.get(field) != after.get(field)
    }


def entity_type_of(record):
    return record.__tablename__


def record_change(action, record, before=None, after=None, staff_user_id=None, ip_address=None):
    """Add an audit entry for `record` unless an update changed nothing; returns the entry.

    Call it after the change is flushed, so a created record has its id.
    """
    changes = changes_between(before, after)
    if action == "update" and not changes:
        return None
    db.session.flush()
    entry = AuditEntry(
        action=action,
        entity_type=entity_type_of(record),
        entity_id=":".join(str(part) for part in db.inspect(record).identity),
        changes=changes,
        staff_user_id=staff_user_id,
        ip_address=ip_address,
    )
    db.session.add(entry)
    return entry
