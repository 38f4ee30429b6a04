"""Customers' personal data at rest: AES-GCM encryption with rotatable keys, keyed lookup hashes.

A PII key is 32 random bytes written as URL-safe base64 (`flask pii new-key` prints one). The
app holds a keyring (`PII_KEYS`, newest first): the first key encrypts and hashes, every key
decrypts, so rows written under an old key stay readable until `flask pii rotate` rewrites them.
Each key yields, through HKDF, an encryption key, a lookup (HMAC) key and a 4-byte key id stored
in every ciphertext: `version (1) | key id (4) | nonce (12) | ciphertext and tag`.

Models store such columns through `EncryptedText` / `EncryptedDecimal`: attributes read and write
plain values, the column holds ciphertext, and SQL comparisons on it are refused (the stored
bytes differ at every write), so exact lookups go through a `*_hash` column instead.
"""

import base64
import binascii
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from decimal import Decimal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app, has_app_context
from sqlalchemy import LargeBinary
from sqlalchemy.sql import operators
from sqlalchemy.types import TypeDecorator

FORMAT_VERSION = b"\x01"
KEY_ID_LENGTH = 4
NONCE_LENGTH = 12
HEADER_LENGTH = len(FORMAT_VERSION) + KEY_ID_LENGTH
KEY_BYTES = 32
EXTENSION = "hanout_pii"


class PiiKeyError(ValueError):
    """A PII key that is not 32 bytes of URL-safe base64."""


class UndecryptableValue(Exception):
    """A stored value that no key of the keyring opens (its key was dropped, or it was altered)."""


def new_key():
    """A fresh PII key, as the environment variable wants it."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def _derive(secret, purpose):
    hkdf = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose)
    return hkdf.derive(secret)


@dataclass(frozen=True)
class PiiKey:
    """One key of the keyring with the keys derived from it."""

    key_id: bytes
    cipher: AESGCM
    lookup_key: bytes

    @classmethod
    def parse(cls, text):
        try:
            secret = base64.urlsafe_b64decode(text.strip().encode("ascii"))
        except (binascii.Error, UnicodeEncodeError, ValueError):
            secret = b""
        if len(secret) != KEY_BYTES:
            raise PiiKeyError("a PII key is 32 bytes in URL-safe base64 (flask pii new-key)")
        return cls(
            key_id=_derive(secret, b"hanout pii key id")[:KEY_ID_LENGTH],
            cipher=AESGCM(_derive(secret, b"hanout pii encryption")),
            lookup_key=_derive(secret, b"hanout pii lookup"),
        )

    def lookup_hash(self, value):
        return hmac.new(self.lookup_key, value.encode("utf-8"), hashlib.sha256).digest()


class Keyring:
    """The shop's PII keys, newest first: the first encrypts and hashes, all of them decrypt."""

    def __init__(self, key_texts):
        keys = [PiiKey.parse(text) for text in key_texts]
        if not keys:
            raise PiiKeyError("at least one PII key is needed")
        self.current = keys[0]
        self.keys = {key.key_id: key for key in keys}

    def encrypt(self, text):
        nonce = os.urandom(NONCE_LENGTH)
        sealed = self.current.cipher.encrypt(nonce, text.encode("utf-8"), None)
        return FORMAT_VERSION + self.current.key_id + nonce + sealed

    def decrypt(self, blob):
        blob = bytes(blob)
        key = self.keys.get(key_id_of(blob)) if blob[:1] == FORMAT_VERSION else None
        if key is None:
            raise UndecryptableValue("no PII key of this keyring encrypted this value")
        nonce = blob[HEADER_LENGTH : HEADER_LENGTH + NONCE_LENGTH]
        try:
            return key.cipher.decrypt(nonce, blob[HEADER_LENGTH + NONCE_LENGTH :], None).decode()
        except InvalidTag:
            raise UndecryptableValue("a stored PII value was altered") from None

    def is_current(self, blob):
        """Whether `blob` was encrypted with the current key (else `flask pii rotate` redoes it)."""
        return key_id_of(bytes(blob)) == self.current.key_id

    def lookup_hash(self, value):
        """The keyed hash of `value` under the current key, stored for exact lookups."""
        return self.current.lookup_hash(value)

    def lookup_hashes(self, value):
        """The hash of `value` under every key: rows not yet rotated still match."""
        return [key.lookup_hash(value) for key in self.keys.values()]


def key_id_of(blob):
    return blob[len(FORMAT_VERSION) : HEADER_LENGTH]


# The keyring of the first app built in this process, for code running outside any app context
# (a test's own body, a script): a process serves one shop, so they agree.
_process_keyring = None


def init_app(app):
    global _process_keyring
    ring = Keyring(app.config["PII_KEYS"])
    app.extensions[EXTENSION] = (tuple(app.config["PII_KEYS"]), ring)
    if _process_keyring is None:
        _process_keyring = ring


def keyring():
    """The keyring of the current app (rebuilt if its `PII_KEYS` setting changed)."""
    if not has_app_context():
        if _process_keyring is None:
            raise RuntimeError("no app was built in this process: PII keys are unknown")
        return _process_keyring
    app = current_app._get_current_object()
    key_texts = tuple(app.config["PII_KEYS"])
    built = app.extensions.get(EXTENSION)
    if built is None or built[0] != key_texts:
        built = (key_texts, Keyring(key_texts))
        app.extensions[EXTENSION] = built
    return built[1]


def lookup_hash(value):
    """The stored lookup hash of `value` (a normalised phone number), or None for None."""
    return None if value is None else keyring().lookup_hash(value)


def lookup_hashes(value):
    """Every hash `value` may be stored under while keys rotate."""
    return keyring().lookup_hashes(value)


class EncryptedText(TypeDecorator):
    """A text attribute stored encrypted with the app's PII keyring."""

    impl = LargeBinary
    cache_ok = True

    class comparator_factory(LargeBinary.Comparator):
        # Ciphertexts differ at every write: `column == value` would silently match nothing.
        ALLOWED = (operators.is_, operators.is_not)

        def operate(self, op, *other, **kwargs):
            if op not in self.ALLOWED:
                raise TypeError("encrypted columns cannot be compared in SQL; use a lookup hash")
            return super().operate(op, *other, **kwargs)

    def serialize(self, value):
        return str(value)

    def deserialize(self, text):
        return text

    def process_bind_param(self, value, dialect):
        return None if value is None else keyring().encrypt(self.serialize(value))

    def process_result_value(self, value, dialect):
        return None if value is None else self.deserialize(keyring().decrypt(value))


class EncryptedDecimal(EncryptedText):
    """A decimal attribute (a map pin's latitude or longitude) stored encrypted."""

    cache_ok = True

    def serialize(self, value):
        return str(Decimal(value))

    def deserialize(self, text):
        return Decimal(text)
