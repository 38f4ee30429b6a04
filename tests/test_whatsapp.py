"""wa.me links decoded back to the exact message, in Arabic and in French."""

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from shop.models import Order, OrderItem
from shop.services.whatsapp import order_message, wa_link, wa_order_link

TRACKING_URL = "https://shop.example/suivi?ref=K7M2QX&phone=%2B212612345678#timeline"


def an_order(currency, fee, prices):
    """An order (not saved) of brake pads ×2 and a filter whose Arabic name is missing."""
    pads, filter_ = (Decimal(price) for price in prices)
    items = [
        OrderItem(
            sku="BP-1",
            name_fr="Plaquettes de frein & disques",
            name_ar="وسادات الفرامل",
            unit_price=pads,
            quantity=2,
            line_total=pads * 2,
        ),
        OrderItem(
            sku="OF-2",
            name_fr="Filtre à huile #2",
            name_ar=None,
            unit_price=filter_,
            quantity=1,
            line_total=filter_,
        ),
    ]
    subtotal = pads * 2 + filter_
    fee = Decimal(fee)
    return Order(
        reference="K7M2QX",
        currency=currency,
        items=items,
        subtotal=subtotal,
        delivery_fee=fee,
        total=subtotal + fee,
    )


def decoded(link):
    """The chat number and the prefilled text of a wa.me link."""
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc) == ("https", "wa.me")
    texts = parse_qs(parts.query, strict_parsing=True)["text"]
    assert len(texts) == 1
    return parts.path.lstrip("/"), texts[0]


@pytest.fixture
def grocery_app(make_app):
    return make_app(env={"SHOP_PROFILE": "grocery"})


def test_the_arabic_order_message_survives_the_link_intact(grocery_app):
    order = an_order("MAD", "15", ["45.5", "9.9"])

    with grocery_app.app_context():
        link = wa_order_link("+212612345678", order, TRACKING_URL, "ar")

    number, text = decoded(link)

    def mad(amount):
        return f"\u200f{amount}\xa0د.م.\u200f"

    assert number == "212612345678"
    assert text == "\n".join(
        [
            "طلب جديد K7M2QX",
            f"2 × وسادات الفرامل ({mad('45,50')}) = {mad('91,00')}",
            f"1 × Filtre à huile #2 ({mad('9,90')}) = {mad('9,90')}",
            f"التوصيل: {mad('15,00')}",
            f"المجموع: {mad('115,90')}",
            f"تتبع طلبي: {TRACKING_URL}",
        ]
    )


def test_the_french_order_message_survives_the_link_intact(app):
    order = an_order("TND", "7", ["45.5", "9.9"])

    with app.app_context():
        link = wa_order_link("+21620123456", order, TRACKING_URL, "fr")

    number, text = decoded(link)
    assert number == "21620123456"
    assert text == "\n".join(
        [
            "Nouvelle commande K7M2QX",
            "2 × Plaquettes de frein & disques (45,500\xa0DT) = 91,000\xa0DT",
            "1 × Filtre à huile #2 (9,900\xa0DT) = 9,900\xa0DT",
            "Livraison : 7,000\xa0DT",
            "Total : 107,900\xa0DT",
            f"Suivre ma commande : {TRACKING_URL}",
        ]
    )


def test_the_message_follows_the_order_language_not_the_page(app):
    order = an_order("TND", "7", ["45.5", "9.9"])

    with app.test_request_context("/fr/"):
        arabic = order_message(order, TRACKING_URL, "ar")
        french = order_message(order, TRACKING_URL, "fr")

    assert arabic.startswith("طلب جديد K7M2QX\n")
    assert "45,500" in arabic
    assert french.startswith("Nouvelle commande K7M2QX\n")


def test_the_link_text_is_fully_percent_encoded(app):
    order = an_order("TND", "7", ["45.5", "9.9"])

    with app.app_context():
        link = wa_order_link("+21620123456", order, TRACKING_URL, "ar")

    query = urlsplit(link).query
    assert link.isascii()
    assert "%0A" in query
    assert query.count("=") == 1
    assert not {"&", "#", "+", " ", "\n"} & set(query)


def test_staff_links_open_a_chat_with_or_without_a_text():
    assert wa_link("+21698123456") == "https://wa.me/21698123456"
    assert decoded(wa_link("+212612345678", "السلام عليكم\nA & B")) == (
        "212612345678",
        "السلام عليكم\nA & B",
    )
