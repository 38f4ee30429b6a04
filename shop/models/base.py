"""Column helpers shared by the models: money, timestamps, checked string choices; the type of
array parameters."""

from sqlalchemy import CheckConstraint, DateTime, Numeric, Text, TypeDecorator, cast, func
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import mapped_column

# The largest value of an integer column (ids): PostgreSQL refuses larger ones as parameters.
MAX_DATABASE_ID = 2**31 - 1
# Three decimals fit every shop currency (TND has 3, MAD 2); never float.
Money = Numeric(12, 3)


def money(nullable=False, **kwargs):
    return mapped_column(Money, nullable=nullable, **kwargs)


def created_at():
    return mapped_column(DateTime(timezone=True), nullable=False, server_default=func.now())


def updated_at():
    return mapped_column(
        DateTime(timezone=True),
        nullable=False,
        server_default=func.now(),
        onupdate=func.now(),
    )


def one_of(column, choices, name):
    """A CHECK constraint keeping a string column to a fixed set of values."""
    quoted = ", ".join(f"'{choice}'" for choice in choices)
    return CheckConstraint(f"{column} IN ({quoted})", name=name)


def array_literal(numbers):
    """Numbers as one PostgreSQL array literal: `[1, 2]` -> `"{1,2}"`."""
    return "{" + ",".join(map(str, numbers)) + "}"


class NumberArray(TypeDecorator):
    """A parameter holding a list of numbers, sent as one array literal and cast to an array of
    `item_type` in SQL. psycopg2 would send each element as a constant of its own: for the
    hundreds of ids of a search, that costs milliseconds to write out and for PostgreSQL to
    parse and plan, on every query. A value already written with `array_literal` is sent as is.
    """

    impl = Text
    cache_ok = True

    def __init__(self, item_type):
        super().__init__()
        self.item_type = item_type

    def bind_expression(self, bindvalue):
        return cast(bindvalue, ARRAY(self.item_type))

    def process_bind_param(self, value, dialect):
        if value is None or isinstance(value, str):
            return value
        return array_literal(value)
