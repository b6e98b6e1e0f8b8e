"""Spreadsheet cells cleaned the same everywhere: numbers turned back into digits, Excel's markers dropped.

Spreadsheets mangle ID numbers: Excel stores a typed NIK as a number with 15 significant digits
(the 16th becomes 0), exports it to CSV as "3,50821E+15", and drops the leading 0 of a phone number.
The functions here recover the digits when that is exact and say so plainly when it is not.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

_SCIENTIFIC = re.compile(r"^[+-]?(\d+)(?:[.,](\d*))?[eE]\+?(\d{1,3})$")
_DECIMAL_ZERO = re.compile(r"^(\d+)[.,]0+$")
_EXCEL_ERRORS = frozenset({"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!",
                           "#SPILL!", "#CALC!", "#GETTING_DATA"})
FLOAT_EXACT_LIMIT = 2**53  # beyond this a float no longer holds every whole number
EXCEL_DIGITS = 15  # Excel keeps 15 significant digits of a number


def cell_text(value: Any) -> str:
    """Any cell value as trimmed text (whole numbers without ".0")."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, float):
        if value.is_integer() and math.isfinite(value):
            return str(int(value))
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def excel_error(value: Any) -> str | None:
    """The Excel error code a cell shows (#REF!, #N/A, ...), else None."""
    return value.strip() if isinstance(value, str) and value.strip() in _EXCEL_ERRORS else None


@dataclass(frozen=True, slots=True)
class Digits:
    """An ID number as text for the checks, and what the spreadsheet did to it."""

    text: str
    damage: str | None = None  # None, "lost" (digits gone) or "rounded" (last digits may be 0s)


def _unwrap(text: str) -> str:
    """Drop Excel's text markers: a leading apostrophe, or ="..." around a number."""
    text = text.strip()
    if text.startswith("'"):
        return text[1:].strip()
    if text.startswith('="') and text.endswith('"') and len(text) >= 3:
        return text[2:-1].strip()
    return text


def id_digits(value: Any) -> Digits:
    """A NIK or KK cell as text; numbers are turned back into digits when that is exact."""
    if value is None or isinstance(value, bool):
        return Digits("")
    if isinstance(value, int):
        text = str(value)
        rounded = len(text) > EXCEL_DIGITS and len(text.rstrip("0")) <= EXCEL_DIGITS
        return Digits(text, "rounded" if rounded else None)
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return Digits(cell_text(value))
        if abs(value) >= FLOAT_EXACT_LIMIT:  # the last digits are the float's, not the card's
            return Digits(str(int(value)), "rounded")
        return id_digits(int(value))
    if not isinstance(value, str):
        return Digits(cell_text(value))
    text = _unwrap(value)
    scientific = _SCIENTIFIC.match(text)
    if scientific:
        return _from_scientific(text, scientific)
    zero = _DECIMAL_ZERO.match(text)
    if zero:
        return Digits(zero.group(1))
    return Digits(text)


def _from_scientific(text: str, match: re.Match[str]) -> Digits:
    """ "3,50821E+15" lost digits; "3.508201705000001E+15" kept them all."""
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return Digits(text)
    if number != number.to_integral_value() or number < 0:
        return Digits(text, "lost")
    digits = str(int(number))
    significant = (match.group(1) + (match.group(2) or "")).lstrip("0")
    if len(significant) < min(len(digits), 16):
        return Digits(digits, "lost")
    return Digits(digits)


def phone_text(value: Any) -> Digits:
    """A phone cell as text; a number stored without its leading 0 (8123...) gets it back."""
    if isinstance(value, bool) or value is None:
        return Digits("")
    digits = id_digits(value)
    text = digits.text
    if digits.damage == "lost":
        return digits
    stripped = text.lstrip()
    body = re.sub(r"[\s.\-()]", "", stripped)
    if body.isdigit() and body.startswith("8") and 8 <= len(body) <= 12:
        return Digits("0" + stripped)
    return Digits(text)
