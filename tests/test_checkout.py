"""Checkout (cash on delivery), ordering by WhatsApp and the confirmation page, over HTTP."""

import re
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from shop.extensions import db
from shop.models import CartItem, Customer, Order, Region, StockLevel
from tests import factories

PHONE = "20 123 456"


@pytest.fixture
def shop():
    """An auto-parts shop: a city of a zone (fee 7, minimum 30, 1-2 days), and a stocked part."""
    region = factories.make_city().region
    city = factories.make_city(region=region, name_fr="Ariana", name_ar="أريانة")
    other_city = factories.make_city(region=region, name_fr="Nulle-part", name_ar="لا مكان")
    zone = factories.make_zone(cities=[city])
    location = factories.make_location()
    part = factories.make_product(name_fr="Filtre à huile", price=Decimal("12.500"))
    factories.make_stock(part, location, on_hand=10)
    return SimpleNamespace(
        region=region, city=city, undelivered=other_city, zone=zone, location=location, part=part
    )


def add(client, product, quantity=1, lang="fr"):
    data = {"product_id": product.id, "quantity": str(quantity)}
    assert client.post(f"/{lang}/cart/add", data=data).status_code == 303


def hidden(page, name):
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def form_of(client, lang="fr"):
    """The checkout form's hidden fields, as the page rendered them."""
    page = client.get(f"/{lang}/checkout").get_data(as_text=True)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    fields.pop("csrf_token", None)
    return fields


def checkout_data(shop, client, lang="fr", **fields):
    return {
        **form_of(client, lang),
        "name": "Amira Ben Salah",
        "phone": PHONE,
        "region": str(shop.region.id),
        "city": str(shop.city.id),
        "street": "",
        "landmark": "En face de la pharmacie, porte verte",
        "notes": "",
        **fields,
    }


def orders():
    return db.session.scalars(select(Order)).all()


def cart_quantities():
    return dict(db.session.execute(select(CartItem.product_id, CartItem.quantity)).all())


def test_the_checkout_page_offers_the_delivery_regions_and_a_fresh_key(client, shop):
    add(client, shop.part, 3)

    response = client.get("/fr/checkout")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert f'<option value="{shop.region.id}">' in page
    assert re.fullmatch(r"[0-9a-f]{32}", hidden(page, "idempotency_key"))
    assert hidden(page, f"price-{shop.part.id}") == "12.500"
    assert "37,500\u00a0DT" in page
    assert "Paiement à la livraison" in page
    assert 'name="birth_date"' not in page


def test_a_checkout_without_a_cart_goes_back_to_the_cart(client):
    response = client.get("/fr/checkout")

    assert response.status_code == 303 and response.headers["Location"] == "/fr/cart"


def test_choosing_a_region_with_htmx_sends_its_cities_only(client, shop):
    add(client, shop.part)

    response = client.get(
        f"/fr/checkout?region={shop.region.id}", headers={"HX-Request": "1", "HX-Target": "city"}
    )

    fragment = response.get_data(as_text=True)
    assert "<form" not in fragment
    assert re.findall(r'<option value="(\d+)"', fragment) == [str(shop.city.id)]
    assert response.headers["HX-Trigger-After-Swap"] == "cities-loaded"


def test_choosing_a_city_with_htmx_updates_the_summary(client, shop):
    add(client, shop.part, 3)

    response = client.get(
        f"/fr/checkout?city={shop.city.id}",
        headers={"HX-Request": "1", "HX-Target": "checkout_summary"},
    )

    fragment = response.get_data(as_text=True)
    assert "<form" not in fragment
    assert "7,000\u00a0DT" in fragment and "44,500\u00a0DT" in fragment
    assert "Livraison sous 2 jours" in fragment


def test_without_javascript_the_address_step_shows_cities_and_keeps_the_typing(client, shop):
    add(client, shop.part, 3)
    data = checkout_data(shop, client, city="", name="Amira", step="address")

    response = client.post("/fr/checkout", data=data)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<option value="{shop.city.id}">' in page
    assert 'value="Amira"' in page
    assert orders() == []


