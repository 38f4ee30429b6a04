"""Staff access: rate-limited login, two-factor codes (optional, or required for owners),
invitations that set a password once, roles and deactivation that keep an owner in charge."""

import re

import pyotp
import pytest
import redis
from sqlalchemy import select

from shop.extensions import db
from shop.models import StaffUser
from tests import factories

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def fresh_limits(redis_url):
    redis.Redis.from_url(redis_url).flushdb()


def log_in(client, login, password=PASSWORD):
    return client.post("/fr/admin/login", data={"login": login, "password": password})


def test_login_is_rate_limited(client):
    factories.make_staff(email="amine@example.test", password=PASSWORD)

    answers = [log_in(client, "amine@example.test", "wrong").status_code for _ in range(11)]
    blocked = log_in(client, "amine@example.test")

    assert answers[:10] == [400] * 10 and answers[10] == 429
    assert blocked.status_code == 429
    assert "Trop de tentatives" in blocked.get_data(as_text=True)


def test_a_staff_member_with_two_factor_logs_in_with_a_code(client):
    secret = pyotp.random_base32()
    factories.make_staff(email="amine@example.test", password=PASSWORD, totp_secret=secret)

    first = log_in(client, "amine@example.test")
    blocked = client.get("/fr/admin/")
    wrong = client.post("/fr/admin/login/code", data={"code": "000000"})
    right = client.post("/fr/admin/login/code", data={"code": pyotp.TOTP(secret).now()})

    assert first.headers["Location"].startswith("/fr/admin/login/code")
    assert blocked.status_code == 302 and "/admin/login" in blocked.headers["Location"]
    assert wrong.status_code == 400
    assert right.status_code == 302
    assert client.get("/fr/admin/").status_code == 200


def test_two_factor_is_turned_on_with_a_first_code(client, login_as):
    staff = login_as(client, "manager")
    page = client.get("/fr/admin/account").get_data(as_text=True)
    secret = re.search(r'class="totp-secret">([A-Z2-7]+)<', page).group(1)
    qr = client.get("/fr/admin/account/two-factor.svg")

    wrong = client.post("/fr/admin/account/two-factor", data={"code": "123456"})
    right = client.post("/fr/admin/account/two-factor", data={"code": pyotp.TOTP(secret).now()})

    assert qr.mimetype == "image/svg+xml"
    assert wrong.status_code == 422
    assert right.status_code == 303
    assert db.session.get(StaffUser, staff.id).totp_secret == secret


def test_owners_must_set_up_two_factor_when_the_shop_requires_it(make_app):
    app = make_app(env={"OWNER_TWO_FACTOR": "1"})
    client = app.test_client()
    owner = factories.make_staff(role="owner")
    with client.session_transaction() as session:
        session["_user_id"] = owner.get_id()

    response = client.get("/fr/admin/orders")

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/fr/admin/account")
    assert client.get("/fr/admin/account").status_code == 200


def test_an_invitation_sets_the_password_once(client, login_as):
    login_as(client, "owner")
    page = client.post(
        "/fr/admin/staff",
        data={"name": "Yassine", "login": "yassine@example.test", "role": "driver"},
    ).get_data(as_text=True)
    link = re.search(r'class="invitation-link" value="([^"]+)"', page).group(1)
    path = link.replace("http://localhost", "")
    guest = client.application.test_client()

    before = log_in(guest, "yassine@example.test", "anything at all")
    short = guest.post(path, data={"password": "short", "confirmation": "short"})
    accepted = guest.post(path, data={"password": PASSWORD, "confirmation": PASSWORD})
    reused = guest.get(path)
    after = log_in(guest, "yassine@example.test")

    assert before.status_code == 400
    assert short.status_code == 422
    assert accepted.status_code == 303
    assert reused.status_code == 404
    assert after.status_code == 302
    member = db.session.scalar(select(StaffUser).where(StaffUser.email == "yassine@example.test"))
    assert member.role == "driver"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"login": "not a login"}, "login"),
        ({"role": "king"}, "role"),
    ],
)
def test_a_bad_invitation_is_refused_with_the_values_kept(client, login_as, fields, field):
    login_as(client, "owner")
    data = {"name": "Yassine", "login": "yassine@example.test", "role": "staff", **fields}

    response = client.post("/fr/admin/staff", data=data)

    assert response.status_code == 422
    assert f'value="{data["login"]}"' in response.get_data(as_text=True)
    assert db.session.scalar(select(StaffUser).where(StaffUser.name == "Yassine")) is None


def test_a_deactivated_member_is_logged_out_and_cannot_log_in(client, login_as):
    login_as(client, "owner")
    member = factories.make_staff(email="karim@example.test", password=PASSWORD)
    member_client = client.application.test_client()
    assert log_in(member_client, "karim@example.test").status_code == 302

    client.post(f"/fr/admin/staff/{member.id}/active", data={"active": "0"})

    assert member_client.get("/fr/admin/").status_code == 302
    assert log_in(member_client, "karim@example.test").status_code == 400


def test_the_last_owner_stays_an_active_owner(client, login_as):
    owner = login_as(client, "owner")

    myself = client.post(f"/fr/admin/staff/{owner.id}/active", data={"active": "0"})
    demoted = client.post(f"/fr/admin/staff/{owner.id}/role", data={"role": "staff"})

    assert myself.status_code == 422 and demoted.status_code == 422
    db.session.refresh(owner)
    assert owner.is_active and owner.role == "owner"


def test_managers_cannot_manage_staff(client, login_as):
    login_as(client, "manager")

    response = client.post(
        "/fr/admin/staff", data={"name": "X", "login": "x@x.test", "role": "owner"}
    )

    assert response.status_code == 403
