"""The record view's "Ubah" mode: fields, a required reason, and each problem shown beside its field."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from prakerja_desktop.domain import fields
from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.domain.options import load_options
from prakerja_desktop.i18n import _
from prakerja_desktop.staff import views as staff_views
from prakerja_desktop.staff.views import RecordDetail
from ui.operations import plain_error
from ui.staff.common import big_button, heading
from ui.staff.context import StaffContext
from ui.staff.progress import StatusLine
from ui.staff.record_sections import phone_words
from ui.widgets.choice import OptionButtons

TEXT_FIELDS = ("full_name", "nik", "kk_number", "phone_e164", "email", "birth_place", "birth_date", "village",
               "street", "rt", "rw", "registered_online_on")
DATE_FIELDS = ("birth_date", "registered_online_on")


def _date_text(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def parse_day(text: str) -> date | None:
    """"17-05-2000" (or 17/05/2000, 17.05.2000) as a date; "" is None; ValueError when unreadable."""
    cleaned = text.strip().replace("/", "-").replace(".", "-")
    if not cleaned:
        return None
    return datetime.strptime(cleaned, "%d-%m-%Y").date()


class RecordEditForm(QWidget):
    """Edit the person's fields with a reason; saved through StaffRecords.edit (with history)."""

    saved = Signal(list)  # the fields changed
    cancelled = Signal()

    def __init__(self, context: StaffContext, detail: RecordDetail, revealed: tuple[str, str | None] | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordEditForm")
        self.context = context
        self.record_uuid: uuid.UUID = detail.uuid
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, StatusLine] = {}
        self._initial: dict[str, Any] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(_("Ubah data"), self, "sectionHeading"))
        intro = QLabel(_("Ubah yang salah saja. Setiap perubahan disimpan dengan nama Anda, waktu dan "
                         "alasannya. NIK dan nomor KK: ketik nomor lengkap yang baru hanya bila memang "
                         "diubah."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        layout.addLayout(grid)
        labels = staff_views.field_labels()
        v = detail.values
        nik, kk = revealed if revealed else ("", "")
        initial_text = {
            "full_name": v.get("full_name") or "", "nik": nik, "kk_number": kk or "",
            "phone_e164": phone_words(v.get("phone_e164")) if v.get("phone_e164") else "",
            "email": v.get("email") or "", "birth_place": v.get("birth_place") or "",
            "birth_date": _date_text(v.get("birth_date")), "village": v.get("village") or "",
            "street": v.get("street") or "", "rt": v.get("rt") or "", "rw": v.get("rw") or "",
            "registered_online_on": _date_text(v.get("registered_online_on")),
        }
        row = 0
        for name in TEXT_FIELDS:
            edit = QLineEdit(initial_text[name], self)
            edit.setObjectName(f"edit_{name}")
            if name in ("nik", "kk_number") and not revealed:
                edit.setPlaceholderText(v.get(name) or "")
            if name in DATE_FIELDS:
                edit.setPlaceholderText(_("hh-bb-tttt, contoh 17-05-2000"))
            row = self._add_row(grid, row, name, labels[name], edit)
            self.edits[name] = edit
            self._initial[name] = initial_text[name]
        self.sex = OptionButtons([(code, fields.display("sex", code)) for code in ("L", "P")], labels["sex"],
                                 parent=self)
        self.sex.set_value(v.get("sex"))
        row = self._add_row(grid, row, "sex", labels["sex"], self.sex)
        self._initial["sex"] = v.get("sex")
        options = load_options()
        self.combos: dict[str, QComboBox] = {}
        for name, option_list in (("education", options.education), ("employment", options.employment)):
            box = QComboBox(self)
            box.setObjectName(f"edit_{name}")
            box.addItem(_("(tidak diisi)"), None)
            for code, text in option_list.pairs():
                box.addItem(text, code)
            box.setCurrentIndex(max(0, box.findData(v.get(name))))
            row = self._add_row(grid, row, name, labels[name], box)
            self.combos[name] = box
            self._initial[name] = box.currentData()
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("edit_reason")
        self.reason_edit.setPlaceholderText(_("Contoh: salah ketik, sesuai KTP"))
        self._add_row(grid, row, "reason", _("Alasan perubahan (wajib)"), self.reason_edit)
        self.message = StatusLine(self)
        self.message.setObjectName("editMessage")
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.save_button = big_button(_("Simpan perubahan"), "saveEdit", self, default=True)
        self.cancel_button = big_button(_("Batal"), "cancelEdit", self)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancelled.emit)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def _add_row(self, grid: QGridLayout, row: int, name: str, text: str, widget: QWidget) -> int:
        label = QLabel(text, self)
        label.setProperty("class", "fieldLabel")
        label.setBuddy(widget)
        widget.setAccessibleName(text)
        grid.addWidget(label, row, 0)
        grid.addWidget(widget, row, 1)
        error = StatusLine(self)
        error.setObjectName(f"error_{name}")
        grid.addWidget(error, row + 1, 1)
        self.errors[name] = error
        return row + 2

    def changes(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The changed fields as StaffRecords.edit wants them, and messages for unreadable dates."""
        changes: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for name, edit in self.edits.items():
            text = edit.text().strip()
            if text == self._initial[name].strip() or (name in ("nik", "kk_number") and not text):
                continue
            if name in DATE_FIELDS:
                try:
                    changes[name] = parse_day(text)
                except ValueError:
                    problems[name] = _("Tulis tanggal seperti 17-05-2000 (hari-bulan-tahun).")
            elif name == "email":
                changes["email"] = text or None
                changes["has_email"] = bool(text)
            else:
                changes[name] = text
        if self.sex.value() != self._initial["sex"]:
            changes["sex"] = self.sex.value()
        for name, box in self.combos.items():
            if box.currentData() != self._initial[name]:
                changes[name] = box.currentData()
        return changes, problems

    def save(self) -> None:
        """Check and save on the worker; problems appear beside their fields."""
        for label in self.errors.values():
            label.clear_findings()
        self.message.clear_findings()
        changes, problems = self.changes()
        if problems:
            self.show_errors(problems)
            return
        if not changes:
            self.message.show_text(_("Belum ada yang diubah."), Severity.WARNING)
            return
        self.save_button.setEnabled(False)
        context, record_uuid, reason = self.context, self.record_uuid, self.reason_edit.text()
        def save() -> staff_views.EditResult:
            return context.app.staff.edit_record(record_uuid, changes, reason, context.staff)

        context.run(save, self._on_saved, self._on_failed, owner=self)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each message beside its field (has_email's beside the email)."""
        for name, text in errors.items():
            target = self.errors.get("email" if name == "has_email" else name, self.message)
            target.show_text(text, Severity.ERROR)
        if "has_email" in errors:
            errors = {**errors, "email": errors["has_email"]}
        shown = [name for name in self.errors if name in errors]
        if not shown:
            return
        first = shown[0]  # the first problem in the form's order gets the focus and is scrolled to
        widget = self.edits.get(first) or self.combos.get(first) or (
            self.reason_edit if first == "reason" else self.sex)
        widget.setFocus()
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None:
            area.ensureWidgetVisible(self.errors[first])
            area.ensureWidgetVisible(widget)

    def _on_saved(self, result: staff_views.EditResult) -> None:
        self.save_button.setEnabled(True)
        if result.errors:
            self.show_errors(result.errors)
            return
        self.saved.emit(result.changed)

    def _on_failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        self.message.show_text(plain_error(exc, "editing a record"), Severity.ERROR)
