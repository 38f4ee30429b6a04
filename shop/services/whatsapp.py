"""wa.me links: orders sent to the shop in the customer's language, staff writing to people."""

from urllib.parse import quote

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from shop.i18n import format_money
from shop.services.phones import wa_digits

WA_ME = "https://wa.me/"


def wa_link(phone, text=None):
    """A link opening WhatsApp on a chat with `phone` (E.164), `text` ready to send if given."""
    link = WA_ME + wa_digits(phone)
    if text:
        # Nothing is safe: Arabic letters, "&", "#" and newlines all travel percent-encoded.
        link += "?text=" + quote(text, safe="")
    return link


def _item_name(item, language):
    other = "fr" if language == "ar" else "ar"
    return getattr(item, f"name_{language}") or getattr(item, f"name_{other}") or item.sku


def order_message(order, tracking_url, language):
    """The text of an order as the customer sends it to the shop, written in `language`."""
    locale = f"{language}_{current_app.config['SHOP'].country}"

    def amount(value):
        return format_money(value, order.currency, locale)

    with force_locale(language):
        lines = [_("New order %(reference)s", reference=order.reference)]
        lines += [
            _(
                "%(quantity)s × %(name)s (%(unit_price)s) = %(line_total)s",
                quantity=item.quantity,
                name=_item_name(item, language),
                unit_price=amount(item.unit_price),
                line_total=amount(item.line_total),
            )
            for item in order.items
        ]
        lines += [
            _("Delivery: %(fee)s", fee=amount(order.delivery_fee)),
            _("Total: %(total)s", total=amount(order.total)),
            _("Follow my order: %(url)s", url=tracking_url),
        ]
    return "\n".join(lines)


def wa_order_link(shop_number, order, tracking_url, language):
    """The wa.me link that opens a chat with the shop, the order's message prefilled."""
    return wa_link(shop_number, order_message(order, tracking_url, language))
