"""The office report as PDF (reportlab, the PDF base: embedded DejaVu fonts; numbers, no personal data).

A4 landscape, so the funnel's stages fit across; charts for the funnel, the waves and the weeks; every
table complete, its header repeated on each page, its definitions under it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from prakerja_desktop import clock, pdf_base
from prakerja_desktop.i18n import _
from prakerja_desktop.reports.aggregate import Report, stage_titles
from prakerja_desktop.reports.tables import INT, PCT, Table, cell_text, report_tables

PAGE = landscape(A4)
WIDTH = PAGE[0] - 2 * pdf_base.MARGIN
BLUE, ORANGE = colors.HexColor("#0072B2"), colors.HexColor("#E69F00")  # Okabe–Ito, as on screen


def write_summary_pdf(report: Report, path: Path, office_name: str = "") -> None:
    """Write the whole report: key numbers, charts, then every table in full."""
    styles = pdf_base.styles()
    doc = pdf_base.document(path, _("Laporan Prakerja Desktop"), office_name, pagesize=PAGE)
    story: list[Flowable] = [Paragraph(_("Laporan pendampingan Kartu Prakerja"), styles["title"])]
    if office_name:
        story.append(pdf_base.para(office_name, styles["heading"]))
    story.append(pdf_base.para(
        _("{start} sampai {end}; hari dan jam menurut waktu kantor ({zone}). Dibuat {moment}.").format(
            start=report.date_from.strftime("%d-%m-%Y"), end=report.date_to.strftime("%d-%m-%Y"),
            zone=report.zone, moment=clock.shown(clock.utcnow(), report.zone)), styles["body"]))
    charts = [_funnel_chart(report)]
    if report.waves:
        charts.append(_waves_chart(report))
    story.append(Spacer(1, 3 * mm))
    story.append(_side_by_side(charts))
    for table in report_tables(report):
        story.append(CondPageBreak(40 * mm))  # a heading never sits alone at the foot of a page
        story.append(pdf_base.para(table.title, styles["heading"]))
        if table.key == "weeks" and report.per_week:
            story.append(_weeks_chart(report))
        if not table.rows and not table.total:
            story.append(pdf_base.para(_("(tidak ada data)"), styles["small"]))
            continue
        story.append(_table(table, styles))
        if table.notes:
            story.append(KeepTogether([pdf_base.para(note, styles["tiny"]) for note in table.notes]))
    doc.build(story)


def _table(table: Table, styles: dict[str, ParagraphStyle]) -> Flowable:
    """The whole table (a LongTable splits across pages and repeats its header), totals in bold, numbers
    right-aligned."""
    small, bold = styles["tiny"], ParagraphStyle("tiny_bold", parent=styles["tiny"], fontName=pdf_base.BOLD)
    right = {False: ParagraphStyle("tiny_right", parent=small, alignment=TA_RIGHT),
             True: ParagraphStyle("tiny_bold_right", parent=bold, alignment=TA_RIGHT)}

    def cells(row: list[object], total: bool) -> list[Flowable | str]:
        return [pdf_base.para(cell_text(v, k), right[total] if k in (INT, PCT) else (bold if total else small))
                for v, k in zip(row, table.kinds, strict=True)]

    data: list[list[Flowable | str]] = [[pdf_base.para(h, bold) for h in table.header]]
    data += [cells(row, False) for row in table.rows]
    if table.total:
        data.append(cells(table.total, True))
    grid = pdf_base.grid_table(data, _widths(table), padding=1, long=True)
    grid.hAlign = "LEFT"
    grid.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)])
    return grid


def _widths(table: Table) -> list[float]:
    """Words get room, numbers a narrow column each (shares narrower still)."""
    sizes = {INT: 17 * mm, PCT: 13 * mm} if len(table.kinds) > 6 else {INT: 28 * mm, PCT: 22 * mm}
    numbers = sum(sizes.get(kind, 0) for kind in table.kinds)
    texts = [n for n, kind in enumerate(table.kinds) if kind not in sizes]
    if not texts:
        return [WIDTH / len(table.kinds)] * len(table.kinds)
    text_width = min(110 * mm, (WIDTH - numbers) / len(texts))
    return [sizes.get(kind, text_width) for kind in table.kinds]


def _side_by_side(charts: Sequence[Drawing]) -> Flowable:
    from reportlab.platypus import Table as Grid

    grid = Grid([list(charts)], colWidths=[WIDTH / len(charts)] * len(charts))
    grid.setStyle([("FONTNAME", (0, 0), (-1, -1), pdf_base.FONT),  # an empty cell would start Helvetica
                   ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    return grid


def _style_axes(chart: HorizontalBarChart | VerticalBarChart) -> None:
    """Every text of a chart in the embedded font (reportlab's default is Helvetica)."""
    for labels in (chart.categoryAxis.labels, chart.valueAxis.labels, chart.barLabels):
        labels.fontName = pdf_base.FONT
        labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.strokeColor = chart.categoryAxis.strokeColor = colors.grey
    chart.barLabelFormat = "%d"
    chart.barLabels.nudge = 7


def _drawing(width: float, height: float) -> Drawing:
    """A drawing that starts in the embedded font (reportlab starts drawings in Helvetica otherwise)."""
    drawing = Drawing(width, height)
    drawing.initialFontName = pdf_base.FONT  # type: ignore[attr-defined]  # read by reportlab's renderer
    return drawing


def _caption(drawing: Drawing, text: str) -> None:
    from reportlab.graphics.shapes import String

    drawing.add(String(0, drawing.height - 10, text, fontName=pdf_base.BOLD, fontSize=9))


def _funnel_chart(report: Report) -> Drawing:
    """People at each stage, as horizontal bars (first stage on top)."""
    drawing = _drawing(125 * mm, 62 * mm)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = int(28 * mm), int(4 * mm), int(88 * mm), int(48 * mm)
    counts = report.funnel.counts()
    chart.data = [list(reversed(counts))]
    chart.categoryAxis.categoryNames = list(reversed(stage_titles()))
    chart.bars[0].fillColor = BLUE
    _style_axes(chart)
    chart.valueAxis.valueMax = int(max(4, max(counts) * 1.15)) + 1
    drawing.add(chart)
    _caption(drawing, _("Alur pendaftaran (semua orang dibantu)"))
    return drawing


def _waves_chart(report: Report) -> Drawing:
    """Joined and accepted per wave."""
    drawing = _drawing(125 * mm, 62 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = int(14 * mm), int(8 * mm), int(105 * mm), int(44 * mm)
    chart.data = [[w.joined for w in report.waves], [w.accepted for w in report.waves]]
    chart.categoryAxis.categoryNames = [str(w.wave) for w in report.waves]
    chart.bars[0].fillColor, chart.bars[1].fillColor = BLUE, ORANGE
    _style_axes(chart)
    chart.valueAxis.valueMax = int(max(4, max(w.joined for w in report.waves) * 1.15)) + 1
    drawing.add(chart)
    _caption(drawing, _("Per gelombang: ikut (biru) dan diterima (jingga)"))
    return drawing


def _weeks_chart(report: Report) -> Drawing:
    """People per ISO week."""
    drawing = _drawing(WIDTH, 45 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = int(14 * mm), int(6 * mm), int(WIDTH - 20 * mm), int(34 * mm)
    chart.data = [[n for _w, n in report.per_week]]
    chart.categoryAxis.categoryNames = [label.split("-W")[1].lstrip("0") for label, _n in report.per_week]
    chart.bars[0].fillColor = BLUE
    _style_axes(chart)
    chart.valueAxis.valueMax = int(max(4, max(n for _w, n in report.per_week) * 1.15)) + 1
    drawing.add(chart)
    return drawing
