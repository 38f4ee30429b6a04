"""Stock changes during a benchmark run: what a live shop's orders do to its caches.

Any stock write retires the cached home page and the product's page, cards and suggestions, and
when its card then says something else, the listings of its category and brand and the searches
matching a product of its category (README, "Caching"), as a sale does. With
`--sales-per-minute`, the run writes them as it goes: a unit of a popular product received, then
the same unit written off, in turn, so that stock levels end where they started.
"""

import random
import threading

from sqlalchemy import select

from shop.extensions import db
from shop.models import Location
from shop.services.stock import adjust_stock

# Each pair of writes: a unit received, then the same unit written off.
WRITES = ((1, "received"), (-1, "damaged"))


class StockChanges:
    """Stock writes on products drawn by their popularity, one at a time (`write_next`)."""

    def __init__(self, targets, seed=3):
        self.targets = targets
        self.rng = random.Random(seed)
        self.written = 0
        self.product_id = None

    def write_next(self):
        """Write the next change in the current app context and commit it."""
        delta, reason = WRITES[self.written % len(WRITES)]
        if delta > 0:
            self.product_id = self.targets.products.pick(self.rng)[0]
        location_id = db.session.scalar(
            select(Location.id).where(Location.is_active).order_by(Location.is_default.desc())
        )
        adjust_stock(self.product_id, location_id, delta, reason, note="benchmark")
        db.session.commit()
        self.written += 1


class StockChangeStream(threading.Thread):
    """`per_minute` stock writes a minute, evenly spread, until `stop()`."""

    def __init__(self, app, targets, per_minute):
        super().__init__(name="bench-stock-changes", daemon=True)
        self.app = app
        self.changes = StockChanges(targets)
        self.interval = 60 / per_minute
        self.stopped = threading.Event()

    def run(self):
        with self.app.app_context():
            while not self.stopped.wait(self.interval):
                self.changes.write_next()
            if self.changes.written % len(WRITES):
                self.changes.write_next()  # the last unit received is written off again
            db.session.remove()

    def stop(self):
        self.stopped.set()
        self.join()
