"""Product cards: the grid items of listings, search results, related products and the home page.

A card shows catalog data (name, photo, brand) and the offer (price, stock), so its HTML is kept
per language until the catalog or the product's own offer stamp changes (a sale of one product
leaves the others' cards alone), in the process and in Redis for the other processes
(`shared_catalog_values`). A listing then reads and renders only the products no process has
shown since: most pages reuse every card.
"""

from flask import current_app
from markupsafe import Markup

from shop.i18n import current_language
from shop.services.cache import offer_stamps, shared_catalog_values
from shop.services.products import card_products

CARD_TEMPLATE = "shop/_product_card.html"


def render_cards(product_ids):
    """{product id: card} for the live products among `product_ids` (one query for them all)."""
    products = card_products(product_ids)
    if not products:
        return {}
    context = {}
    current_app.update_template_context(context)
    # The card is a macro called for each product in one template context: rendering the
    # template once per card built a new context for each, a third of a card's cost.
    card = current_app.jinja_env.get_template(CARD_TEMPLATE).make_module(context).product_card
    return {product.id: card(product, product.available) for product in products}


def product_cards(product_ids, stamps=None):
    """The cards of the live products among `product_ids`, in that order, as HTML; `stamps` are
    their `OfferStamps` when the page has read them already (else they are read here)."""
    if stamps is None:
        stamps = offer_stamps(product_ids)
    if stamps is None:
        cards = render_cards(product_ids)
        return [cards[product_id] for product_id in product_ids if product_id in cards]
    language = current_language()
    keys = [
        ("product_card", product_id, language, stamps.of(product_id)) for product_id in product_ids
    ]

    def render_missing(missing):
        cards = render_cards([key[1] for key in missing])
        return {key: cards[key[1]] for key in missing if key[1] in cards}

    cards = shared_catalog_values(keys, render_missing, decode=Markup)
    return [cards[key] for key in keys if key in cards]
