"""Configuration read from the environment (and an optional `.env`), validated once at start-up."""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
from babel import Locale

from shop.services.crypto import Keyring, PiiKeyError, new_key

# The folder holding the code, templates, static files, translations and migrations.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROFILES = {
    "autoparts": {
        "name": "Hanout Auto",
        "country": "TN",
        "currency": "TND",
        "default_language": "fr",
        "whatsapp_number": "+21620123456",
        "feature_vehicle_fitment": True,
        "feature_age_restricted": False,
        "feature_delivery_zones": True,
    },
    "grocery": {
        "name": "Hanout Market",
        "country": "MA",
        "currency": "MAD",
        "default_language": "ar",
        "whatsapp_number": "+212612345678",
        "feature_vehicle_fitment": False,
        "feature_age_restricted": True,
        "feature_delivery_zones": True,
    },
}
LANGUAGES = ("ar", "fr")
# The URL prefix of every storefront and admin page; nothing else matches it (not /favicon.ico).
LANGUAGE_PREFIX = f"/<any({','.join(LANGUAGES)}):lang_code>"
ENVIRONMENTS = ("development", "production", "testing")
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


# gunicorn's threads per worker (gunicorn.conf.py), and so the database connections a process
# keeps open.
DEFAULT_WEB_THREADS = 6
MAX_POOL_SIZE = 200
POOL_OVERFLOW = 4


class ConfigError(Exception):
    """A required setting is missing or wrong; the message is one line naming it."""


@dataclass(frozen=True)
class ShopProfile:
    """What makes one deployment this shop: configuration, not code."""

    profile: str
    name: str
    country: str
    currency: str
    default_language: str
    whatsapp_number: str
    feature_vehicle_fitment: bool
    feature_age_restricted: bool
    feature_delivery_zones: bool
    owners_need_two_factor: bool = False


def _flag(env, key, default):
    raw = env.get(key)
    if raw is None or raw == "":
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{key} must be 1 or 0 (got {raw!r})")


