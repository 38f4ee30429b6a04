"""The category tree as the storefront walks it: slugs, children, breadcrumbs and subtrees.

The whole tree is small and read on nearly every page, so it is kept per catalog version as
plain `CategoryRecord`s (see `category_index`), which templates use like `Category` rows.
"""

from dataclasses import dataclass, fields

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from shop.extensions import db
from shop.models import Brand, Category, Product
from shop.services.cache import cached_catalog_value

# Root categories shown on the home page and on a search without results.
TOP_CATEGORIES = 12


@dataclass(frozen=True)
class CategoryRecord:
    """A category's own columns, detached from any session."""

    id: int
    parent_id: int | None
    path: str
    depth: int
    position: int
    name_fr: str | None
    name_ar: str | None
    slug_fr: str
    slug_ar: str
    image_url: str | None
    is_active: bool


@dataclass(frozen=True)
class CategoryIndex:
    """Every category by id, the active ones by slug, and each parent's active children in
    order (the roots under None)."""

    by_id: dict
    active_by_slug: dict
    active_children: dict


def load_category_index():
    columns = [getattr(Category, field.name) for field in fields(CategoryRecord)]
    query = select(*columns).order_by(Category.position, Category.id)
    records = [CategoryRecord(*row) for row in db.session.execute(query)]
    active_by_slug, active_children = {}, {}
    for record in records:
        if record.is_active:
            active_by_slug[record.slug_fr] = active_by_slug[record.slug_ar] = record
            active_children.setdefault(record.parent_id, []).append(record)
    return CategoryIndex({record.id: record for record in records}, active_by_slug, active_children)


def category_index():
    """The category tree of the current catalog version (one query when not cached)."""
    return cached_catalog_value(("category_index",), load_category_index)


def live_product():
    """Condition: a product customers may see (active, not deleted)."""
    return and_(Product.deleted_at.is_(None), Product.status == "active")


def active_category_by_slug(slug):
    """The active category whose French or Arabic slug is `slug`, or None."""
    return category_index().active_by_slug.get(slug)


@dataclass(frozen=True)
class BrandRecord:
    """What a brand page shows of its brand, detached from any session."""

    id: int
    name: str
    slug: str


def active_brand_by_slug(slug):
    """The active brand whose slug is `slug`, or None (the active brands are kept per catalog
    version: a cached brand page then reads nothing)."""

    def load():
        query = select(Brand.id, Brand.name, Brand.slug).where(Brand.is_active)
        return {row.slug: BrandRecord(*row) for row in db.session.execute(query)}

    return cached_catalog_value(("active_brands",), load).get(slug)


def ancestor_ids(category):
    """Ids of the categories above `category`, root first, read from its path ("/1/7/42/")."""
    ids = [int(part) for part in category.path.strip("/").split("/") if part.isdigit()]
    return [id_ for id_ in ids if id_ != category.id]


def breadcrumbs(category):
    """The categories above `category`, root first."""
    by_id = category_index().by_id
    return [by_id[id_] for id_ in ancestor_ids(category) if id_ in by_id]


def subtree_ids(category):
    """Ids of `category` and of the categories below it, without those under a hidden one."""
    index = category_index()
    visible, parents = [], [category.id] if category.is_active else []
    while parents:
        visible += parents
        parents = [
            child.id for parent_id in parents for child in index.active_children.get(parent_id, ())
        ]
    return sorted(visible)


def child_categories_with_counts(parent, visible_ids):
    """Active children of `parent` as `(category, live products of its subtree)` pairs.

    `visible_ids` are the parent's `subtree_ids`, which leave out what hides under a hidden
    category. The counts are catalog data, kept per catalog version.
    """

    def count():
        descendant = aliased(Category)
        query = (
            select(Category.id, func.count(Product.id))
            .outerjoin(
                descendant,
                and_(descendant.path.startswith(Category.path), descendant.id.in_(visible_ids)),
            )
            .outerjoin(Product, and_(Product.category_id == descendant.id, live_product()))
            .where(Category.parent_id == parent.id, Category.id.in_(visible_ids))
            .group_by(Category.id)
        )
        return dict(db.session.execute(query).all())

    counts = cached_catalog_value(("child_category_counts", parent.id), count)
    children = category_index().active_children.get(parent.id, ())
    return [(child, counts[child.id]) for child in children if child.id in counts]


def category_tree():
    """Every active category as (category, children) pairs from the roots down."""
    children = category_index().active_children

    def branch(parent_id):
        return [(c, branch(c.id)) for c in children.get(parent_id, [])]

    return branch(None)


def top_categories(limit=TOP_CATEGORIES):
    """The first `limit` active root categories."""
    return category_index().active_children.get(None, [])[:limit]
