"""Why a catalog file or a line of it is refused: message codes, texts, and `LineError`."""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

MESSAGES = {
    "empty_file": _l("The file is empty."),
    "no_sku_column": _l("The first line has no “sku” column."),
    "repeated_column": _l("The column “%(column)s” appears twice."),
    "cell_count": _l("This line has %(found)s cells, the first line has %(expected)s."),
    "unreadable_line": _l("This line is not valid CSV: %(detail)s."),
    "required": _l("“%(column)s” is empty."),
    "too_long": _l("“%(column)s” is longer than %(limit)s characters."),
    "repeated_sku": _l("The SKU %(sku)s already appears on line %(line)s."),
    "no_name": _l("A product needs a French or an Arabic name."),
    "no_price": _l("A new product needs a price."),
    "not_a_number": _l("“%(column)s” is not a number: %(value)s."),
    "negative": _l("“%(column)s” cannot be negative."),
    "too_many_decimals": _l("“%(column)s” has more than %(places)s decimals."),
    "too_large": _l("“%(column)s” is too large."),
    "not_an_integer": _l("“%(column)s” is not a whole number: %(value)s."),
    "compare_at_not_above_price": _l("The old price must be higher than the price."),
    "unknown_status": _l("Unknown status “%(value)s”: write active or draft."),
    "not_a_flag": _l("“%(column)s” must be 1 or 0, not %(value)s."),
    "empty_category_level": _l("The category “%(value)s” has an empty level."),
    "not_a_vehicle": _l(
        "“%(value)s” is not a vehicle written Make/Model/YYYY-YYYY or Make/Model/YYYY-."
    ),
    "vehicle_years": _l(
        "The vehicle “%(value)s” has impossible years: from 1950 to 2100, the first not after the "
        "last."
    ),
    "vehicle_conflict": _l(
        "The vehicle “%(value)s” clashes with an existing vehicle of the same model and first "
        "year: write its years as the shop has them."
    ),
    "not_a_reference": _l("“%(value)s” is not a part number."),
    "not_an_image_url": _l("The image URL must start with https://, http:// or /."),
    "deleted_product": _l(
        "The SKU %(sku)s belongs to a deleted product: restore it first, or remove this line."
    ),
    "below_reserved": _l(
        "The stock %(stock)s is below the %(reserved)s units reserved for open orders."
    ),
    "unknown_column": _l("Unknown column “%(column)s”: ignored."),
}


def describe(code, **params):
    """The message of `code` in the current language."""
    return str(MESSAGES[code]) % params


@dataclass(frozen=True)
class LineError:
    """A reason to refuse line `line` of the file (the header is line 1)."""

    line: int
    code: str
    params: dict = field(default_factory=dict)

    @property
    def message(self):
        """The reason in the current language."""
        return describe(self.code, **self.params)

    def as_json(self):
        return {
            "line": self.line,
            "code": self.code,
            "params": self.params,
            "message": self.message,
        }


class CellError(Exception):
    """A cell's value cannot be read; `code` and `params` say why (see `MESSAGES`)."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params
