"""`flask demo` commands."""

import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import text

from shop.demo import demo_staff
from shop.demo.loader import DemoError, has_products, load_demo
from shop.extensions import db

demo_cli = click.Group("demo", help="Load the demo shop.")


@demo_cli.command("load")
@click.option(
    "--profile",
    type=click.Choice(["autoparts", "grocery"]),
    help="Which shop to load (default: the configured SHOP_PROFILE).",
)
@click.option("--products", default=2000, show_default=True, type=click.IntRange(1, 200_000))
@click.option("--seed", default=1, show_default=True, help="Same seed, same shop.")
@click.option("--days", default=365, show_default=True, type=click.IntRange(1, 3650),
              help="Days of past orders, up to today.")  # fmt: skip
@click.option("--if-empty", is_flag=True, help="Do nothing when the catalog has products.")
@with_appcontext
def load(profile, products, seed, days, if_empty):
    """Load a realistic, deterministic demo shop into an empty database."""
    shop = current_app.config["SHOP"]
    if if_empty and has_products():
        click.echo("The catalog already has products: demo data not loaded.")
        return
    started = time.monotonic()
    try:
        counts = load_demo(profile or shop.profile, products, seed, days)
    except DemoError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    # Fresh tables have no planner statistics; without them the first searches plan badly.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))
    summary = ", ".join(f"{count} {name}" for name, count in counts.items())
    click.echo(f"Demo shop loaded in {time.monotonic() - started:.1f} s: {summary}.")
    click.echo("Demo logins (email / password):")
    for role, name, email, _, password in demo_staff(shop.country):
        click.echo(f"  {role:<8} {name:<16} {email:<22} {password}")
