"""Writing reports and record lists to CSV, XLSX and PDF.

XLSX cells keep their type (numbers are numbers, shares are percentages, days are dates), each table
gets its own sheet with a bold frozen header, filters and column widths, and the funnel and the waves
get native Excel charts. Times are the office's (the report says which zone).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from prakerja_desktop import clock
from prakerja_desktop.domain.rules import RuleSet
from prakerja_desktop.i18n import _
from prakerja_desktop.reports.aggregate import Report, stage_titles, waiting_condition
from prakerja_desktop.reports.tables import DATE, INT, PCT, cell_text, report_tables
from prakerja_desktop.storage.models import RecordRow

FORMATS = ("csv", "xlsx", "pdf")
NUMBER_FORMATS = {INT: "#,##0", PCT: "0%", DATE: "DD-MM-YYYY"}
MAX_WIDTH = 60  # characters: longer texts wrap in Excel's cell rather than push numbers off screen


def write_report(report: Report, path: Path, fmt: str, office_name: str = "") -> Path:
    """Write the aggregate report as csv, xlsx or pdf."""
    if fmt == "csv":
        with path.open("w", newline="", encoding="utf-8-sig") as handle:  # the BOM lets Excel read UTF-8
            writer = csv.writer(handle)
            for table in report_tables(report):
                writer.writerow([table.title])
                writer.writerow(table.header)
                for row in table.rows + ([table.total] if table.total else []):
                    writer.writerow([_csv_cell(v, k) for v, k in zip(row, table.kinds, strict=True)])
                for note in table.notes:
                    writer.writerow([note])
                writer.writerow([])
    elif fmt == "xlsx":
        _write_report_xlsx(report, path, office_name)
    elif fmt == "pdf":
        from prakerja_desktop.reports.summary_pdf import write_summary_pdf  # start-up speed (reportlab)

        write_summary_pdf(report, path, office_name)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return path


def _csv_cell(value: Any, kind: str) -> Any:
    """Counts stay plain numbers (a spreadsheet sums them); shares and days as people read them."""
    if kind == INT and isinstance(value, int):
        return value
    return cell_text(value, kind)


def _width(title: str, values: Iterable[Any], kind: str) -> float:
    """A column width in characters for its longest shown value (a long title wraps instead)."""
    longest = max([min(len(title), 14), *(len(cell_text(v, kind)) for v in values)])
    return min(MAX_WIDTH, max(6, longest + 2))


def _write_report_xlsx(report: Report, path: Path, office_name: str) -> None:
    """One sheet per table: bold frozen header, filters, widths, typed cells; charts for funnel and waves."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    from prakerja_desktop import xlsx_out  # start-up speed (openpyxl)

    book = xlsx_out.workbook()  # no plaintext temp files (docs/security.md)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    used: set[str] = set()
    for table in report_tables(report):
        name = _sheet_name(table.title, used)
        sheet = book.create_sheet(name)
        body = table.rows + ([table.total] if table.total else [])
        for n, kind in enumerate(table.kinds):
            letter = _column_letter(n + 1)
            sheet.column_dimensions[letter].width = _width(table.header[n], (r[n] for r in body), kind)
        sheet.freeze_panes = "B2" if table.key in ("funnel", "districts", "villages") else "A2"
        header = []
        for title in table.header:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font, cell.alignment = bold, wrap
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            sheet.append([_typed(sheet, v, k, False) for v, k in zip(row, table.kinds, strict=True)])
        last = len(table.rows) + 1
        sheet.auto_filter.ref = f"A1:{_column_letter(len(table.header))}{max(2, last)}"
        if table.total:
            sheet.append([_typed(sheet, v, k, True) for v, k in zip(table.total, table.kinds, strict=True)])
        sheet.append([])
        for note in table.notes:
            sheet.append([note])
        if table.key == "summary":
            sheet.append([])
            for line in (office_name, _("Dibuat: {moment}").format(moment=clock.shown(clock.utcnow(), report.zone))):
                if line:
                    sheet.append([line])
        if table.key == "funnel":
            _funnel_chart(sheet, report, len(body) + len(table.notes) + 3)
        if table.key == "waves" and table.rows:
            _waves_chart(sheet, len(table.rows), len(body) + len(table.notes) + 3)
    book.save(path)


