"""Price history kept automatically: every change of a product's price or old price made through
the ORM lands in `price_history`, whoever made it (admin form, inline edit, a job).

Who is acting comes from the session: `act_as(staff_user_id)` (the admin does it for each
request). Bulk writers that bypass the ORM (the CSV import) record their own history.
"""

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from shop.models import PriceHistory, Product

ACTING_STAFF = "hanout_staff_user_id"
PRICE_FIELDS = ("price", "compare_at_price")


def act_as(session, staff_user_id):
    """Name the staff member whose changes `session` will flush from now on."""
    session.info[ACTING_STAFF] = staff_user_id


def _before_and_after(product):
    """{field: (before, after)} of the price fields changed since the product was loaded."""
    state = inspect(product)
    changed = {}
    for field in PRICE_FIELDS:
        history = state.attrs[field].history
        if history.has_changes():
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            if before != after:
                changed[field] = (before, after)
    return changed


def _history_row(product, changed, staff_user_id):
    price = changed.get("price", (product.price, product.price))
    compare_at = changed.get(
        "compare_at_price", (product.compare_at_price, product.compare_at_price)
    )
    return PriceHistory(
        product_id=product.id,
        old_price=price[0],
        new_price=price[1],
        old_compare_at_price=compare_at[0],
        new_compare_at_price=compare_at[1],
        changed_by_id=staff_user_id,
        source="admin" if staff_user_id else "system",
    )


@event.listens_for(Session, "before_flush")
def record_price_changes(session, flush_context, instances):
    staff_user_id = session.info.get(ACTING_STAFF)
    for product in list(session.dirty):
        if not isinstance(product, Product) or product.id is None:
            continue
        changed = _before_and_after(product)
        if changed:
            session.add(_history_row(product, changed, staff_user_id))
