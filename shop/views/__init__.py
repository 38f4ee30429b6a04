"""The storefront blueprint: every page lives under a language prefix, /ar/ or /fr/."""

from flask import Blueprint, g, request

from shop.config import LANGUAGE_PREFIX
from shop.services.cart import cart_item_count, token_from_cookie

storefront = Blueprint("storefront", __name__, url_prefix=LANGUAGE_PREFIX)
# The browser keeps only the token of its server-side cart, signed, in this cookie.
CART_COOKIE = "cart"


def cart_token():
    """The token of the visitor's cart; None without a cookie or when it was tampered with."""
    return token_from_cookie(request.cookies.get(CART_COOKIE))


def visitor_cart_count():
    """Items in the visitor's cart: the one this request worked on, else the cookie's."""
    if "cart" in g:
        return cart_item_count(g.cart.token) if g.cart else 0
    return cart_item_count(cart_token())


@storefront.app_context_processor
def cart_badge():
    """The header's cart badge, counted only when a template shows it."""
    return {"cart_count": visitor_cart_count}


from shop.views import account, cart, catalog, checkout, home, product, search, track, vehicles  # noqa: E402,F401  (registers the routes)
