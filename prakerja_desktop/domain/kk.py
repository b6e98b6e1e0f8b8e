"""Family card (Kartu Keluarga, KK) number: cleaning, decoding and plain-language checks.

Structure: region code of issue (6) + issue date DDMMYY (no +40, unlike the NIK) + serial (4).
A family's KK number changes when it moves or splits, so nothing here is permanent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from prakerja_desktop.domain import regions
from prakerja_desktop.domain.digits import check_sixteen_digits, mask_middle, scan_digits
from prakerja_desktop.domain.findings import (
    CheckResult,
    Finding,
    Severity,
    error,
    info,
    warning,
)
from prakerja_desktop.domain.regions import Region
from prakerja_desktop.i18n import _

logger = logging.getLogger(__name__)

# Family cards carry numbers from about the 1970s on; a 19YY before that means a future 20YY.
EARLIEST_ISSUE_YEAR = 1970


@dataclass(frozen=True, slots=True)
class KkInfo:
    """What a valid KK number says."""

    number: str  # 16 ASCII digits, no separators
    region_code6: str  # "350820"
    region: Region | None  # the most precise known region
    issue_date: date
    serial: str  # "0001"


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_issue_date(day: int, month: int, yy: int, *, today: date) -> tuple[date | None, str]:
    """The issue date for a DDMMYY and why it failed: ("ok" | "invalid" | "future")."""
    base = today.year - today.year % 100 + yy
    exists = False
    for year in (base, base - 100):
        if year < 1 or (d := _valid_date(year, month, day)) is None:
            continue
        exists = True
        if d <= today and year >= EARLIEST_ISSUE_YEAR:
            return d, "ok"
    return None, "future" if exists else "invalid"


def _region_findings(number: str) -> tuple[Region | None, list[Finding]]:
    region = regions.closest(number[:6])
    if region is None:
        message = _(
            "Dua angka pertama nomor KK ({code}) bukan kode provinsi. "
            "Periksa lagi nomor di kartu KK."
        ).format(code=number[:2])
        return None, [error("kk.province_unknown", message)]
    if region.district_code is None:
        message = _(
            "Kode wilayah di nomor KK ({code}) tidak ada di daftar kami. Kode wilayah kadang "
            "berubah, jadi belum tentu salah. Cocokkan lagi dengan kartu KK."
        ).format(code=number[:6])
        return region, [warning("kk.district_unknown", message)]
    if region.former_code is not None:
        message = _(
            "Nomor KK ini memakai kode wilayah lama ({old}), dari sebelum kode wilayahnya diubah "
            "(misalnya karena pemekaran provinsi). Itu wajar. Kode wilayah sekarang: {now}."
        ).format(old=region.former_code, now=region.district_code)
        return region, [info("kk.region_former_code", message)]
    return region, []


def _date_findings(number: str, today: date) -> tuple[date | None, list[Finding]]:
    day, month, yy = int(number[6:8]), int(number[8:10]), int(number[10:12])
    issued, why = resolve_issue_date(day, month, yy, today=today)
    if why == "future":
        message = _(
            "Tanggal pembuatan KK di dalam nomor ({digits}) belum terjadi. "
            "Periksa lagi angka ke-7 sampai ke-12 nomor KK."
        ).format(digits=number[6:12])
        return None, [error("kk.issue_date_future", message)]
    if why == "invalid":
        message = _(
            "Tanggal pembuatan KK di dalam nomor tidak mungkin (angka ke-7 sampai ke-12: "
            "{digits}). Periksa lagi nomor di kartu KK."
        ).format(digits=number[6:12])
        if 41 <= day <= 71 and 1 <= month <= 12:
            # A day over 40 is how a woman's NIK encodes her birthday: a NIK in the KK field.
            message += " " + _("Mungkin ini NIK, bukan nomor KK?")
        return None, [error("kk.issue_date_invalid", message)]
    return issued, []


def parse_kk(text: str, *, today: date | None = None) -> CheckResult[KkInfo]:
    """Check a typed KK number; the decoded number when nothing blocks it, and every finding."""
    name = _("Nomor KK")
    digits, findings = check_sixteen_digits(text, name, "kk")
    if digits is None:
        return CheckResult(None, tuple(findings))
    today = today or date.today()
    region, region_findings = _region_findings(digits)
    issued, date_findings = _date_findings(digits, today)
    findings = region_findings + date_findings
    if digits[12:] == "0000":
        message = _(
            "Empat angka terakhir nomor KK tidak mungkin 0000. Periksa lagi nomor di kartu KK."
        )
        findings.append(error("kk.serial_zero", message))
    if region is not None:
        findings.append(
            info("kk.region", _("Nomor KK ini dibuat di {place}.").format(place=region.label()))
        )
    if issued is None or any(f.severity is Severity.ERROR for f in findings):
        return CheckResult(None, tuple(findings))
    value = KkInfo(
        number=digits,
        region_code6=digits[:6],
        region=region,
        issue_date=issued,
        serial=digits[12:],
    )
    return CheckResult(value, tuple(findings))


def mask_kk(number: str) -> str:
    """The KK number with only its first 6 and last 4 digits visible, e.g. "350820******0001"."""
    scan = scan_digits(number) if isinstance(number, str) else None
    return mask_middle(scan.digits if scan and not scan.bad_char else "", 6, 4, 16)
