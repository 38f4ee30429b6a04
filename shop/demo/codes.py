"""Identifiers the demo data needs: EAN-13 barcodes, part numbers, order references."""

from shop.services.references import REFERENCE_ALPHABET, REFERENCE_LENGTH

# Part-number patterns never use I or O: they read as 1 and 0.
PATTERN_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def ean13_check_digit(first12):
    """The check digit of an EAN-13 whose first twelve digits are given."""
    total = sum(int(digit) * (3 if position % 2 else 1) for position, digit in enumerate(first12))
    return str((10 - total % 10) % 10)


def ean13(rng, prefix):
    """A random EAN-13 starting with the GS1 `prefix`, with a valid check digit."""
    body = prefix + "".join(rng.choice("0123456789") for _ in range(12 - len(prefix)))
    return body + ean13_check_digit(body)


def from_pattern(rng, pattern):
    """Fill a part-number pattern: `#` becomes a digit, `@` a letter, the rest stays."""
    return "".join(
        rng.choice("0123456789")
        if char == "#"
        else rng.choice(PATTERN_LETTERS)
        if char == "@"
        else char
        for char in pattern
    )


def order_reference(rng):
    return "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def unique(make, taken):
    """Call `make()` until it returns something not in `taken`, record it and return it."""
    value = make()
    while value in taken:
        value = make()
    taken.add(value)
    return value
