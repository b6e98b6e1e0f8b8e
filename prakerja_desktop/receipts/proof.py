"""The signed receipt code (QR payload), version 2, and the older version 1: written and read, no database.

Version 2 (docs/receipt-format.md is the reference):

    PKJ2.<receipt number>.<issued YYYYMMDD>.<NIK first 6 + last 4>.<initials, 0-3 A-Z>.<key id>.<signature>

The signature is Ed25519 over the ASCII bytes of everything before the last "." and is written in
RFC 4648 base32 without padding (103 characters; the last one's 3 unused bits must be zero). The key id
is the first 5 base32 characters of SHA-256 of the raw public key. Only upper case, digits and "." / "-":
QR alphanumeric mode, version 6-M for a typical receipt (about 150 characters).

Version 1 (``PKJ1.<number>.<YYYYMMDD>.<signature>``, signed ``PKJ1|number|YYYYMMDD|<8 hex key id>``) was
printed before: it is still read, but says nothing about the person.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from prakerja_desktop.domain.codes import parse_receipt_number

PREFIX = "PKJ2"
LEGACY_PREFIX = "PKJ1"
MAX_LENGTH = 300  # a real code is ~150 characters; anything much longer is not ours
SIGNATURE_CHARS = 103  # 64 bytes in base32 without its padding
KEY_ID_CHARS = 5
INITIALS_MAX = 3
_NUMBER = r"[0-9A-Z]{5}-[0-9]{6,12}"
_SIGNATURE = rf"[A-Z2-7]{{{SIGNATURE_CHARS}}}"
_V2 = re.compile(rf"({PREFIX}\.({_NUMBER})\.([0-9]{{8}})\.([0-9]{{10}})\.([A-Z]{{0,{INITIALS_MAX}}})"
                 rf"\.([A-Z2-7]{{{KEY_ID_CHARS}}}))\.({_SIGNATURE})")
_V1 = re.compile(rf"{LEGACY_PREFIX}\.({_NUMBER})\.([0-9]{{8}})\.({_SIGNATURE})")


class FormatError(ValueError):
    """The text is not a well-formed receipt code (wrong layout, date, check digit or encoding)."""


@dataclass(frozen=True)
class Code:
    """What a receipt code says; `message` is what the signature must cover."""

    version: int
    receipt_number: str
    issued: date
    nik_digits: str  # the NIK's first 6 and last 4 digits ("" in version 1)
    initials: str  # "" in version 1 (or a name without letters A-Z)
    key_id: str  # version 2: 5 base32 chars; version 1: 8 hex digits (upper case)
    signature: bytes
    message: bytes

    @property
    def masked_nik(self) -> str:
        """The NIK as the receipt prints it, e.g. "350820******0001" ("" in version 1)."""
        return f"{self.nik_digits[:6]}******{self.nik_digits[6:]}" if self.nik_digits else ""


def key_id_of(public: bytes) -> str:
    """The version 2 key id: 5 base32 characters of SHA-256 of the raw 32-byte public key."""
    return base64.b32encode(hashlib.sha256(public).digest()).decode("ascii")[:KEY_ID_CHARS]


def legacy_key_id_of(public: bytes) -> str:
    """The version 1 key id (8 hex digits of SHA-256, upper case as the payload is read)."""
    return hashlib.sha256(public).hexdigest()[:8].upper()


def initials(full_name: str) -> str:
    """Up to 3 initials A-Z of the name's words, accents folded ("Ēka Nur Aisyah Putri" → "ENA")."""
    folded = unicodedata.normalize("NFKD", full_name or "").encode("ascii", "ignore").decode("ascii").upper()
    letters = [next((ch for ch in word if "A" <= ch <= "Z"), "") for word in folded.split()]
    return "".join(letters)[:INITIALS_MAX]


def nik_digits(nik: str) -> str:
    """The NIK's first 6 and last 4 digits (what the receipt shows), "0000000000" if there is no NIK."""
    digits = "".join(ch for ch in (nik or "") if ch.isascii() and ch.isdigit())
    return digits[:6] + digits[-4:] if len(digits) == 16 else "0" * 10


def _b32(raw: bytes) -> str:
    return base64.b32encode(raw).decode("ascii").rstrip("=")


def unsigned_part(receipt_number: str, issued: date, nik: str, full_name: str, key_id: str) -> str:
    """The version 2 text the key signs (the payload without its last part)."""
    if parse_receipt_number(receipt_number) is None or receipt_number != receipt_number.upper():
        raise ValueError("not a valid receipt number")
    return f"{PREFIX}.{receipt_number}.{issued:%Y%m%d}.{nik_digits(nik)}.{initials(full_name)}.{key_id}"


def make(sign: object, public: bytes, receipt_number: str, issued: date, nik: str, full_name: str) -> str:
    """The signed version 2 code; `sign` signs bytes with the private key of `public` (deterministic)."""
    head = unsigned_part(receipt_number, issued, nik, full_name, key_id_of(public))
    signature = sign(head.encode("ascii"))  # type: ignore[operator]
    return f"{head}.{_b32(signature)}"


def looks_like_code(text: object) -> bool:
    """True if the text is meant as a receipt code (rather than a typed receipt number)."""
    return isinstance(text, str) and text.strip()[:5].upper() in (f"{PREFIX}.", f"{LEGACY_PREFIX}.")


def parse(text: str) -> Code:
    """Read a code (upper-cased, surrounding space ignored); FormatError if it is not canonical and whole."""
    if not isinstance(text, str) or len(text) > MAX_LENGTH:
        raise FormatError("too long or not text")
    clean = text.strip().upper()
    if (match := _V2.fullmatch(clean)) is not None:
        head, number, day, nik10, letters, key_id, encoded = match.groups()
        version, message = 2, head.encode("ascii")
    elif (match := _V1.fullmatch(clean)) is not None:
        number, day, encoded = match.groups()
        nik10 = letters = key_id = ""
        version = 1
        message = b""
    else:
        raise FormatError("layout")
    if parse_receipt_number(number) is None:
        raise FormatError("receipt number check digit")
    try:
        issued = date(int(day[:4]), int(day[4:6]), int(day[6:]))
        signature = base64.b32decode(encoded + "=" * (-len(encoded) % 8))
    except (ValueError, binascii.Error) as exc:
        raise FormatError("date or base32") from exc
    if _b32(signature) != encoded:  # unused bits of the last character set: not the canonical spelling
        raise FormatError("non-canonical base32")
    if version == 1:
        return Code(1, number, issued, "", "", "", signature, b"")
    return Code(version, number, issued, nik10, letters, key_id, signature, message)


def legacy_message(code: Code, legacy_key_id: str) -> bytes:
    """What a version 1 code's key signed (its key id is not in the payload: each candidate is tried)."""
    return f"{LEGACY_PREFIX}|{code.receipt_number}|{code.issued:%Y%m%d}|{legacy_key_id.lower()}".encode("ascii")
