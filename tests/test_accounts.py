"""Customer accounts: sign up, log in and out, addresses, order history and reorder, my vehicle."""

from decimal import Decimal

import pytest
import redis
from sqlalchemy import func, select

from shop.extensions import db
from shop.models import Address, Customer, Order
from shop.services import ratelimit
from shop.services.cart import cart_item_count, token_from_cookie
from shop.services.customers import find_customer_by_phone
from shop.services.orders import CustomerDetails, OrderLine, place_order
from tests import factories

PASSWORD = "sesame-ouvre-toi"
SIGNUP = {
    "name": "Salma Trabelsi",
    "phone": "20 123 456",
    "email": "Salma@Example.com",
    "password": PASSWORD,
    "password_confirmation": PASSWORD,
}
LOGIN_FAILED_FR = "Ce numéro de téléphone ou cet e-mail et ce mot de passe"


@pytest.fixture(autouse=True)
def no_rate_limits_left(redis_url):
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{ratelimit.KEY_PREFIX}:*"):
        client.delete(key)
    client.close()


@pytest.fixture
def shop():
    """A city served by a zone, brake pads (5 in stock) and oil (3 in stock)."""
    location = factories.make_location(is_default=True)
    city = factories.make_city(name_fr="Sfax")
    zone = factories.make_zone(cities=[city], min_order=Decimal("0"))
    pads = factories.make_product(price=Decimal("45.500"), name_fr="Plaquettes")
    oil = factories.make_product(price=Decimal("12.250"), name_fr="Huile")
    factories.make_stock(pads, location, on_hand=5)
    factories.make_stock(oil, location, on_hand=3)
    return {"city": city, "zone": zone, "pads": pads, "oil": oil}


def sign_up(client, **fields):
    return client.post("/fr/account/signup", data={**SIGNUP, **fields})


def log_in(client, login="20 123 456", password=PASSWORD):
    return client.post("/fr/account/login", data={"login": login, "password": password})


def place(app, shop, phone="20 123 456", customer_id=None, lines=None):
    lines = lines or [OrderLine(shop["pads"].id, 1)]
    details = CustomerDetails(
        name="Salma", phone=phone, city_id=shop["city"].id, customer_id=customer_id
    )
    with app.app_context():
        order = place_order(lines, details, shop["zone"], "web", "fr").order
        db.session.commit()
        return order.reference


def customer_with(phone):
    return find_customer_by_phone(phone)


# Sign up


def test_sign_up_creates_the_account_and_logs_in(client):
    response = sign_up(client)

    assert response.status_code == 303
    assert response.headers["Location"].endswith("/fr/account/")
    customer = customer_with("+21620123456")
    assert customer.password_hash.startswith("$argon2id$")
    assert (customer.name, customer.email, customer.language) == (
        "Salma Trabelsi",
        "salma@example.com",
        "fr",
    )
    page = client.get("/fr/account/").get_data(as_text=True)
    assert "Bonjour Salma Trabelsi" in page and "Mon compte" in page


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "Veuillez saisir votre nom."),
        ({"name": "x" * 121}, "name", "au plus 120 caractères"),
        ({"phone": "12"}, "phone", "n’est pas valide"),
        ({"phone": "71 123 456"}, "phone", "numéro de mobile"),
        ({"email": "pas-un-email"}, "email", "adresse e-mail n’est pas valide"),
        ({"password": "court", "password_confirmation": "court"}, "password", "au moins 8"),
        ({"password_confirmation": "autre chose"}, "password_confirmation", "pas identiques"),
    ],
)
def test_bad_sign_up_input_is_refused_with_the_values_kept(client, fields, field, message):
    response = sign_up(client, **fields)

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in page and message in page
    assert f'value="{fields.get("email", SIGNUP["email"])}"' in page
    assert db.session.scalar(select(func.count()).select_from(Customer)) == 0


def test_a_phone_with_an_account_cannot_sign_up_again(client):
    factories.make_customer(phone="+21620123456", password="another password")

    response = sign_up(client)

    assert response.status_code == 400
    assert "Un compte existe déjà avec ce numéro" in response.get_data(as_text=True)


def test_an_email_with_an_account_cannot_sign_up_again(client):
    factories.make_customer(email="salma@example.com", password="another password")

    response = sign_up(client)

    assert response.status_code == 400
    assert "Un compte existe déjà avec cette adresse e-mail." in response.get_data(as_text=True)


def test_signing_up_claims_the_guest_row_but_not_its_orders(app, client, shop):
    guest_reference = place(app, shop)
    guest = customer_with("+21620123456")

    sign_up(client)

    db.session.expire_all()
    assert customer_with("+21620123456").id == guest.id
    assert db.session.get(Customer, guest.id).password_hash
    page = client.get("/fr/account/").get_data(as_text=True)
    assert guest_reference not in page
    tracking = client.get(f"/fr/track?ref={guest_reference}").get_data(as_text=True)
    assert "Plaquettes" not in tracking


