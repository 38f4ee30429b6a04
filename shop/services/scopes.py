"""What a listing lists: the products of a category subtree, a brand, a vehicle or a search.

A scope is a condition whose form is built once, by the names of its parts, and whose values
travel as bound parameters: building SQLAlchemy statements costs more than PostgreSQL running
them, so `shop.services.listing` builds its statements once per form of scope and filters.
"""

import functools
from dataclasses import dataclass, field

from sqlalchemy import Float, Integer, and_, any_, bindparam, column, func, select

from shop.models import Fitment, Product
from shop.models.base import NumberArray, array_literal
from shop.services.catalog import subtree_ids


@dataclass(frozen=True)
class Scope:
    """The names of the parts (anded) and the values of their parameters."""

    parts: tuple
    parameters: dict = field(default_factory=dict, compare=False, hash=False)

    def __and__(self, other):
        return Scope(self.parts + other.parts, {**self.parameters, **other.parameters})


# The search's matches as a table: two arrays unnested (two parameters, whatever their number).
# One object, built at import: the rank and the condition joining it must name the same table.
RANKED_MATCHES = (
    func.unnest(
        bindparam("match_ids", type_=NumberArray(Integer)),
        bindparam("match_scores", type_=NumberArray(Float)),
    )
    .table_valued(column("product_id", Integer), column("score", Float))
    .render_derived(name="ranked")
)


def _in_categories():
    return Product.category_id.in_(bindparam("scope_category_ids", expanding=True))


def _of_brand():
    return Product.brand_id == bindparam("scope_brand_id")


def _fitting():
    fitting = select(Fitment.product_id).where(Fitment.vehicle_id == bindparam("scope_vehicle_id"))
    return Product.id.in_(fitting)


def _matching():
    # By key: PostgreSQL fetches the few matching products rather than hash every live product.
    # Their scores are joined only where the order needs them (`scope_rank`).
    return Product.id == any_(bindparam("match_ids", type_=NumberArray(Integer)))


PARTS = {"category": _in_categories, "brand": _of_brand, "vehicle": _fitting, "search": _matching}


@functools.cache
def scope_condition(parts):
    return and_(*(PARTS[part]() for part in parts))


def scope_rank(parts):
    """`(sort keys best first, condition joining them)` of a scope ranked by itself (a search's
    score), or None."""
    if "search" in parts:
        return (RANKED_MATCHES.c.score, Product.id), Product.id == RANKED_MATCHES.c.product_id
    return None


def in_categories(category_ids):
    """The products in one of these categories."""
    return Scope(("category",), {"scope_category_ids": list(category_ids)})


def in_category_subtree(category):
    """The products in `category` or in a visible category below it."""
    return in_categories(subtree_ids(category))


def of_brand(brand):
    return Scope(("brand",), {"scope_brand_id": brand.id})


def fitting(vehicle_id):
    """The products that fit the vehicle."""
    return Scope(("vehicle",), {"scope_vehicle_id": vehicle_id})


def matching(matches):
    """The products of a search's `matches` ([(product id, score)], at least one), which a
    listing sorts by their score for relevance."""
    ids, scores = zip(*matches, strict=True)
    # Written out once for the several queries of the listing.
    parameters = {"match_ids": array_literal(ids), "match_scores": array_literal(scores)}
    return Scope(("search",), parameters)
