"""The application factory: one Flask app serving the storefront and the admin."""

from dotenv import load_dotenv

import shop.models  # noqa: F401  (registers every table for Alembic and the session)
from shop import web
from shop.config import PROJECT_ROOT, ConfigError, load_config
from shop.extensions import babel, csrf, db, login_manager, migrate
from shop.services import crypto


def create_app(test_config=None):
    """Build the app from the environment; `test_config` overrides settings after validation."""
    load_dotenv(PROJECT_ROOT / ".env", override=False)
    app = web.ShopFlask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    # Before any route is added: their `<int:…>` parts use it.
    app.url_map.converters["int"] = web.DatabaseIntegerConverter
    try:
        app.config.update(load_config(app.instance_path))
    except ConfigError as exc:
        raise SystemExit(f"hanout: configuration error: {exc}") from None
    if test_config:
        app.config.update(test_config)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    crypto.init_app(app)

    from admin.views import admin
    from shop import auth, cli, i18n
    from shop.views import seo, storefront

    i18n.init_app(app, babel)
    auth.init_app(app)
    web.init_app(app)
    app.register_blueprint(storefront)
    seo.init_app(app)
    app.register_blueprint(admin)
    cli.init_app(app)
    return app
