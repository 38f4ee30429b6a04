"""The audit log: every admin change with its before and after, filterable."""

from datetime import date

from flask import render_template, request
from sqlalchemy import select

from admin.views import admin
from shop.auth import roles_required
from shop.extensions import db
from shop.models import StaffUser
from shop.services.audit_log import AuditFilters, actions, audit_entries, entity_types
from shop.services.vehicles import as_id


def day(text):
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


@admin.get("/audit")
@roles_required("owner", "manager")
def audit_log():
    args = request.args
    filters = AuditFilters(
        entity_type=args.get("entity") or None,
        entity_id=(args.get("id") or "")[:64] or None,
        staff_user_id=as_id(args.get("staff")),
        action=args.get("action") or None,
        since=day(args.get("from")),
        until=day(args.get("to")),
    )
    rows, more = audit_entries(filters, before_id=as_id(args.get("before")))
    return render_template(
        "admin/audit.html",
        rows=rows,
        more=more,
        filters=filters,
        entity_types=entity_types(),
        actions=actions(),
        staff=db.session.scalars(select(StaffUser).order_by(StaffUser.name)).all(),
    )