def _typed(sheet: Any, value: Any, kind: str, total: bool) -> Any:
    """A cell with its number format (bold in the totals row)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(sheet, value=value)
    if kind in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[kind]
    if total:
        cell.font = Font(bold=True)
    return cell


def _funnel_chart(sheet: Any, report: Report, first_row: int) -> None:
    """A small stage/count block and a bar chart of it (Excel draws from cells)."""
    from openpyxl.chart import BarChart, Reference

    sheet.append([_("Tahap"), _("Jumlah")])
    for title, count in zip(stage_titles(), report.funnel.counts(), strict=True):
        sheet.append([title, count])
    chart = BarChart()
    chart.type = "bar"  # horizontal: long stage names stay readable
    chart.title = _("Alur pendaftaran")
    chart.y_axis.title = _("Orang")
    chart.y_axis.scaling.orientation = "minMax"
    chart.x_axis.scaling.orientation = "maxMin"  # the first stage on top
    data = Reference(sheet, min_col=2, min_row=first_row, max_row=first_row + len(stage_titles()))
    categories = Reference(sheet, min_col=1, min_row=first_row + 1, max_row=first_row + len(stage_titles()))
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    chart.legend = None
    chart.width, chart.height = 18, 9
    sheet.add_chart(chart, f"D{first_row}")


def _waves_chart(sheet: Any, rows: int, anchor_row: int) -> None:
    """Joined and accepted per wave, side by side."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.title = _("Per gelombang")
    chart.x_axis.title = _("Gelombang")
    chart.y_axis.title = _("Orang")
    chart.add_data(Reference(sheet, min_col=2, max_col=3, min_row=1, max_row=rows + 1), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=rows + 1))
    chart.width, chart.height = 18, 9
    sheet.add_chart(chart, f"A{anchor_row}")


def _sheet_name(title: str, used: set[str]) -> str:
    """A valid, unique sheet name (31 characters, none of []:*?/\\)."""
    base = "".join(" " if ch in "[]:*?/\\" else ch for ch in title)[:31] or "Sheet"
    name, n = base, 2
    while name.casefold() in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name.casefold())
    return name


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


RECORD_COLUMNS = ("receipt_number", "submitted_at", "full_name", "nik", "kk_number", "phone_e164", "email",
                  "district_code", "village", "eligibility_outcome", "entered_by_name")
MASKED_COLUMNS = ("nik", "kk_number", "phone_e164")
SHOWN_COLUMNS = ("district_code",)  # codes written in words


def outcome_words(code: str | None) -> str:
    """The pre-check outcome in words, as the report's summary names it."""
    words = {"eligible": _("Memenuhi syarat"), "needs_check": _("Perlu diperiksa petugas"),
             "not_eligible": _("Tidak memenuhi syarat")}
    return words.get(code or "", code or "")


def record_header(zone: str = clock.DEFAULT_ZONE) -> list[str]:
    """The record export's column titles in the current language (the catalogue's labels)."""
    own = {"receipt_number": _("Nomor tanda terima"), "submitted_at": _("Dicatat pada ({zone})").format(zone=zone),
           "eligibility_outcome": _("Hasil cek"), "entered_by_name": _("Dicatat oleh")}
    from prakerja_desktop.domain import fields  # the validators behind it: only for lists of people

    return [own.get(c) or fields.label(c) for c in RECORD_COLUMNS]


