"""The one list of the applicant's fields: label, check, display, mask and normal form of each."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from prakerja_desktop.domain import regions
from prakerja_desktop.domain.eligibility import format_day
from prakerja_desktop.domain.email import check_email
from prakerja_desktop.domain.fields import checks
from prakerja_desktop.domain.findings import Finding
from prakerja_desktop.domain.kk import mask_kk, parse_kk
from prakerja_desktop.domain.nik import mask_nik, parse_nik
from prakerja_desktop.domain.options import OptionsError, load_options
from prakerja_desktop.domain.phone import mask_phone, parse_phone
from prakerja_desktop.i18n import _

logger = logging.getLogger(__name__)

Check = Callable[[Any, date], list[Finding]]
Shown = Callable[[Any], str]


def _text(value: Any) -> str:
    """Any value as trimmed text; None is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, date):
        return format_day(value)
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    return str(value).strip()


def _day(value: Any) -> str:
    """A date (or its ISO text, as records travel between devices) in words."""
    if isinstance(value, str) and value:
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return _text(value)


def _sex(value: Any) -> str:
    return {"L": _("Laki-laki"), "P": _("Perempuan")}.get(str(value or ""), _text(value))


def _option(value: Any) -> str:
    if value in (None, ""):
        return ""
    try:
        options = load_options()
    except OptionsError:  # the shipped file is checked by tests; a broken copy must not hide data
        logger.warning("options file unreadable; showing codes")
        return _text(value)
    if isinstance(value, list | tuple):
        return ", ".join(options.label(str(code)) for code in value)
    return options.label(str(value))


def _province(value: Any) -> str:
    return (regions.province_name(str(value)) or _text(value)) if value else ""


def _regency(value: Any) -> str:
    return (regions.regency_name(str(value)) or _text(value)) if value else ""


def _district(value: Any) -> str:
    if not value:
        return ""
    found = regions.lookup(str(value))
    return found.district if found is not None and found.district else _text(value)


def _phone(value: Any) -> str:
    if not value:
        return ""
    parsed = parse_phone(str(value)).value
    return parsed.national if parsed is not None else _text(value)


def _masked_nik(value: Any) -> str:
    return mask_nik(str(value)) if value else ""


def _masked_kk(value: Any) -> str:
    return mask_kk(str(value)) if value else ""


def _masked_phone(value: Any) -> str:
    return mask_phone(str(value)) if value else ""


def _masked_email(value: Any) -> str:
    """The first letter and the domain, e.g. "b***@gmail.com"."""
    local, at, domain = str(value or "").partition("@")
    if not at:
        return "***" if value else ""
    return f"{local[:1]}***@{domain}"


def _normal_nik(value: Any) -> Any:
    parsed = parse_nik(str(value or ""), today=date.today()).value
    return parsed.nik if parsed is not None else value


def _normal_kk(value: Any) -> Any:
    parsed = parse_kk(str(value or ""), today=date.today()).value
    return parsed.number if parsed is not None else value


def _normal_phone(value: Any) -> Any:
    parsed = parse_phone(str(value or "")).value
    return parsed.e164 if parsed is not None else value


def _normal_email(value: Any) -> Any:
    checked = check_email(str(value or "")).value if not checks.blank(value) else None
    return checked.normalized if checked is not None else value


def _normal_text(value: Any) -> Any:
    return checks.collapse_spaces(value) or None if isinstance(value, str) else value


def _normal_rt_rw(value: Any) -> Any:
    checked = checks.parse_rt_rw(value, "RT")
    return checked.value if checked.ok else value


