"""`flask` commands of the shop (the agents add `worker` and `scheduler` through entry points)."""

from shop.catalog_cli import catalog_cli
from shop.demo.cli import demo_cli
from shop.i18n import translate_cli
from shop.pii_cli import pii_cli


def init_app(app):
    app.cli.add_command(translate_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(pii_cli)
    app.cli.add_command(catalog_cli)
