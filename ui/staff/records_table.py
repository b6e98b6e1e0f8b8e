"""The records table: a single tap selects a row, a double tap, Enter or "Buka" opens it; the date, name
and result headers sort. Short columns get what they need, name and place share the rest (two lines fit a
row, so narrow screens wrap instead of scrolling)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from prakerja_desktop.i18n import _

ROW_HEIGHT = 44  # two lines of text; 12 rows and the search fit a 1366×768 screen


class RecordsTable(QTableView):
    """The table; a double click (double tap) or Enter opens a row, a single click only selects it."""

    opened = Signal(int)  # row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordsTable")
        self.setAccessibleName(_("Daftar orang"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(ROW_HEIGHT)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setWordWrap(True)  # two lines fit a 48 px row: narrow screens wrap instead of scrolling
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.doubleClicked.connect(lambda index: self.opened.emit(index.row()))
        self.setSortingEnabled(True)  # the model sorts in the database (date, name, result)
        self.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Short columns get what they need, name and place share the rest."""
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Set the column widths for the space there is."""
        model = self.model()
        if model is None:
            return
        cells, titles = self.fontMetrics(), self.horizontalHeader().fontMetrics()
        samples = {0: "00-00-0000", 3: _("Tidak memenuhi"), 4: "000", 5: _("Pak Admin")}
        fixed = 0
        for column, sample in samples.items():
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            widest = max(titles.horizontalAdvance(line) * 1.12 for line in title.split("\n"))
            width = int(max(cells.horizontalAdvance(sample), widest)) + 16
            self.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(column, width)
            fixed += width
        rest = max(220, self.viewport().width() - fixed)
        for column, share in ((1, rest // 2), (2, rest - rest // 2)):
            self.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(column, share)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Enter opens the current row."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.opened.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)
