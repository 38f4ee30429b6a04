"""Order references: six characters a person can read out on the phone without confusion."""

import re
import secrets

# No 0/O, 1/I/L: they sound or look alike.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 6
_SEPARATORS = re.compile(r"[\s\-.#]+")


def new_reference():
    """A random reference; uniqueness is the database's to check (31⁶ ≈ 887 million)."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalize_reference(typed):
    """A reference as the customer typed it ("#ab 23-cd"), in stored form ("AB23CD")."""
    return _SEPARATORS.sub("", typed or "").upper()
