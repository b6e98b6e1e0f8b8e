"""NIK (Nomor Induk Kependudukan): cleaning, decoding and plain-language checks.

Structure: province (2) + regency (2) + district (2) of first registration, birth date DDMMYY
(women: day + 40), serial (4). python-stdnum validates the same layout but always reads the year
as 19YY and its region table lacks the newer regencies, so the century and the region are
resolved here (stdnum decodes the day and month and checks that they exist).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from stdnum.exceptions import ValidationError
from stdnum.id import nik as stdnum_nik

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

MAX_AGE = 110
FEMALE_DAY_OFFSET = 40


@dataclass(frozen=True, slots=True)
class NikInfo:
    """What a valid NIK says about its holder."""

    nik: str  # 16 ASCII digits, no separators
    province_code: str  # "35"
    regency_code: str  # "3508"
    district_code: str  # "350820"
    region: Region | None  # the most precise known region (at least the province)
    birth_date: date
    sex: str  # "L" (laki-laki) or "P" (perempuan)
    serial: str  # "0001"


def age_on(birth: date, on: date) -> int:
    """Completed years of age on a date (negative when born after it)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def fmt_date(d: date) -> str:
    """A date as people in Indonesia write it: DD-MM-YYYY."""
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_century(
    day: int, month: int, yy: int, *, today: date, hint: date | None = None
) -> date | None:
    """The full date for a DDMMYY, or None when no century gives a real, non-future date.

    With a hint (the stated birth date) the year nearest to it wins; otherwise the latest year
    that is not in the future (20YY before 19YY), so the age stays within 0..99.
    """
    base = today.year - today.year % 100 + yy
    candidates = [
        d
        for year in (base, base - 100, base - 200)
        if year >= 1
        and (d := _valid_date(year, month, day)) is not None
        and d <= today
        and age_on(d, today) <= MAX_AGE
    ]
    if not candidates:
        return None
    if hint is not None:
        return min(candidates, key=lambda d: (abs(d.year - hint.year), -d.year))
    return max(candidates)


def _day_month(nik: str) -> tuple[int, int] | None:
    """Day and month from the NIK, or None when that day and month never exist."""
    raw_day = int(nik[6:8])
    # stdnum takes the day modulo 40, which would also accept 81..99.
    if not (1 <= raw_day <= 31 or 41 <= raw_day <= 71):
        return None
    try:
        decoded = stdnum_nik.get_birth_date(nik)  # tries 19YY, then 20YY (29 February 2000)
    except (ValidationError, ValueError):
        return None
    return decoded.day, decoded.month


def _region_findings(nik: str) -> tuple[Region | None, list[Finding]]:
    found: list[Finding] = []
    region = regions.closest(nik[:6])
    if region is None:
        found.append(
            error(
                "nik.province_unknown",
                _(
                    "Dua angka pertama NIK ({code}) bukan kode provinsi. "
                    "Periksa lagi NIK di KTP atau KK."
                ).format(code=nik[:2]),
            )
        )
        return None, found
    if region.regency_code is None:
        found.append(
            warning(
                "nik.regency_unknown",
                _(
                    "Kode kabupaten/kota di NIK ({code}) tidak ada di daftar kami. Kode wilayah "
                    "kadang berubah, jadi belum tentu salah. Cocokkan lagi dengan KTP."
                ).format(code=nik[:4]),
            )
        )
    elif region.district_code is None:
        found.append(
            warning(
                "nik.district_unknown",
                _(
                    "Kode kecamatan di NIK ({code}) tidak ada di daftar kami. Kode wilayah "
                    "kadang berubah, jadi belum tentu salah. Cocokkan lagi dengan KTP."
                ).format(code=nik[:6]),
            )
        )
    if region.former_code is not None:
        found.append(
            info(
                "nik.region_former_code",
                _(
                    "NIK ini memakai kode wilayah lama ({old}), dari sebelum kode wilayahnya "
                    "diubah (misalnya karena pemekaran provinsi). Itu wajar: NIK tidak berubah. "
                    "Kode wilayah sekarang: {now}."
                ).format(old=region.former_code, now=region.district_code or region.regency_code),
            )
        )
    return region, found


def _birth_findings(
    nik: str, stated: date | None, today: date
) -> tuple[date | None, str | None, list[Finding]]:
    sex = "P" if int(nik[6:8]) > FEMALE_DAY_OFFSET else "L"
    invalid = error(
        "nik.birth_date_invalid",
        _(
            "Tanggal lahir di dalam NIK tidak mungkin (angka ke-7 sampai ke-12: {digits}). "
            "Untuk perempuan, tanggal lahir ditambah 40. Periksa lagi NIK di KTP atau KK."
        ).format(digits=nik[6:12]),
    )
    day_month = _day_month(nik)
    if day_month is None:
        return None, None, [invalid]
    birth = resolve_century(*day_month, int(nik[10:12]), today=today, hint=stated)
    if birth is None:
        return None, None, [invalid]
    found: list[Finding] = []
    if stated is not None and stated != birth:
        found.append(
            warning(
                "nik.birth_date_mismatch",
                _(
                    "Tanggal lahir di dalam NIK ({nik_date}) tidak sama dengan tanggal lahir "
                    "yang diisi ({stated_date}). Ini bisa terjadi, dan Dukcapil tidak akan "
                    "mengubah NIK. Saat mendaftar, isi tanggal lahir persis seperti yang "
                    "tercatat di Dukcapil (tertulis di KTP dan KK)."
                ).format(nik_date=fmt_date(birth), stated_date=fmt_date(stated)),
            )
        )
    return birth, sex, found


def parse_nik(
    text: str, *, stated_birth_date: date | None = None, today: date | None = None
) -> CheckResult[NikInfo]:
    """Check a typed NIK; the decoded NIK when nothing blocks it, and every finding."""
    name = _("NIK")
    digits, findings = check_sixteen_digits(text, name, "nik")
    if digits is None:
        return CheckResult(None, tuple(findings))
    today = today or date.today()
    region, region_findings = _region_findings(digits)
    birth, sex, birth_findings = _birth_findings(digits, stated_birth_date, today)
    findings = region_findings + birth_findings
    if digits[12:] == "0000":
        findings.append(
            error(
                "nik.serial_zero",
                _("Empat angka terakhir NIK tidak mungkin 0000. Periksa lagi NIK di KTP atau KK."),
            )
        )
    if region is not None:
        findings.append(
            info("nik.region", _("NIK ini dibuat di {place}.").format(place=region.label()))
        )
    if birth is None or sex is None or any(f.severity is Severity.ERROR for f in findings):
        return CheckResult(None, tuple(findings))
    value = NikInfo(
        nik=digits,
        province_code=digits[:2],
        regency_code=digits[:4],
        district_code=digits[:6],
        region=region,
        birth_date=birth,
        sex=sex,
        serial=digits[12:],
    )
    return CheckResult(value, tuple(findings))


def mask_nik(nik: str) -> str:
    """The NIK with only its first 6 and last 4 digits visible, e.g. "350820******0001"."""
    scan = scan_digits(nik) if isinstance(nik, str) else None
    return mask_middle(scan.digits if scan and not scan.bad_char else "", 6, 4, 16)