def test_a_guest_orders_cash_on_delivery(client, shop):
    add(client, shop.part, 3)

    response = client.post("/fr/checkout", data=checkout_data(shop, client))

    [order] = orders()
    assert response.status_code == 303
    assert response.headers["Location"] == f"/fr/order/{order.reference}"
    assert (order.channel, order.status, order.payment_method) == (
        "web",
        "awaiting_confirmation",
        "cod",
    )
    assert order.phone == "+21620123456" and order.language == "fr"
    assert order.city_id == shop.city.id and order.zone_id == shop.zone.id
    assert order.landmark == "En face de la pharmacie, porte verte"
    assert (order.subtotal, order.delivery_fee, order.total) == (
        Decimal("37.500"),
        Decimal("7.000"),
        Decimal("44.500"),
    )
    assert [(item.sku, item.quantity) for item in order.items] == [(shop.part.sku, 3)]
    assert cart_quantities() == {}
    assert order.birth_date is None and order.age_confirmed_at is None


def test_the_confirmation_page_shows_the_order_and_links_to_tracking(client, shop):
    add(client, shop.part, 3)
    client.post("/fr/checkout", data=checkout_data(shop, client))
    [order] = orders()

    response = client.get(f"/fr/order/{order.reference}")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert order.reference in page
    assert "44,500\u00a0DT" in page and "Livraison sous 2 jours" in page
    assert f'href="/fr/track?ref={order.reference}"' in page
    assert response.headers["Cache-Control"] == "no-store"


def test_another_browser_gets_the_tracking_form_not_the_order(client, app, shop):
    add(client, shop.part, 3)
    client.post("/fr/checkout", data=checkout_data(shop, client))
    [order] = orders()

    response = app.test_client().get(f"/fr/order/{order.reference}")

    assert response.status_code == 302
    assert response.headers["Location"] == f"/fr/track?ref={order.reference}"


def test_the_same_form_sent_twice_is_one_order(client, shop):
    add(client, shop.part, 3)
    data = checkout_data(shop, client)

    first = client.post("/fr/checkout", data=data)
    again = client.post("/fr/checkout", data=data)

    [order] = orders()
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"] == f"/fr/order/{order.reference}"


def test_a_retry_leaves_what_was_added_to_the_cart_since(client, shop):
    add(client, shop.part, 3)
    data = checkout_data(shop, client)
    client.post("/fr/checkout", data=data)
    add(client, shop.part, 1)

    client.post("/fr/checkout", data=data)

    assert len(orders()) == 1
    assert cart_quantities() == {shop.part.id: 1}


