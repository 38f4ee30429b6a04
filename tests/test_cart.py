"""The cart: adding, changing and removing through plain forms and HTMX, under a signed cookie."""

import re
import secrets
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.models import Cart, CartItem
from shop.services.cart import CART_LIFETIME, merge_carts, signed_token, token_from_cookie
from tests import factories

HTMX_CART = {"HX-Request": "true", "HX-Target": "cart_contents"}


def stocked_product(units=10, **fields):
    product = factories.make_product(**fields)
    factories.make_stock(product, factories.make_location(), on_hand=units)
    return product


def cart_rows():
    return db.session.scalars(select(Cart)).all()


def items_of(token):
    cart = db.session.scalar(select(Cart).where(Cart.token == token))
    return {item.product_id: item.quantity for item in cart.items} if cart else {}


def cookie_token(client, app):
    cookie = client.get_cookie("cart")
    with app.test_request_context():
        return token_from_cookie(cookie.value) if cookie else None


def add(client, product, quantity="1", headers=None):
    data = {"product_id": str(product.id), "quantity": quantity}
    return client.post("/fr/cart/add", data=data, headers=headers or {})


def badge(page):
    return re.search(r'<span class="badge"[^>]*>(\d+)</span>', page).group(1)


def test_visiting_creates_no_cart(client):
    product = stocked_product()
    client.get("/fr/cart")
    client.get(f"/fr/p/{product.id}")

    assert cart_rows() == []
    assert client.get_cookie("cart") is None


def test_adding_without_javascript_redirects_to_the_cart_with_a_signed_cookie(client, app):
    product = stocked_product(name_fr="Plaquettes de frein", price=Decimal("45.500"))

    response = add(client, product, "2")

    assert response.status_code == 303
    assert response.headers["Location"] == "/fr/cart"
    cookie = client.get_cookie("cart")
    assert cookie.http_only and cookie.same_site == "Lax"
    token = cookie_token(client, app)
    assert cookie.value != token  # signed, not the bare token
    assert items_of(token) == {product.id: 2}
    page = client.get("/fr/cart").get_data(as_text=True)
    assert "Ajouté à votre panier." in page
    assert "Plaquettes de frein" in page and "91,000\u00a0DT" in page
    assert badge(page) == "2"


def test_the_cart_lives_thirty_days_after_its_last_change(client, app):
    product = stocked_product()
    add(client, product)
    cart = cart_rows()[0]
    cart.expires_at = datetime.now(UTC) + timedelta(days=2)
    db.session.flush()

    add(client, product)

    db.session.refresh(cart)
    assert cart.expires_at > datetime.now(UTC) + CART_LIFETIME - timedelta(minutes=1)
    assert client.get_cookie("cart").max_age == int(CART_LIFETIME.total_seconds())


def test_adding_again_adds_up_and_one_cart_serves_the_visitor(client, app):
    product = stocked_product()
    add(client, product, "2")
    add(client, product, "3")

    assert len(cart_rows()) == 1
    assert items_of(cookie_token(client, app)) == {product.id: 5}


def test_adding_with_htmx_answers_the_buy_box_and_the_badge_out_of_band(client):
    product = stocked_product()

    headers = {"HX-Request": "true", "HX-Target": f"buy-box-{product.id}"}
    response = add(client, product, "2", headers=headers)

    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in fragment
    assert f'id="buy-box-{product.id}"' in fragment
    assert "Ajouté à votre panier." in fragment
    assert re.search(r'<a class="cart-link" id="cart-link"[^>]*hx-swap-oob="true"', fragment)
    assert badge(fragment) == "2"


def test_quantity_is_capped_by_stock_with_a_message(client, app):
    product = stocked_product(units=3)

    add(client, product, "5")

    assert items_of(cookie_token(client, app)) == {product.id: 3}
    page = client.get("/fr/cart").get_data(as_text=True)
    assert "Limité par notre stock : votre panier contient maintenant 3 de ce produit." in page


@pytest.mark.parametrize("quantity", ["0", "-1", "1.5", "abc", "", "99999999999999999999", "1000"])
def test_bad_quantities_are_refused_and_change_nothing(client, app, quantity):
    product = stocked_product()
    add(client, product, "2")

    response = add(client, product, quantity)

    assert response.status_code == 422
    assert "Veuillez choisir une quantité entre 1 et 999." in response.get_data(as_text=True)
    assert items_of(cookie_token(client, app)) == {product.id: 2}


