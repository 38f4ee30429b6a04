"""The audit log as staff browse it: newest first, filtered by what, who, which action and when."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from shop.extensions import db
from shop.models import AuditEntry, StaffUser

ENTRIES_PER_PAGE = 50


@dataclass(frozen=True)
class AuditFilters:
    entity_type: str | None = None
    entity_id: str | None = None
    staff_user_id: int | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None


def entity_types():
    query = select(AuditEntry.entity_type).distinct().order_by(AuditEntry.entity_type)
    return list(db.session.scalars(query))


def actions():
    return list(
        db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    )


def audit_entries(filters, before_id=None, limit=ENTRIES_PER_PAGE):
    """(rows, more): [(entry, staff name)] newest first, and whether older ones remain."""
    query = (
        select(AuditEntry, StaffUser.name)
        .outerjoin(StaffUser, StaffUser.id == AuditEntry.staff_user_id)
        .order_by(AuditEntry.id.desc())
        .limit(limit + 1)
    )
    if filters.entity_type:
        query = query.where(AuditEntry.entity_type == filters.entity_type)
    if filters.entity_id:
        query = query.where(AuditEntry.entity_id == filters.entity_id)
    if filters.staff_user_id:
        query = query.where(AuditEntry.staff_user_id == filters.staff_user_id)
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.since:
        query = query.where(AuditEntry.at >= datetime.combine(filters.since, time(), UTC))
    if filters.until:
        end = datetime.combine(filters.until + timedelta(days=1), time(), UTC)
        query = query.where(AuditEntry.at < end)
    if before_id:
        query = query.where(AuditEntry.id < before_id)
    rows = db.session.execute(query).all()
    return rows[:limit], len(rows) > limit
