"""How one spreadsheet cell of a field is cleaned into the value the wizard would have stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from prakerja_desktop.domain.fields.cells import Digits, cell_text, id_digits, phone_text
from prakerja_desktop.domain.fields.dates import read_birth_date
from prakerja_desktop.domain.findings import Finding, error, warning
from prakerja_desktop.i18n import _

SHOWN_CHARS = 30  # how much of a bad cell a message quotes


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A cell as the field's value (None when unusable), its text, and what the cleaning found."""

    value: Any
    text: str  # the cell as text after cleaning (digits recovered), for reports
    findings: tuple[Finding, ...] = ()


def shown(value: Any) -> str:
    """A cell quoted in a message, cut to a readable length."""
    text = cell_text(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _lost(code: str, label: str, raw: Any) -> Finding:
    return error(code, _("{label} rusak: Excel menyimpannya sebagai angka (\"{shown}\") sehingga angka aslinya "
                         "hilang. Ketik ulang dari kartunya, dan atur kolomnya sebagai Teks di Excel.").format(
                             label=label, shown=shown(raw)))


def _rounded(code: str, label: str) -> Finding:
    return warning(code, _("{label} disimpan sebagai angka di Excel. Excel hanya menyimpan 15 angka, jadi angka "
                           "terakhir mungkin berubah menjadi 0. Cocokkan dengan kartunya, dan atur kolomnya "
                           "sebagai Teks.").format(label=label))


def _digits(prefix: str, label: str, raw: Any, digits: Digits) -> Cleaned:
    if digits.damage == "lost":
        return Cleaned(None, digits.text, (_lost(f"{prefix}.excel_lost", label, raw),))
    found = (_rounded(f"{prefix}.excel_rounded", label),) if digits.damage == "rounded" else ()
    return Cleaned(digits.text, digits.text, found)


def _birth_problem(problem: str, raw: Any) -> Finding:
    """What to do about a birth date cell that could not be used ("missing" is the field check's)."""
    messages = {
        "unreadable": _("Tanggal lahir \"{text}\" tidak terbaca. Tulis hari-bulan-tahun, misalnya "
                        "17-05-2000."),
        "two_digit_year": _("Tahun lahir harus 4 angka: tulis 17-05-2000, bukan 17-05-00."),
        "month_first": _("Tanggal lahir \"{text}\" tampaknya ditulis bulan dulu. Tulis hari-bulan-tahun, "
                         "misalnya 17-05-2000."),
        "impossible": _("Tanggal lahir \"{text}\" tidak ada di kalender. Lihat lagi tanggal lahir di KTP."),
    }
    return error(f"birth.{problem}", messages[problem].format(text=shown(raw)))


def clean_cell(field_id: str, raw: Any, *, excel_numbers: bool = False, nik: str | None = None,
               today: date | None = None) -> Cleaned:
    """One cell of a field: Excel's numbers turned back into digits, dates read, the rest as trimmed text.

    `excel_numbers`: numbers in a birth date column are Excel day serials (XLSX, not CSV).
    `nik`: the row's NIK (digits), which decides between readings of an ambiguous date.
    """
    if field_id == "nik":
        return _digits("nik", _("NIK"), raw, id_digits(raw))
    if field_id in ("kk_number", "kk"):
        return _digits("kk", _("Nomor KK"), raw, id_digits(raw))
    if field_id in ("phone_e164", "phone"):
        return _digits("phone", _("Nomor HP"), raw, phone_text(raw))
    if field_id == "birth_date":
        parsed = read_birth_date(raw, excel_numbers=excel_numbers, nik=nik, today=today)
        text = parsed.value.isoformat() if parsed.value else cell_text(raw)
        if parsed.problem in (None, "missing"):
            return Cleaned(parsed.value, text)
        return Cleaned(None, text, (_birth_problem(parsed.problem, raw),))
    if field_id in ("rt", "rw"):
        digits = id_digits(raw)
        return Cleaned(digits.text or None, digits.text)
    text = cell_text(raw)
    return Cleaned(text or None, text)
