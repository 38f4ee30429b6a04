"""Text normalisation for search, the Python twin of the SQL functions of migration 0002_search.

The database normalises product text with `hanout_normalize_ar`, `hanout_unaccent` and
`hanout_normalize_code`; queries go through these functions first so that the log, the part-number
detection and the database all see the same words. Tests check both sides agree.
"""

import re
import unicodedata

ARABIC_LETTER_VARIANTS = str.maketrans(
    {
        "\u0623": "\u0627",  # أ → ا
        "\u0625": "\u0627",  # إ → ا
        "\u0622": "\u0627",  # آ → ا
        "\u0671": "\u0627",  # ٱ → ا
        "\u0649": "\u064a",  # ى → ي
        "\u0629": "\u0647",  # ة → ه
    }
)
EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Harakat, tanwin, shadda, sukun, the dagger alef, and the tatweel that only stretches a word.
ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")
# Latin letters that do not decompose into a base letter and an accent; as PostgreSQL's unaccent.
LATIN_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o",
                                 "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"})  # fmt: skip
NOT_CODE_CHARACTER = re.compile(r"[^0-9A-Z]")
WORD = re.compile(r"[^\W_]+")
LAST_LATIN = "\u024f"
LATIN_EXTENDED_ADDITIONAL = range(0x1E00, 0x1F00)


def normalize_arabic(text):
    """Arabic spelling variants folded: one alef, ي for ى, ه for ة, no marks, Western digits."""
    return ARABIC_MARKS.sub("", text).translate(ARABIC_LETTER_VARIANTS).translate(EASTERN_DIGITS)


def _unaccent_char(char):
    if char > LAST_LATIN and ord(char) not in LATIN_EXTENDED_ADDITIONAL:
        # Only Latin letters lose their accents: decomposing أ would also turn ؤ into و.
        return char
    decomposed = unicodedata.normalize("NFD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def unaccent(text):
    """Latin letters without accents (é → e, ç → c, œ → oe), everything else unchanged."""
    return "".join(_unaccent_char(char) for char in text.translate(LATIN_LIGATURES))


def normalize_text(text):
    """A search text as the index stores it: Arabic folded, accents dropped, lower case."""
    return unaccent(normalize_arabic(text)).lower()


def normalize_code(text):
    """A part number, SKU or barcode as compared: upper case letters and digits only."""
    return NOT_CODE_CHARACTER.sub("", unaccent(normalize_arabic(text)).upper())


def code_variants(code):
    """The normalised code, and without its leading zeros when it has some; none when empty."""
    normalized = normalize_code(code)
    stripped = normalized.lstrip("0")
    if not normalized:
        return []
    return [normalized, stripped] if stripped and stripped != normalized else [normalized]


def words(text):
    """The words of a normalised text: runs of letters and digits, punctuation dropped."""
    return WORD.findall(text)
