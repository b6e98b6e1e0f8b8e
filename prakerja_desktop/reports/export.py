"""Writing reports and record lists to CSV, XLSX and a one-page PDF summary."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from prakerja_desktop.domain import fields
from prakerja_desktop.i18n import _
from prakerja_desktop.reports.aggregate import Report
from prakerja_desktop.reports.tables import report_tables
from prakerja_desktop.storage.models import RecordRow

FORMATS = ("csv", "xlsx", "pdf")


def write_report(report: Report, path: Path, fmt: str, office_name: str = "") -> Path:
    """Write the aggregate report as csv, xlsx or pdf."""
    if fmt == "csv":
        with path.open("w", newline="", encoding="utf-8-sig") as handle:  # the BOM lets Excel read UTF-8
            writer = csv.writer(handle)
            for title, header, rows in report_tables(report):
                writer.writerow([title])
                writer.writerow(header)
                writer.writerows(rows)
                writer.writerow([])
    elif fmt == "xlsx":
        from prakerja_desktop import xlsx_out

        book = xlsx_out.workbook()  # no plaintext temp files (docs/security.md)
        for title, header, rows in report_tables(report):
            sheet = book.create_sheet(title[:31])
            sheet.append(header)
            for row in rows:
                sheet.append(row)
        book.save(path)
    elif fmt == "pdf":
        from prakerja_desktop.reports.summary_pdf import write_summary_pdf  # start-up speed (reportlab)

        write_summary_pdf(report, path, office_name)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return path


RECORD_COLUMNS = ("receipt_number", "submitted_at", "full_name", "nik", "kk_number", "phone_e164", "email",
                  "district_code", "village", "eligibility_outcome", "entered_by_name")
MASKED_COLUMNS = ("nik", "kk_number", "phone_e164")
SHOWN_COLUMNS = ("district_code",)  # codes written in words


def outcome_words(code: str | None) -> str:
    """The pre-check outcome in words, as the report's summary names it."""
    words = {"eligible": _("Memenuhi syarat"), "needs_check": _("Perlu diperiksa petugas"),
             "not_eligible": _("Tidak memenuhi syarat")}
    return words.get(code or "", code or "")


def record_header() -> list[str]:
    """The record export's column titles in the current language (the catalogue's labels)."""
    own = {"receipt_number": _("Nomor tanda terima"), "submitted_at": _("Dicatat pada"),
           "eligibility_outcome": _("Hasil cek"), "entered_by_name": _("Dicatat oleh")}
    return [own.get(c) or fields.label(c) for c in RECORD_COLUMNS]


def export_records(session: Session, path: Path, fmt: str, *, full_nik: bool = False,
                   progress: Callable[[int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> int:
    """Write every record (masked NIK/KK/phone unless full_nik) as csv or xlsx; returns the count."""
    query = select(*(getattr(RecordRow, c) for c in RECORD_COLUMNS)).order_by(RecordRow.id).execution_options(
        yield_per=5000)

    def cells(row: Any) -> list[Any]:
        values = dict(zip(RECORD_COLUMNS, row, strict=True))
        if not full_nik:
            for name in MASKED_COLUMNS:
                values[name] = fields.mask(name, values[name])
        for name in SHOWN_COLUMNS:
            values[name] = fields.display(name, values[name])
        values["eligibility_outcome"] = outcome_words(values["eligibility_outcome"])
        values["submitted_at"] = values["submitted_at"].isoformat(" ", "minutes")
        return [values[c] if values[c] is not None else "" for c in RECORD_COLUMNS]

    count = 0
    if fmt == "csv":
        with path.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(record_header())
            for row in session.execute(query):
                writer.writerow(cells(row))
                count += 1
                if count % 5000 == 0 and _step(count, progress, cancelled):
                    break
    elif fmt == "xlsx":
        from openpyxl.cell import WriteOnlyCell

        from prakerja_desktop import xlsx_out

        book = xlsx_out.workbook()  # no plaintext temp files (docs/security.md)
        sheet = book.create_sheet(_("Data"))
        sheet.append(record_header())
        for row in session.execute(query):
            out = []
            for name, value in zip(RECORD_COLUMNS, cells(row), strict=True):
                cell = WriteOnlyCell(sheet, value=value)
                if name in ("nik", "kk_number", "phone_e164"):
                    cell.number_format = "@"  # text: Excel must not turn 16 digits into 3.5E+15
                out.append(cell)
            sheet.append(out)
            count += 1
            if count % 5000 == 0 and _step(count, progress, cancelled):
                break
        book.save(path)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return count


def _step(count: int, progress: Callable[[int], None] | None, cancelled: Callable[[], bool] | None) -> bool:
    """Report progress; True when the person cancelled."""
    if progress is not None:
        progress(count)
    return bool(cancelled and cancelled())


def stamp() -> str:
    """A timestamp for file names."""
    return datetime.now().strftime("%Y%m%d-%H%M")