LONG = "x" * 500


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Veuillez saisir votre nom."),
        ("name", "  \x00 ", "Veuillez saisir votre nom."),
        ("name", LONG, "C’est trop long : 120 caractères au plus, s’il vous plaît."),
        ("phone", "", "Veuillez saisir votre numéro de téléphone."),
        ("phone", "12", "Ce numéro de téléphone n’est pas valide. Veuillez le vérifier."),
        ("phone", "not a phone", "Ce numéro de téléphone n’est pas valide. Veuillez le vérifier."),
        ("phone", "9" * 200, "Ce numéro de téléphone n’est pas valide. Veuillez le vérifier."),
        ("city", "", "Veuillez choisir votre ville dans la liste."),
        ("city", "abc", "Veuillez choisir votre ville dans la liste."),
        ("city", "-4", "Veuillez choisir votre ville dans la liste."),
        ("city", "999999999", "Veuillez choisir votre ville dans la liste."),
        ("city", "99999999999999999999", "Veuillez choisir votre ville dans la liste."),
        ("landmark", "", "Veuillez décrire un repère près de chez vous, ou donner votre rue."),
        ("landmark", LONG + LONG, "C’est trop long : 500 caractères au plus, s’il vous plaît."),
        ("street", LONG, "C’est trop long : 255 caractères au plus, s’il vous plaît."),
        ("notes", LONG * 3, "C’est trop long : 1000 caractères au plus, s’il vous plaît."),
        ("latitude", "north", "La position sur la carte n’est pas valide"),
        ("latitude", "95", "La position sur la carte n’est pas valide"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_the_typing_kept(
    client, shop, field, value, message
):
    add(client, shop.part, 3)
    data = checkout_data(shop, client, **{field: value})
    data["notes"] = data["notes"] or "Sonner deux fois"

    response = client.post("/fr/checkout", data=data)

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert 'value="20 123 456"' in page or field == "phone"  # as typed, not normalised
    assert 'value="Amira Ben Salah"' in page or field == "name"
    assert "Sonner deux fois" in page or field == "notes"
    assert f'value="{data["idempotency_key"]}"' in page
    assert orders() == [] and cart_quantities() == {shop.part.id: 3}


def test_a_city_outside_every_zone_gets_no_delivery(client, shop):
    add(client, shop.part, 3)

    response = client.post(
        "/fr/checkout", data=checkout_data(shop, client, city=shop.undelivered.id)
    )

    assert response.status_code == 422
    assert "Désolé, nous ne livrons pas dans cette ville." in response.get_data(as_text=True)
    assert orders() == []


def test_a_map_pin_is_kept_on_the_order(client, shop):
    add(client, shop.part, 3)

    client.post(
        "/fr/checkout",
        data=checkout_data(
            shop,
            client,
            latitude="36.8625",
            longitude="10,1956",
            landmark="",
            street="12 rue de Marseille",
        ),
    )

    [order] = orders()
    assert (order.latitude, order.longitude) == (Decimal("36.862500"), Decimal("10.195600"))
    assert order.street == "12 rue de Marseille" and order.landmark is None


def test_below_the_zone_minimum_the_order_waits(client, shop):
    add(client, shop.part, 1)

    response = client.post("/fr/checkout", data=checkout_data(shop, client))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "La commande minimum pour une livraison dans votre ville est de 30,000\u00a0DT." in page
    assert orders() == []


def test_a_price_changed_since_the_form_was_shown_is_highlighted(client, shop):
    add(client, shop.part, 3)
    data = checkout_data(shop, client)
    shop.part.price = Decimal("13.000")
    db.session.flush()

    refused = client.post("/fr/checkout", data=data)

    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Certains prix ont changé. Veuillez vérifier votre panier avant de commander." in page
    assert 'class="summary-line changed"' in page and "Nouveau prix : 13,000\u00a0DT" in page
    assert orders() == []

    accepted = client.post("/fr/checkout", data={**data, f"price-{shop.part.id}": "13.000"})

    assert accepted.status_code == 303
    assert orders()[0].total == Decimal("46.000")


def test_stock_gone_meanwhile_refuses_the_order(client, shop):
    add(client, shop.part, 3)
    data = checkout_data(shop, client)
    level = db.session.scalar(select(StockLevel))
    level.reserved = 9
    db.session.flush()

    response = client.post("/fr/checkout", data=data)

    assert response.status_code == 422
    assert "Plus que 1 en stock." in response.get_data(as_text=True)
    assert orders() == []


def test_a_forged_checkout_is_refused(csrf_client, shop):
    add_with_token(csrf_client, shop.part, 3)

    response = csrf_client.post("/fr/checkout", data=checkout_data(shop, csrf_client))

    assert response.status_code == 400
    assert orders() == []


def add_with_token(client, product, quantity):
    page = client.get(f"/fr/p/{product.id}", follow_redirects=True).get_data(as_text=True)
    data = {
        "product_id": product.id,
        "quantity": quantity,
        "csrf_token": hidden(page, "csrf_token"),
    }
    assert client.post("/fr/cart/add", data=data).status_code == 303


def test_a_tampered_cart_cookie_orders_nothing(client, shop):
    add(client, shop.part, 3)
    data = checkout_data(shop, client)
    client.set_cookie("cart", client.get_cookie("cart").value + "0")

    response = client.post("/fr/checkout", data=data)

    assert response.status_code == 422
    assert "Votre panier est vide." in response.get_data(as_text=True)
    assert orders() == [] and cart_quantities() == {shop.part.id: 3}


@pytest.fixture
def grocery(make_app):
    """The Moroccan grocery with an 18+ product in a Casablanca zone (fee 15, 2-6 hours)."""
    region = Region(country="MA", code="MA-T", name_fr="Casablanca-Settat", name_ar="الدار البيضاء")
    db.session.add(region)
    city = factories.make_city(region=region, name_fr="Casablanca", name_ar="الدار البيضاء")
    factories.make_zone(
        cities=[city],
        fee=Decimal("15.00"),
        min_order=Decimal("100.00"),
        eta_hours_min=2,
        eta_hours_max=6,
    )
    wine = factories.make_product(name_fr="Vin rouge", price=Decimal("120.00"), is_restricted=True)
    factories.make_stock(wine, factories.make_location(), on_hand=5)
    app = make_app(env={"SHOP_PROFILE": "grocery"})
    return SimpleNamespace(app=app, city=city, wine=wine)


def grocery_checkout(grocery, lang="ar", **fields):
    client = grocery.app.test_client()
    add(client, grocery.wine, 1, lang=lang)
    page = client.get(f"/{lang}/checkout").get_data(as_text=True)
    assert 'name="birth_date"' in page and 'name="age_confirmed"' in page
    data = {
        **form_of(client, lang),
        "name": "Youssef",
        "phone": "0612345678",
        "city": str(grocery.city.id),
        "landmark": "قرب المسجد",
        **fields,
    }
    return client.post(f"/{lang}/checkout", data=data)


def test_an_adult_orders_an_18_plus_product_and_the_check_is_recorded(grocery):
    response = grocery_checkout(grocery, birth_date="1990-05-17", age_confirmed="1")

    [order] = orders()
    assert response.status_code == 303
    assert order.phone == "+212612345678" and order.currency == "MAD"
    assert order.birth_date == date(1990, 5, 17) and order.age_confirmed_at is not None
    assert order.total == Decimal("135.00")


def test_an_18th_birthday_is_old_enough(grocery):
    today = date.today()
    # Days after the 28th are moved back: born a few days earlier is just as adult.
    birthday = date(today.year - 18, today.month, min(today.day, 28))

    response = grocery_checkout(grocery, birth_date=birthday.isoformat(), age_confirmed="1")

    assert response.status_code == 303


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"birth_date": "", "age_confirmed": "1"}, "تاريخ ميلادك"),
        ({"birth_date": "2015-02-30", "age_confirmed": "1"}, "يوم/شهر/سنة"),
        ({"birth_date": "3000-01-01", "age_confirmed": "1"}, "يوم/شهر/سنة"),
        ({"birth_date": "1990-05-17"}, "المرجو تأكيد أن عمرك 18 سنة أو أكثر."),
        (
            {"birth_date": "1990-05-17", "age_confirmed": "0"},
            "المرجو تأكيد أن عمرك 18 سنة أو أكثر.",
        ),
    ],
)
def test_the_age_check_needs_a_real_birth_date_and_the_confirmation(grocery, fields, message):
    response = grocery_checkout(grocery, **fields)

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert orders() == []