def test_arabic_indic_digits_are_a_quantity(client, app):
    product = stocked_product()

    add(client, product, "٣")

    assert items_of(cookie_token(client, app)) == {product.id: 3}


@pytest.mark.parametrize(
    "fields", [{"status": "draft"}, {"deleted_at": datetime(2026, 1, 1, tzinfo=UTC)}]
)
def test_products_not_sold_cannot_be_added(client, fields):
    product = stocked_product(**fields)

    response = add(client, product)

    assert response.status_code == 422
    assert "Ce produit n’est plus vendu." in response.get_data(as_text=True)
    assert cart_rows() == []


@pytest.mark.parametrize("product_id", ["0", "-3", "abc", "99999999999", ""])
def test_unknown_product_ids_are_refused(client, product_id):
    response = client.post("/fr/cart/add", data={"product_id": product_id, "quantity": "1"})

    assert response.status_code == 422
    assert cart_rows() == []


def test_a_sold_out_product_cannot_be_added(client):
    product = stocked_product(units=0)

    response = add(client, product)

    assert response.status_code == 422
    assert "Désolé, ce produit est épuisé." in response.get_data(as_text=True)
    assert cart_rows() == []


def test_changing_a_quantity_without_javascript(client, app):
    product = stocked_product()
    add(client, product, "1")

    response = client.post("/fr/cart/update", data={"product_id": product.id, "quantity": "4"})

    assert response.status_code == 303
    assert items_of(cookie_token(client, app)) == {product.id: 4}
    assert "Quantité mise à jour." in client.get("/fr/cart").get_data(as_text=True)


def test_changing_a_quantity_with_htmx_answers_the_lines_totals_and_badge(client):
    product = stocked_product(price=Decimal("2.000"))
    add(client, product, "1")

    response = client.post(
        "/ar/cart/update", data={"product_id": product.id, "quantity": "4"}, headers=HTMX_CART
    )

    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in fragment and "<h1" not in fragment
    assert f'data-sku="{product.sku}"' in fragment
    assert "8,000" in fragment  # the new total
    assert 'hx-swap-oob="true"' in fragment and badge(fragment) == "4"


def test_a_bad_quantity_change_changes_nothing(client, app):
    product = stocked_product()
    add(client, product, "2")

    response = client.post("/fr/cart/update", data={"product_id": product.id, "quantity": "-2"})
    htmx = client.post(
        "/fr/cart/update", data={"product_id": product.id, "quantity": "x"}, headers=HTMX_CART
    )

    assert response.status_code == 422
    assert "Veuillez choisir une quantité entre 1 et 999." in htmx.get_data(as_text=True)
    assert items_of(cookie_token(client, app)) == {product.id: 2}


def test_changing_a_quantity_beyond_stock_is_capped(client, app):
    product = stocked_product(units=4)
    add(client, product, "1")

    client.post("/fr/cart/update", data={"product_id": product.id, "quantity": "9"})

    assert items_of(cookie_token(client, app)) == {product.id: 4}


def test_removing_with_and_without_htmx(client, app):
    kept, removed, last = stocked_product(), stocked_product(), stocked_product()
    for product in (kept, removed, last):
        add(client, product)

    plain = client.post("/fr/cart/remove", data={"product_id": removed.id})
    htmx = client.post("/fr/cart/remove", data={"product_id": last.id}, headers=HTMX_CART)

    assert plain.status_code == 303
    fragment = htmx.get_data(as_text=True)
    assert "Retiré de votre panier." in fragment and badge(fragment) == "1"
    assert items_of(cookie_token(client, app)) == {kept.id: 1}


def test_the_cart_page_shows_price_and_stock_changes_before_ordering(client):
    dearer = stocked_product(price=Decimal("10.000"))
    scarce = factories.make_product()
    level = factories.make_stock(scarce, factories.make_location(), on_hand=5)
    add(client, dearer, "1")
    add(client, scarce, "5")
    dearer.price = Decimal("12.500")
    level.reserved = 3
    db.session.flush()

    page = client.get("/fr/cart").get_data(as_text=True)

    assert (
        "Le prix a changé depuis votre ajout : il était de 10,000\u00a0DT, "
        "il est maintenant de 12,500\u00a0DT." in page
    )
    assert "Il n’en reste que 2 en stock : veuillez réduire la quantité." in page


