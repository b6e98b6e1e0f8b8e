"""The office's Ed25519 key pair: it signs receipt QR codes so any office device can check them offline.

The pair is made on first use and kept in the database `settings` table: "office_signing_key" holds
the raw 32-byte private key and "office_public_key" the raw 32-byte public key, both base64. Every
device on the same database (one office PC, or several on an office server) shares the pair.

At rest, and open work left to another issue:
- At rest the private key is protected by the database encryption (SQLCipher) on SQLite files; on an
  office PostgreSQL server it relies on the server's access control and disk encryption. Why it is not
  wrapped again there: docs/security.md ("The office signing key").
- Issue 7 (sync/pairing) MUST distribute the public key to paired devices (outreach laptops keep their
  own database), or receipts printed on one machine will not verify on another.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import uuid
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from sqlalchemy.orm import Session

from prakerja_desktop import settings_registry
from prakerja_desktop.storage import audit

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OfficeKey:
    """The office key pair; `private` is None when only the public key is known (verify only)."""

    public: Ed25519PublicKey
    private: Ed25519PrivateKey | None = None

    @property
    def public_bytes(self) -> bytes:
        """The raw 32-byte public key."""
        return self.public.public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def key_id(self) -> str:
        """A short, stable id of the public key (8 hex digits of its SHA-256), part of what is signed."""
        return hashlib.sha256(self.public_bytes).hexdigest()[:8]

    def sign(self, message: bytes) -> bytes:
        """A 64-byte Ed25519 signature (deterministic: same message, same signature)."""
        if self.private is None:
            raise ValueError("this office key has no private part; it can only verify")
        return self.private.sign(message)

    def verify(self, signature: bytes, message: bytes) -> bool:
        """True if the signature is this key's signature of the message; never raises."""
        try:
            self.public.verify(signature, message)
        except (InvalidSignature, ValueError, TypeError):
            return False
        return True


def _b64(raw: bytes) -> str:
    """Standard base64 text of raw bytes."""
    return base64.b64encode(raw).decode("ascii")


def _raw(value: object) -> bytes | None:
    """32 raw key bytes from a stored base64 setting, or None if missing or malformed."""
    if not isinstance(value, str):
        return None
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        return None
    return raw if len(raw) == 32 else None


def load_public(session: Session) -> OfficeKey | None:
    """The office key for verifying only (no private part), or None if the office has none yet."""
    raw = _raw(settings_registry.stored(session, "office_public_key"))
    if raw is None:
        return None
    return OfficeKey(public=Ed25519PublicKey.from_public_bytes(raw))


def load_or_create(session: Session, device_id: uuid.UUID) -> OfficeKey:
    """The office key pair, made and stored (in the caller's write transaction) on first use."""
    private_raw = _raw(settings_registry.stored(session, "office_signing_key"))
    if private_raw is not None:
        private = Ed25519PrivateKey.from_private_bytes(private_raw)
        key = OfficeKey(public=private.public_key(), private=private)
        if _raw(settings_registry.stored(session, "office_public_key")) != key.public_bytes:
            settings_registry.write(session, "office_public_key", _b64(key.public_bytes))
        return key
    damaged = settings_registry.stored(session, "office_signing_key")
    if damaged is not None:
        # A damaged key cannot sign: keep it aside for inspection and make a new one. Receipts signed
        # with the old key then no longer verify by QR; their typed numbers still open the records.
        logger.error("the stored office signing key is malformed; kept aside, making a new one")
        settings_registry.write(session, "office_signing_key_damaged", damaged)
    private = Ed25519PrivateKey.generate()
    key = OfficeKey(public=private.public_key(), private=private)
    raw_private = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    settings_registry.write(session, "office_signing_key", _b64(raw_private))
    settings_registry.write(session, "office_public_key", _b64(key.public_bytes))
    audit.append(session, device_id=device_id, actor="system", action="office_key.created",
                 details={"key_id": key.key_id})
    logger.info("made the office signing key %s", key.key_id)
    return key
