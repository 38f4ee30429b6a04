"""Configuration comes from the environment; a wrong value stops start-up with one clear line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shop.config import ConfigError, load_config
from shop.services.crypto import new_key

ROOT = Path(__file__).resolve().parent.parent
BASE = {
    "DATABASE_URL": "postgresql://postgres@127.0.0.1/hanout",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SECRET_KEY": "x" * 40,
}


def config_for(tmp_path, **env):
    return load_config(tmp_path, {**BASE, **env})


def test_autoparts_profile_is_a_tunisian_shop_with_fitment(tmp_path):
    shop = config_for(tmp_path, SHOP_PROFILE="autoparts")["SHOP"]
    assert (shop.country, shop.currency) == ("TN", "TND")
    assert shop.feature_vehicle_fitment and not shop.feature_age_restricted


def test_grocery_profile_is_a_moroccan_shop_with_age_checks(tmp_path):
    shop = config_for(tmp_path, SHOP_PROFILE="grocery")["SHOP"]
    assert (shop.country, shop.currency, shop.default_language) == ("MA", "MAD", "ar")
    assert shop.feature_age_restricted and not shop.feature_vehicle_fitment


def test_variables_override_the_profile(tmp_path):
    shop = config_for(
        tmp_path,
        SHOP_PROFILE="grocery",
        SHOP_DEFAULT_LANGUAGE="fr",
        FEATURE_DELIVERY_ZONES="off",
        SHOP_WHATSAPP_NUMBER="0612345678",
    )["SHOP"]
    assert shop.default_language == "fr"
    assert shop.feature_delivery_zones is False
    assert shop.whatsapp_number == "+212612345678"


def test_postgresql_urls_use_psycopg2(tmp_path):
    uri = config_for(tmp_path)["SQLALCHEMY_DATABASE_URI"]
    assert uri == "postgresql+psycopg2://postgres@127.0.0.1/hanout"


@pytest.mark.parametrize(
    ("env", "pool_size"),
    [({}, 6), ({"WEB_THREADS": "16"}, 16), ({"WEB_THREADS": "16", "DATABASE_POOL_SIZE": "4"}, 4)],
)
def test_each_web_thread_keeps_its_database_connection(tmp_path, env, pool_size):
    assert config_for(tmp_path, **env)["SQLALCHEMY_ENGINE_OPTIONS"]["pool_size"] == pool_size


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DATABASE_URL": ""}, "DATABASE_URL"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL"),
        ({"REDIS_URL": ""}, "REDIS_URL"),
        ({"SHOP_PROFILE": "bakery"}, "SHOP_PROFILE"),
        ({"SHOP_COUNTRY": "XX"}, "SHOP_COUNTRY"),
        ({"SHOP_CURRENCY": "DOLLARS"}, "SHOP_CURRENCY"),
        ({"SHOP_DEFAULT_LANGUAGE": "en"}, "SHOP_DEFAULT_LANGUAGE"),
        ({"SHOP_WHATSAPP_NUMBER": "12"}, "SHOP_WHATSAPP_NUMBER"),
        ({"FEATURE_VEHICLE_FITMENT": "maybe"}, "FEATURE_VEHICLE_FITMENT"),
        ({"HANOUT_ENV": "staging"}, "HANOUT_ENV"),
        ({"DATABASE_POOL_SIZE": "many"}, "DATABASE_POOL_SIZE"),
        ({"WEB_THREADS": "0"}, "WEB_THREADS"),
        ({"HANOUT_ENV": "production", "SECRET_KEY": ""}, "SECRET_KEY"),
        ({"HANOUT_ENV": "production", "SECRET_KEY": "short"}, "SECRET_KEY"),
    ],
)
def test_a_wrong_value_is_named(tmp_path, env, named):
    with pytest.raises(ConfigError) as error:
        config_for(tmp_path, **env)
    message = str(error.value)
    assert message.startswith(named)
    assert "\n" not in message


def test_development_key_is_generated_once_and_kept(tmp_path):
    first = config_for(tmp_path, SECRET_KEY="")["SECRET_KEY"]
    second = config_for(tmp_path, SECRET_KEY="")["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_cookies_are_secure(tmp_path):
    config = config_for(tmp_path, HANOUT_ENV="production", PII_KEY=new_key())
    assert config["SESSION_COOKIE_SECURE"] and config["SESSION_COOKIE_HTTPONLY"]
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_start_up_stops_with_one_line_naming_the_value():
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update({"REDIS_URL": "redis://127.0.0.1:1/0", "FLASK_APP": "wsgi.py"})
    result = subprocess.run(
        [sys.executable, "-m", "flask", "routes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "hanout: configuration error: DATABASE_URL is required "
        "(make run starts an embedded server and sets it)"
    ]
