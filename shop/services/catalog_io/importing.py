"""Importing a catalog CSV: read and check every line, then apply all of it or nothing.

A dry run stops after the check and reports what the import would do. An import applies only a
file without a single refused line, inside a savepoint of the caller's transaction; the caller
commits it with `commit_import`.
"""

from collections import Counter
from dataclasses import dataclass, field

from shop.extensions import db
from shop.services.cache import bump_catalog_version
from shop.services.catalog_io.planning import plan_import
from shop.services.catalog_io.reading import read_catalog
from shop.services.catalog_io.writing import write_plan
from shop.services.stock import recheck_listed_stock

MAX_REPORTED_ERRORS = 200
# Shares of the progress bar: checking lines against the catalog, then writing.
PLANNING_SHARE = 0.6


@dataclass
class ImportReport:
    """What an import did, or a dry run would do."""

    dry_run: bool
    encoding: str
    separator: str
    lines: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    applied: bool = False
    errors: list = field(default_factory=list)
    unknown_columns: list = field(default_factory=list)
    new_brands: list = field(default_factory=list)
    new_categories: list = field(default_factory=list)
    new_vehicles: list = field(default_factory=list)
    # Ids of the products whose stock the import wrote (not part of the JSON report).
    stocked_product_ids: list = field(default_factory=list)

    @property
    def ok(self):
        """Whether the file is acceptable as a whole (no line and no header refused)."""
        return not self.errors

    def as_json(self, max_errors=MAX_REPORTED_ERRORS):
        """The report as JSON-ready data, with at most `max_errors` errors (in file order)."""
        return {
            "dry_run": self.dry_run,
            "applied": self.applied,
            "encoding": self.encoding,
            "separator": self.separator,
            "lines": self.lines,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "error_count": len(self.errors),
            "errors": [error.as_json() for error in self.errors[:max_errors]],
            "unknown_columns": self.unknown_columns,
            "new_brands": self.new_brands,
            "new_categories": self.new_categories,
            "new_vehicles": self.new_vehicles,
        }


def _scaled(on_progress, start, share):
    if on_progress is None:
        return None
    return lambda fraction: on_progress(start + share * fraction)


def _report(catalog, plan, dry_run):
    errors = sorted(catalog.errors + (plan.errors if plan else []), key=lambda e: e.line)
    outcomes = Counter(change.outcome for change in plan.changes) if plan else Counter()
    report = ImportReport(
        dry_run=dry_run,
        encoding=catalog.encoding,
        separator=catalog.separator,
        lines=catalog.lines_read,
        created=outcomes["created"],
        updated=outcomes["updated"],
        unchanged=outcomes["unchanged"],
        rejected=len({error.line for error in errors if error.line > catalog.header_line}),
        errors=errors,
        unknown_columns=catalog.unknown_columns,
    )
    if plan:
        brands, categories, vehicles = plan.new_entities()
        report.new_brands = [brand.name for brand in brands]
        report.new_categories = [category.label for category in categories]
        report.new_vehicles = [vehicle.label for vehicle in vehicles]
    return report


def import_catalog(data, dry_run=True, staff_user_id=None, on_progress=None):
    """Check the catalog CSV `data` (bytes) and, unless `dry_run`, apply it; the report.

    Applied only when no line is refused. `on_progress(fraction)` is called now and then with
    how far the work is (0 to 1). Price history and stock movements name `staff_user_id`.
    """
    catalog = read_catalog(data)
    header_refused = any(error.line <= catalog.header_line for error in catalog.errors)
    plan = None
    if not header_refused:
        plan = plan_import(
            catalog.products, lock=not dry_run, on_progress=_scaled(on_progress, 0, PLANNING_SHARE)
        )
    report = _report(catalog, plan, dry_run)
    if dry_run or not report.ok:
        return report
    with db.session.begin_nested():
        report.stocked_product_ids = write_plan(
            plan,
            staff_user_id=staff_user_id,
            on_progress=_scaled(on_progress, PLANNING_SHARE, 1 - PLANNING_SHARE),
        )
    report.applied = True
    return report


def commit_import(report):
    """Commit the import of `report` with what the session holds, retire every cached page, then
    refresh the stock state of the products it stocked in short transactions of their own: the
    import's own refreshes took no lock (migration 0010), so a sale at another location during
    the import may have left a card stale."""
    db.session.commit()
    bump_catalog_version()
    recheck_listed_stock(report.stocked_product_ids)
