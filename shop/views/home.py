"""The home page: top categories, brands and featured products."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from shop.extensions import db
from shop.models import Brand, Product
from shop.services.catalog import top_categories
from shop.services.listing import available_stock
from shop.views import storefront
from shop.web import render_cached_page

BRANDS = 16
FEATURED_PRODUCTS = 8


def live_products():
    """Products a customer may see: active and not deleted, with brand and images loaded."""
    return (
        select(Product)
        .where(Product.status == "active", Product.deleted_at.is_(None))
        .options(joinedload(Product.brand), selectinload(Product.images))
    )


def brands():
    query = select(Brand).where(Brand.is_active).order_by(Brand.name).limit(BRANDS)
    return db.session.scalars(query).all()


def featured_products():
    query = live_products().where(Product.featured).order_by(Product.id.desc())
    return db.session.scalars(query.limit(FEATURED_PRODUCTS)).unique().all()


def home_context():
    products = featured_products()
    return {
        "categories": top_categories(),
        "brands": brands(),
        "products": products,
        "availability": available_stock([product.id for product in products]),
    }


@storefront.get("/")
def home():
    return render_cached_page("shop/home.html", home_context)