def test_sign_up_is_rate_limited(client):
    for n in range(ratelimit.LIMITS["signup"].attempts):
        sign_up(client, phone=f"20 123 45{n}", email="")
    response = sign_up(client, phone="20 999 999", email="")
    assert response.status_code == 429
    assert "Trop de tentatives" in response.get_data(as_text=True)


# Log in and out


@pytest.mark.parametrize("login", ["20 123 456", "+216 20 123 456", "SALMA@example.com "])
def test_log_in_with_phone_or_email(app, client, login):
    factories.make_customer(phone="+21620123456", email="salma@example.com", password=PASSWORD)

    response = log_in(client, login)

    assert response.status_code == 303
    assert "Mon compte" in client.get("/fr/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("login", "password"),
    [("20 123 456", "wrong password"), ("20 999 999", PASSWORD), ("nobody@example.com", PASSWORD)],
)
def test_a_failed_log_in_says_the_same_thing_and_keeps_the_login(client, login, password):
    factories.make_customer(phone="+21620123456", email="salma@example.com", password=PASSWORD)

    response = log_in(client, login, password)

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert LOGIN_FAILED_FR in page and f'value="{login}"' in page
    assert "Se connecter" in client.get("/fr/").get_data(as_text=True)


def test_a_guest_row_without_password_cannot_log_in(client):
    factories.make_customer(phone="+21620123456")
    assert log_in(client, password="").status_code == 400


def test_log_in_is_rate_limited_per_login(app, client):
    factories.make_customer(phone="+21620123456", password=PASSWORD)
    for _ in range(ratelimit.LIMITS["login"].attempts):
        log_in(client, password="wrong password")

    response = log_in(app.test_client())

    assert response.status_code == 429
    assert "Trop de tentatives" in response.get_data(as_text=True)


def test_log_out_is_a_post(client):
    factories.make_customer(phone="+21620123456", password=PASSWORD)
    log_in(client)

    assert client.get("/fr/account/logout").status_code == 405
    assert client.post("/fr/account/logout").status_code == 303
    assert client.get("/fr/account/").status_code == 302


def cart_count_of(app, client):
    with app.app_context():
        return cart_item_count(token_from_cookie(client.get_cookie("cart").value))


def test_log_in_keeps_the_guest_cart(app, client, shop):
    factories.make_customer(phone="+21620123456", password=PASSWORD)
    client.post("/fr/cart/add", data={"product_id": shop["pads"].id, "quantity": "2"})

    response = log_in(client)

    assert cart_count_of(app, client) == 2
    assert "cart=" in response.headers.get("Set-Cookie", "")


def test_pages_of_the_account_need_a_log_in(client):
    response = client.get("/fr/account/addresses")
    assert response.status_code == 302
    assert "/fr/account/login?next=/fr/account/addresses" in response.headers["Location"]


def test_log_in_goes_back_to_the_page_asked_for_but_never_elsewhere(client):
    factories.make_customer(phone="+21620123456", password=PASSWORD)
    data = {"login": "20 123 456", "password": PASSWORD}
    response = client.post("/fr/account/login?next=//evil.example/", data=data)
    assert "evil" not in response.headers["Location"]


# Order history and reorder


def test_the_history_lists_orders_placed_in_the_account_newest_first(app, client, shop):
    customer = factories.make_customer(phone="+21620123456", password=PASSWORD)
    first = place(app, shop, customer_id=customer.id)
    second = place(app, shop, customer_id=customer.id, lines=[OrderLine(shop["oil"].id, 1)])
    someone_else = place(app, shop, phone="20 555 555")
    log_in(client)

    page = client.get("/fr/account/").get_data(as_text=True)

    assert page.index(second) < page.index(first)
    assert someone_else not in page
    assert "En attente de confirmation" in page
    assert client.get(f"/fr/track?ref={first}").get_data(as_text=True).count("Plaquettes") == 1


def test_reorder_puts_the_products_still_sold_back_into_the_cart(app, client, shop):
    customer = factories.make_customer(phone="+21620123456", password=PASSWORD)
    lines = [OrderLine(shop["pads"].id, 2), OrderLine(shop["oil"].id, 1)]
    reference = place(app, shop, customer_id=customer.id, lines=lines)
    shop["oil"].status = "draft"
    db.session.flush()
    log_in(client)

    response = client.post(f"/fr/account/orders/{reference}/reorder")

    assert response.status_code == 303 and response.headers["Location"].endswith("/fr/cart")
    assert cart_count_of(app, client) == 2