def test_a_minor_is_refused_in_the_page_language(grocery):
    minor = date(date.today().year - 15, 1, 1)

    arabic = grocery_checkout(grocery, birth_date=minor.isoformat(), age_confirmed="1")
    french = grocery_checkout(
        grocery, "fr", birth_date=minor.strftime("%d/%m/%Y"), age_confirmed="on"
    )

    assert arabic.status_code == french.status_code == 422
    assert "عذرًا" in arabic.get_data(as_text=True)
    assert (
        "Désolé, les produits réservés aux adultes ne sont vendus qu’aux personnes de 18 ans "
        "ou plus." in french.get_data(as_text=True)
    )
    assert orders() == []
    assert db.session.scalar(select(func.count()).select_from(Customer)) == 0


def wa_text(location):
    parts = urlsplit(location)
    assert (parts.scheme, parts.netloc) == ("https", "wa.me")
    return parts.path.lstrip("/"), parse_qs(parts.query, strict_parsing=True)["text"][0]


def whatsapp_data(shop, client, lang="fr", query="", **fields):
    page = client.get(f"/{lang}/whatsapp-order{query}").get_data(as_text=True)
    return {
        **dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)),
        "name": "Amira",
        "phone": PHONE,
        "city": str(shop.city.id),
        **fields,
    }


