"""Job functions that exist only for the job tests: RQ needs them at an importable dotted path."""

from datetime import UTC, datetime, timedelta

from shop.extensions import db
from shop.models import Cart
from shop.services.jobs import report_progress, tracked_job


@tracked_job
def open_cart_then_fail(token):
    """Writes a cart, then fails as a remote service would: the cart must not survive."""
    db.session.add(Cart(token=token, expires_at=datetime.now(UTC) + timedelta(days=1)))
    db.session.flush()
    raise ConnectionError("gateway unreachable")


@tracked_job
def report_half_way_then_fail():
    report_progress(50, "half way")
    raise ValueError("second half failed")
