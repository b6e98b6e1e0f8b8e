"""The review queue: two records with one NIK, side by side field by field; staff decide.

"Pakai data lama" keeps the record already here, "Pakai data baru" takes every field from the laptop's,
"Gabungkan pilihan" takes only the ticked fields, and "Dua orang berbeda" adds the laptop's record
under the corrected NIK staff type. Nothing changes until a button is pressed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from prakerja_desktop import clock
from prakerja_desktop.domain import fields
from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.i18n import _, ngettext
from prakerja_desktop.sync.review import ReviewCase
from ui.display import current_mode
from ui.models.records_model import outcome_words
from ui.operations import plain_error
from ui.staff.common import big_button
from ui.staff.context import StaffContext
from ui.staff.progress import StatusLine
from ui.style import follow_display, palette


def _differs() -> QColor:
    """The background of a value that differs between the two records (the display mode's mark colour)."""
    return QColor(palette(current_mode())["mark"])


def field_labels() -> dict[str, str]:
    """Plain names of the fields shown side by side: the catalogue's, and the record's own."""
    return {
        **fields.labels(), "receipt_number": _("Nomor tanda terima"), "eligibility_outcome": _("Hasil cek"),
        "submitted_at": _("Dicatat pada"), "entered_by_name": _("Dicatat oleh"),
    }


def shown(name: str, value: Any, zone: str = clock.DEFAULT_ZONE) -> str:
    """A value as staff see it, codes in words (NIK and KK masked: they are compared by the row colour)."""
    if value in (None, ""):
        return _("(kosong)")
    if name in ("nik", "kk_number"):
        return fields.mask(name, value)
    if name in fields.CATALOGUE:
        return fields.display(name, value) or _("(kosong)")
    if name == "eligibility_outcome":
        return outcome_words(str(value))
    if name == "submitted_at":  # stored in UTC, shown in the office's time zone
        try:
            moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return clock.shown(moment.replace(tzinfo=None), zone)
    return str(value)


class ReviewPanel(QWidget):
    """The open cases on the left, the chosen case's two records side by side on the right."""

    decided = Signal(str)  # the decision
    count_changed = Signal(int)
    loaded = Signal(int)

    def __init__(self, context: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncReview")
        self.context = context
        self.cases: list[ReviewCase] = []
        self.case: ReviewCase | None = None
        self.zone = clock.DEFAULT_ZONE  # the office's, read with the cases
        outer = QVBoxLayout(self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("reviewCount")
        self.count_label.setWordWrap(True)
        outer.addWidget(self.count_label)
        # The cases run across the top (a row of cards) so the two records get the whole width below.
        self.case_list = QListWidget(self)
        self.case_list.setObjectName("reviewCases")
        self.case_list.setAccessibleName(_("Daftar NIK ganda"))
        self.case_list.setFlow(QListView.Flow.LeftToRight)
        self.case_list.setWrapping(False)
        self.case_list.setFixedHeight(74)
        self.case_list.setSpacing(2)
        follow_display(self.case_list, "QListWidget { font-size: 16px; } QListWidget::item { min-height: 48px;"
                       " min-width: 190px; padding: 2px 8px; border: 1px solid @control@; }"
                       " QListWidget::item:selected { background: @primary@; color: @on_primary@; }", base=False)
        self.case_list.currentRowChanged.connect(self._show_case)
        outer.addWidget(self.case_list)
        body = QHBoxLayout()
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("reviewFields")
        self.table.setAccessibleName(_("Dua data berdampingan"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setHorizontalHeaderLabels([_("Isian"), _("Data lama"), _("Data baru")])
        body.addWidget(self.table, 1)
        self.empty_label = QLabel(_("Tidak ada NIK ganda yang menunggu keputusan.\n\nBila bundel dari laptop membawa "
                                    "NIK yang sudah tercatat di sini, kedua data muncul di sini berdampingan, isian "
                                    "demi isian, dan petugas memilih mana yang dipakai."), self)
        self.empty_label.setObjectName("reviewEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty_label.setStyleSheet("QLabel#reviewEmpty { font-size: 18px; padding: 12px 4px; }")
        body.addWidget(self.empty_label, 1)
        outer.addLayout(body, 1)
        self.note = QLabel(self)
        self.note.setObjectName("reviewNote")
        self.note.setWordWrap(True)
        outer.addWidget(self.note)
        buttons = QGridLayout()
        self.keep_existing = big_button(_("Pakai data lama"), "keepExisting", self)
        self.keep_incoming = big_button(_("Pakai data baru"), "keepIncoming", self)
        self.merge_button = big_button(_("Gabungkan pilihan"), "mergeChosen", self)
        self.both_button = big_button(_("Dua orang berbeda…"), "keepBoth", self)
        for index, button in enumerate((self.keep_existing, self.keep_incoming, self.merge_button, self.both_button)):
            buttons.addWidget(button, index // 2, index % 2)
        outer.addLayout(buttons)
        both_row = QHBoxLayout()
        self.nik_label = QLabel(_("NIK yang benar untuk data baru:"), self)
        self.nik_edit = QLineEdit(self)
        self.nik_edit.setObjectName("correctedNik")
        self.nik_edit.setAccessibleName(self.nik_label.text())
        self.nik_edit.setMaxLength(20)
        self.nik_edit.setMinimumHeight(48)
        self.nik_label.setBuddy(self.nik_edit)
        self.both_confirm = big_button(_("Simpan sebagai orang lain"), "confirmBoth", self)
        self.nik_label.setWordWrap(True)
        outer.addWidget(self.nik_label)  # above its field: label, field and button in one row overflow in large text
        both_row.addWidget(self.nik_edit, 1)
        both_row.addWidget(self.both_confirm)
        outer.addLayout(both_row)
        self.message = StatusLine(self)
        self.message.setObjectName("reviewMessage")
        outer.addWidget(self.message)
        self.keep_existing.clicked.connect(lambda: self._decide("existing"))
        self.keep_incoming.clicked.connect(lambda: self._decide("incoming"))
        self.merge_button.clicked.connect(lambda: self._decide("merged"))
        self.both_button.clicked.connect(self._ask_nik)
        self.both_confirm.clicked.connect(lambda: self._decide("both"))
        self._show_nik_row(False)
        self._show_empty(True)
        self._show_case(-1)
        self.reload()

    def reload(self) -> None:
        """Read the open cases (and the office's time zone for the times shown) on the worker."""
        sync, reports = self.context.app.sync, self.context.app.reports
        self.context.run(lambda: (sync.review_cases(), reports.office_zone()), self._on_loaded, self._on_failed,
                         owner=self)

    def _show_empty(self, empty: bool) -> None:
        """No case: a sentence instead of an empty table, its buttons and its note."""
        self.empty_label.setVisible(empty)
        for widget in (self.count_label, self.case_list, self.table, self.note, self.keep_existing, self.keep_incoming,
                       self.merge_button, self.both_button):
            widget.setVisible(not empty)

    def _on_loaded(self, loaded: tuple[list[ReviewCase], str]) -> None:
        cases, self.zone = loaded
        self.cases = cases
        self._show_empty(not cases)
        self.case_list.clear()
        for case in cases:
            name = next((f.existing for f in case.fields if f.name == "full_name"), "") or ""
            item = QListWidgetItem(f"{name}\nNIK {fields.mask('nik', case.nik)}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, _("NIK ganda: {name}").format(name=name))
            self.case_list.addItem(item)
        self.count_label.setText(ngettext("{n} NIK tercatat dua kali menunggu keputusan petugas.",
                                          "{n} NIK tercatat dua kali menunggu keputusan petugas.",
                                          len(cases)).format(n=len(cases))
                                 if cases else _("Tidak ada NIK ganda yang menunggu."))
        self.case_list.setCurrentRow(0 if cases else -1)
        if not cases:
            self._show_case(-1)
        self.count_changed.emit(len(cases))
        self.loaded.emit(len(cases))

    def _show_case(self, row: int) -> None:
        self.case = self.cases[row] if 0 <= row < len(self.cases) else None
        for button in (self.keep_existing, self.keep_incoming, self.merge_button, self.both_button, self.both_confirm):
            button.setEnabled(self.case is not None)
        self._show_nik_row(False)
        if self.case is None:
            self.table.setRowCount(0)
            self.note.clear()
            return
        labels = field_labels()
        self.table.setHorizontalHeaderLabels([_("Isian"), _("Data lama"),
                                              _("Data baru ({code})").format(code=self.case.incoming_device_code)])
        self.table.setRowCount(len(self.case.fields))
        bold = QFont()
        bold.setBold(True)
        for row_index, pair in enumerate(self.case.fields):
            cells = [QTableWidgetItem(labels.get(pair.name, pair.name)),
                     QTableWidgetItem(shown(pair.name, pair.existing, self.zone)),
                     QTableWidgetItem(shown(pair.name, pair.incoming, self.zone))]
            cells[0].setData(Qt.ItemDataRole.UserRole, pair.name)
            if pair.differs:
                for cell in cells:
                    cell.setBackground(QBrush(_differs()))
                cells[0].setFont(bold)
                if pair.choosable:  # ticked = take the laptop's value when merging
                    cells[2].setFlags(cells[2].flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    cells[2].setCheckState(Qt.CheckState.Unchecked)
            for column, cell in enumerate(cells):
                self.table.setItem(row_index, column, cell)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        differing = sum(1 for f in self.case.fields if f.differs)
        self.note.setText(_("Data lama sudah tercatat di sini; data baru datang dari laptop. Baris berwarna berbeda "
                            "isinya ({n}). Centang isian data baru yang mau dipakai, lalu "
                            "\"Gabungkan pilihan\". Ikut bersama data baru: {outcomes} hasil gelombang, {changes} "
                            "riwayat perubahan.").format(n=differing, outcomes=self.case.incoming_outcomes,
                                                         changes=self.case.incoming_changes))

    def chosen_fields(self) -> list[str]:
        """The fields ticked to take from the laptop."""
        names = []
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, 2)
            if cell is not None and cell.flags() & Qt.ItemFlag.ItemIsUserCheckable and \
                    cell.checkState() == Qt.CheckState.Checked:
                names.append(self.table.item(row, 0).data(Qt.ItemDataRole.UserRole))
        return names

    def _show_nik_row(self, visible: bool) -> None:
        for widget in (self.nik_label, self.nik_edit, self.both_confirm):
            widget.setVisible(visible)

    def _ask_nik(self) -> None:
        self._show_nik_row(True)
        self.nik_edit.clear()
        self.nik_edit.setFocus()
        self.message.show_text(_("Ketik NIK yang benar dari KTP orang yang dicatat di laptop."))

    def _decide(self, decision: str) -> None:
        case = self.case
        if case is None:
            return
        fields = self.chosen_fields() if decision == "merged" else None
        if decision == "merged" and not fields:
            self.message.show_text(_("Centang dulu isian dari laptop yang mau dipakai."), Severity.WARNING)
            return
        nik = self.nik_edit.text().strip() if decision == "both" else None
        sync, staff = self.context.app.sync, self.context.staff
        for button in (self.keep_existing, self.keep_incoming, self.merge_button, self.both_button, self.both_confirm):
            button.setEnabled(False)
        self.context.run(lambda: sync.decide(case.uuid, decision, staff, fields=fields, new_nik=nik),
                         lambda _r: self._on_decided(decision), self._on_failed, owner=self)

    def _on_decided(self, decision: str) -> None:
        self.message.show_text(_("✔ Keputusan disimpan."))
        self.decided.emit(decision)
        self.reload()

    def _on_failed(self, exc: Exception) -> None:
        self.message.show_text(plain_error(exc, "the review queue"), Severity.ERROR)
        self._show_case(self.case_list.currentRow())
        if self.case is not None and self.nik_edit.text():
            self._show_nik_row(True)
