"""Cek keaslian tanda terima: scan a receipt's QR (a scanner that types), paste or type its code, or open
a photo or PDF of it; the answer (genuine here / genuine, not here / not genuine and why) comes from the
worker, with what the code says to compare with the KTP."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from prakerja_desktop.i18n import _
from prakerja_desktop.receipts import proof, words
from prakerja_desktop.receipts.verify import GENUINE, GENUINE_NOT_HERE, Verdict
from ui.operations import plain_error
from ui.staff.common import STAFF_QSS, big_button, heading
from ui.staff.context import StaffContext
from ui.style import follow_display

logger = logging.getLogger(__name__)

RESULT_QSS = """
QLabel#verdictHeadline { font-size: 22px; font-weight: bold; padding: 8px; border: 3px solid @control@; }
QLabel#verdictHeadline[status="genuine"], QLabel#verdictHeadline[status="genuine_not_here"] { border-color: @success@; }
QLabel#verdictHeadline[status="not_genuine"] { border-color: @error@; }
QLabel#verdictDetails { font-size: 18px; }
"""


class ReceiptCheckScreen(QWidget):
    """Is this receipt genuine? Staff compare what the code says with the person's KTP."""

    record_requested = Signal(object)  # a record UUID: the staff window opens it
    checked = Signal(object)  # Verdict, for tests
    use_native_dialogs: ClassVar[bool] = True  # tests turn this off to drive Qt's own dialogs

    def __init__(self, context: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptCheckScreen")
        follow_display(self, STAFF_QSS + RESULT_QSS)
        self.context = context
        self.verdict: Verdict | None = None
        self.dialog: QFileDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        layout.addWidget(heading(_("Cek keaslian tanda terima"), self))
        intro = QLabel(_("Pindai kode QR tanda terima dengan pemindai (kotak di bawah harus aktif), atau "
                         "tempel kodenya lalu tekan Enter. Bisa juga membuka foto atau PDF tanda terima."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.code_edit = QLineEdit(self)
        self.code_edit.setObjectName("receiptCode")
        self.code_edit.setAccessibleName(_("Kode tanda terima"))
        self.code_edit.setPlaceholderText(_("PKJ2.… (pindai atau tempel)"))
        self.code_edit.setMaxLength(proof.MAX_LENGTH)
        self.code_edit.setMinimumHeight(48)
        self.code_edit.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText
                                           | Qt.InputMethodHint.ImhPreferUppercase)
        self.code_edit.returnPressed.connect(self.check_typed)  # a scanner types the code, then Enter
        layout.addWidget(self.code_edit)
        buttons = QHBoxLayout()
        self.check_button = big_button(_("Periksa"), "checkCode", self, default=True)
        self.check_button.clicked.connect(self.check_typed)
        self.file_button = big_button(_("Buka foto atau PDF…"), "openReceiptFile", self)
        self.file_button.clicked.connect(self.choose_file)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.file_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.headline = QLabel(self)
        self.headline.setObjectName("verdictHeadline")
        self.headline.setWordWrap(True)
        self.headline.setVisible(False)
        layout.addWidget(self.headline)
        self.details = QLabel(self)
        self.details.setObjectName("verdictDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details)
        self.open_button = big_button(_("Buka data orang ini"), "openCheckedRecord", self)
        self.open_button.clicked.connect(self.open_record)
        self.open_button.setVisible(False)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    # --- checking -------------------------------------------------------------------------------

    def check_typed(self) -> None:
        """Check the scanned, pasted or typed code on the worker."""
        text = self.code_edit.text().strip()
        if not text:
            return
        if not proof.looks_like_code(text):
            self._show_message(_("Ini bukan kode keaslian. Pindai kode QR di tanda terima; nomor tanda "
                                 "terima saja tidak membuktikan keaslian (cari nomornya di Data orang)."))
            return
        receipts = self.context.app.receipts
        self._busy(True)
        self.context.run(lambda: receipts.verify(text), self.show_verdict, self._failed, owner=self,
                         doing="checking a receipt code")

    def choose_file(self) -> None:
        """Ask for a photo or PDF of the receipt."""
        dialog = QFileDialog(self, _("Pilih foto atau PDF tanda terima"), str(Path.home()))
        dialog.setObjectName("receiptFileDialog")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, not self.use_native_dialogs)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([_("Foto atau PDF (*.jpg *.jpeg *.png *.pdf *.webp *.bmp *.tif *.tiff)"),
                               _("Semua berkas (*)")])
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, _("Pilih"))
        dialog.setLabelText(QFileDialog.DialogLabel.Reject, _("Batal"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self.check_file(Path(name)))
        self.dialog = dialog
        dialog.open()

    def check_file(self, path: Path) -> None:
        """Decode the QR in the file and check it, on the worker (decoding a photo takes a moment)."""
        receipts = self.context.app.receipts
        self._busy(True)
        self._show_message(_("Sedang membaca {name}…").format(name=path.name))
        self.context.run(lambda: receipts.verify_file(path), self.show_verdict, self._failed, owner=self,
                         doing="reading a receipt file")

    # --- the answer -----------------------------------------------------------------------------

    def show_verdict(self, verdict: Verdict) -> None:
        """Show the answer, what the code says, and (genuine here) the way to the record."""
        self._busy(False)
        self.verdict = verdict
        symbol = "✔" if verdict.status in (GENUINE, GENUINE_NOT_HERE) else "✖"
        text = f"{symbol} {words.headline(verdict)}"
        self.headline.setText(text)
        self.headline.setAccessibleName(text)
        self.headline.setProperty("status", verdict.status)
        self.headline.style().unpolish(self.headline)
        self.headline.style().polish(self.headline)
        self.headline.setVisible(True)
        lines = [f"{label}: {value}" for label, value in words.details(verdict)] + words.notes(verdict)
        self.details.setText("\n".join(lines))
        self.details.setAccessibleName("\n".join(lines))
        self.open_button.setVisible(verdict.status == GENUINE and verdict.record_uuid is not None)
        self.code_edit.clear()  # ready for the next scan
        self.code_edit.setFocus()
        self.checked.emit(verdict)

    def open_record(self) -> None:
        """Open the record the code found."""
        if self.verdict is not None and isinstance(self.verdict.record_uuid, uuid.UUID):
            self.record_requested.emit(self.verdict.record_uuid)

    def _failed(self, exc: Exception) -> None:
        self._busy(False)
        self._show_message(plain_error(exc, "checking a receipt"))

    def _show_message(self, text: str) -> None:
        self.verdict = None
        self.headline.setVisible(False)
        self.open_button.setVisible(False)
        self.details.setText(text)
        self.details.setAccessibleName(text)

    def _busy(self, busy: bool) -> None:
        self.check_button.setEnabled(not busy)
        self.file_button.setEnabled(not busy)
