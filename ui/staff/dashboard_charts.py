"""The dashboard's pieces: a chart with its numbers beside it (colour is never the only carrier), and
plain number tables. Qt Charts is imported here only, when the dashboard first opens."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.staff.common import heading

# Colour-blind-safe (Okabe–Ito) colours; every bar also carries its number as a label.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
MAX_TABLE_ROWS = 12  # rows shown before the table scrolls
WIDE = 900  # from this width the numbers sit beside the chart, below it on narrower screens


def number(value: int | float) -> str:
    """12.345 (Indonesian thousands separator)."""
    return f"{int(value):,}".replace(",", ".")


def percent(share: float | None) -> str:
    """"38%" (or "-" when unknown)."""
    return "-" if share is None else f"{share * 100:.0f}%"


def short(text: str, limit: int = 30) -> str:
    """An axis label short enough to read; the table beside has the whole text."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class NumberTable(QTableWidget):
    """A read-only table of numbers, as tall as its rows (up to MAX_TABLE_ROWS)."""

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[Any]], name: str,
                 parent: QWidget | None = None, *, total: Sequence[Any] | None = None,
                 stretch_first: bool = True) -> None:
        rows = [*rows, *([total] if total is not None else [])]
        super().__init__(len(rows), len(header), parent)
        self._stretch_first = stretch_first
        self.setObjectName(name)
        self.setAccessibleName(name)
        self.setHorizontalHeaderLabels(list(header))
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWordWrap(True)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(number(value) if isinstance(value, int) else str(value))
                if isinstance(value, int | float) or str(value).endswith("%") or value == "-":
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if total is not None and r == len(rows) - 1:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.setItem(r, c, item)
        header_view = self.horizontalHeader()
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if stretch_first:  # words in the first column take the room left; numbers are never squeezed
            header_view.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        else:  # numbers only: every column as wide as its numbers, the rest of the row stays empty
            header_view.setStretchLastSection(False)
            self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.verticalHeader().setMinimumSectionSize(34)
        if stretch_first:
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as its rows (wrapped rows grow once the width is known), up to MAX_TABLE_ROWS."""
        self.resizeRowsToContents()
        shown = min(self.rowCount(), MAX_TABLE_ROWS)
        rows = sum(self.rowHeight(r) for r in range(shown))
        height = self.horizontalHeader().sizeHint().height() + rows + 4
        self.setFixedHeight(max(height, 60))
        if not self._stretch_first:  # as wide as its columns (plus the scroll bar when it scrolls)
            self.resizeColumnsToContents()
            bar = self.verticalScrollBar().sizeHint().width() if self.rowCount() > MAX_TABLE_ROWS else 0
            self.setFixedWidth(self.horizontalHeader().length() + 2 * self.frameWidth() + bar + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Fit the height again for the new width."""
        super().resizeEvent(event)
        self._fit_height()

    def texts(self) -> list[list[str]]:
        """Every cell's text, row by row (tests read what people read)."""
        return [[self.item(r, c).text() for c in range(self.columnCount())] for r in range(self.rowCount())]


def _chart_view(chart: QChart, name: str, title: str) -> QChartView:
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    chart.legend().setVisible(len(chart.series()) > 0 and isinstance(chart.series()[0], QStackedBarSeries))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setObjectName(name)
    view.setAccessibleName(title)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(260)
    view.setMinimumWidth(320)
    return view


def _bar_set(label: str, values: Sequence[float], colour: str, fmt: str = "@value") -> QBarSet:
    bars = QBarSet(label)
    bars.append([float(v) for v in values])
    bars.setColor(QColor(colour))
    bars.setLabelColor(QColor("#000000"))
    return bars


def bar_chart(categories: Sequence[str], sets: Sequence[tuple[str, Sequence[float]]], *, name: str,
              title: str,
              horizontal: bool = False, stacked: bool = False, label_format: str = "@value",
              maximum: float | None = None, axis_format: str = "%d", category_title: str = "") -> QChartView:
    """Bars (vertical, horizontal or stacked) with their values written on them."""
    series: QBarSeries | QHorizontalBarSeries | QStackedBarSeries
    series = QStackedBarSeries() if stacked else (QHorizontalBarSeries() if horizontal else QBarSeries())
    for n, (label, values) in enumerate(sets):
        series.append(_bar_set(label, values, COLOURS[n % len(COLOURS)]))
    series.setLabelsVisible(True)
    series.setLabelsFormat(label_format)
    if not stacked:
        series.setLabelsPosition(series.LabelsPosition.LabelsOutsideEnd)
    chart = QChart()
    chart.addSeries(series)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    category_axis = QBarCategoryAxis()
    category_axis.append(list(categories))
    if category_title:
        category_axis.setTitleText(category_title)
    value_axis = QValueAxis()
    value_axis.setLabelFormat(axis_format)
    if stacked:
        columns = zip(*(values for _label, values in sets), strict=True)
        top = max((sum(column) for column in columns), default=0)
    else:
        top = max((max(values, default=0) for _label, values in sets), default=0)
    if maximum is None:
        value_axis.setRange(0, max(4.0, float(top) * 1.18))
        value_axis.applyNiceNumbers()
    else:
        value_axis.setRange(0, maximum)
        value_axis.setTickCount(6)
    chart.addAxis(category_axis, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(category_axis)
    series.attachAxis(value_axis)
    return _chart_view(chart, name, title)


class Section(QWidget):
    """A heading, then a chart with its numbers beside it (below it on narrow screens)."""

    def __init__(self, title: str, name: str, chart: QWidget | None, table: NumberTable,
                 parent: QWidget | None = None, *, notes: Sequence[str] = (), stacked: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.chart = chart
        self.table = table
        self.stacked = stacked  # the table always under the chart (wide tables of numbers)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(heading(title, self, "sectionHeading"))
        self.row = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        if chart is not None:
            chart.setParent(self)
            self.row.addWidget(chart, 3)
        table.setParent(self)
        self.row.addWidget(table, 2, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(self.row)
        self.notes = QLabel("\n".join(notes), self)
        self.notes.setObjectName(f"{name}Notes")
        self.notes.setWordWrap(True)
        self.notes.setProperty("class", "tableNotes")
        self.notes.setVisible(bool(notes))
        outer.addWidget(self.notes)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Numbers beside the chart when there is room, below it when not."""
        super().resizeEvent(event)
        wanted = QBoxLayout.Direction.TopToBottom
        if self.width() >= WIDE and not self.stacked:
            wanted = QBoxLayout.Direction.LeftToRight
        if self.chart is not None and self.row.direction() != wanted:
            self.row.setDirection(wanted)