def test_ordering_the_cart_by_whatsapp_records_it_then_opens_the_chat(client, shop):
    add(client, shop.part, 3)

    response = client.post("/fr/whatsapp-order", data=whatsapp_data(shop, client))

    [order] = orders()
    assert response.status_code == 303
    assert (order.channel, order.status) == ("whatsapp", "awaiting_confirmation")
    assert cart_quantities() == {}
    number, text = wa_text(response.headers["Location"])
    assert number == "21620123456"
    assert text == "\n".join(
        [
            f"Nouvelle commande {order.reference}",
            "3 × Filtre à huile (12,500\u00a0DT) = 37,500\u00a0DT",
            "Livraison : 7,000\u00a0DT",
            "Total : 44,500\u00a0DT",
            f"Suivre ma commande : http://localhost/fr/track?ref={order.reference}",
        ]
    )


def test_the_whatsapp_message_is_in_arabic_for_an_arabic_page(client, shop):
    add(client, shop.part, 3, lang="ar")

    response = client.post("/ar/whatsapp-order", data=whatsapp_data(shop, client, "ar"))

    [order] = orders()
    _number, text = wa_text(response.headers["Location"])
    assert text.splitlines()[0] == f"طلب جديد {order.reference}"
    assert text.splitlines()[-1] == f"تتبع طلبي: http://localhost/ar/track?ref={order.reference}"
    assert order.language == "ar"


def test_buying_one_product_by_whatsapp_leaves_the_cart_alone(client, shop):
    other = factories.make_product(price=Decimal("40.000"))
    factories.make_stock(other, shop.location, on_hand=2)
    add(client, shop.part, 2)

    data = whatsapp_data(shop, client, query=f"?product={other.id}")
    response = client.post("/fr/whatsapp-order", data=data)

    [order] = orders()
    assert response.status_code == 303
    assert [(item.product_id, item.quantity) for item in order.items] == [(other.id, 1)]
    assert cart_quantities() == {shop.part.id: 2}


def test_whatsapp_orders_need_a_mobile_and_a_known_city(client, shop):
    add(client, shop.part, 3)

    fixed_line = client.post(
        "/fr/whatsapp-order", data=whatsapp_data(shop, client, phone="71 123 456")
    )
    no_city = client.post("/fr/whatsapp-order", data=whatsapp_data(shop, client, city="0"))

    assert fixed_line.status_code == no_city.status_code == 422
    assert "Veuillez saisir un numéro de mobile" in fixed_line.get_data(as_text=True)
    assert "Veuillez choisir votre ville dans la liste." in no_city.get_data(as_text=True)
    assert 'value="71 123 456"' in fixed_line.get_data(as_text=True)
    assert orders() == []


def test_the_same_whatsapp_form_sent_twice_is_one_order(client, shop):
    add(client, shop.part, 3)
    data = whatsapp_data(shop, client)

    first = client.post("/fr/whatsapp-order", data=data)
    again = client.post("/fr/whatsapp-order", data=data)

    assert len(orders()) == 1
    assert first.headers["Location"] == again.headers["Location"]


def test_whatsapp_without_a_cart_goes_back_to_the_cart(client):
    assert client.get("/fr/whatsapp-order").headers["Location"] == "/fr/cart"
    assert client.get("/fr/whatsapp-order?product=abc").headers["Location"] == "/fr/cart"


def test_the_whatsapp_form_may_send_its_redirect_to_wa_me(client, shop):
    add(client, shop.part, 3)

    policy = client.get("/fr/whatsapp-order").headers["Content-Security-Policy"]

    assert "form-action 'self' https://wa.me" in policy
    assert "script-src 'self';" in policy
    assert "wa.me" not in client.get("/fr/checkout").headers["Content-Security-Policy"]
