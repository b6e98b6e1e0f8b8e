"""Dialogs of the record view: erase (type HAPUS), the people sharing a KK, and choosing a file to save."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from prakerja_desktop.i18n import _
from prakerja_desktop.staff.records import RecordListRow
from ui.models.records_model import outcome_words, place_words
from ui.staff.common import big_button
from ui.widgets.file_dialog import speak_our_language

CONFIRM_WORD = "HAPUS"


class EraseDialog(QDialog):
    """Names the person and asks for HAPUS to be typed before anything is erased."""

    confirmed = Signal()

    def __init__(self, name: str, receipt_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eraseDialog")
        self.setWindowTitle(_("Hapus data orang ini"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        text = _("Data {name} (tanda terima {receipt}) akan dihapus untuk selamanya: isian, riwayat "
                 "perubahan dan hasil gelombangnya. Yang tersisa hanya catatan bahwa data dihapus, tanpa "
                 "data pribadi.\n\nKetik {word} untuk meneruskan.").format(
            name=name, receipt=receipt_number, word=CONFIRM_WORD)
        self.text_label = QLabel(text, self)
        self.text_label.setWordWrap(True)
        self.text_label.setAccessibleName(text)
        self.confirm_edit = QLineEdit(self)
        self.confirm_edit.setObjectName("eraseConfirm")
        self.confirm_edit.setAccessibleName(_("Ketik {word}").format(word=CONFIRM_WORD))
        self.confirm_edit.textChanged.connect(self._on_typed)
        self.erase_button = big_button(_("Hapus untuk selamanya"), "eraseConfirmButton", self)
        self.erase_button.setEnabled(False)
        self.erase_button.clicked.connect(self._on_erase)
        self.cancel_button = big_button(_("Batal"), "eraseCancel", self, default=True)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.erase_button)
        for widget in (self.text_label, self.confirm_edit):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.resize(620, 320)

    def _on_typed(self, text: str) -> None:
        self.erase_button.setEnabled(text.strip() == CONFIRM_WORD)

    def _on_erase(self) -> None:
        if self.confirm_edit.text().strip() == CONFIRM_WORD:
            self.confirmed.emit()
            self.accept()


class FamilyDialog(QDialog):
    """Everyone recorded with the same KK number; touching one opens their record."""

    chosen = Signal(object)  # uuid.UUID

    def __init__(self, people: list[RecordListRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("familyDialog")
        self.setWindowTitle(_("Orang dengan nomor KK yang sama"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        intro = QLabel(_("Paling banyak 2 orang per Kartu Keluarga bisa menerima Kartu Prakerja. "
                         "Yang tercatat di kantor ini:"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.buttons = []
        for person in people:
            text = f"{person.full_name}: {place_words(person.village, person.district_code)}, " \
                   f"{outcome_words(person.eligibility_outcome)} ({person.receipt_number})"
            button = big_button(text, f"family_{person.receipt_number}", self)
            button.setStyleSheet("text-align: left;")
            button.clicked.connect(lambda _checked=False, uid=person.uuid: self._choose(uid))
            layout.addWidget(button)
            self.buttons.append(button)
        close = big_button(_("Tutup"), "familyClose", self)
        close.clicked.connect(self.reject)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(720, 200 + 60 * len(people))

    def _choose(self, record_uuid: object) -> None:
        self.chosen.emit(record_uuid)
        self.accept()


class SaveFileChooser:
    """Asks where to save a file, without blocking (open(), never exec())."""

    use_native_dialogs: ClassVar[bool] = True  # tests turn this off to drive Qt's own dialog
    last_dialog: QFileDialog | None = None

    @classmethod
    def ask(cls, parent: QWidget, title: str, suggested: str, filters: list[str],
            on_chosen: Callable[[Path, str], None]) -> QFileDialog:
        """Open the dialog; on_chosen(path, chosen_filter) runs once a file is picked."""
        dialog = QFileDialog(parent, title, str(Path.home() / suggested))
        dialog.setObjectName("saveFileDialog")
        speak_our_language(dialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters(filters)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, not cls.use_native_dialogs)
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, _("Simpan"))
        dialog.setLabelText(QFileDialog.DialogLabel.Reject, _("Batal"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: on_chosen(Path(name), dialog.selectedNameFilter()))
        cls.last_dialog = dialog
        dialog.open()
        return dialog


def with_suffix(path: Path, chosen_filter: str, allowed: tuple[str, ...]) -> tuple[Path, str]:
    """The path with a known suffix (taken from the name, else from the chosen filter), and the format."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix in allowed:
        return path, suffix
    for fmt in allowed:
        if f"*.{fmt}" in chosen_filter.lower():
            return path.with_name(f"{path.name}.{fmt}"), fmt
    return path.with_name(f"{path.name}.{allowed[0]}"), allowed[0]
