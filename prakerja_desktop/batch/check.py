"""Check one row of a village list with the wizard's rules; a bad row never stops the others."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from prakerja_desktop.batch.notes import Note, RowStatus
from prakerja_desktop.batch.reader import SourceRow
from prakerja_desktop.domain import fields
from prakerja_desktop.domain.digits import scan_digits
from prakerja_desktop.domain.fields import parsed
from prakerja_desktop.domain.fields.cells import cell_text, excel_error
from prakerja_desktop.domain.findings import Finding, Severity
from prakerja_desktop.domain.rules import RuleSet
from prakerja_desktop.i18n import _

logger = logging.getLogger(__name__)

KnownNik = Callable[[str], bool]
DEFAULT_KK_MAX = fields.DEFAULT_KK_MAX
MAX_LOGGED_FAILURES = 20
_TEXT_COLUMNS = frozenset({"nik", "kk", "phone"})  # cleaned texts written back to the report


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


class RowChecker:
    """Checks rows one after another, remembering NIKs, KKs and phones seen earlier in the file."""

    def __init__(self, columns: dict[str, int], titles: tuple[str, ...], *, rule_set: RuleSet,
                 today: date, known_nik: KnownNik | None = None, excel_numbers: bool = False) -> None:
        self.columns = columns
        self.titles = titles
        self.today = today
        self.known_nik = known_nik
        self.excel_numbers = excel_numbers
        self._rules = rule_set
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
        raw: dict[str, Any] = {}
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
                raw[name] = value
        result = RowResult(row.number, RowStatus.READY, (), name=cell_text(raw.get("name")))
        values, cleaning = self._clean(raw, result)
        found = fields.check_person(values, self._context(values, result))
        for field_id in dict.fromkeys((*fields.PERSON_FIELDS, *cleaning, *found)):
            self._add(cleaning.get(field_id, []) + found.get(field_id, []), notes, field_id)
            if field_id == "nik":
                self._duplicate_nik(result, notes)
        result.notes = tuple(notes)
        result.status = _status(notes)
        return result

    # --- cleaning, counting and notes -------------------------------------------------------------

    def _clean(self, raw: dict[str, Any], result: RowResult) -> tuple[dict[str, Any], dict[str, list[Finding]]]:
        """The cells as the catalogue's values; a cell that could not be used is left out (not checked)."""
        nik_text = fields.clean_cell("nik", raw["nik"]).text if "nik" in raw else None
        values: dict[str, Any] = {}
        cleaning: dict[str, list[Finding]] = {}
        for column, cell in raw.items():
            field_id = fields.field(column).id
            cleaned = fields.clean_cell(field_id, cell, excel_numbers=self.excel_numbers, nik=nik_text,
                                        today=self.today)
            if column in _TEXT_COLUMNS:
                result.texts[self.columns[column]] = cleaned.text
            if cleaned.findings:
                cleaning[field_id] = list(cleaned.findings)
            unusable = any(f.severity is Severity.ERROR for f in cleaned.findings)
            if field_id == "birth_date" and cleaned.findings:
                unusable = True
            if not unusable:
                values[field_id] = cleaned.value if field_id != "full_name" else cleaned.text
        if "nik" in values:
            checked = parsed.nik(str(values["nik"] or ""), self.today).value
            result.nik = checked.nik if checked else _sixteen(str(values["nik"] or ""))
        return values, cleaning

    def _context(self, values: dict[str, Any], result: RowResult) -> fields.FieldContext:
        """Counts of the rows above with the same KK and phone, as the catalogue's context."""
        duplicate = bool(result.nik) and self._seen_nik.get(int(result.nik), result.number) != result.number
        if result.nik:
            self._seen_nik.setdefault(int(result.nik), result.number)
        kk_others = 0
        kk = parsed.kk(str(values.get("kk_number") or ""), self.today).value if "kk_number" in values else None
        if kk is not None and not fields.kk_vs_nik(kk.number, values.get("nik")) and not duplicate:
            key = int(kk.number)
            kk_others = self._kk_people.get(key, 0)
            self._kk_people[key] = kk_others + 1
        phone = parsed.phone(str(values.get("phone_e164") or "")).value if "phone_e164" in values else None
        first_row = None
        if phone is not None:
            first_row = self._seen_phone.setdefault(int(phone.e164[1:]), result.number)
        return fields.FieldContext(
            today=self.today, rule_set=self._rules, kk_others=kk_others,
            phone_others=int(first_row is not None and first_row != result.number),
            phone_first_row=first_row if first_row != result.number else None, source=fields.SOURCE_FILE)

    def _add(self, found: list[Finding], notes: list[Note], field_id: str) -> None:
        """The findings about one field as notes (infos left out; the email validator's get "Email: ")."""
        for finding in found:
            if finding.severity is Severity.INFO:
                continue
            prefix = _("Email: ") if field_id == "email" and finding.code != "email.empty" else ""
            notes.append(Note(finding.code, prefix + finding.message, fix=finding.severity is Severity.ERROR))

    def _duplicate_nik(self, result: RowResult, notes: list[Note]) -> None:
        """The same NIK higher up in the file, or already recorded at this office."""
        if not result.nik:
            return
        first = self._seen_nik.get(int(result.nik), result.number)
        if first != result.number:
            notes.append(Note("dup.nik_in_file", _("NIK ini sama dengan NIK di baris {row}. Orang yang "
                                                   "sama tercatat dua kali, atau salah satu NIK salah "
                                                   "ketik.").format(row=first), fix=False))
        if parsed.nik(result.nik, self.today).value is not None and self._known(result.nik):
            notes.append(Note("dup.nik_known", _("NIK ini sudah tercatat di data kantor ini. Saat kunjungan, "
                                                 "buka data yang sudah ada; jangan didaftarkan ulang."),
                              fix=False))

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
