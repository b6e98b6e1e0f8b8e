"""A one-page PDF summary for the head of office (reportlab; numbers, no personal data)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from prakerja_desktop import pdf_base
from prakerja_desktop.i18n import _
from prakerja_desktop.reports.aggregate import Report
from prakerja_desktop.reports.tables import report_tables

MAX_ROWS = 5  # per table, so the summary stays on one page


def write_summary_pdf(report: Report, path: Path, office_name: str = "") -> None:
    """Write the summary: the key numbers and the top rows of each table, on one A4 page."""
    styles = pdf_base.styles()
    doc = pdf_base.document(path, _("Laporan Prakerja Desktop"), office_name)
    story: list[Flowable] = [Paragraph(_("Laporan pendampingan Kartu Prakerja"), styles["title"])]
    if office_name:
        story.append(pdf_base.para(office_name, styles["heading"]))
    story.append(Paragraph(_("{start} sampai {end}").format(start=report.date_from.isoformat(),
                                                            end=report.date_to.isoformat()), styles["body"]))
    small, heading = styles["tiny"], styles["subheading"]
    for title, header, rows in report_tables(report):
        if title in (_("Per hari"), _("Per desa")):
            continue  # weeks and districts say it in less space; the XLSX has the rest
        story.append(Spacer(1, 1.5 * mm))
        story.append(pdf_base.para(title, heading))
        # The newest weeks matter most; other tables are already sorted most-first.
        limit = len(rows) if title == _("Ringkasan") else MAX_ROWS
        shown = rows[-limit:] if title == _("Per minggu") else rows[:limit]
        data: list[list[Flowable | str]] = [[pdf_base.para(h, small) for h in header]]
        data += [[pdf_base.para(c, small) for c in row] for row in shown]
        if len(rows) > limit:
            more = Paragraph(_("… dan {n} baris lagi (lihat XLSX)").format(n=len(rows) - limit), small)
            data.append([more, *[""] * (len(header) - 1)])
        first = 80 * mm if len(header) <= 3 else 25 * mm
        widths = [first] + [(180 * mm - first) / max(1, len(header) - 1)] * (len(header) - 1)
        story.append(pdf_base.grid_table(data, widths, padding=1))
    doc.build(story)
