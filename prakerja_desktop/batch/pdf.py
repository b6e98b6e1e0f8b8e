"""A short printable PDF of the rows to fix, with masked NIKs: it gets carried to villages."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from prakerja_desktop.batch.check import RowResult
from prakerja_desktop.batch.notes import RowStatus, problem_labels, status_label
from prakerja_desktop.batch.report import clean_text, temporary_path
from prakerja_desktop.batch.summary import CheckSummary
from prakerja_desktop.domain.nik import mask_nik
from prakerja_desktop.i18n import _, ngettext
from prakerja_desktop.paths import resources_dir

logger = logging.getLogger(__name__)

PAGE = landscape(A4)
MARGIN = 15 * mm
MAX_PDF_ROWS = 100  # about four pages; the XLSX has every row
_NAME_CHARS = 60
_FONTS = {"DejaVuSans": "DejaVuSans.ttf", "DejaVuSans-Bold": "DejaVuSans-Bold.ttf"}
_font_lock = threading.Lock()


def _fonts() -> tuple[str, str]:
    """The shipped DejaVu fonts (all of Unicode's Latin names), or Helvetica when they are missing."""
    with _font_lock:
        registered = set(pdfmetrics.getRegisteredFontNames())
        try:
            for name, filename in _FONTS.items():
                if name not in registered:
                    pdfmetrics.registerFont(TTFont(name, str(resources_dir() / "fonts" / filename)))
            return "DejaVuSans", "DejaVuSans-Bold"
        except Exception as exc:  # noqa: BLE001 - a missing font must not cost the report
            logger.warning("PDF fonts unavailable, using Helvetica: %s", type(exc).__name__)
            return "Helvetica", "Helvetica-Bold"


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
    return Paragraph(escape(clean_text(text)).replace("\n", "<br/>"), style)


def write_pdf(path: Path, summary: CheckSummary, rows: PdfRows) -> None:
    """Write the PDF summary (via a temporary file, so a failure leaves nothing half-written)."""
    regular, bold = _fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=8.5, leading=10.5)
    head = ParagraphStyle("head", parent=body, fontName=bold)
    title = ParagraphStyle("title", parent=body, fontName=bold, fontSize=14, leading=18)
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
        table = LongTable(data, colWidths=[*fixed, PAGE[0] - 2 * MARGIN - sum(fixed)], repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story.append(table)
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
    doc = SimpleDocTemplate(str(temp), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=_("Pemeriksaan daftar"),
                            author="Prakerja Desktop")

    def footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.setFont(regular, 7.5)
        canvas.drawRightString(PAGE[0] - MARGIN, 7 * mm,
                               _("Halaman {page}").format(page=document.page))

    try:
        doc.build(story, onFirstPage=footer, onLaterPages=footer)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
