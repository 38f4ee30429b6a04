"""Customers' personal data at rest: encrypted columns, lookup by phone, key rotation, settings."""

from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from shop.config import ConfigError, load_config
from shop.extensions import db
from shop.models import Address, Customer
from shop.services.crypto import Keyring, UndecryptableValue, key_id_of, new_key
from shop.services.customers import find_customer_by_phone
from tests import factories

PHONE = "+21620123456"
BASE = {"DATABASE_URL": "postgresql://localhost/x", "REDIS_URL": "redis://localhost/0"}


def raw(sql, **params):
    return db.session.execute(text(sql), params).one()


def test_the_database_holds_no_plain_phone_or_address(app):
    customer = factories.make_customer(phone=PHONE)
    city = factories.make_city()
    address = Address(
        customer_id=customer.id,
        recipient_name="Amine",
        phone=PHONE,
        city_id=city.id,
        street="12 rue de Marseille",
        landmark="En face de la pharmacie",
        latitude=Decimal("36.806500"),
        longitude=Decimal("10.181500"),
    )
    db.session.add(address)
    db.session.flush()

    stored = raw(
        "SELECT c.phone_encrypted, a.street_encrypted, a.landmark_encrypted,"
        " a.latitude_encrypted::text AS latitude FROM customers c"
        " JOIN addresses a ON a.customer_id = c.id WHERE c.id = :id",
        id=customer.id,
    )
    everything = b"".join(bytes(value) for value in stored[:3])
    for secret in (b"20123456", b"Marseille", b"pharmacie"):
        assert secret not in everything
    assert "36.8" not in stored.latitude
    columns = {
        row[0]
        for row in db.session.execute(
            text("SELECT column_name FROM information_schema.columns WHERE table_name = 'orders'")
        )
    }
    assert "phone" not in columns and "street" not in columns

    db.session.expire_all()
    again = db.session.get(Address, address.id)
    assert (again.phone, again.street, again.latitude) == (
        PHONE,
        "12 rue de Marseille",
        Decimal("36.806500"),
    )


def test_a_customer_is_found_by_phone_through_the_hash(app):
    customer = factories.make_customer(phone=PHONE)
    factories.make_customer(phone="+21698123456")

    with app.app_context():
        assert find_customer_by_phone(PHONE).id == customer.id
        assert find_customer_by_phone("+21655000111") is None
    assert (
        len(bytes(raw("SELECT phone_hash FROM customers WHERE id = :id", id=customer.id)[0])) == 32
    )


def test_two_customers_cannot_share_a_phone(app):
    factories.make_customer(phone=PHONE)
    with pytest.raises(IntegrityError, match="uq_customers_phone_hash"):
        factories.make_customer(phone=PHONE)
    db.session.rollback()


def test_comparing_an_encrypted_column_in_sql_is_refused():
    with pytest.raises(TypeError, match="lookup hash"):
        select(Customer).where(Customer.phone == PHONE)


def test_a_value_altered_in_the_database_is_refused():
    keys = Keyring([new_key()])
    sealed = bytearray(keys.encrypt(PHONE))
    sealed[-1] ^= 1
    with pytest.raises(UndecryptableValue):
        keys.decrypt(bytes(sealed))


def test_rotation_re_encrypts_rows_and_old_rows_read_while_the_old_key_is_kept(make_app):
    old, new = new_key(), new_key()
    before = make_app(env={"PII_KEY": old})
    rotating = make_app(env={"PII_KEY": "", "PII_KEYS": f"{new},{old}"})
    after = make_app(env={"PII_KEY": new})
    with before.app_context():
        customer_id = factories.make_customer(phone=PHONE).id
        db.session.commit()
    old_id = Keyring([old]).current.key_id
    new_id = Keyring([new]).current.key_id

    with rotating.app_context():
        db.session.expire_all()
        assert db.session.get(Customer, customer_id).phone == PHONE
        assert find_customer_by_phone(PHONE).id == customer_id
    with after.app_context(), pytest.raises(UndecryptableValue):
        db.session.get(Customer, customer_id).phone  # noqa: B018

    result = rotating.test_cli_runner().invoke(args=["pii", "rotate"])
    assert result.exit_code == 0, result.output
    assert "customers: " in result.output

    stored = raw("SELECT phone_encrypted, phone_hash FROM customers WHERE id = :id", id=customer_id)
    assert key_id_of(bytes(stored.phone_encrypted)) == new_id != old_id
    with after.app_context():
        db.session.expire_all()
        assert db.session.get(Customer, customer_id).phone == PHONE
        assert find_customer_by_phone(PHONE).id == customer_id
    again = rotating.test_cli_runner().invoke(args=["pii", "rotate"])
    assert "customers: 0 rows re-encrypted" in again.output


def test_new_key_prints_a_usable_key(runner):
    result = runner.invoke(args=["pii", "new-key"])
    Keyring([result.output.strip()])


@pytest.mark.parametrize(
    "env",
    [
        {"HANOUT_ENV": "production", "SECRET_KEY": "x" * 40},
        {"PII_KEY": "too-short"},
        {"PII_KEYS": f"{new_key()},not-a-key"},
        {"PII_KEY": new_key(), "PII_KEYS": new_key()},
    ],
)
def test_a_missing_or_wrong_pii_key_is_named(tmp_path, env):
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path, {**BASE, **env})
    assert str(error.value).startswith("PII_KEY")


def test_a_development_pii_key_is_kept_in_the_instance_folder(tmp_path):
    first = load_config(tmp_path, BASE)["PII_KEYS"]
    second = load_config(tmp_path, BASE)["PII_KEYS"]
    assert first == second and len(first) == 1
    assert (tmp_path / "pii_key").stat().st_mode & 0o077 == 0
