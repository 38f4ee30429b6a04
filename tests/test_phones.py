"""Phone numbers of Moroccan and Tunisian customers, as they type them."""

import pytest

from shop.services.phones import PHONE_ERRORS, normalize_phone, wa_digits


@pytest.mark.parametrize(
    ("raw", "country", "e164"),
    [
        ("0612345678", "MA", "+212612345678"),
        ("06 12 34 56 78", "MA", "+212612345678"),
        ("06-12-34-56-78", "MA", "+212612345678"),
        ("+212 6 12 34 56 78", "MA", "+212612345678"),
        ("00212612345678", "MA", "+212612345678"),
        ("212612345678", "MA", "+212612345678"),
        ("٠٦١٢٣٤٥٦٧٨", "MA", "+212612345678"),
        ("0712345678", "MA", "+212712345678"),
        ("20 123 456", "TN", "+21620123456"),
        ("20123456", "TN", "+21620123456"),
        ("+216 98 123 456", "TN", "+21698123456"),
        ("0021650123456", "TN", "+21650123456"),
        ("٢٠١٢٣٤٥٦", "TN", "+21620123456"),
        ("  ۹۸ ۱۲۳ ۴۵۶ ", "TN", "+21698123456"),
    ],
)
def test_local_and_international_mobiles_become_e164(raw, country, e164):
    check = normalize_phone(raw, country, mobile_required=True, foreign_allowed=False)

    assert check.ok
    assert check.error is None
    assert check.e164 == e164
    assert check.is_mobile
    assert check.country == country


@pytest.mark.parametrize(
    ("raw", "country", "e164"),
    [("0522123456", "MA", "+212522123456"), ("71 123 456", "TN", "+21671123456")],
)
def test_fixed_lines_are_valid_but_not_for_whatsapp(raw, country, e164):
    web = normalize_phone(raw, country)
    whatsapp = normalize_phone(raw, country, mobile_required=True)

    assert web.ok
    assert web.e164 == e164
    assert not web.is_mobile
    assert whatsapp.error == "not_mobile"
    assert whatsapp.e164 is None


@pytest.mark.parametrize(
    ("raw", "country"),
    [("+33 6 12 34 56 78", "MA"), ("0033612345678", "TN"), ("+212612345678", "TN")],
)
def test_foreign_numbers_are_accepted_unless_the_caller_refuses_them(raw, country):
    allowed = normalize_phone(raw, country, mobile_required=True)
    refused = normalize_phone(raw, country, foreign_allowed=False)

    assert allowed.ok
    assert allowed.is_mobile
    assert allowed.country != country
    assert refused.error == "foreign"
    assert refused.e164 is None


@pytest.mark.parametrize(
    ("raw", "country"),
    [
        ("hello", "MA"),
        ("06123", "MA"),
        ("061234567890123", "MA"),
        ("1234", "TN"),
        ("20 123 45", "TN"),
        ("+999 123 456 789", "TN"),
        ("2012345", "TN"),
        ("0" * 50, "MA"),
        ("<script>", "TN"),
    ],
)
def test_garbage_is_invalid(raw, country):
    check = normalize_phone(raw, country)

    assert not check.ok
    assert check.error == "invalid"
    assert check.e164 is None


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_nothing_typed_is_missing(raw):
    assert normalize_phone(raw, "MA").error == "missing"


def _messages(app, language):
    with app.test_request_context(f"/{language}/"):
        return {code: str(message) for code, message in PHONE_ERRORS.items()}


def test_every_error_code_is_explained_in_both_languages(app):
    arabic, french = _messages(app, "ar"), _messages(app, "fr")

    assert set(arabic) == {"missing", "invalid", "not_mobile", "foreign"}
    assert all(arabic[code] and french[code] and arabic[code] != french[code] for code in arabic)


def test_wa_digits_keeps_only_the_digits_of_the_international_form():
    assert wa_digits("+212612345678") == "212612345678"
    assert wa_digits(normalize_phone("20 123 456", "TN").e164) == "21620123456"
