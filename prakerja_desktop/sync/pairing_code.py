"""A pairing card as one line of text for a QR code, and the checks of what a scanner or a person typed.

Why this shape: a keyboard-wedge barcode scanner "types" what it reads, so the text uses only characters
every keyboard layout types the same way and that a QR code holds in its compact alphanumeric mode:
`PKJPAIR1.` then base32 (A-Z, 2-7) of a binary card with a 4-byte checksum. Caps Lock or a scanner
sending lower case does no harm (case is ignored); a partial or garbled scan fails the checksum.

Size (measured with segno, error correction M): a laptop's card (three public keys, id, code, a name of
up to 24 bytes) is 208-246 characters, QR version 8-9 (49-53 modules); the office's card for one laptop
(two keys, the assigned prefix and the office's 64-byte signature over it) 270-309, version 10 (57
modules). Cheap 2D scanners read up to version 20 or more off a screen at 4+ pixels a module, so the full
public keys fit; the JSON files (392 and 547 bytes: version 15 and 18 in byte mode, with characters a
keyboard-wedge scanner may type wrong on another layout) stay for USB sticks.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import uuid
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.sync.keys import PairingCard, office_id_of

HEADER = "PKJPAIR1."
NAME_BYTES = 24
_OFFICE, _RECEIPT, _ASSIGNED = 1, 2, 4
FINGERPRINT_CHARS = 20
_BASE32_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})  # not in base32: what was meant


class _Reader:
    """Bytes taken from the front, with a plain error when they run out."""

    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def take(self, count: int) -> bytes:
        if self.at + count > len(self.data):
            raise ValueError("short")
        chunk = self.data[self.at:self.at + count]
        self.at += count
        return chunk

    def short_text(self) -> str:
        return self.take(self.take(1)[0]).decode("utf-8")


def _short(text: str, limit: int) -> bytes:
    """Text cut to LIMIT bytes of UTF-8 without splitting a character, with its length byte."""
    raw = text.encode("utf-8")[:limit].decode("utf-8", "ignore").encode("utf-8")
    return bytes([len(raw)]) + raw


def encode(card: PairingCard) -> str:
    """The card as QR text (upper case, base32)."""
    flags = (_OFFICE if card.role == "office" else 0) | (_RECEIPT if card.receipt_public else 0) | \
        (_ASSIGNED if card.assigned_to is not None else 0)
    body = bytearray([flags])
    if card.role != "office":  # an office's id follows from its signing key
        body += card.device_id.bytes
    body += card.sign_public + card.box_public + card.receipt_public + _short(card.code, 8)
    if card.assigned_to is not None:
        body += card.assigned_to.bytes + _short(card.for_code, 8) + _short(card.receipt_prefix, 8)
        body += card.assignment_signature
    body += _short(card.name, NAME_BYTES)
    body += hashlib.sha256(bytes(body)).digest()[:4]
    return HEADER + base64.b32encode(bytes(body)).decode("ascii").rstrip("=")


def looks_like_code(text: str) -> bool:
    """True when TEXT starts like a pairing QR code (case ignored)."""
    return text.strip().upper().startswith(HEADER[:-1])


def decode(text: str) -> PairingCard:
    """The card in a scanned or pasted QR text; UserInputError in plain words when it is not one."""
    cleaned = "".join(text.split()).upper()
    if not cleaned.startswith(HEADER):
        raise UserInputError(_("Ini bukan kode QR pasangan Prakerja Desktop. Pindai kode QR di tab "
                               "\"Pasangan perangkat\" pada perangkat lain."))
    partial = UserInputError(_("Kode QR terbaca tidak lengkap atau salah. Pindai sekali lagi: layar terang, "
                               "pemindai tegak lurus dan tidak bergerak."))
    encoded = cleaned[len(HEADER):]
    try:
        raw = base64.b32decode(encoded + "=" * (-len(encoded) % 8))
    except (binascii.Error, ValueError) as exc:
        raise partial from exc
    # The last base32 letter has unused bits: a changed last letter can decode to the same bytes. Only the
    # one spelling encode() writes is accepted (a misread letter is a misread scan, as issue 15 found).
    if base64.b32encode(raw).decode("ascii").rstrip("=") != encoded:
        raise partial
    if len(raw) < 5 or hashlib.sha256(raw[:-4]).digest()[:4] != raw[-4:]:
        raise partial
    try:
        return _card(_Reader(raw[:-4]))
    except (ValueError, UnicodeDecodeError) as exc:
        raise partial from exc


def _card(reader: _Reader) -> PairingCard:
    flags = reader.take(1)[0]
    office = bool(flags & _OFFICE)
    device_id = None if office else uuid.UUID(bytes=reader.take(16))
    sign, box = reader.take(32), reader.take(32)
    receipt = reader.take(32) if flags & _RECEIPT else b""
    code = reader.short_text()
    assigned_to, for_code, prefix, signature = None, "", "", b""
    if flags & _ASSIGNED:
        assigned_to = uuid.UUID(bytes=reader.take(16))
        for_code, prefix, signature = reader.short_text(), reader.short_text(), reader.take(64)
    name = reader.short_text()
    if reader.at != len(reader.data):
        raise ValueError("trailing bytes")
    Ed25519PublicKey.from_public_bytes(sign)
    X25519PublicKey.from_public_bytes(box)
    if receipt:
        Ed25519PublicKey.from_public_bytes(receipt)
    card = PairingCard("office" if office else "laptop", office_id_of(sign) if device_id is None else device_id,
                       code, name, sign, box, receipt, assigned_to, for_code, prefix, signature)
    if assigned_to is not None and not card.assignment_valid():
        raise ValueError("assignment not signed by this office")
    return card


def clean_fingerprint(text: str) -> str:
    """A typed fingerprint without spaces or dashes, upper case, look-alike digits read as letters."""
    return re.sub(r"[\s\-.]", "", text).upper().translate(_BASE32_LOOKALIKES)


def looks_like_fingerprint(text: str) -> bool:
    """True when TEXT could be a typed fingerprint (not a QR code): a few base32 characters."""
    cleaned = clean_fingerprint(text)
    return 0 < len(cleaned) <= FINGERPRINT_CHARS + 4 and re.fullmatch(r"[A-Z2-7]+", cleaned) is not None


def check_fingerprint(typed: str, card: PairingCard) -> None:
    """Nothing when TYPED is the card's whole fingerprint; UserInputError saying what is wrong otherwise."""
    cleaned, wanted = clean_fingerprint(typed), clean_fingerprint(card.fingerprint)
    if len(cleaned) < FINGERPRINT_CHARS:
        raise UserInputError(_("Sidik jari belum lengkap: ketik semua {n} huruf dan angka ({typed} dari {n}).")
                             .format(n=FINGERPRINT_CHARS, typed=len(cleaned)))
    if cleaned != wanted:
        raise UserInputError(_("Sidik jari tidak sama dengan berkas kunci ini. Jangan terima: berkas itu mungkin "
                               "bukan dari perangkat yang Anda kira. Periksa lagi huruf per huruf."))


def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The QR symbol's dark modules, row by row (error correction M, alphanumeric mode)."""
    import segno  # start-up speed: only the pairing screen draws a QR code

    return tuple(tuple(bool(cell) for cell in row) for row in segno.make(text, error="m", micro=False).matrix)


def qr_version(text: str) -> int:
    """The QR version TEXT needs (for the size check and the docs)."""
    import segno  # start-up speed

    version = segno.make(text, error="m", micro=False).version
    return int(version) if isinstance(version, int) else 0


def codes_in_pixels(data: bytes, width: int, height: int, stride: int) -> list[str]:
    """Pairing codes in an 8-bit gray picture (a camera frame, a screen grab), read with zxing-cpp."""
    import zxingcpp  # start-up speed: only a camera scan needs it

    pixels: Any = memoryview(data)  # zxing-cpp takes any buffer (its stub names numpy's ndarray)
    view = zxingcpp.ImageView(pixels, width, height, zxingcpp.ImageFormat.Lum, stride)
    found = zxingcpp.read_barcodes(view, formats=zxingcpp.barcode_formats_from_str("QRCode"))
    return [b.text for b in found if looks_like_code(b.text)]