@pytest.mark.parametrize("cookie", ["forged-token", "abc.def", "x" * 3000, ""])
def test_a_tampered_cookie_is_no_cart(client, cookie):
    product = stocked_product()
    add(client, product, "3")
    genuine = client.get_cookie("cart").value
    client.set_cookie("cart", cookie or genuine[:-2] + "xx")

    page = client.get("/fr/cart")
    changed = client.post("/fr/cart/update", data={"product_id": product.id, "quantity": "1"})

    assert page.status_code == 200
    assert "Votre panier est vide." in page.get_data(as_text=True)
    assert changed.status_code == 422
    assert db.session.scalar(select(CartItem.quantity)) == 3


def test_a_signed_token_of_an_unknown_cart_is_no_cart(client, app):
    with app.test_request_context():
        client.set_cookie("cart", signed_token("no-such-cart"))

    assert "Votre panier est vide." in client.get("/fr/cart").get_data(as_text=True)


def test_changes_need_the_csrf_token(csrf_client):
    product = stocked_product()

    response = csrf_client.post("/fr/cart/add", data={"product_id": product.id, "quantity": "1"})

    assert response.status_code == 400
    assert cart_rows() == []


def test_changes_with_the_csrf_token_go_through(csrf_client):
    product = stocked_product()
    page = csrf_client.get(f"/fr/p/{product.id}", follow_redirects=True).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    response = csrf_client.post(
        "/fr/cart/add", data={"product_id": product.id, "quantity": "1", "csrf_token": token}
    )

    assert response.status_code == 303
    assert len(cart_rows()) == 1


def make_cart(customer=None, lines=(), expires_in=timedelta(days=3)):
    cart = Cart(
        token=secrets.token_urlsafe(16),
        customer_id=customer.id if customer else None,
        expires_at=datetime.now(UTC) + expires_in,
    )
    for product, quantity in lines:
        cart.items.append(
            CartItem(product_id=product.id, quantity=quantity, unit_price_seen=product.price)
        )
    db.session.add(cart)
    db.session.flush()
    return cart


def test_merging_adds_the_guest_cart_into_the_customer_cart(app):
    customer = factories.make_customer()
    both, guest_only, own_only = (factories.make_product() for _ in range(3))
    own = make_cart(customer, [(both, 2), (own_only, 1)])
    guest = make_cart(None, [(both, 3), (guest_only, 1)])
    guest_id = guest.id

    with app.test_request_context():
        merged_id = merge_carts(guest.token, customer.id).id
        db.session.commit()

    assert merged_id == own.id
    assert items_of(own.token) == {both.id: 5, guest_only.id: 1, own_only.id: 1}
    assert db.session.get(Cart, guest_id) is None


def test_a_guest_cart_becomes_the_customer_cart_when_they_have_none(app):
    customer = factories.make_customer()
    guest = make_cart(None, [(factories.make_product(), 2)])

    with app.test_request_context():
        merged_id = merge_carts(guest.token, customer.id).id
        db.session.commit()

    db.session.refresh(guest)
    assert merged_id == guest.id and guest.customer_id == customer.id


def test_merging_never_takes_another_customer_cart(app):
    customer, other = factories.make_customer(), factories.make_customer()
    others_cart = make_cart(other, [(factories.make_product(), 2)])

    with app.test_request_context():
        merged = merge_carts(others_cart.token, customer.id)

    db.session.refresh(others_cart)
    assert merged is None
    assert others_cart.customer_id == other.id


def test_merging_without_a_guest_cart_gives_the_customer_cart(app):
    customer = factories.make_customer()
    own = make_cart(customer, [(factories.make_product(), 1)])

    with app.test_request_context():
        assert merge_carts(None, customer.id).id == own.id
        assert merge_carts("expired-or-forged", customer.id).id == own.id


def test_the_cart_badge_follows_the_customer_cart_once_logged_in(client, app):
    customer = factories.make_customer()
    make_cart(customer, [(stocked_product(), 2)])
    with client.session_transaction() as session:
        session["_user_id"] = customer.get_id()

    assert badge(client.get("/fr/cart").get_data(as_text=True)) == "2"
