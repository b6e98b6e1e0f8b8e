"""The annotated XLSX (streamed, write-only) and the printable PDF of rows that need work."""

from __future__ import annotations

import logging
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from prakerja_desktop import xlsx_out
from prakerja_desktop.batch.check import RowResult
from prakerja_desktop.batch.notes import RowStatus, status_label
from prakerja_desktop.batch.reader import SourceInfo, SourceRow
from prakerja_desktop.batch.summary import CheckSummary
from prakerja_desktop.domain.fields.cells import cell_text
from prakerja_desktop.i18n import _, ngettext

logger = logging.getLogger(__name__)

TEXT_FIELDS = ("nik", "kk", "phone")  # written as text so Excel keeps every digit and leading 0
MAX_CELL_CHARS = 32767  # Excel's limit
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_FILLS = {RowStatus.READY: "C6EFCE", RowStatus.FIX: "FFC7CE", RowStatus.CHECK: "FFEB9C"}


def clean_text(text: str) -> str:
    """Text Excel accepts: no control characters or lone surrogates, at most 32,767 characters."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text[:MAX_CELL_CHARS]


def temporary_path(path: Path) -> Path:
    """A sibling file to write first, so a crash never leaves half a report under the real name."""
    return path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")


class XlsxReport:
    """The original columns plus "Status", "Yang perlu diperbaiki" and the source row number."""

    def __init__(self, path: Path, info: SourceInfo) -> None:
        self.path = path
        self.temp = temporary_path(path)
        self.book = xlsx_out.workbook()  # no plaintext temp files (docs/security.md)
        self.summary_sheet = self.book.create_sheet(_("Ringkasan"))
        self.sheet = self.book.create_sheet(_("Hasil"))
        columns = info.header.columns
        self.text_columns = frozenset(columns[f] for f in TEXT_FIELDS if f in columns)
        self.width = len(info.header.titles)
        self.status_column = get_column_letter(self.width + 1)
        for index in range(self.width):
            self.sheet.column_dimensions[get_column_letter(index + 1)].width = (
                20 if index in self.text_columns else 18)
        self.sheet.column_dimensions[self.status_column].width = 11
        self.sheet.column_dimensions[get_column_letter(self.width + 2)].width = 80
        self.sheet.freeze_panes = "A2"
        titles = [*info.header.titles, _("Status"), _("Yang perlu diperbaiki"), _("Baris di berkas asal")]
        self.sheet.append([self._bold(clean_text(t)) for t in titles])
        self.rows = 0

    def _bold(self, value: Any) -> Cell:
        cell = WriteOnlyCell(self.sheet, value)
        cell.font = _BOLD
        return cell

    def _text(self, text: str) -> Cell:
        cell = WriteOnlyCell(self.sheet, clean_text(text))
        cell.data_type = "s"  # never a formula, even when it starts with "="
        cell.number_format = "@"
        return cell

    def _value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self._text(value) if value.startswith("=") else clean_text(value)
        if isinstance(value, datetime) and value.time() == datetime.min.time():
            value = value.date()
        if isinstance(value, date) and not isinstance(value, datetime):
            cell = WriteOnlyCell(self.sheet)
            cell.value = value  # what WriteOnlyCell(sheet, value) does; its stub leaves out date
            cell.number_format = "DD-MM-YYYY"
            return cell
        if value is None or isinstance(value, int | float | datetime):
            return value
        return clean_text(cell_text(value))

    def add(self, row: SourceRow, result: RowResult) -> None:
        """Append one checked row."""
        texts, text_columns = result.texts, self.text_columns
        cells = [self._text(texts.get(i, cell_text(value))) if i in text_columns else self._value(value)
                 for i, value in enumerate(row.cells)]
        notes: Any = None
        if result.notes:
            notes = WriteOnlyCell(self.sheet, clean_text("\n".join(n.text for n in result.notes)))
            notes.alignment = _WRAP
        cells += [status_label(result.status), notes, row.number]
        self.sheet.append(cells)
        self.rows += 1

    def finish(self, summary: CheckSummary) -> None:
        """Write the summary sheet, save to a temporary file, then put it in place."""
        last = self.rows + 1
        for status, color in _FILLS.items():
            fill = PatternFill(start_color=color, end_color=color, fill_type="solid")
            self.sheet.conditional_formatting.add(
                f"{self.status_column}2:{self.status_column}{max(last, 2)}",
                CellIsRule(operator="equal", formula=[f'"{status_label(status)}"'], fill=fill))
        self.sheet.auto_filter.ref = f"A1:{get_column_letter(self.width + 3)}{last}"
        self._write_summary(summary)
        try:
            self.book.save(self.temp)
            os.replace(self.temp, self.path)
        finally:
            self.temp.unlink(missing_ok=True)

    def _write_summary(self, summary: CheckSummary) -> None:
        sheet = self.summary_sheet
        sheet.column_dimensions["A"].width = 42
        sheet.column_dimensions["B"].width = 60
        rows: list[list[Any]] = []
        if summary.cancelled:
            rows.append([_("DIBATALKAN"), ngettext("Hanya {rows} baris pertama yang diperiksa.",
                                                    "Hanya {rows} baris pertama yang diperiksa.",
                                                    summary.rows).format(rows=summary.rows)])
        rows += [
            [_("Berkas"), summary.source.path.name],
            [_("Dibaca sebagai"), summary.how_read()],
            [_("Tanggal pemeriksaan"), summary.checked_on.strftime("%d-%m-%Y")],
            [_("Aturan Kartu Prakerja"), summary.rule_set_id],
            [],
            [self._bold(_("Status")), self._bold(_("Jumlah baris"))],
            *[[status_label(s), summary.counts[s]] for s in RowStatus],
            [_("Jumlah"), summary.rows],
            [_("Baris kosong dilewati"), summary.blank_rows],
            [],
            [self._bold(_("Masalah terbanyak")), self._bold(_("Jumlah baris"))],
            *[[label, count] for label, count in summary.top_problems()],
            [],
            [self._bold(_("Kolom dipakai")), self._bold(_("Judul kolom di berkas"))],
            *[[label, title] for label, title in summary.mapping()],
            [_("Kolom tidak ada (tidak diperiksa)"), ", ".join(summary.missing_fields()) or "-"],
            [_("Kolom diabaikan"), ", ".join(summary.source.header.ignored) or "-"],
        ]
        title = self._bold(_("Pemeriksaan daftar calon peserta Kartu Prakerja"))
        sheet.append([title])
        for row in rows:
            sheet.append([self._value(v) if not isinstance(v, Cell) else v for v in row])

    def abort(self) -> None:
        """Give up: nothing is written under the real name, and openpyxl's scratch files are closed."""
        for sheet in (self.sheet, self.summary_sheet):
            try:
                sheet.close()
            except Exception:  # noqa: BLE001, S110 - already closed or broken: nothing to keep
                pass
        self.temp.unlink(missing_ok=True)
