"""A short printable PDF of the rows to fix, with masked NIKs: it gets carried to villages."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from prakerja_desktop import pdf_base
from prakerja_desktop.batch.check import RowResult
from prakerja_desktop.batch.notes import RowStatus, problem_labels, status_label
from prakerja_desktop.batch.report import clean_text, temporary_path
from prakerja_desktop.batch.summary import CheckSummary
from prakerja_desktop.domain.nik import mask_nik
from prakerja_desktop.i18n import _, ngettext

logger = logging.getLogger(__name__)

PAGE = landscape(A4)
MARGIN = pdf_base.MARGIN
MAX_PDF_ROWS = 100  # about four pages; the XLSX has every row
_NAME_CHARS = 60


@dataclass(frozen=True, slots=True)
class PdfLine:
    """One printed row: no phone, no email, no full NIK, only short problem labels."""

    number: int
    name: str
    masked_nik: str
    status: RowStatus
    problems: str


class PdfRows:
    """Keeps at most MAX_PDF_ROWS rows to print (rows to fix first), counting the rest."""

    def __init__(self, limit: int = MAX_PDF_ROWS) -> None:
        self.limit = limit
        self.fix: list[PdfLine] = []
        self.check: list[PdfLine] = []
        self.needing_work = 0

    def add(self, result: RowResult) -> None:
        """Remember a row that needs work, while there is room."""
        if result.status is RowStatus.READY:
            return
        self.needing_work += 1
        bucket = self.fix if result.status is RowStatus.FIX else self.check
        if len(bucket) >= self.limit:
            return
        name = result.name if len(result.name) <= _NAME_CHARS else result.name[: _NAME_CHARS - 1] + "…"
        bucket.append(PdfLine(result.number, name, mask_nik(result.nik), result.status,
                              "; ".join(problem_labels([n.code for n in result.notes]))))

    def lines(self) -> list[PdfLine]:
        """The rows to print, rows to fix first."""
        return (self.fix + self.check)[: self.limit]


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return pdf_base.para(clean_text(text), style)


def write_pdf(path: Path, summary: CheckSummary, rows: PdfRows) -> None:
    """Write the PDF summary (via a temporary file, so a failure leaves nothing half-written)."""
    styles = pdf_base.styles()
    body, head = styles["small"], styles["small_bold"]
    title = ParagraphStyle("title", parent=head, fontSize=14, leading=18)
    lines = rows.lines()
    story: list[Flowable] = [
        _para(_("Yang perlu diperbaiki sebelum kunjungan"), title),
        _para(_("Berkas: {name} · diperiksa {date}").format(
            name=summary.source.path.name, date=summary.checked_on.strftime("%d-%m-%Y")), body),
        _para(summary.counts_line() + ".", body),
    ]
    top = summary.top_problems(5)
    if top:
        story.append(_para(_("Masalah terbanyak: {problems}.").format(
            problems="; ".join(f"{label} ({count})" for label, count in top)), body))
    if summary.cancelled:
        story.append(_para(_("DIBATALKAN: hanya sebagian baris yang diperiksa."), head))
    story.append(_para(_("NIK disamarkan. Rincian lengkap ada di berkas {name}.").format(
        name=summary.out_xlsx.name), body))
    story.append(Spacer(1, 4 * mm))
    if lines:
        data = [[_para(t, head) for t in (_("Baris"), _("Nama"), _("NIK"), _("Status"),
                                          _("Yang perlu diperbaiki"))]]
        data += [[_para(str(line.number), body), _para(line.name, body), _para(line.masked_nik, body),
                  _para(status_label(line.status), body), _para(line.problems, body)] for line in lines]
        fixed = [14 * mm, 62 * mm, 38 * mm, 20 * mm]
        story.append(pdf_base.grid_table(data, [*fixed, PAGE[0] - 2 * MARGIN - sum(fixed)], header_fill="#EEEEEE",
                                         long=True))
        left = rows.needing_work - len(lines)
        if left > 0:
            story.append(Spacer(1, 3 * mm))
            more = ngettext("… dan {n} baris lain yang perlu diperbaiki atau diperiksa: lihat berkas {name}.",
                            "… dan {n} baris lain yang perlu diperbaiki atau diperiksa: lihat berkas {name}.",
                            left)
            story.append(_para(more.format(n=left, name=summary.out_xlsx.name), body))
    else:
        story.append(_para(_("Semua baris siap. Tidak ada yang perlu diperbaiki."), body))
    temp = temporary_path(path)
    doc = pdf_base.document(temp, _("Pemeriksaan daftar"), pagesize=PAGE, invariant=False)

    def footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.setFont(pdf_base.FONT, 7.5)
        canvas.drawRightString(PAGE[0] - MARGIN, 7 * mm,
                               _("Halaman {page}").format(page=document.page))

    try:
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
