"""`flask catalog import FILE [--dry-run]` and `flask catalog export`: the catalog CSV from a shell.

What they print is in the shop's default language.
"""

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from shop.services.catalog_io.exporting import export_catalog
from shop.services.catalog_io.importing import commit_import, import_catalog
from shop.services.catalog_io.messages import describe
from shop.services.catalog_io.reading import STATUSES

NAMES_SHOWN = 20

catalog_cli = click.Group("catalog", help="Import and export the catalog as CSV.")


def report_lines(report):
    """The report as lines of text: the outcome, the counts, unknown columns and what is new."""
    if report.applied:
        yield _("Import applied.")
    elif report.dry_run:
        yield _("Dry run: nothing was changed.")
    else:
        yield _("Nothing was imported: the file has refused lines.")
    yield _(
        "Created: %(created)s, updated: %(updated)s, unchanged: %(unchanged)s, "
        "refused: %(rejected)s.",
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        rejected=report.rejected,
    )
    for column in report.unknown_columns:
        yield describe("unknown_column", column=column)
    for message, names in (
        (_l("New brands (%(count)s): %(names)s"), report.new_brands),
        (_l("New categories (%(count)s): %(names)s"), report.new_categories),
        (_l("New vehicles (%(count)s): %(names)s"), report.new_vehicles),
    ):
        if names:
            shown = ", ".join(names[:NAMES_SHOWN]) + ("…" if len(names) > NAMES_SHOWN else "")
            yield str(message) % {"count": len(names), "names": shown}


@catalog_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report; change nothing.")
@with_appcontext
def import_command(file, dry_run):
    """Import a catalog CSV: all of it, or nothing when a line is refused (exit status 1)."""
    report = import_catalog(file.read_bytes(), dry_run=dry_run)
    if report.applied:
        commit_import(report)
    for line in report_lines(report):
        click.echo(line)
    for error in report.errors:
        click.echo(_("line %(line)s: %(reason)s", line=error.line, reason=error.message), err=True)
    if not report.ok:
        sys.exit(1)


@catalog_cli.command("export")
@click.option("-o", "--output", default="-", type=click.Path(dir_okay=False, allow_dash=True),
              help="File to write (default: standard output).")  # fmt: skip
@click.option("--category", "category_id", type=int, help="Only this category and its subtree.")
@click.option("--brand", "brand_id", type=int, help="Only this brand.")
@click.option("--status", type=click.Choice(STATUSES), help="Only products of this status.")
@click.option("--product", "product_ids", type=int, multiple=True, help="Only these products.")
@with_appcontext
def export_command(output, category_id, brand_id, status, product_ids):
    """Export the catalog (or part of it) as CSV, UTF-8 with a BOM."""
    lines = export_catalog(
        category_id=category_id,
        brand_id=brand_id,
        status=status,
        product_ids=product_ids or None,
    )
    count = -1  # the header is not a product
    with click.open_file(output, "wb") as stream:
        for line in lines:
            stream.write(line.encode("utf-8"))
            count += 1
    if output != "-":
        message = ngettext(
            "%(num)d product written to %(file)s.",
            "%(num)d products written to %(file)s.",
            count,
            file=output,
        )
        click.echo(message)
