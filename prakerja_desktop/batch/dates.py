"""Birth dates as village lists write them: Excel dates, 17-05-2000, 17/05/2000, 2000-05-17, 17 Mei 2000."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl.utils.datetime import from_excel

MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}
_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{2,4})(?!\d)")
_YMD = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_NAMED = re.compile(r"(?<!\d)(\d{1,2})[\s\-./]*([A-Za-z]{3,9})\.?[\s\-./,]*(\d{2,4})(?!\d)")
_COMPACT = re.compile(r"^\d{8}$")
_EXCEL_SERIAL_MAX = 2958465  # 31 December 9999


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A birth date cell: the date, or why it could not be read."""

    value: date | None
    # None, "missing", "unreadable", "two_digit_year", "month_first", "impossible"
    problem: str | None = None


def _make(year: int, month: int, day: int) -> ParsedDate:
    try:
        return ParsedDate(date(year, month, day))
    except ValueError:
        return ParsedDate(None, "impossible")


def _day_month_year(day: int, month: int, year_text: str) -> ParsedDate:
    if len(year_text) != 4:
        return ParsedDate(None, "two_digit_year")
    if month > 12 and 1 <= day <= 12:
        return ParsedDate(None, "month_first")  # 05/17/2000: we never guess the order
    return _make(int(year_text), month, day)


def parse_birth_date(value: Any, *, excel_numbers: bool = False) -> ParsedDate:
    """Read a birth date cell; numbers are Excel day serials only when excel_numbers is set."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ParsedDate(None, "missing")
    if isinstance(value, datetime):
        return ParsedDate(value.date())
    if isinstance(value, date):
        return ParsedDate(value)
    if isinstance(value, bool):
        return ParsedDate(None, "unreadable")
    if isinstance(value, int | float):
        if excel_numbers and math.isfinite(value) and 1 <= value <= _EXCEL_SERIAL_MAX:
            try:
                return ParsedDate(from_excel(value).date())
            except (ValueError, OverflowError):
                return ParsedDate(None, "unreadable")
        return ParsedDate(None, "unreadable")
    text = str(value).strip()
    if _COMPACT.match(text):  # 20000517 or 17052000
        first = _make(int(text[:4]), int(text[4:6]), int(text[6:]))
        return first if first.value else _make(int(text[4:]), int(text[2:4]), int(text[:2]))
    found = _YMD.search(text)
    if found:
        return _make(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    found = _DMY.search(text)
    if found:
        return _day_month_year(int(found.group(1)), int(found.group(2)), found.group(3))
    found = _NAMED.search(text)
    if found and found.group(2).lower() in MONTHS:
        return _day_month_year(int(found.group(1)), MONTHS[found.group(2).lower()], found.group(3))
    return ParsedDate(None, "unreadable")
