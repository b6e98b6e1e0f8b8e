"""Time in one place (light to import: the GUI uses it before the database layer is loaded).

Storage is always UTC. Everything a person sees, counts, filters or finds in a file name is in the
office's time zone (WIB, WITA or WIT; Indonesia keeps no daylight saving time), so a record made at
07.30 WIT on 2 June counts on 2 June, and a report "from 1 to 30 June" means the office's days.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

ZONES = {"WIB": 7, "WITA": 8, "WIT": 9}  # hours ahead of UTC
DEFAULT_ZONE = "WIB"
# Provinces by their Kemendagri code (the first two digits of every region code).
_WITA = frozenset(("51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"))
_WIT = frozenset(("81", "82", "91", "92", "93", "94", "95", "96", "97"))


def utcnow() -> datetime:
    """The current time in UTC, without a zone (stored that way, always UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


def zone_of_region(code: str | None) -> str | None:
    """The time zone of a province/regency/district code ("3508" → WIB, "5171" → WITA), None if unknown."""
    province = (code or "").strip()[:2]
    if len(province) != 2 or not province.isdigit():
        return None
    return "WIT" if province in _WIT else "WITA" if province in _WITA else "WIB"


def office_zone(stored: Mapping[str, Any]) -> str:
    """The office's zone from the settings table's key → value map: the chosen one, else its region's."""
    chosen = stored.get("office_timezone")
    if chosen in ZONES:
        return str(chosen)
    return zone_of_region(stored.get("office_regency_code")) or DEFAULT_ZONE


def tzinfo(zone: str) -> timezone:
    """A fixed-offset tzinfo for WIB/WITA/WIT (WIB for anything else)."""
    return timezone(timedelta(hours=ZONES.get(zone, ZONES[DEFAULT_ZONE])), zone)


def to_office(utc: datetime, zone: str) -> datetime:
    """A stored UTC time (naive or aware) as an aware time in the office's zone."""
    aware = utc if utc.tzinfo else utc.replace(tzinfo=UTC)
    return aware.astimezone(tzinfo(zone))


def office_now(zone: str, now: datetime | None = None) -> datetime:
    """Now (or the given UTC time) in the office's zone."""
    return to_office(now or utcnow(), zone)


def office_today(zone: str, now: datetime | None = None) -> date:
    """Today's date in the office, whatever this computer's clock zone is."""
    return office_now(zone, now).date()


def day_bounds(first: date, last: date, zone: str) -> tuple[datetime, datetime]:
    """[start, end) in naive UTC covering the office's local days first..last (swapped if reversed)."""
    if last < first:
        first, last = last, first
    offset = timedelta(hours=ZONES.get(zone, ZONES[DEFAULT_ZONE]))
    start = datetime.combine(first, time.min) - offset
    return start, datetime.combine(last + timedelta(days=1), time.min) - offset


def office_day(utc: datetime, zone: str) -> date:
    """The office's calendar day of a stored UTC time."""
    return to_office(utc, zone).date()


def shown(utc: datetime, zone: str, with_zone: bool = True) -> str:
    """"28-11-2026 14:05 WIB": a stored time as staff read it."""
    text = to_office(utc, zone).strftime("%d-%m-%Y %H:%M")
    return f"{text} {zone}" if with_zone else text


def file_stamp(zone: str, now: datetime | None = None) -> str:
    """"20261128-1405": the office's local time for file names."""
    return office_now(zone, now).strftime("%Y%m%d-%H%M")
