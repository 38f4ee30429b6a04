"""Reading a catalog CSV: its encoding and separator, its header, and each line's cells as values.

Encoding: strict UTF-8 first (with or without a BOM). A file that is not UTF-8 comes from a
Windows program, in Windows-1256 (Arabic) or CP1252 (French). Both code pages put the French
accented small letters at the same bytes, but where CP1252 has capitals (À-ß) and a few other
Latin letters, Windows-1256 has Arabic letters. So a CP1252 file read as Windows-1256 shows at most
a stray Arabic letter inside a Latin word, while an Arabic file shows whole Arabic words: the file
is Windows-1256 when its Windows-1256 reading has a word of two or more letters that are all
Arabic, or when it is not valid CP1252 at all; otherwise it is CP1252.

Separator: `;` when the header line has more semicolons than commas, else `,` (a header holds no
quoted commas); a first line `sep=;` as Excel writes it names the separator itself.
"""

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from shop.services.catalog_io.messages import CellError, LineError
from shop.services.text import NOT_CODE_CHARACTER, normalize_code

# The columns of the format, in the order PRODUCT.md gives them and export writes them.
COLUMNS = (
    "sku",
    "name_fr",
    "name_ar",
    "description_fr",
    "description_ar",
    "brand",
    "category",
    "price",
    "compare_at_price",
    "stock",
    "barcode",
    "oem_refs",
    "vehicles",
    "image_url",
    "status",
    "restricted",
    "weight_kg",
)
LIST_SEPARATOR = "|"
CATEGORY_SEPARATOR = ">"
STATUSES = ("active", "draft")
YEAR_RANGE = (1950, 2100)
MONEY_PLACES, MONEY_LIMIT = 3, Decimal("1e9")
WEIGHT_PLACES, WEIGHT_LIMIT = 3, Decimal("1e5")
# Longest texts the tables take.
LIMITS = {
    "sku": 64,
    "name": 255,
    "brand": 120,
    "category": 120,
    "barcode": 32,
    "reference": 64,
    "make": 60,
    "model": 80,
    "image_url": 500,
}

# Two or more Arabic letters with no other letter before or after them.
_ARABIC_WORD = re.compile(r"(?<![^\W\d_])[\u0621-\u064a]{2,}(?![^\W\d_])")
_HEADER_FILLER = re.compile(r"[\s\-]+")
_SPACES = re.compile(r"\s+")
# Thousands separators people type in numbers: spaces (also non-breaking) and apostrophes.
_GROUPING = re.compile(r"[\s'’]")
_DECIMAL = re.compile(r"\d+(\.\d*)?|\.\d+")
_INTEGER = re.compile(r"-?\d+")
_YEARS = re.compile(r"(\d{4})\s*-\s*(\d{4})?")
_IMAGE_URL = re.compile(r"(https?://|/(?!/))\S*")