@dataclass(frozen=True, slots=True)
class Field:
    """One field of the applicant: how it is named, checked, shown, masked and stored."""

    id: str  # the Applicant attribute (and record column) it fills
    label_text: Callable[[], str]  # called each time, so the label follows the current language
    rule: Check = checks.no_check
    shown: Shown = _text
    masked: Shown | None = None  # None: shown as displayed
    normal: Callable[[Any], Any] = _normal_text
    personal: bool = False  # NIK, KK, phone, email, birth date: never in logs

    def label(self) -> str:
        """The field's name in the current language."""
        return self.label_text()

    def check(self, value: Any, context: Any = None) -> list[Finding]:
        """Every finding about this value on its own (errors, warnings and infos).

        `context`: a FieldContext, or just today's date; None means the real today.
        """
        today = context if isinstance(context, date) else getattr(context, "today", None)
        return self.rule(value, today or date.today())

    def display(self, value: Any) -> str:
        """The value in words for a screen or a file ("L" -> "Laki-laki"); "" when empty."""
        return self.shown(value)

    def mask(self, value: Any) -> str:
        """The value as shown where the full number must not be (NIK/KK: first 6 and last 4)."""
        return self.masked(value) if self.masked is not None else self.display(value)

    def normalize(self, value: Any) -> Any:
        """The stored form of a valid value (NIK digits, +62 number, "002"); an invalid one as given."""
        return self.normal(value)


CATALOGUE: dict[str, Field] = {f.id: f for f in (
    Field("full_name", lambda: _("Nama lengkap"), checks.check_name),
    Field("nik", lambda: _("NIK"), checks.check_nik, masked=_masked_nik, normal=_normal_nik, personal=True),
    Field("kk_number", lambda: _("Nomor KK"), checks.check_kk, masked=_masked_kk, normal=_normal_kk,
          personal=True),
    Field("birth_place", lambda: _("Tempat lahir")),
    Field("birth_date", lambda: _("Tanggal lahir"), checks.check_birth_date, shown=_day, normal=lambda v: v,
          personal=True),
    Field("sex", lambda: _("Jenis kelamin"), checks.check_sex, shown=_sex),
    Field("phone_e164", lambda: _("Nomor HP"), checks.check_phone, shown=_phone, masked=_masked_phone,
          normal=_normal_phone, personal=True),
    Field("has_email", lambda: _("Punya email"), normal=lambda v: v),
    Field("email", lambda: _("Email"), checks.check_email_field, masked=_masked_email, normal=_normal_email,
          personal=True),
    Field("province_code", lambda: _("Provinsi"), shown=_province),
    Field("regency_code", lambda: _("Kabupaten/Kota"), shown=_regency),
    Field("district_code", lambda: _("Kecamatan"), shown=_district),
    Field("village", lambda: _("Desa/Kelurahan")),
    Field("street", lambda: _("Jalan")),
    Field("rt", lambda: _("RT"), checks.check_rt, normal=_normal_rt_rw),
    Field("rw", lambda: _("RW"), checks.check_rw, normal=_normal_rt_rw),
    Field("education", lambda: _("Pendidikan terakhir"), shown=_option),
    Field("employment", lambda: _("Pekerjaan sekarang"), shown=_option),
    Field("training_interests", lambda: _("Minat pelatihan"), shown=_option, normal=lambda v: v),
    Field("registered_online_on", lambda: _("Tanggal daftar online"), shown=_day, normal=lambda v: v),
)}

# Other names the same fields go by (spreadsheet columns, older code): "phone" is phone_e164.
ALIASES: dict[str, str] = {"name": "full_name", "kk": "kk_number", "phone": "phone_e164"}

# Which field a finding is about, by the first part of its code ("nik.length" -> nik).
_CODE_PREFIXES: dict[str, str] = {
    "name": "full_name", "nik": "nik", "kk": "kk_number", "phone": "phone_e164", "email": "email",
    "birth": "birth_date", "age": "birth_date", "sex": "sex",
}
_CODE_EXACT: dict[str, str] = {"address.rt": "rt", "address.rw": "rw", "dup.nik_in_file": "nik",
                               "dup.nik_known": "nik"}


def field(field_id: str) -> Field:
    """The catalogue entry of a field (an alias such as "phone" works too); KeyError when unknown."""
    return CATALOGUE[ALIASES.get(field_id, field_id)]


def field_of(code: str) -> str | None:
    """The field a finding code is about, or None (a row or a cell as a whole)."""
    return _CODE_EXACT.get(code) or _CODE_PREFIXES.get(code.split(".", 1)[0])


def labels() -> dict[str, str]:
    """Every field's label in the current language, by field id."""
    return {field_id: entry.label() for field_id, entry in CATALOGUE.items()}
