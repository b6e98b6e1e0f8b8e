"""Human-friendly codes: receipt numbers with a check digit, draft codes, device codes."""

from __future__ import annotations

import re
import secrets

# Crockford's base32 without I, L, O, U: nothing a person can misread as another character.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})

# Damm's quasigroup table: the check digit catches every single-digit error and adjacent swap.
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)
RECEIPT_PATTERN = re.compile(r"^([0-9A-Z]{5})-(\d{6,})$")


def damm_digit(digits: str) -> str:
    """The Damm check digit of a string of ASCII digits."""
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][ord(ch) - 48]
    return str(interim)


def random_code(length: int) -> str:
    """A random code from the unambiguous alphabet."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def clean_code(text: str) -> str:
    """Upper case, spaces removed, look-alike letters mapped (O→0, I/L→1), for typed codes."""
    return "".join(text.split()).upper().translate(_CONFUSABLE)


def format_receipt_number(device_code: str, sequence: int) -> str:
    """A receipt number such as "K7QD2-000137": device code, sequence (≥5 digits), check digit."""
    body = f"{sequence:05d}"
    return f"{device_code}-{body}{damm_digit(body)}"


def parse_receipt_number(text: str) -> tuple[str, int] | None:
    """(device code, sequence) from a typed or scanned receipt number, or None if not valid."""
    match = RECEIPT_PATTERN.match(clean_code(text)[:40])
    if not match:
        return None
    device_code, digits = match.groups()
    body, check = digits[:-1], digits[-1]
    if damm_digit(body) != check:
        return None
    return device_code, int(body)