def export_records(session: Session, path: Path, fmt: str, *, full_nik: bool = False,
                   progress: Callable[[int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None, zone: str | None = None) -> int:
    """Write every record (masked NIK/KK/phone unless full_nik) as csv or xlsx; returns the count."""
    from prakerja_desktop.reports.aggregate import office_zone

    zone = zone or office_zone(session)
    return _write_people(session, select(*(getattr(RecordRow, c) for c in RECORD_COLUMNS)).order_by(RecordRow.id),
                         path, fmt, RECORD_COLUMNS, record_header(zone), zone,
                         masked=() if full_nik else MASKED_COLUMNS, progress=progress, cancelled=cancelled)


WAITING_COLUMNS = ("full_name", "phone_e164", "email", "village", "district_code", "submitted_at", "receipt_number")


def waiting_note() -> str:
    """The privacy note on top of every waiting-list file."""
    return _("RAHASIA: data pribadi. Hanya untuk menghubungi orang ini saat pendaftaran Prakerja dibuka; "
             "mereka sudah setuju dihubungi. Jangan dibagikan; hapus berkas ini setelah selesai dipakai.")


def waiting_header(zone: str) -> list[str]:
    """Column titles of the waiting list."""
    own = {"submitted_at": _("Dicatat pada ({zone})").format(zone=zone), "receipt_number": _("Nomor tanda terima")}
    from prakerja_desktop.domain import fields

    return [own.get(c) or fields.label(c) for c in WAITING_COLUMNS]


def export_waiting_list(session: Session, path: Path, fmt: str, zone: str | None = None,
                        rule_set: RuleSet | None = None) -> int:
    """The waiting list (consented to follow-up, ready, not registered online), oldest first, with a note.

    rule_set: the office's set in force (app.rule_set) decides which checklist items block.
    """
    from prakerja_desktop.reports.aggregate import office_zone

    zone = zone or office_zone(session)
    query = (select(*(getattr(RecordRow, c) for c in WAITING_COLUMNS)).where(waiting_condition(rule_set))
             .order_by(RecordRow.submitted_at, RecordRow.id))
    # Phone numbers in full: the list exists to call or message these people, who agreed to it.
    return _write_people(session, query, path, fmt, WAITING_COLUMNS, waiting_header(zone), zone,
                         masked=(), note=waiting_note())


def waiting_members(session: Session, rule_set: RuleSet | None = None) -> list[str]:
    """Receipt numbers of everyone on the waiting list (tests and checks; nothing personal)."""
    return list(session.execute(select(RecordRow.receipt_number).where(waiting_condition(rule_set))
                                .order_by(RecordRow.receipt_number)).scalars())


def _write_people(session: Session, query: Any, path: Path, fmt: str, columns: Sequence[str],
                  header: list[str], zone: str, *, masked: Sequence[str], note: str = "",
                  progress: Callable[[int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None) -> int:
    """Stream rows of people to CSV or XLSX (times in the office's zone, codes in words)."""
    from prakerja_desktop.domain import fields

    query = query.execution_options(yield_per=5000)
    time_at = columns.index("submitted_at") if "submitted_at" in columns else -1
    tz = clock.tzinfo(zone)

    def cells(row: Any) -> list[Any]:
        values = dict(zip(columns, row, strict=True))
        for name in masked:
            values[name] = fields.mask(name, values[name])
        for name in SHOWN_COLUMNS:
            if name in values:
                values[name] = fields.display(name, values[name])
        if "eligibility_outcome" in values:
            values["eligibility_outcome"] = outcome_words(values["eligibility_outcome"])
        if "phone_e164" in values and "phone_e164" not in masked:
            values["phone_e164"] = fields.display("phone_e164", values["phone_e164"])
        out = [values[c] if values[c] is not None else "" for c in columns]
        if time_at >= 0:  # naive local time: a spreadsheet has no zones (the header names it)
            out[time_at] = _local(row[time_at], tz)
        return out

    count = 0
    if fmt == "csv":
        with path.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            if note:
                writer.writerow([note])
            writer.writerow(header)
            for row in session.execute(query):
                values = cells(row)
                if time_at >= 0:
                    values[time_at] = values[time_at].strftime("%d-%m-%Y %H:%M")
                writer.writerow(values)
                count += 1
                if count % 5000 == 0 and _step(count, progress, cancelled):
                    break
    elif fmt == "xlsx":
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        from prakerja_desktop import xlsx_out

        book = xlsx_out.workbook()  # no plaintext temp files (docs/security.md)
        sheet = book.create_sheet(_("Data"))
        widths = {"full_name": 30, "email": 28, "district_code": 34, "village": 18, "submitted_at": 17}
        for n, name in enumerate(columns):
            sheet.column_dimensions[_column_letter(n + 1)].width = widths.get(name, 20)
        first = 3 if note else 1
        sheet.freeze_panes = f"A{first + 1}"
        if note:
            sheet.append([note])
            sheet.append([])
        bold = Font(bold=True)
        titles = []
        for title in header:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = bold
            titles.append(cell)
        sheet.append(titles)
        text_columns = [n for n, name in enumerate(columns) if name in ("nik", "kk_number", "phone_e164")]
        for row in session.execute(query):
            out = cells(row)
            for n in text_columns:  # text: Excel must not turn 16 digits into 3.5E+15
                cell = WriteOnlyCell(sheet, value=out[n])
                cell.number_format = "@"
                out[n] = cell
            if time_at >= 0:
                moment = WriteOnlyCell(sheet, value=out[time_at])
                moment.number_format = "DD-MM-YYYY HH:MM"
                out[time_at] = moment
            sheet.append(out)
            count += 1
            if count % 5000 == 0 and _step(count, progress, cancelled):
                break
        sheet.auto_filter.ref = f"A{first}:{_column_letter(len(columns))}{first + max(1, count)}"
        book.save(path)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return count


def _local(moment: datetime, tz: tzinfo) -> datetime:
    """A stored UTC time as the office's naive local time."""
    return moment.replace(tzinfo=UTC).astimezone(tz).replace(tzinfo=None)


def _step(count: int, progress: Callable[[int], None] | None, cancelled: Callable[[], bool] | None) -> bool:
    """Report progress; True when the person cancelled."""
    if progress is not None:
        progress(count)
    return bool(cancelled and cancelled())


def stamp(zone: str = clock.DEFAULT_ZONE) -> str:
    """A timestamp for file names, in the office's local time."""
    return clock.file_stamp(zone)

