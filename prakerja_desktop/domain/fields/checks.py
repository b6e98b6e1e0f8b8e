"""The rules of single fields, one function each; the NIK, KK, phone and email validators do the work."""

from __future__ import annotations

from datetime import date
from typing import Any

from prakerja_desktop.domain.email import check_email
from prakerja_desktop.domain.fields import parsed
from prakerja_desktop.domain.findings import CheckResult, Finding, error, warning
from prakerja_desktop.i18n import _

RT_RW_DIGITS = 3


def blank(value: Any) -> bool:
    """True for None and for text of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())


def collapse_spaces(text: str | None) -> str:
    """Trimmed, with runs of spaces made one."""
    return " ".join((text or "").split())


def check_name(value: Any, today: date) -> list[Finding]:
    """A full name must be there and contain letters."""
    name = collapse_spaces(str(value) if value is not None else "")
    if not name:
        return [error("name.empty", _("Nama belum diisi. Tulis nama lengkap persis seperti di KTP."))]
    if not any(ch.isalpha() for ch in name):
        return [error("name.letters", _("Nama harus ditulis dengan huruf, persis seperti di KTP."))]
    return []


def check_nik(value: Any, today: date) -> list[Finding]:
    """Every finding of the NIK validator (the birth date in it is compared in the cross checks)."""
    return list(parsed.nik(str(value or ""), today).findings)


def check_kk(value: Any, today: date) -> list[Finding]:
    """Every finding of the KK validator."""
    return list(parsed.kk(str(value or ""), today).findings)


def check_phone(value: Any, today: date) -> list[Finding]:
    """Every finding of the phone validator."""
    return list(parsed.phone(str(value or "")).findings)


def check_email_field(value: Any, today: date) -> list[Finding]:
    """No email is a warning (staff help make one); a typed one goes through the email validator."""
    if blank(value):
        return [warning("email.empty", _("Email belum diisi. Jika belum punya email, petugas membantu "
                                         "membuatnya saat kunjungan."))]
    return list(check_email(str(value)).findings)


def check_birth_date(value: Any, today: date) -> list[Finding]:
    """A missing birth date is a warning (the age comes from the NIK); a future one is an error."""
    if value is None:
        return [warning("birth.missing", _("Tanggal lahir belum diisi; umur dihitung dari NIK. Isi tanggal "
                                           "lahir persis seperti di KTP."))]
    if isinstance(value, date) and value > today:
        return [error("birth.future", _("Tanggal lahir ini belum terjadi. Periksa lagi."))]
    return []


def check_sex(value: Any, today: date) -> list[Finding]:
    """L or P; empty is left to the step that asks for it."""
    if blank(value) or value in ("L", "P"):
        return []
    return [error("sex.invalid", _("Pilih jenis kelamin: laki-laki atau perempuan."))]


def parse_rt_rw(text: Any, name: str) -> CheckResult[str]:
    """An RT or RW number: empty is fine (None), else up to 3 digits, stored zero-padded ("2" -> "002")."""
    typed = str(text).strip() if text is not None else ""
    if not typed:
        return CheckResult(None)
    if typed.isascii() and typed.isdigit() and len(typed) <= RT_RW_DIGITS:
        return CheckResult(typed.zfill(RT_RW_DIGITS))
    message = _("{name} hanya boleh angka, paling banyak 3 angka, misalnya 002.").format(name=name)
    return CheckResult(None, (error(f"address.{name.lower()}", message),))


def check_rt(value: Any, today: date) -> list[Finding]:
    """RT: empty, or up to 3 digits."""
    return list(parse_rt_rw(value, "RT").findings)


def check_rw(value: Any, today: date) -> list[Finding]:
    """RW: empty, or up to 3 digits."""
    return list(parse_rt_rw(value, "RW").findings)


def no_check(value: Any, today: date) -> list[Finding]:
    """Fields without a rule of their own."""
    return []
