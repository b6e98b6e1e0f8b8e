"""Check one row of a village list with the wizard's rules; a bad row never stops the others."""

from __future__ import annotations

import dataclasses
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from prakerja_desktop.batch.columns import Digits, cell_text, excel_error, id_digits, phone_text
from prakerja_desktop.batch.dates import parse_birth_date
from prakerja_desktop.batch.notes import Note, RowStatus
from prakerja_desktop.batch.reader import SourceRow
from prakerja_desktop.domain.applicant import Applicant
from prakerja_desktop.domain.digits import scan_digits
from prakerja_desktop.domain.eligibility import MAX_PLAUSIBLE_AGE, age_on, evaluate
from prakerja_desktop.domain.email import check_email
from prakerja_desktop.domain.findings import CheckResult, Severity
from prakerja_desktop.domain.kk import parse_kk
from prakerja_desktop.domain.nik import parse_nik
from prakerja_desktop.domain.phone import parse_phone
from prakerja_desktop.domain.rules import AgeRangeParams, KkLimitParams, RuleSet, RuleType
from prakerja_desktop.i18n import _, ngettext

logger = logging.getLogger(__name__)

KnownNik = Callable[[str], bool]
DEFAULT_KK_MAX = 2
MAX_LOGGED_FAILURES = 20
_SHOWN_CHARS = 30  # how much of a bad cell a note quotes


@dataclass(slots=True)
class RowResult:
    """The verdict on one row: status, notes in plain words, and cleaned ID texts for the report."""

    number: int
    status: RowStatus
    notes: tuple[Note, ...]
    name: str = ""
    nik: str = ""  # 16 digits when the cell had 16 digits (valid or not), else ""
    texts: dict[int, str] = field(default_factory=dict)  # column -> cleaned text (NIK, KK, phone)


def _status(notes: list[Note]) -> RowStatus:
    if any(n.fix for n in notes):
        return RowStatus.FIX
    return RowStatus.CHECK if notes else RowStatus.READY


def _sixteen(text: str) -> str:
    scan = scan_digits(text)
    return scan.digits if scan.bad_char is None and len(scan.digits) == 16 else ""


def _shown(value: Any) -> str:
    text = cell_text(value)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def _birth_note(problem: str, shown: str) -> Note:
    """What to do about a birth date cell that could not be used."""
    messages = {
        "missing": _("Tanggal lahir belum diisi; umur dihitung dari NIK. Isi tanggal lahir persis seperti "
                     "di KTP."),
        "unreadable": _("Tanggal lahir \"{text}\" tidak terbaca. Tulis hari-bulan-tahun, misalnya "
                        "17-05-2000."),
        "two_digit_year": _("Tahun lahir harus 4 angka: tulis 17-05-2000, bukan 17-05-00."),
        "month_first": _("Tanggal lahir \"{text}\" tampaknya ditulis bulan dulu. Tulis hari-bulan-tahun, "
                         "misalnya 17-05-2000."),
        "impossible": _("Tanggal lahir \"{text}\" tidak ada di kalender. Lihat lagi tanggal lahir di KTP."),
    }
    return Note(f"birth.{problem}", messages[problem].format(text=shown), fix=problem != "missing")


