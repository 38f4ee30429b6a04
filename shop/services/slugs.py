"""URL slugs: ASCII for French, Arabic letters kept for Arabic."""

import re
import unicodedata

# Arabic letters and Arabic-Indic digits, without diacritics or tatweel.
_NOT_ARABIC_WORD = re.compile(r"[^\u0621-\u063a\u0641-\u064a\u0660-\u0669a-z0-9]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text):
    """An ASCII slug: accents stripped, lower case, "+" spelled out, anything else a dash."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.replace("+", " plus "))
        .encode("ascii", "ignore")
        .decode()
    )
    return _NOT_ALNUM.sub("-", ascii_text.lower()).strip("-")


def slugify_ar(text):
    """A slug keeping Arabic letters, Latin letters and digits; the rest becomes dashes."""
    return _NOT_ARABIC_WORD.sub("-", text.lower()).strip("-")
