"""The category tree as the storefront walks it: slugs, children, breadcrumbs and subtrees."""

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from shop.extensions import db
from shop.models import Brand, Category, Product


def live_product():
    """Condition: a product customers may see (active, not deleted)."""
    return and_(Product.deleted_at.is_(None), Product.status == "active")


def active_category_by_slug(slug):
    """The active category whose French or Arabic slug is `slug`, or None."""
    query = select(Category).where(
        or_(Category.slug_fr == slug, Category.slug_ar == slug), Category.is_active
    )
    return db.session.scalars(query).first()


def active_brand_by_slug(slug):
    return db.session.scalars(select(Brand).where(Brand.slug == slug, Brand.is_active)).first()


def ancestor_ids(category):
    """Ids of the categories above `category`, root first, read from its path ("/1/7/42/")."""
    ids = [int(part) for part in category.path.strip("/").split("/") if part.isdigit()]
    return [id_ for id_ in ids if id_ != category.id]


def breadcrumbs(category):
    """The categories above `category`, root first (one query)."""
    ids = ancestor_ids(category)
    if not ids:
        return []
    found = {c.id: c for c in db.session.scalars(select(Category).where(Category.id.in_(ids)))}
    return [found[id_] for id_ in ids if id_ in found]


def subtree_ids(category):
    """Ids of `category` and of the categories below it, without those under a hidden one."""
    query = (
        select(Category.id, Category.parent_id, Category.is_active)
        .where(Category.path.like(f"{category.path}%"))
        .order_by(Category.depth)
    )
    visible = set()
    for category_id, parent_id, is_active in db.session.execute(query):
        # Parents come first (by depth): a child is visible when its parent is.
        if is_active and (category_id == category.id or parent_id in visible):
            visible.add(category_id)
    return sorted(visible)


def in_categories(category_ids):
    """Condition: the product sits in one of these categories."""
    return Product.category_id.in_(category_ids)


def in_category_subtree(category):
    """Condition: the product sits in `category` or in a visible category below it."""
    return in_categories(subtree_ids(category))


def of_brand(brand):
    """Condition: the product is of `brand`."""
    return Product.brand_id == brand.id


def child_categories_with_counts(parent, visible_ids):
    """Active children of `parent`, each with the live products of its subtree (one query).

    `visible_ids` are the parent's `subtree_ids`, which leave out what hides under a hidden
    category.
    """
    descendant = aliased(Category)
    query = (
        select(Category, func.count(Product.id))
        .outerjoin(
            descendant,
            and_(descendant.path.startswith(Category.path), descendant.id.in_(visible_ids)),
        )
        .outerjoin(Product, and_(Product.category_id == descendant.id, live_product()))
        .where(Category.parent_id == parent.id, Category.id.in_(visible_ids))
        .group_by(Category.id)
        .order_by(Category.position, Category.id)
    )
    return db.session.execute(query).all()


def category_tree():
    """Every active category as (category, children) pairs from the roots down (one query)."""
    query = select(Category).where(Category.is_active).order_by(Category.position, Category.id)
    categories = db.session.scalars(query).all()
    children = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)

    def branch(parent_id):
        return [(c, branch(c.id)) for c in children.get(parent_id, [])]

    return branch(None)
