"""Flask extensions, created unbound so every module can import them without cycles."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData

# Named constraints keep Alembic autogenerate stable across databases.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
migrate = Migrate(compare_type=True)
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()


def plain_rows(statement, parameters=None):
    """The rows of a Core `select` of plain columns, in the session's transaction but without
    the ORM's result handling (a third of the Python cost of the small queries pages run).

    Pending ORM changes are flushed first, as `db.session.execute` would.
    """
    db.session.flush()
    return db.session.connection().execute(statement, parameters)
