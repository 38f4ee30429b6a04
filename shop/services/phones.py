"""Customers' phone numbers: checked and written in E.164 form for the shop's country."""

from dataclasses import dataclass

import phonenumbers
from flask_babel import lazy_gettext as _l
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

# Longer input is never a phone number; it is refused before parsing.
MAX_INPUT_LENGTH = 40
# Digits of the shortest number written with its country code but no plus (+216 and 8 digits).
MIN_INTERNATIONAL_DIGITS = 11
MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
# What each error code tells the customer; views show `PHONE_ERRORS[check.error]`.
PHONE_ERRORS = {
    "missing": _l("Please enter your phone number."),
    "invalid": _l("This phone number is not valid. Please check it."),
    "not_mobile": _l("Please enter a mobile phone number: we contact you on WhatsApp."),
    "foreign": _l("Please enter a phone number of this country."),
}


@dataclass(frozen=True)
class PhoneCheck:
    """The outcome of reading a phone number: its E.164 form, or an `error` code."""

    e164: str | None
    is_mobile: bool = False
    country: str | None = None
    error: str | None = None

    @property
    def ok(self):
        return self.error is None

    @property
    def message(self):
        """The translated explanation of `error` (None when the number is fine)."""
        return PHONE_ERRORS[self.error] if self.error else None


def _parse(raw, country):
    """The number in `raw`, read as dialled from `country`; None when unreadable or invalid."""
    text = raw.strip()
    if text.startswith("00"):
        # International prefix written the European way, whatever the shop country dials.
        text = "+" + text[2:]
    candidates = [text]
    digit_count = sum(char.isdigit() for char in text)
    if not text.startswith("+") and digit_count >= MIN_INTERNATIONAL_DIGITS:
        # Copied from a WhatsApp profile: country code without the plus (33612345678).
        candidates.append("+" + text)
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, country)
        except NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return number
    return None


def normalize_phone(raw, country, *, mobile_required=False, foreign_allowed=True):
    """Check a phone number typed by a customer of a shop in `country` (ISO code: "MA", "TN").

    Local forms (0612345678, 20 123 456), international ones (+212..., 00212...) and
    Arabic-Indic digits are understood. Error codes, checked in this order: `missing`,
    `invalid`, `foreign` (another country's number when `foreign_allowed` is false),
    `not_mobile` (a fixed line when `mobile_required`, as WhatsApp needs).
    """
    if raw is None or not raw.strip():
        return PhoneCheck(None, error="missing")
    if len(raw) > MAX_INPUT_LENGTH:
        return PhoneCheck(None, error="invalid")
    number = _parse(raw, country)
    if number is None:
        return PhoneCheck(None, error="invalid")
    check = PhoneCheck(
        e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        is_mobile=phonenumbers.number_type(number) in MOBILE_TYPES,
        country=phonenumbers.region_code_for_number(number),
    )
    if not foreign_allowed and check.country != country:
        return PhoneCheck(None, check.is_mobile, check.country, "foreign")
    if mobile_required and not check.is_mobile:
        return PhoneCheck(None, check.is_mobile, check.country, "not_mobile")
    return check


def wa_digits(e164):
    """The number as wa.me wants it: digits only, country code first ("+21620…" → "21620…")."""
    return "".join(char for char in e164 if char.isdigit() and char.isascii())
