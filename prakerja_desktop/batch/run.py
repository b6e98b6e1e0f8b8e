"""The batch pre-check use case: read a list, check every row, write the XLSX (and PDF) report.

Blocking and Qt-free: the GUI calls run_check() on its worker thread with a progress callback and a
cancel flag; the command line does the same with stderr lines and Ctrl-C.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from prakerja_desktop.batch.check import KnownNik, RowChecker
from prakerja_desktop.batch.reader import BatchFileError, SourceRow, open_table
from prakerja_desktop.batch.report import XlsxReport
from prakerja_desktop.batch.summary import CheckSummary
from prakerja_desktop.domain import rules
from prakerja_desktop.domain.fields.cells import cell_text
from prakerja_desktop.i18n import _
from prakerja_desktop.storage import records
from prakerja_desktop.storage.database import Database

if TYPE_CHECKING:
    from prakerja_desktop.batch.pdf import PdfRows

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 500  # rows between progress calls
Progress = Callable[[int, int | None], None]


def _pdf_rows() -> PdfRows:
    """The rows the PDF will print, collected while checking."""
    from prakerja_desktop.batch.pdf import PdfRows

    return PdfRows()


def _blank(row: SourceRow) -> bool:
    return not row.unreadable and not row.formulas and not any(cell_text(c) for c in row.cells)


def check_outputs(source: Path, out_xlsx: Path, out_pdf: Path | None) -> None:
    """Refuse output paths that cannot work, before reading anything."""
    outputs = [(out_xlsx, ".xlsx")] + ([(out_pdf, ".pdf")] if out_pdf else [])
    for out, suffix in outputs:
        if out.suffix.lower() != suffix:
            raise BatchFileError(_("Berkas hasil {path} harus berakhiran {suffix}.").format(
                path=out, suffix=suffix))
        if out.is_dir():
            raise BatchFileError(_("{path} adalah folder; tulis nama berkas hasil.").format(path=out))
        if not out.parent.is_dir():
            raise BatchFileError(_("Folder untuk berkas hasil tidak ada: {folder}").format(folder=out.parent))
        if not os.access(out.parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
            raise BatchFileError(_("Berkas hasil tidak bisa ditulis ke {path} (izin ditolak).")
                                 .format(path=out))
        if out.exists() and source.exists() and out.resolve() == source.resolve():
            raise BatchFileError(_("Berkas hasil tidak boleh menimpa berkas yang diperiksa ({path}).")
                                 .format(path=out))
    if out_pdf is not None and out_pdf.resolve() == out_xlsx.resolve():
        raise BatchFileError(_("Berkas XLSX dan PDF harus berbeda."))


def run_check(path: str | Path, out_xlsx: str | Path, out_pdf: str | Path | None = None, *,
              known_nik: KnownNik | None = None, progress: Progress | None = None,
              cancelled: Callable[[], bool] | None = None, rule_set: rules.RuleSet | None = None,
              today: date | None = None) -> CheckSummary:
    """Check every row of a CSV/XLSX list, write the annotated XLSX (and PDF); BatchFileError if unusable."""
    started = time.monotonic()
    source, xlsx = Path(path), Path(out_xlsx)
    pdf = Path(out_pdf) if out_pdf is not None else None
    check_outputs(source, xlsx, pdf)
    rule_set = rule_set or rules.load_rule_set()
    today = today or date.today()
    # The PDF module (and reportlab) loads only when a PDF is asked for (`main.py check` start, issue 20).
    pdf_rows = _pdf_rows() if pdf is not None else None
    with open_table(source) as table:
        info = table.info
        checker = RowChecker(info.header.columns, info.header.titles, rule_set=rule_set, today=today,
                             known_nik=known_nik, excel_numbers=info.excel_numbers)
        summary = CheckSummary(info, xlsx, pdf, rule_set.id, today)
        report = XlsxReport(xlsx, info)
        total = info.total_rows
        done = 0
        try:
            for row in table.rows():
                if cancelled is not None and cancelled():
                    summary.cancelled = True
                    break
                done += 1
                if _blank(row):
                    summary.blank_rows += 1
                else:
                    result = checker.check(row)
                    summary.add(result)
                    report.add(row, result)
                    if pdf_rows is not None:
                        pdf_rows.add(result)
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress(done, total if total is not None and done <= total else None)
            summary.failed_rows = checker.failures
            summary.lookup_failed = checker.lookup_failed
            if summary.rows == 0 and not summary.cancelled:
                raise BatchFileError(_("Berkas {path} hanya berisi judul kolom; belum ada baris data untuk "
                                       "diperiksa.").format(path=source))
            report.finish(summary)
        except BaseException:
            report.abort()
            raise
    if pdf is not None and pdf_rows is not None:
        from prakerja_desktop.batch.pdf import write_pdf

        write_pdf(pdf, summary, pdf_rows)
    if progress is not None:
        progress(done, done)
    summary.seconds = time.monotonic() - started
    logger.info("batch check %s: %d rows (%s), %d blank, %d failed, %.1f s", "cancelled" if summary.cancelled
                else "done", summary.rows, ", ".join(f"{s}={n}" for s, n in summary.counts.items()),
                summary.blank_rows, summary.failed_rows, summary.seconds)
    return summary


@contextmanager
def database_lookup(db: Database) -> Iterator[KnownNik]:
    """known_nik over one read-only session: True when a record with this NIK exists here."""
    with db.read() as session:
        yield lambda nik: records.by_nik(session, nik) is not None
