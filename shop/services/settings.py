"""The shop settings the owner edits in the admin, laid over the environment's profile.

Saved values live in `shop_settings` (key → JSON value). Each request starts from the profile
read from the environment at start-up and applies the saved values (cached per process until
the catalog version changes: saving bumps it), so every process sees a change on its next request.
"""

import dataclasses

import phonenumbers
from flask_babel import gettext as _
from sqlalchemy import select

from shop.config import LANGUAGES
from shop.extensions import db
from shop.models import ShopSetting
from shop.services.cache import cached_catalog_value

MAX_NAME_LENGTH = 80
SWITCHES = (
    "feature_vehicle_fitment",
    "feature_age_restricted",
    "feature_delivery_zones",
    "owners_need_two_factor",
)
EDITABLE = ("name", "whatsapp_number", "default_language", *SWITCHES)


class SettingsError(Exception):
    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def saved_settings():
    """{key: value} of the settings saved in the admin (cached per catalog version)."""

    def load():
        rows = db.session.execute(select(ShopSetting.key, ShopSetting.value)).all()
        return tuple((key, value["value"]) for key, value in rows if key in EDITABLE)

    return dict(cached_catalog_value(("shop_settings",), load))


def effective_profile(env_profile):
    """The environment's profile with the saved settings applied."""
    saved = saved_settings()
    return dataclasses.replace(env_profile, **saved) if saved else env_profile


def checked_settings(form, profile):
    """{key: value} from the settings form, or SettingsError({field: message})."""
    errors = {}
    name = form.get("name", "").strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        errors["name"] = _(
            "Give the shop a name of at most %(limit)s characters.", limit=MAX_NAME_LENGTH
        )
    number = form.get("whatsapp_number", "").strip()
    whatsapp = None
    try:
        parsed = phonenumbers.parse(number, profile.country)
        if phonenumbers.is_valid_number(parsed):
            whatsapp = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    if whatsapp is None:
        errors["whatsapp_number"] = _("This phone number is not valid. Please check it.")
    language = form.get("default_language")
    if language not in LANGUAGES:
        errors["default_language"] = _("Choose Arabic or French.")
    if errors:
        raise SettingsError(errors)
    values = {"name": name, "whatsapp_number": whatsapp, "default_language": language}
    values.update({switch: form.get(switch) == "1" for switch in SWITCHES})
    return values


def save_settings(values, staff_user_id):
    """Save the settings; the caller commits, then bumps the catalog version."""
    for key, value in values.items():
        row = db.session.get(ShopSetting, key) or ShopSetting(key=key)
        row.value = {"value": value}
        row.updated_by_id = staff_user_id
        db.session.add(row)
    db.session.flush()