def decode(data):
    """The text of `data` and the name of its encoding (see the module docstring)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return text, "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    arabic_reading = data.decode("cp1256")
    if _ARABIC_WORD.search(arabic_reading):
        return arabic_reading, "cp1256"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return arabic_reading, "cp1256"


def header_name(cell):
    """A header cell as a column name: "Name FR" and " name-fr" are both `name_fr`."""
    return _HEADER_FILLER.sub("_", cell.strip().lower())


def _separator_and_header_line(text):
    """The separator and whether the first line only names it (Excel's `sep=;`)."""
    first_line = text.split("\n", 1)[0].strip()
    if first_line.lower().startswith("sep=") and len(first_line) == 5:
        return first_line[4], True
    return (";" if first_line.count(";") > first_line.count(",") else ","), False


@dataclass(frozen=True)
class VehicleSpec:
    """A fitment entry `Make/Model/YYYY-YYYY` (`year_to` None for an open end)."""

    make: str
    model: str
    year_from: int
    year_to: int | None

    @property
    def key(self):
        return (self.make.casefold(), self.model.casefold(), self.year_from, self.year_to)

    def __str__(self):
        return f"{self.make}/{self.model}/{self.year_from}-{self.year_to or ''}"


@dataclass(frozen=True)
class Reference:
    code: str
    normalized: str


@dataclass
class ProductInput:
    """A product line of the file: `values` holds the columns it sets, as Python values.

    A column missing from the file is missing here, and so is an empty cell of a column where empty
    means "keep" (price, stock, image_url, status, restricted); other empty cells are None (or an
    empty list), which clears the field.
    """

    line: int
    sku: str
    values: dict


@dataclass
class CatalogFile:
    """A file as read: the lines that read well as products, and the errors of the others."""

    encoding: str
    separator: str
    columns: list
    header_line: int = 1
    unknown_columns: list = field(default_factory=list)
    products: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    lines_read: int = 0


# Cells ------------------------------------------------------------------------------------------


def _text(limit_key=None):
    def parse(text, column):
        limit = LIMITS.get(limit_key)
        if limit and len(text) > limit:
            raise CellError("too_long", column=column, limit=limit)
        return text

    return parse


def _number_text(text):
    """`text` with grouping spaces dropped and `,` as well as `.` read as the decimal mark."""
    compact = _GROUPING.sub("", text)
    if "," in compact and "." in compact:
        # "1.234,50" or "1,234.50": the last mark is the decimal one, the other groups thousands.
        grouping = "." if compact.rfind(",") > compact.rfind(".") else ","
        compact = compact.replace(grouping, "")
    return compact.replace(",", ".")


def _decimal(places, limit):
    def parse(text, column):
        compact = _number_text(text)
        if not _DECIMAL.fullmatch(compact.removeprefix("-")):
            raise CellError("not_a_number", column=column, value=text)
        number = Decimal(compact)
        if number < 0:
            raise CellError("negative", column=column)
        if number >= limit:
            raise CellError("too_large", column=column)
        if number != number.quantize(Decimal(1).scaleb(-places)):
            raise CellError("too_many_decimals", column=column, places=places)
        return number

    return parse


def _integer(text, column):
    compact = _GROUPING.sub("", text)
    if not _INTEGER.fullmatch(compact):
        raise CellError("not_an_integer", column=column, value=text)
    value = int(compact)
    if value < 0:
        raise CellError("negative", column=column)
    if value >= 2**31:
        raise CellError("too_large", column=column)
    return value


def _status(text, column):
    status = text.lower()
    if status not in STATUSES:
        raise CellError("unknown_status", value=text)
    return status


def _flag(text, column):
    if text not in ("0", "1"):
        raise CellError("not_a_flag", column=column, value=text)
    return text == "1"


def _image_url(text, column):
    if not _IMAGE_URL.fullmatch(text):
        raise CellError("not_an_image_url")
    return _text("image_url")(text, column)


def _category_path(text, column):
    levels = tuple(_SPACES.sub(" ", level).strip() for level in text.split(CATEGORY_SEPARATOR))
    if not all(levels):
        raise CellError("empty_category_level", value=text)
    for level in levels:
        _text("category")(level, column)
    return levels


def _entries(text):
    return [entry.strip() for entry in text.split(LIST_SEPARATOR) if entry.strip()]


def code_key(code):
    """`normalize_code(code)`, quicker for the plain ASCII codes most references are."""
    if code.isascii():
        return NOT_CODE_CHARACTER.sub("", code.upper())
    return normalize_code(code)


def _references(text, column):
    references = {}
    for code in _entries(text):
        normalized = code_key(code)
        if not normalized:
            raise CellError("not_a_reference", value=code)
        _text("reference")(code, column)
        references.setdefault(normalized, Reference(code, normalized))
    return list(references.values())


def _vehicle(entry, column):
    parts = [part.strip() for part in entry.split("/")]
    years = _YEARS.fullmatch(parts[-1]) if len(parts) >= 3 else None
    make, model = parts[0], "/".join(parts[1:-1]).strip()
    if not (years and make and model):
        raise CellError("not_a_vehicle", value=entry)
    year_from, year_to = int(years[1]), int(years[2]) if years[2] else None
    low, high = YEAR_RANGE
    if not low <= year_from <= high or (year_to is not None and not year_from <= year_to <= high):
        raise CellError("vehicle_years", value=entry)
    _text("make")(make, column)
    _text("model")(model, column)
    return VehicleSpec(make, model, year_from, year_to)


def _vehicles(text, column):
    specs = {}
    for entry in _entries(text):
        spec = _vehicle(entry, column)
        specs.setdefault(spec.key, spec)
    return list(specs.values())


PARSERS = {
    "sku": _text("sku"),
    "name_fr": _text("name"),
    "name_ar": _text("name"),
    "description_fr": _text(),
    "description_ar": _text(),
    "brand": _text("brand"),
    "category": _category_path,
    "price": _decimal(MONEY_PLACES, MONEY_LIMIT),
    "compare_at_price": _decimal(MONEY_PLACES, MONEY_LIMIT),
    "stock": _integer,
    "barcode": _text("barcode"),
    "oem_refs": _references,
    "vehicles": _vehicles,
    "image_url": _image_url,
    "status": _status,
    "restricted": _flag,
    "weight_kg": _decimal(WEIGHT_PLACES, WEIGHT_LIMIT),
}
KEEP_WHEN_EMPTY = frozenset({"price", "stock", "image_url", "status", "restricted"})
LIST_COLUMNS = frozenset({"oem_refs", "vehicles"})


def _cell_values(cells, line):
    """The values of a line's known cells, and the errors of those that cannot be read."""
    values, errors = {}, []
    for column, raw in cells.items():
        text = raw.strip()
        if not text:
            if column not in KEEP_WHEN_EMPTY:
                values[column] = [] if column in LIST_COLUMNS else None
            continue
        try:
            values[column] = PARSERS[column](text, column)
        except CellError as error:
            errors.append(LineError(line, error.code, error.params))
    return values, errors


# Lines ------------------------------------------------------------------------------------------


def _read_header(cells, line, catalog):
    """Map positions to known columns; unknown ones are noted, a missing sku is an error."""
    positions = {}
    for position, cell in enumerate(cells):
        name = header_name(cell)
        if not name:
            continue
        if name in positions.values():
            catalog.errors.append(LineError(line, "repeated_column", {"column": name}))
        elif name in PARSERS:
            positions[position] = name
        else:
            catalog.unknown_columns.append(cell.strip())
    if "sku" not in positions.values():
        catalog.errors.append(LineError(line, "no_sku_column"))
    catalog.columns = [column for column in COLUMNS if column in positions.values()]
    return positions


def _read_line(cells, line, positions, width, catalog, seen_skus):
    if len(cells) != width:
        catalog.errors.append(
            LineError(line, "cell_count", {"found": len(cells), "expected": width})
        )
        return
    values, errors = _cell_values({positions[p]: cells[p] for p in positions}, line)
    sku = values.pop("sku", None)
    if sku is None and not any(error.params.get("column") == "sku" for error in errors):
        errors.insert(0, LineError(line, "required", {"column": "sku"}))
    elif sku in seen_skus:
        errors.insert(0, LineError(line, "repeated_sku", {"sku": sku, "line": seen_skus[sku]}))
    if sku is not None:
        seen_skus.setdefault(sku, line)
    if errors:
        catalog.errors.extend(errors)
    else:
        catalog.products.append(ProductInput(line, sku, values))


def read_catalog(data):
    """Read the bytes of a catalog CSV: every line checked, header problems on its own line."""
    text, encoding = decode(data)
    separator, names_separator = _separator_and_header_line(text)
    catalog = CatalogFile(encoding=encoding, separator=separator, columns=[])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    positions, width, seen_skus, last_line = None, 0, {}, 0
    try:
        for cells in reader:
            line, last_line = last_line + 1, reader.line_num
            if names_separator and line == 1:
                continue
            if not any(cell.strip() for cell in cells):
                continue
            if positions is None:
                catalog.header_line = line
                positions, width = _read_header(cells, line, catalog), len(cells)
                if catalog.errors:
                    return catalog
                continue
            catalog.lines_read += 1
            _read_line(cells, line, positions, width, catalog, seen_skus)
    except csv.Error as exc:
        catalog.errors.append(LineError(last_line + 1, "unreadable_line", {"detail": str(exc)}))
    if positions is None:
        catalog.errors.append(LineError(catalog.header_line, "empty_file"))
    return catalog