class RowChecker:
    """Checks rows one after another, remembering NIKs, KKs and phones seen earlier in the file."""

    def __init__(self, columns: dict[str, int], titles: tuple[str, ...], *, rule_set: RuleSet,
                 today: date, known_nik: KnownNik | None = None, excel_numbers: bool = False) -> None:
        self.columns = columns
        self.titles = titles
        self.today = today
        self.known_nik = known_nik
        self.excel_numbers = excel_numbers
        self._age_rules = dataclasses.replace(
            rule_set, rules=tuple(r for r in rule_set.rules if r.type is RuleType.AGE_RANGE))
        self._kk_max = next((r.params.max for r in rule_set.rules if isinstance(r.params, KkLimitParams)),
                            DEFAULT_KK_MAX)
        self._seen_nik: dict[int, int] = {}
        self._seen_phone: dict[int, int] = {}
        self._kk_people: dict[int, int] = {}
        self.failures = 0
        self.lookup_failed = False  # the database lookup broke down part-way

    def check(self, row: SourceRow) -> RowResult:
        """The row's verdict; any bug inside becomes a note on this row, never an exception."""
        try:
            return self._check(row)
        except Exception as exc:  # noqa: BLE001 - one bad row must not stop the others
            self.failures += 1
            if self.failures <= MAX_LOGGED_FAILURES:
                where = traceback.extract_tb(exc.__traceback__)[-1]
                logger.error("batch row %d could not be checked: %s at %s:%s", row.number,
                             type(exc).__name__, where.filename.rsplit("/", 1)[-1], where.lineno)
            note = Note("row.failed", _("Baris ini tidak bisa diperiksa otomatis karena kesalahan "
                                        "program. Periksa datanya secara manual."), fix=False)
            return RowResult(row.number, RowStatus.CHECK, (note,), name=self._safe_name(row))

    def _safe_name(self, row: SourceRow) -> str:
        try:
            return cell_text(row.cells[self.columns["name"]])
        except Exception:  # noqa: BLE001 - only for the report line
            return ""

    def _check(self, row: SourceRow) -> RowResult:
        if row.unreadable:
            note = Note("row.unreadable", _("Baris ini tidak bisa dibaca (tanda kutip \" tidak ditutup, "
                                            "atau isinya terlalu panjang). Perbaiki baris ini di berkas."),
                        fix=True)
            return RowResult(row.number, RowStatus.FIX, (note,))
        notes: list[Note] = []
        values: dict[str, Any] = {}
        for name, index in self.columns.items():
            value = row.cells[index]
            if index in row.formulas:
                notes.append(Note("cell.formula", _("Kolom \"{column}\": sel berisi rumus tanpa nilai. "
                                                    "Buka berkas di Excel lalu simpan lagi, atau ketik "
                                                    "nilainya langsung.").format(column=self.titles[index]),
                                  fix=True))
            elif (shown := excel_error(value)) is not None:
                notes.append(Note("cell.excel_error", _("Kolom \"{column}\" berisi kesalahan rumus Excel "
                                                        "({error}). Perbaiki rumusnya atau ketik nilainya "
                                                        "langsung.").format(column=self.titles[index],
                                                                            error=shown), fix=True))
            else:
                values[name] = value
        result = RowResult(row.number, RowStatus.READY, (), name=cell_text(values.get("name")))
        self._name(values, notes)
        stated = self._birth_date(values, notes)
        nik_birth = self._nik(values, stated, notes, result)
        self._age(stated or nik_birth, notes)
        self._kk(values, notes, result)
        self._phone(values, notes, result)
        self._email(values, notes)
        result.notes = tuple(notes)
        result.status = _status(notes)
        return result

    # --- one method per column ---------------------------------------------------------------

    def _name(self, values: dict[str, Any], notes: list[Note]) -> None:
        if "name" not in values:
            return
        name = cell_text(values["name"])
        if not name:
            notes.append(Note("name.empty", _("Nama belum diisi. Tulis nama lengkap persis seperti di "
                                              "KTP."), fix=True))
        elif not any(ch.isalpha() for ch in name):
            notes.append(Note("name.letters", _("Nama harus ditulis dengan huruf, persis seperti di KTP."),
                              fix=True))

    def _birth_date(self, values: dict[str, Any], notes: list[Note]) -> date | None:
        if "birth_date" not in values:
            return None
        raw = values["birth_date"]
        parsed = parse_birth_date(raw, excel_numbers=self.excel_numbers)
        if parsed.problem:
            notes.append(_birth_note(parsed.problem, _shown(raw)))
            return None
        if parsed.value is not None and parsed.value > self.today:
            notes.append(Note("birth.future", _("Tanggal lahir ini belum terjadi. Periksa lagi."), fix=True))
            return None
        return parsed.value

    def _digits_lost(self, code: str, label: str, raw: Any, notes: list[Note]) -> None:
        notes.append(Note(code, _("{label} rusak: Excel menyimpannya sebagai angka (\"{shown}\") sehingga "
                                  "angka aslinya hilang. Ketik ulang dari kartunya, dan atur kolomnya "
                                  "sebagai Teks di Excel.").format(label=label, shown=_shown(raw)), fix=True))

    def _rounded(self, code: str, label: str, notes: list[Note]) -> None:
        notes.append(Note(code, _("{label} disimpan sebagai angka di Excel. Excel hanya menyimpan 15 angka, "
                                  "jadi angka terakhir mungkin berubah menjadi 0. Cocokkan dengan kartunya, "
                                  "dan atur kolomnya sebagai Teks.").format(label=label), fix=False))

    def _findings(self, result: CheckResult[Any], notes: list[Note], prefix: str = "") -> None:
        for finding in result.findings:
            if finding.severity is not Severity.INFO:
                notes.append(Note(finding.code, prefix + finding.message,
                                  fix=finding.severity is Severity.ERROR))

    def _nik(self, values: dict[str, Any], stated: date | None, notes: list[Note],
             result: RowResult) -> date | None:
        if "nik" not in values:
            return None
        digits: Digits = id_digits(values["nik"])
        result.texts[self.columns["nik"]] = digits.text
        if digits.damage == "lost":
            self._digits_lost("nik.excel_lost", _("NIK"), values["nik"], notes)
            return None
        checked = parse_nik(digits.text, stated_birth_date=stated, today=self.today)
        self._findings(checked, notes)
        if digits.damage == "rounded":
            self._rounded("nik.excel_rounded", _("NIK"), notes)
        result.nik = checked.value.nik if checked.value else _sixteen(digits.text)
        if result.nik:
            first = self._seen_nik.setdefault(int(result.nik), result.number)
            if first != result.number:
                notes.append(Note("dup.nik_in_file", _("NIK ini sama dengan NIK di baris {row}. Orang yang "
                                                       "sama tercatat dua kali, atau salah satu NIK salah "
                                                       "ketik.").format(row=first), fix=False))
        if checked.value is None:
            return None
        if self._known(checked.value.nik):
            notes.append(Note("dup.nik_known", _("NIK ini sudah tercatat di data kantor ini. Saat kunjungan, "
                                                 "buka data yang sudah ada; jangan didaftarkan ulang."),
                              fix=False))
        return checked.value.birth_date

    def _known(self, nik: str) -> bool:
        """Ask the database; if it fails once, stop asking (the summary says so) and go on."""
        if self.known_nik is None:
            return False
        try:
            return self.known_nik(nik)
        except Exception as exc:  # noqa: BLE001 - a locked database must not cost the whole list
            logger.error("batch check: NIK lookup failed, continuing without it: %s", type(exc).__name__)
            self.known_nik = None
            self.lookup_failed = True
            return False

    def _age(self, birth: date | None, notes: list[Note]) -> None:
        if birth is None or not self._age_rules.rules:
            return
        params = self._age_rules.rules[0].params
        if isinstance(params, AgeRangeParams) and birth <= self.today:
            age = age_on(birth, self.today)
            if params.min <= age <= (params.max if params.max is not None else MAX_PLAUSIBLE_AGE):
                return  # the common case, without rendering the rule's texts
        reason = evaluate(self._age_rules, Applicant(birth_date=birth), today=self.today).reasons[0]
        if reason.case in ("too_young", "too_old", "implausible"):
            notes.append(Note(f"age.{reason.case}", " ".join(p for p in (reason.text, reason.fix) if p),
                              fix=reason.case == "implausible"))

    def _kk(self, values: dict[str, Any], notes: list[Note], result: RowResult) -> None:
        if "kk" not in values:
            return
        digits = id_digits(values["kk"])
        result.texts[self.columns["kk"]] = digits.text
        if digits.damage == "lost":
            self._digits_lost("kk.excel_lost", _("Nomor KK"), values["kk"], notes)
            return
        kk16 = _sixteen(digits.text)
        if kk16 and kk16 == result.nik:
            notes.append(Note("kk.same_as_nik", _("Nomor KK sama dengan NIK. Nomor KK berbeda dengan NIK: "
                                                  "lihat baris \"No.\" di bagian atas kartu KK, di bawah "
                                                  "tulisan \"KARTU KELUARGA\"."), fix=True))
            return
        checked = parse_kk(digits.text, today=self.today)
        self._findings(checked, notes)
        if digits.damage == "rounded":
            self._rounded("kk.excel_rounded", _("Nomor KK"), notes)
        if checked.value is None or any(n.code == "dup.nik_in_file" for n in notes):
            return
        key = int(checked.value.number)
        count = self._kk_people[key] = self._kk_people.get(key, 0) + 1
        if count > self._kk_max:
            notes.append(Note("kk.limit_in_file", ngettext(
                "Sudah ada {count} orang dengan nomor KK ini di daftar. Paling banyak {max} penerima per KK, "
                "jadi petugas perlu memeriksanya.",
                "Sudah ada {count} orang dengan nomor KK ini di daftar. Paling banyak {max} penerima per KK, "
                "jadi petugas perlu memeriksanya.", count).format(count=count, max=self._kk_max),
                              fix=False))

    def _phone(self, values: dict[str, Any], notes: list[Note], result: RowResult) -> None:
        if "phone" not in values:
            return
        digits = phone_text(values["phone"])
        result.texts[self.columns["phone"]] = digits.text
        if digits.damage == "lost":
            self._digits_lost("phone.excel_lost", _("Nomor HP"), values["phone"], notes)
            return
        checked = parse_phone(digits.text)
        self._findings(checked, notes)
        if checked.value is None:
            return
        first = self._seen_phone.setdefault(int(checked.value.e164[1:]), result.number)
        if first != result.number:
            message = _("Nomor HP ini juga dipakai di baris {row}. Setiap orang perlu nomor HP sendiri "
                        "untuk kode OTP.").format(row=first)
            notes.append(Note("dup.phone_in_file", message, fix=False))

    def _email(self, values: dict[str, Any], notes: list[Note]) -> None:
        if "email" not in values:
            return
        text = cell_text(values["email"])
        if not text:
            notes.append(Note("email.empty", _("Email belum diisi. Jika belum punya email, petugas membantu "
                                               "membuatnya saat kunjungan."), fix=False))
            return
        self._findings(check_email(text), notes, prefix=_("Email: "))
