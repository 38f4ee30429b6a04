"""The admin gate: staff log in, each role reaches only its pages, everyone else is refused."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from shop.extensions import db
from shop.models import Delivery, Order
from tests import factories

DASHBOARD = "/fr/admin/"
DRIVER_PAGE = "/fr/admin/deliveries"
LOGIN = "/fr/admin/login"
WRONG_LOGIN_FR = "Cet identifiant et ce mot de passe ne correspondent à aucun compte actif"


def make_order(reference, **fields):
    values = {
        "reference": reference,
        "status": "out_for_delivery",
        "language": "fr",
        "customer_name": "Sami Trabelsi",
        "phone": "+21698123456",
        "currency": "TND",
        "subtotal": Decimal("40.000"),
        "delivery_fee": Decimal("7.000"),
        "total": Decimal("47.000"),
        **fields,
    }
    order = Order(**values)
    db.session.add(order)
    db.session.flush()
    return order


def assign(order, driver, delivered_at=None):
    delivery = Delivery(
        order_id=order.id,
        driver_id=driver.id if driver else None,
        assigned_at=datetime.now(UTC),
        delivered_at=delivered_at,
    )
    db.session.add(delivery)
    db.session.flush()
    return delivery


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response.headers["Location"] == "/fr/admin/login?next=/fr/admin/"


def test_login_page_is_open_and_translated(client):
    assert "Connexion du personnel" in client.get(LOGIN).get_data(as_text=True)
    assert "دخول الموظفين" in client.get("/ar/admin/login").get_data(as_text=True)


@pytest.mark.parametrize("role", ["owner", "manager", "staff"])
def test_shop_staff_reach_the_dashboard(client, login_as, role):
    login_as(client, role)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    assert "<h1>Tableau de bord</h1>" in response.get_data(as_text=True)


def test_a_driver_is_taken_from_the_dashboard_to_their_deliveries(client, login_as):
    login_as(client, "driver")

    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response.headers["Location"] == DRIVER_PAGE


@pytest.mark.parametrize("role", ["owner", "manager", "staff"])
def test_only_drivers_have_a_driver_page(client, login_as, role):
    login_as(client, role)

    assert client.get(DRIVER_PAGE).status_code == 403


def test_a_driver_sees_only_their_open_and_todays_deliveries(client, login_as):
    driver = login_as(client, "driver")
    other_driver = factories.make_staff(role="driver")
    assign(make_order("HN-OPEN"), driver)
    assign(make_order("HN-TODAY", status="delivered"), driver, delivered_at=datetime.now(UTC))
    week_ago = datetime.now(UTC) - timedelta(days=7)
    assign(make_order("HN-OLD", status="delivered", updated_at=week_ago), driver, week_ago)
    assign(make_order("HN-REFUSED", status="refused", updated_at=week_ago), driver)
    assign(make_order("HN-OTHER"), other_driver)

    page = client.get(DRIVER_PAGE).get_data(as_text=True)

    assert "HN-OPEN" in page and "HN-TODAY" in page
    assert "HN-OLD" not in page and "HN-OTHER" not in page and "HN-REFUSED" not in page
    assert "47,000\u00a0DT" in page


def test_a_driver_without_deliveries_sees_the_empty_state(client, login_as):
    login_as(client, "driver")

    page = client.get("/ar/admin/deliveries").get_data(as_text=True)

    assert "لا توجد توصيلات مسندة إليك اليوم." in page


def test_a_logged_in_customer_is_refused(client, login_as):
    login_as(client, user=factories.make_customer(password="secret"))

    assert client.get(DASHBOARD).status_code == 403
    assert client.get(DRIVER_PAGE).status_code == 403


def test_a_deactivated_staff_member_is_logged_out(client, login_as):
    login_as(client, user=factories.make_staff(role="owner", is_active=False))

    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response.headers["Location"].startswith(LOGIN)


def test_an_admin_view_without_declared_roles_is_refused_to_everyone(make_app, login_as):
    app = make_app()
    app.add_url_rule("/<lang_code>/admin/forgotten", "admin.forgotten", lambda: "secret")
    client = app.test_client()
    login_as(client, "owner")

    assert client.get("/fr/admin/forgotten").status_code == 403


def test_staff_log_in_by_email_in_any_case(client):
    factories.make_staff(role="manager", email="leila@garage.test")

    response = client.post(
        LOGIN, data={"login": " Leila@Garage.TEST ", "password": factories.DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200


def test_staff_log_in_by_local_phone_number(client):
    factories.make_staff(role="driver", email=None, phone="+21620123456")

    response = client.post(
        LOGIN, data={"login": "20 123 456", "password": factories.DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    assert client.get(DRIVER_PAGE).status_code == 200


def test_login_returns_to_the_page_asked_for_but_never_off_site(client):
    staff = factories.make_staff(role="owner")
    credentials = {"login": staff.email, "password": factories.DEFAULT_PASSWORD}

    inside = client.post(f"{LOGIN}?next=/fr/admin/?tab=1", data=credentials)
    client.post("/fr/admin/logout")
    outside = client.post(f"{LOGIN}?next=//evil.example/", data=credentials)

    assert inside.headers["Location"] == "/fr/admin/?tab=1"
    assert outside.headers["Location"] == DASHBOARD


@pytest.mark.parametrize(
    ("typed_login", "password"),
    [
        ("owner@shop.test", "wrong password"),
        ("nobody@shop.test", factories.DEFAULT_PASSWORD),
        ("retired@shop.test", factories.DEFAULT_PASSWORD),
        ("", ""),
    ],
)
def test_a_failed_login_says_the_same_thing_and_keeps_the_login(client, typed_login, password):
    factories.make_staff(role="owner", email="owner@shop.test")
    factories.make_staff(role="staff", email="retired@shop.test", is_active=False)

    response = client.post(LOGIN, data={"login": typed_login, "password": password})
    page = response.get_data(as_text=True)

    assert response.status_code == 400
    assert WRONG_LOGIN_FR in page
    assert f'name="login" type="text" value="{typed_login}"' in page
    assert client.get(DASHBOARD).status_code == 302


def test_logout_ends_the_staff_session(client, login_as):
    login_as(client, "owner")

    response = client.post("/fr/admin/logout")

    assert response.headers["Location"] == LOGIN
    assert client.get(DASHBOARD).status_code == 302


def test_logout_is_a_post_only(client, login_as):
    login_as(client, "owner")

    assert client.get("/fr/admin/logout").status_code == 405
    assert client.get(DASHBOARD).status_code == 200


def test_admin_pages_share_the_base_layout_with_their_own_nav(client, login_as):
    login_as(client, "owner")

    page = client.get("/ar/admin/").get_data(as_text=True)

    assert '<html lang="ar" dir="rtl">' in page
    assert 'class="admin-nav"' in page and "تسجيل الخروج" in page
    assert 'class="language-switch" href="/fr/admin/"' in page