def test_someone_elses_order_cannot_be_reordered(app, client, shop):
    factories.make_customer(phone="+21620123456", password=PASSWORD)
    other = factories.make_customer(phone="+21620555555", password=PASSWORD)
    reference = place(app, shop, phone="20 555 555", customer_id=other.id)
    log_in(client)

    assert client.post(f"/fr/account/orders/{reference}/reorder").status_code == 404


# Address book

ADDRESS = {
    "label": "Maison",
    "recipient_name": "Salma",
    "phone": "20 123 456",
    "street": "",
    "landmark": "Derrière la poste",
    "latitude": "34,7406",
    "longitude": "10.7603",
}


@pytest.fixture
def logged_in(client):
    customer = factories.make_customer(phone="+21620123456", password=PASSWORD)
    log_in(client)
    return customer


def test_an_address_is_added_edited_and_deleted(client, shop, logged_in):
    city = shop["city"]
    added = client.post("/fr/account/addresses/new", data={**ADDRESS, "city": city.id})
    assert added.status_code == 303
    address = db.session.scalar(select(Address).where(Address.customer_id == logged_in.id))
    assert (address.phone, address.latitude, address.street) == (
        "+21620123456",
        Decimal("34.740600"),
        None,
    )
    assert "Derrière la poste" in client.get("/fr/account/addresses").get_data(as_text=True)

    edit = {**ADDRESS, "city": city.id, "landmark": "Devant la mosquée"}
    assert client.post(f"/fr/account/addresses/{address.id}", data=edit).status_code == 303
    db.session.expire_all()
    assert db.session.get(Address, address.id).landmark == "Devant la mosquée"

    assert client.post(f"/fr/account/addresses/{address.id}/delete").status_code == 303
    assert db.session.scalar(select(func.count()).select_from(Address)) == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"city": ""}, "city"),
        ({"city": "999999999"}, "city"),
        ({"city": "abc"}, "city"),
        ({"recipient_name": ""}, "recipient_name"),
        ({"phone": "pas un numéro"}, "phone"),
        ({"latitude": "91"}, "latitude"),
        ({"latitude": "nan"}, "latitude"),
        ({"longitude": ""}, "latitude"),
        ({"landmark": "x" * 501}, "landmark"),
    ],
)
def test_bad_address_input_is_refused_with_the_values_kept(client, shop, logged_in, fields, field):
    data = {**ADDRESS, "city": shop["city"].id, **fields}

    response = client.post("/fr/account/addresses/new", data=data)

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in page and data["landmark"] in page
    assert db.session.scalar(select(func.count()).select_from(Address)) == 0


def test_someone_elses_address_is_not_found(client, shop, logged_in):
    other = factories.make_customer()
    address = Address(
        customer_id=other.id, recipient_name="X", phone="+21620999999", city_id=shop["city"].id
    )
    db.session.add(address)
    db.session.flush()

    assert client.get(f"/fr/account/addresses/{address.id}").status_code == 404
    data = {**ADDRESS, "city": shop["city"].id}
    assert client.post(f"/fr/account/addresses/{address.id}", data=data).status_code == 404
    assert client.post(f"/fr/account/addresses/{address.id}/delete").status_code == 404
    assert db.session.get(Address, address.id) is not None


# My vehicle on the account


def test_the_vehicle_chosen_is_kept_on_the_account_and_restored_at_log_in(app, client):
    clio = factories.make_vehicle()
    customer = factories.make_customer(phone="+21620123456", password=PASSWORD)
    log_in(client)

    client.post("/fr/my-vehicle", data={"vehicle": clio.id})

    db.session.expire_all()
    assert db.session.get(Customer, customer.id).vehicle_id == clio.id
    other_browser = app.test_client()
    log_in(other_browser)
    assert other_browser.get_cookie("vehicle").value == str(clio.id)


def test_orders_of_a_guest_are_not_in_anyone_s_history(app, client, shop):
    place(app, shop)
    assert db.session.scalar(select(func.count()).where(Order.placed_in_account)) == 0


def test_forged_account_forms_are_refused_and_change_nothing(csrf_client, shop):
    customer = factories.make_customer(phone="+21620123456", password=PASSWORD)
    with csrf_client.session_transaction() as session:
        session["_user_id"] = customer.get_id()
    forged = {
        "/fr/account/signup": {**SIGNUP, "phone": "20 999 888"},
        "/fr/account/login": {"login": "20 123 456", "password": PASSWORD},
        "/fr/account/addresses/new": {**ADDRESS, "city": shop["city"].id},
        "/fr/account/logout": {},
    }

    for url, data in forged.items():
        response = csrf_client.post(url, data=data)

        assert response.status_code == 400, url
        assert "Formulaire expiré" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Customer)) == 1
    assert db.session.scalar(select(func.count()).select_from(Address)) == 0
    assert csrf_client.get("/fr/account/").status_code == 200, "still logged in: logout was forged"
