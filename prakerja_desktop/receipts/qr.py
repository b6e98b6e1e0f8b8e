"""The receipt QR symbol (drawn with segno), and the version 1 payload printed before issue 15.

Receipts now carry version 2 codes (receipts/proof.py, docs/receipt-format.md); the functions below
make and read version 1 only, for old receipts and their tests. Version 1:
``PKJ1.<receipt number>.<issued YYYYMMDD>.<signature>``, e.g.
``PKJ1.K7QD2-001376.20230610.MFRGG...`` (about 130 characters). The signature is Ed25519 over
``PKJ1|<receipt number>|<YYYYMMDD>|<office key id>`` in RFC 4648 base32 without padding. Everything is
upper case, digits and ``.-``: QR "alphanumeric" mode (a smaller code than base64 would give), and a
USB scanner that types the code still works with Caps Lock on (we upper-case before checking).
No personal data is in the payload.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from dataclasses import dataclass
from datetime import date

import segno
from reportlab.pdfgen.canvas import Canvas

from prakerja_desktop.domain.codes import parse_receipt_number
from prakerja_desktop.security.office_key import OfficeKey

PREFIX = "PKJ1"
MAX_PAYLOAD_LENGTH = 200  # a real payload is ~130 characters; anything longer is not ours
SIGNATURE_CHARS = 103  # 64 bytes in base32 without its one padding character
QUIET_ZONE_MODULES = 4  # the blank margin a scanner needs around the code
_PAYLOAD = re.compile(
    rf"{PREFIX}\.([0-9A-Z]{{5}}-[0-9]{{6,12}})\.([0-9]{{8}})\.([A-Z2-7]{{{SIGNATURE_CHARS}}})"
)


@dataclass(frozen=True)
class ReceiptCode:
    """What a genuine QR payload says: which receipt, issued on which (office-local) day."""

    receipt_number: str
    issued: date


def looks_like_payload(text: str) -> bool:
    """True if the text is meant as a QR payload (rather than a typed receipt number)."""
    return isinstance(text, str) and text.strip()[: len(PREFIX) + 1].upper() == f"{PREFIX}."


def signed_message(receipt_number: str, issued: date, key_id: str) -> bytes:
    """The exact bytes the office key signs."""
    return f"{PREFIX}|{receipt_number}|{issued:%Y%m%d}|{key_id}".encode("ascii")


def make_payload(key: OfficeKey, receipt_number: str, issued: date) -> str:
    """The signed QR payload for a receipt (deterministic: same facts, same payload)."""
    if parse_receipt_number(receipt_number) is None or receipt_number != receipt_number.upper():
        raise ValueError("not a valid receipt number")
    signature = key.sign(signed_message(receipt_number, issued, key.key_id))
    encoded = base64.b32encode(signature).decode("ascii").rstrip("=")
    return f"{PREFIX}.{receipt_number}.{issued:%Y%m%d}.{encoded}"


def verify_payload(text: str, key: OfficeKey | None) -> ReceiptCode | None:
    """The receipt a payload names if its signature is the office key's; None otherwise, never raises."""
    if key is None or not isinstance(text, str) or len(text) > MAX_PAYLOAD_LENGTH:
        return None
    match = _PAYLOAD.fullmatch(text.strip().upper())
    if match is None:
        return None
    receipt_number, day_text, encoded = match.groups()
    if parse_receipt_number(receipt_number) is None:
        return None
    try:
        issued = date(int(day_text[:4]), int(day_text[4:6]), int(day_text[6:]))
        signature = base64.b32decode(encoded + "=" * (-len(encoded) % 8))
    except (ValueError, binascii.Error):
        return None
    # The last character carries 3 unused bits: only the canonical spelling is accepted.
    if base64.b32encode(signature).decode("ascii").rstrip("=") != encoded:
        return None
    if not key.verify(signature, signed_message(receipt_number, issued, key.key_id)):
        return None
    return ReceiptCode(receipt_number, issued)


def qr_code(payload: str) -> segno.QRCode:
    """The QR symbol (error correction at least M, a full-size QR, never a Micro QR)."""
    return segno.make(payload, error="m", micro=False)


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the symbol as vector squares with its lower-left corner at (x, y), `size` points wide.

    The caller keeps QUIET_ZONE_MODULES blank modules around it. Dark runs of each row become one
    rectangle of a single filled path, so a renderer shows no seams between modules.
    """
    matrix = _matrix(payload)
    count = len(matrix)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        top = count - row_index - 1  # in module units, from the bottom of the symbol
        start = None
        for column, dark in enumerate((*row, 0)):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                path.rect(start, top, column - start, 1)
                start = None
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size / count, size / count)  # whole-module coordinates: short, exact numbers
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def module_count(payload: str) -> int:
    """How many modules wide the symbol is (without the quiet zone)."""
    return len(_matrix(payload))


@functools.lru_cache(maxsize=32)
def _matrix(payload: str) -> tuple[tuple[int, ...], ...]:
    """The symbol's modules (1 = dark), cached: encoding costs a few ms and a receipt uses it twice."""
    return tuple(tuple(row) for row in qr_code(payload).matrix)