def read_profile(env):
    """Build the shop profile from `SHOP_PROFILE` defaults overridden by individual variables."""
    profile = env.get("SHOP_PROFILE") or "autoparts"
    if profile not in PROFILES:
        raise ConfigError(f"SHOP_PROFILE must be one of {', '.join(PROFILES)} (got {profile!r})")
    defaults = PROFILES[profile]

    country = (env.get("SHOP_COUNTRY") or defaults["country"]).upper()
    if country not in phonenumbers.SUPPORTED_REGIONS:
        raise ConfigError(f"SHOP_COUNTRY must be an ISO 3166 country code (got {country!r})")

    currency = (env.get("SHOP_CURRENCY") or defaults["currency"]).upper()
    if currency not in Locale("en").currencies:
        raise ConfigError(f"SHOP_CURRENCY must be an ISO 4217 code (got {currency!r})")

    language = env.get("SHOP_DEFAULT_LANGUAGE") or defaults["default_language"]
    if language not in LANGUAGES:
        raise ConfigError(f"SHOP_DEFAULT_LANGUAGE must be ar or fr (got {language!r})")

    raw_number = env.get("SHOP_WHATSAPP_NUMBER") or defaults["whatsapp_number"]
    try:
        number = phonenumbers.parse(raw_number, country)
    except phonenumbers.NumberParseException as exc:
        raise ConfigError(
            f"SHOP_WHATSAPP_NUMBER is not a phone number (got {raw_number!r})"
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ConfigError(f"SHOP_WHATSAPP_NUMBER is not a valid number (got {raw_number!r})")

    return ShopProfile(
        profile=profile,
        name=env.get("SHOP_NAME") or defaults["name"],
        country=country,
        currency=currency,
        default_language=language,
        whatsapp_number=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        feature_vehicle_fitment=_flag(
            env, "FEATURE_VEHICLE_FITMENT", defaults["feature_vehicle_fitment"]
        ),
        feature_age_restricted=_flag(
            env, "FEATURE_AGE_RESTRICTED", defaults["feature_age_restricted"]
        ),
        feature_delivery_zones=_flag(
            env, "FEATURE_DELIVERY_ZONES", defaults["feature_delivery_zones"]
        ),
        owners_need_two_factor=_flag(env, "OWNER_TWO_FACTOR", False),
    )


def _secret_key(env, environment, instance_path):
    key = env.get("SECRET_KEY")
    if key:
        if environment == "production" and len(key) < 32:
            raise ConfigError("SECRET_KEY must be at least 32 characters in production")
        return key
    if environment == "production":
        raise ConfigError("SECRET_KEY is required in production")
    # A development key survives restarts so sessions and cart cookies stay valid.
    return _kept_in_instance(instance_path, "secret_key", lambda: secrets.token_hex(32))


def _kept_in_instance(instance_path, name, generate):
    """A development secret read from the instance folder, generated there on first use."""
    key_file = Path(instance_path) / name
    if key_file.exists():
        return key_file.read_text().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = generate()
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _pii_keys(env, environment, instance_path):
    """The PII keys, newest first: `PII_KEY`, or `PII_KEYS=new,old` while rotating."""
    single, several = env.get("PII_KEY"), env.get("PII_KEYS")
    if single and several:
        raise ConfigError("PII_KEY and PII_KEYS are both set: keep one")
    raw = single or several
    if not raw:
        if environment == "production":
            raise ConfigError("PII_KEY is required in production (flask pii new-key makes one)")
        # Like the secret key: data written in development stays readable across restarts.
        raw = _kept_in_instance(instance_path, "pii_key", new_key)
    keys = tuple(key.strip() for key in raw.split(",") if key.strip())
    try:
        Keyring(keys)
    except PiiKeyError as exc:
        raise ConfigError(f"{'PII_KEYS' if several else 'PII_KEY'}: {exc}") from None
    return keys


def _pool_size(env):
    """Connections each process keeps open: one per web thread (gunicorn's WEB_THREADS) unless
    DATABASE_POOL_SIZE says otherwise. A smaller pool would open and close a connection for
    every request beyond it, and a new PostgreSQL connection costs a process and cold caches."""
    key = "DATABASE_POOL_SIZE" if env.get("DATABASE_POOL_SIZE") else "WEB_THREADS"
    raw = env.get(key) or str(DEFAULT_WEB_THREADS)
    if not raw.strip().isdigit() or not 1 <= int(raw) <= MAX_POOL_SIZE:
        raise ConfigError(f"{key} must be a number from 1 to {MAX_POOL_SIZE} (got {raw!r})")
    return int(raw)


def _required_url(env, key, schemes):
    value = env.get(key)
    if not value:
        raise ConfigError(f"{key} is required (make run starts an embedded server and sets it)")
    if not value.startswith(schemes):
        raise ConfigError(
            f"{key} must start with {' or '.join(schemes)} (got {value.split(':')[0]!r})"
        )
    return value


def load_config(instance_path, env=None):
    """Return the Flask settings for this process, or raise ConfigError naming the bad value."""
    env = os.environ if env is None else env
    environment = env.get("HANOUT_ENV") or "development"
    if environment not in ENVIRONMENTS:
        raise ConfigError(
            f"HANOUT_ENV must be one of {', '.join(ENVIRONMENTS)} (got {environment!r})"
        )
    database_url = _required_url(env, "DATABASE_URL", ("postgresql://", "postgresql+psycopg2://"))
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg2://" + database_url.removeprefix("postgresql://")
    production = environment == "production"
    return {
        "HANOUT_ENV": environment,
        "SECRET_KEY": _secret_key(env, environment, instance_path),
        "PII_KEYS": _pii_keys(env, environment, instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {
            "pool_pre_ping": True,
            "pool_size": _pool_size(env),
            # Threads outside requests (jobs, the CLI) may briefly take a few more.
            "max_overflow": POOL_OVERFLOW,
        },
        "REDIS_URL": _required_url(env, "REDIS_URL", ("redis://", "rediss://", "unix://")),
        "SHOP": read_profile(env),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        # Folders shared by web processes and workers; None means inside the instance folder.
        "CATALOG_UPLOAD_FOLDER": env.get("CATALOG_UPLOAD_FOLDER") or None,
        "MEDIA_FOLDER": env.get("MEDIA_FOLDER") or None,
    }
