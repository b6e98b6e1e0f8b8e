"""A one-page PDF summary for the head of office (reportlab; numbers, no personal data)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from prakerja_desktop.i18n import _
from prakerja_desktop.reports.aggregate import Report
from prakerja_desktop.reports.tables import report_tables

MAX_ROWS = 5  # per table, so the summary stays on one page


def _plain(value: object) -> str:
    """Text for a reportlab Paragraph, which reads markup: an office named "<b>x" once broke the PDF."""
    return escape("".join(ch if ch.isprintable() else " " for ch in str(value)))


def write_summary_pdf(report: Report, path: Path, office_name: str = "") -> None:
    """Write the summary: the key numbers and the top rows of each table, on one A4 page."""
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=_("Laporan Prakerja Desktop"),
                            author=office_name or "Prakerja Desktop", invariant=1)
    story = [Paragraph(_("Laporan pendampingan Kartu Prakerja"), styles["Title"].clone("t", fontSize=16, spaceAfter=4))]
    if office_name:
        story.append(Paragraph(_plain(office_name), styles["Heading3"]))
    story.append(Paragraph(_("{start} sampai {end}").format(start=report.date_from.isoformat(),
                                                            end=report.date_to.isoformat()), styles["Normal"]))
    small = styles["BodyText"].clone("small", fontSize=7.5, leading=9)
    heading = styles["Heading4"].clone("tight", spaceBefore=2, spaceAfter=2)
    for title, header, rows in report_tables(report):
        if title in (_("Per hari"), _("Per desa")):
            continue  # weeks and districts say it in less space; the XLSX has the rest
        story.append(Spacer(1, 1.5 * mm))
        story.append(Paragraph(_plain(title), heading))
        # The newest weeks matter most; other tables are already sorted most-first.
        limit = len(rows) if title == _("Ringkasan") else MAX_ROWS
        shown = rows[-limit:] if title == _("Per minggu") else rows[:limit]
        data = [[Paragraph(_plain(h), small) for h in header]]
        data += [[Paragraph(_plain(c), small) for c in row] for row in shown]
        if len(rows) > limit:
            data.append([Paragraph(_("… dan {n} baris lagi (lihat XLSX)").format(n=len(rows) - limit), small)]
                        + [""] * (len(header) - 1))
        first = 80 * mm if len(header) <= 3 else 25 * mm
        widths = [first] + [(180 * mm - first) / max(1, len(header) - 1)] * (len(header) - 1)
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
        story.append(table)
    doc.build(story)
