"""Column helpers shared by the models: money, timestamps, checked string choices."""

from sqlalchemy import CheckConstraint, DateTime, Numeric, func
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
