"""URL arguments of storefront records: the slug of each language, for `url_for` and redirects."""

from shop.config import LANGUAGES


def _slug(record, lang):
    """`record.slug_<lang>`, else the other language's slug (a record may lack one language)."""
    other = next(code for code in LANGUAGES if code != lang)
    return getattr(record, f"slug_{lang}") or getattr(record, f"slug_{other}")


def product_path_args(product, lang):
    """Arguments of `storefront.product` for `product` in `lang`."""
    return {"product_id": product.id, "slug": _slug(product, lang)}


def category_path_args(category, lang):
    """Arguments of `storefront.category` for `category` in `lang`."""
    return {"slug": _slug(category, lang)}


def brand_path_args(brand):
    """Arguments of `storefront.brand`; brand slugs are the same in every language."""
    return {"slug": brand.slug}
