"""Birth dates as people write them in spreadsheets, read the same everywhere.

Accepted: Excel dates and day serials, 17-05-2000, 17/05/2000, 17.05.2000, 2000-05-17, 17 Mei 2000,
17 May 2000, 20000517 and 17052000. The NIK breaks ties: a two-digit year (17-05-00) or a day and
month that could be swapped (03/04/1998) is read the one way that agrees with the NIK's birth date;
without such a NIK nothing is guessed and the problem is named.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from prakerja_desktop.domain.nik import resolve_century

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
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1 January 1900 (with Excel's phantom 29 February 1900)
FEMALE_DAY_OFFSET = 40


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A birth date cell: the date, or why it could not be read."""

    value: date | None
    # None, "missing", "unreadable", "two_digit_year", "month_first", "impossible"
    problem: str | None = None


def nik_birth_parts(nik: str | None) -> tuple[int, int, int] | None:
    """(day, month, two-digit year) written in a 16-digit NIK (a woman's day minus 40), else None."""
    if not nik or len(nik) != 16 or not nik.isascii() or not nik.isdigit():
        return None
    day = int(nik[6:8])
    day = day - FEMALE_DAY_OFFSET if day > FEMALE_DAY_OFFSET else day
    return day, int(nik[8:10]), int(nik[10:12])


def excel_serial_date(value: float) -> date | None:
    """The date of an Excel day serial (time of day dropped), or None outside Excel's range."""
    if not math.isfinite(value) or not 1 <= value <= _EXCEL_SERIAL_MAX:
        return None
    serial = int(value)
    if serial == 60:
        return None  # Excel's 29 February 1900, a day that never was
    if serial < 60:
        return _EXCEL_EPOCH + timedelta(days=serial + 1)
    return _EXCEL_EPOCH + timedelta(days=serial)


def _make(year: int, month: int, day: int) -> ParsedDate:
    try:
        return ParsedDate(date(year, month, day))
    except ValueError:
        return ParsedDate(None, "impossible")


def _real(year: int, month: int, day: int) -> date | None:
    return _make(year, month, day).value


def _tie_break(readings: list[date], nik: tuple[int, int, int] | None, today: date) -> date | None:
    """The reading that is the NIK's birth date (its century as the NIK check reads it), else None."""
    if nik is None:
        return None
    nik_date = resolve_century(*nik, today=today)
    return nik_date if nik_date is not None and nik_date in readings else None


def _years(year_text: str, today: date) -> list[int]:
    """The full years a written year may mean (a two-digit year: this century or the one before)."""
    if len(year_text) == 4:
        return [int(year_text)]
    if len(year_text) != 2:
        return []
    yy = int(year_text)
    base = today.year - today.year % 100 + yy
    return [year for year in (base, base - 100) if year >= 1]


def _day_month_year(day: int, month: int, year_text: str, nik: tuple[int, int, int] | None,
                    today: date, *, swappable: bool) -> ParsedDate:
    readings = [d for year in _years(year_text, today)
                for m, dd in ({(month, day), (day, month)} if swappable else {(month, day)})
                if (d := _real(year, m, dd)) is not None and d <= today]
    chosen = _tie_break(readings, nik, today)
    if chosen is not None:
        return ParsedDate(chosen)
    if len(year_text) != 4:
        return ParsedDate(None, "two_digit_year")
    if month > 12 and 1 <= day <= 12:
        return ParsedDate(None, "month_first")  # 05/17/2000: never guessed without the NIK
    return _make(int(year_text), month, day)


def read_birth_date(value: Any, *, excel_numbers: bool = False, nik: str | None = None,
                    today: date | None = None) -> ParsedDate:
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
        serial = excel_serial_date(value) if excel_numbers else None
        return ParsedDate(serial) if serial else ParsedDate(None, "unreadable")
    today = today or date.today()
    parts = nik_birth_parts(nik)
    text = str(value).strip()
    if _COMPACT.match(text):  # 20000517 or 17052000
        first = _make(int(text[:4]), int(text[4:6]), int(text[6:]))
        return first if first.value else _make(int(text[4:]), int(text[2:4]), int(text[:2]))
    found = _YMD.search(text)
    if found:
        return _make(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    found = _DMY.search(text)
    if found:
        return _day_month_year(int(found.group(1)), int(found.group(2)), found.group(3), parts, today,
                               swappable=True)
    found = _NAMED.search(text)
    if found and found.group(2).lower() in MONTHS:
        return _day_month_year(int(found.group(1)), MONTHS[found.group(2).lower()], found.group(3), parts,
                               today, swappable=False)
    return ParsedDate(None, "unreadable")
