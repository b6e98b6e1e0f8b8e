"""Records: one search box (name, NIK, KK, phone, receipt number or a scanned QR), filters, the table.

Newest first; the date, name and result headers sort. A single tap selects a row; a double tap, Enter or
"Buka" opens the person's record view in place; "Kembali ke daftar" returns. The filters fold away behind
"Filter" so the list keeps the room (12 rows and more at 1366×768).
"""

from __future__ import annotations

import logging
import uuid
from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from prakerja_desktop.i18n import _
from prakerja_desktop.staff.records import RecordFilter
from ui.models.records_model import ROW_ROLE, SORTABLE, RecordsModel, people_count
from ui.staff.common import STAFF_QSS, big_button, heading
from ui.staff.context import StaffContext
from ui.staff.record_view import RecordView
from ui.staff.records_table import RecordsTable
from ui.style import follow_display

logger = logging.getLogger(__name__)
NO_DATE = QDate(2000, 1, 1)  # the date boxes' "Semua" value
RECORDS_QSS = """
QTableView#recordsTable { font-size: 17px; }
QTableView#recordsTable QHeaderView::section { font-size: 16px; }
"""


class RecordsScreen(QWidget):
    """Find people and open their records."""

    record_opened = Signal(object)  # uuid.UUID
    screen_requested = Signal(str)  # another staff screen by name (the receipt check)

    def __init__(self, context: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordsScreen")
        follow_display(self, STAFF_QSS + RECORDS_QSS)
        self.context = context
        self.record_view: RecordView | None = None
        self._stale = False  # a record was changed or erased: read the list again on return
        self.model = RecordsModel(context.run, context.records, parent=self)
        self.stack = QStackedWidget(self)
        self.list_page = QWidget(self.stack)
        self.stack.addWidget(self.list_page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self._build_list()
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(250)
        self._filter_timer.timeout.connect(self.search)
        for signal in (self.date_from.dateChanged, self.date_to.dateChanged,
                       self.outcome_box.currentIndexChanged, self.wave_box.valueChanged,
                       self.village_box.currentTextChanged):
            signal.connect(lambda *_args: self._filter_timer.start())
        self.district_box.currentIndexChanged.connect(self._on_district_changed)
        self.model.count_changed.connect(self._on_count)
        self.model.failed.connect(self.count_label.setText)
        self.model.modelReset.connect(lambda: None if self.model.count_known else
                                      self.count_label.setText(_("Sedang menghitung…")))
        self._shown_before = False
        self.search()
        context.run(context.app.reports.districts_present, self._on_districts,
                    lambda exc: logger.warning("districts not loaded: %s", type(exc).__name__), owner=self)

    def _build_list(self) -> None:
        page = self.list_page
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(heading(_("Data orang"), page))
        self.count_label = QLabel(_("Sedang menghitung…"), page)
        self.count_label.setObjectName("countLabel")
        follow_display(self.count_label, "QLabel { font-weight: bold; font-size: 20px; }", base=False)
        top.addSpacing(16)
        top.addWidget(self.count_label, 1)
        self.verify_button = big_button(_("Cek keaslian tanda terima"), "openReceiptCheck", page)
        self.verify_button.clicked.connect(lambda: self.screen_requested.emit("receipt_check"))
        top.addWidget(self.verify_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        row = QHBoxLayout()
        self.search_edit = QLineEdit(page)
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(
            _("Nama, NIK, nomor KK, nomor HP, nomor tanda terima, atau pindai QR"))
        self.search_edit.setAccessibleName(_("Cari orang"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.returnPressed.connect(self.search)
        self.search_button = big_button(_("Cari"), "searchButton", page)
        self.search_button.clicked.connect(self.search)
        self.filter_button = big_button(_("Filter"), "filterButton", page)
        self.filter_button.setCheckable(True)
        self.filter_button.toggled.connect(self._show_filters)
        self.open_button = big_button(_("Buka"), "openButton", page)
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_selected)
        row.addWidget(self.search_edit, 1)
        for button in (self.search_button, self.filter_button, self.open_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.filters = QWidget(page)
        self.filters.setObjectName("filtersPanel")
        filters_layout = QVBoxLayout(self.filters)
        filters_layout.setContentsMargins(0, 0, 0, 0)
        filters_layout.addLayout(self._build_filters(self.filters))
        clear_row = QHBoxLayout()
        clear_row.addStretch(1)
        clear_row.addWidget(self.clear_button)
        filters_layout.addLayout(clear_row)
        self.filters.setVisible(False)
        layout.addWidget(self.filters)
        self.table = RecordsTable(page)
        self.table.setModel(self.model)
        self.table.opened.connect(self.open_row)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.open_button.setEnabled(current.isValid()))
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_clicked)
        layout.addWidget(self.table, 1)

    def _show_filters(self, shown: bool) -> None:
        self.filters.setVisible(shown)

    def _on_sort_clicked(self, column: int, order: Qt.SortOrder) -> None:
        """Columns that cannot sort keep the indicator where the sorting really is."""
        if column not in SORTABLE:
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column, Qt.SortOrder.DescendingOrder
                                    if self.model.filter.descending else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)

    def _update_filter_button(self) -> None:
        """"Filter (2)" when two filters narrow the list, so a folded filter is never forgotten."""
        flt = self.current_filter()
        active = sum(value not in (None, "") for value in (flt.date_from, flt.date_to, flt.district_code,
                                                           flt.village, flt.outcome, flt.wave))
        text = _("Filter ({n})").format(n=active) if active else _("Filter")
        self.filter_button.setText(text)
        self.filter_button.setAccessibleName(text)

    def _build_filters(self, page: QWidget) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self.date_from, self.date_to = self._date_box("dateFrom", page), self._date_box("dateTo", page)
        self.district_box = QComboBox(page)
        self.district_box.setObjectName("districtBox")
        self.district_box.addItem(_("Semua kecamatan"), None)
        for box in (self.district_box,):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(8)
        self.village_box = QComboBox(page)
        self.village_box.setObjectName("villageBox")
        self.village_box.setEditable(True)
        self.village_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.village_box.setMinimumContentsLength(8)
        self.village_box.lineEdit().setPlaceholderText(_("Semua desa"))
        self.outcome_box = QComboBox(page)
        self.outcome_box.setObjectName("outcomeBox")
        for value, text in ((None, _("Semua")), ("eligible", _("Memenuhi syarat")),
                            ("needs_check", _("Perlu diperiksa")),
                            ("not_eligible", _("Tidak memenuhi syarat"))):
            self.outcome_box.addItem(text, value)
        # Sized like the other boxes, not by its longest choice: the filters fit 1024 px in every display mode.
        self.outcome_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.outcome_box.setMinimumContentsLength(10)
        self.wave_box = QSpinBox(page)
        self.wave_box.setObjectName("waveBox")
        self.wave_box.setRange(0, 999)
        self.wave_box.setSpecialValueText(_("Semua"))
        self.wave_box.setMinimumHeight(48)
        self.clear_button = big_button(_("Hapus filter"), "clearFilters", page)
        self.clear_button.clicked.connect(self.clear_filters)
        fields = ((_("Dari tanggal"), self.date_from), (_("Sampai tanggal"), self.date_to),
                  (_("Hasil cek"), self.outcome_box), (_("Kecamatan"), self.district_box),
                  (_("Desa"), self.village_box), (_("Gelombang"), self.wave_box))
        for number, (text, widget) in enumerate(fields):
            label = QLabel(text, page)
            label.setBuddy(widget)
            widget.setAccessibleName(text)
            column = number % 3
            grid.addWidget(label, (number // 3) * 2, column)
            grid.addWidget(widget, (number // 3) * 2 + 1, column)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        return grid

    @staticmethod
    def _date_box(name: str, parent: QWidget) -> QDateEdit:
        box = QDateEdit(parent)
        box.setObjectName(name)
        box.setDisplayFormat("dd-MM-yyyy")
        box.setCalendarPopup(True)
        box.setMinimumDate(NO_DATE)
        box.setSpecialValueText(_("Semua"))
        box.setDate(NO_DATE)
        return box

    # --- searching ------------------------------------------------------------------------------

    def current_filter(self) -> RecordFilter:
        """What the search box and the filters say now."""
        def day(box: QDateEdit) -> date | None:
            return None if box.date() == NO_DATE else box.date().toPython()

        village = self.village_box.currentText().strip()
        return RecordFilter(text=self.search_edit.text().strip(), date_from=day(self.date_from),
                            date_to=day(self.date_to), district_code=self.district_box.currentData(),
                            village=village or None, outcome=self.outcome_box.currentData(),
                            wave=self.wave_box.value() or None)

    def search(self) -> None:
        """Show the records matching the box and the filters."""
        self._filter_timer.stop()
        self._update_filter_button()
        self.model.set_filter(self.current_filter())

    def refresh(self) -> None:
        """Read the list and the districts again."""
        self.model.refresh()
        context = self.context
        context.run(context.app.reports.districts_present, self._on_districts,
                    lambda exc: logger.warning("districts not loaded: %s", type(exc).__name__), owner=self)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Coming back to this screen (after assisting someone) shows the list as it is now."""
        super().showEvent(event)
        if self._shown_before and not event.spontaneous():
            self.refresh()
        self._shown_before = True

    def clear_filters(self) -> None:
        """Back to every record."""
        for box in (self.date_from, self.date_to):
            box.setDate(NO_DATE)
        self.district_box.setCurrentIndex(0)
        self.village_box.setEditText("")
        self.outcome_box.setCurrentIndex(0)
        self.wave_box.setValue(0)
        self.search_edit.clear()
        self.search()

    def _on_count(self, count: int) -> None:
        text = people_count(count)
        if count == 0:
            text = _("0 orang: tidak ada yang cocok.") if self.current_filter() != RecordFilter() else \
                _("Belum ada data orang.")
        self.count_label.setText(text)
        self.count_label.setAccessibleName(text)

    def _on_districts(self, districts: list[tuple[str, str]]) -> None:
        current = self.district_box.currentData()
        self.district_box.blockSignals(True)
        self.district_box.clear()
        self.district_box.addItem(_("Semua kecamatan"), None)
        for code, label in districts:
            self.district_box.addItem(label, code)
        index = self.district_box.findData(current)
        self.district_box.setCurrentIndex(max(0, index))
        self.district_box.blockSignals(False)

    def _on_district_changed(self) -> None:
        code = self.district_box.currentData()
        self._filter_timer.start()
        self.context.run(lambda: self.context.app.reports.villages_present(code), self._on_villages,
                         lambda exc: logger.warning("villages not loaded: %s", type(exc).__name__),
                         owner=self)

    def _on_villages(self, villages: list[str]) -> None:
        typed = self.village_box.currentText()
        self.village_box.blockSignals(True)
        self.village_box.clear()
        self.village_box.addItems(villages)
        self.village_box.setEditText(typed if typed in villages else "")
        self.village_box.blockSignals(False)

    # --- one person -----------------------------------------------------------------------------

    def open_selected(self) -> None:
        """"Buka": open the selected row."""
        index = self.table.currentIndex()
        if index.isValid():
            self.open_row(index.row())

    def open_row(self, row: int) -> None:
        """Open the record on this row (rows still loading are ignored)."""
        record = self.model.data(self.model.index(row, 0), ROW_ROLE)
        if record is not None:
            self.open_record(record.uuid)

    def open_record(self, record_uuid: uuid.UUID) -> RecordView:
        """Show one person's record in place of the list."""
        self.close_record(refresh=False)
        self.record_view = RecordView(self.context, record_uuid, self.stack)
        self.record_view.closed.connect(self.close_record)
        self.record_view.open_other.connect(self.open_record)
        self.stack.addWidget(self.record_view)
        self.stack.setCurrentWidget(self.record_view)
        self.record_opened.emit(record_uuid)
        return self.record_view

    def close_record(self, refresh: bool = True) -> None:
        """Back to the list (read again if something changed)."""
        view, self.record_view = self.record_view, None
        if view is not None:
            self._stale = self._stale or view.changed
            self.stack.removeWidget(view)
            view.deleteLater()
        if refresh and self._stale:
            self._stale = False
            self.model.refresh()
        self.stack.setCurrentWidget(self.list_page)
        self.table.setFocus()
