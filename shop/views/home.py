"""The home page: top categories, brands and featured products."""

from sqlalchemy import select

from shop.extensions import db
from shop.models import Brand, Product
from shop.services.catalog import live_product, top_categories
from shop.services.page_cache import WITH_OR_WITHOUT_VEHICLE
from shop.views import storefront
from shop.views.cards import product_cards
from shop.web import render_cached_page

BRANDS = 16
FEATURED_PRODUCTS = 8


def brands():
    query = select(Brand).where(Brand.is_active).order_by(Brand.name).limit(BRANDS)
    return db.session.scalars(query).all()


def featured_product_ids():
    query = (
        select(Product.id)
        .where(Product.featured, live_product())
        .order_by(Product.id.desc())
        .limit(FEATURED_PRODUCTS)
    )
    return db.session.scalars(query).all()


def home_context():
    return {
        "categories": top_categories(),
        "brands": brands(),
        "cards": product_cards(featured_product_ids()),
    }


@storefront.get("/")
def home():
    return render_cached_page("shop/home.html", home_context, vehicles=WITH_OR_WITHOUT_VEHICLE)
