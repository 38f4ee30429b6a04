"""The migrations are the schema: one head, and they agree with the models."""

from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import IntegrityError

from shop.extensions import db
from tests import factories


def test_migrations_have_a_single_head(app):
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several migration heads: {heads}"


def test_models_and_migrations_agree(app, db_session):
    context = MigrationContext.configure(
        db_session.connection(), opts={"compare_type": True, "compare_server_default": False}
    )
    differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_stock_can_never_go_negative(db_session):
    product = factories.make_product()
    location = factories.make_location()
    factories.make_stock(product, location, on_hand=2)
    with pytest.raises(IntegrityError), db_session.begin_nested():
        db_session.execute(
            db.text("UPDATE stock_levels SET on_hand = on_hand - 3 WHERE product_id = :id"),
            {"id": product.id},
        )


def test_reservations_cannot_exceed_stock(db_session):
    product = factories.make_product()
    location = factories.make_location()
    level = factories.make_stock(product, location, on_hand=1)
    with pytest.raises(IntegrityError), db_session.begin_nested():
        level.reserved = 2
        db_session.flush()


def test_money_keeps_three_decimals(db_session):
    product = factories.make_product(price=Decimal("12.345"))
    db_session.expire(product)
    assert product.price == Decimal("12.345")


def test_a_product_needs_a_name_in_one_language(db_session):
    with pytest.raises(IntegrityError), db_session.begin_nested():
        factories.make_product(name_fr=None, name_ar=None)


def test_only_one_default_location(db_session):
    factories.make_location(is_default=True)
    with pytest.raises(IntegrityError), db_session.begin_nested():
        factories.make_location(is_default=True)
