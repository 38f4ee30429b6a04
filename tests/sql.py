"""Counting the SQL that code under test runs."""

from contextlib import contextmanager

from sqlalchemy import event

from shop.extensions import db


@contextmanager
def counted_queries(app):
    """`[(statement, parameters)]` run inside the block on `app`'s engine, which the test
    transaction of every test uses (the `app` fixture's)."""
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)
