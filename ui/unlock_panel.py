"""Locked data at start (locked-laptop mode, or a data folder from another machine): ask the passphrase."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.i18n import _
from ui.operations import plain_error, run_in_background
from ui.staff.common import big_button, heading, secret_edit
from ui.tasks import TaskRunner
from ui.widgets.feedback import FeedbackLabel


class UnlockPanel(QWidget):
    """Takes the office recovery passphrase and opens the data key on the worker; `unlocked` when done."""

    unlocked = Signal(object)

    def __init__(self, tasks: TaskRunner, data_dir: Path, db_url: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockPanel")
        self._tasks, self._data_dir, self._db_url = tasks, data_dir, db_url
        self._busy = False
        self.setStyleSheet("QLabel#staffHeading { font-size: 28px; font-weight: bold; }"
                           " QLineEdit, QPushButton { font-size: 20px; }")
        outer = QHBoxLayout(self)
        column = QWidget(self)
        column.setMaximumWidth(760)
        outer.addWidget(column)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(16)
        layout.addStretch(1)
        layout.addWidget(heading(_("Data terkunci"), self))
        intro = QLabel(_("Data di laptop ini dikunci agar aman bila laptop hilang. Petugas: ketik kata sandi "
                         "pemulihan kantor untuk membukanya."), self)
        intro.setWordWrap(True)
        intro.setStyleSheet("font-size: 18px;")
        layout.addWidget(intro)
        self.passphrase_edit = secret_edit("unlockPassphrase", self)
        self.passphrase_edit.setAccessibleName(_("Kata sandi pemulihan"))
        self.passphrase_edit.setPlaceholderText(_("Kata sandi pemulihan"))
        self.passphrase_edit.setMinimumHeight(52)
        layout.addWidget(self.passphrase_edit)
        self.feedback = FeedbackLabel(self)
        self.feedback.setObjectName("unlockFeedback")
        layout.addWidget(self.feedback)
        self.unlock_button = big_button(_("Buka data"), "unlockButton", self, default=True)
        self.unlock_button.setMinimumWidth(240)
        layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(2)
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        self.passphrase_edit.returnPressed.connect(self._on_unlock_clicked)
        self.passphrase_edit.setFocus()

    def _on_unlock_clicked(self) -> None:
        if self._busy:
            return
        passphrase = self.passphrase_edit.text()
        if not passphrase.strip():
            self.feedback.show_text(_("Ketik kata sandi pemulihan."), Severity.ERROR)
            return
        from prakerja_desktop.app import App

        data_dir, db_url = self._data_dir, self._db_url
        self._set_busy(True)
        run_in_background(self._tasks, lambda: App.unlock(passphrase, data_dir, db_url),
                          self._on_unlocked, self._on_failed, owner=self, doing="unlocking the data")

    def _on_unlocked(self, _result: object) -> None:
        self.passphrase_edit.clear()
        self.unlocked.emit(None)

    def _on_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.passphrase_edit.clear()
        self.passphrase_edit.setFocus()
        self.feedback.show_text(plain_error(exc, "unlock"), Severity.ERROR)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.unlock_button.setEnabled(not busy)
        self.unlock_button.setText(_("Membuka…") if busy else _("Buka data"))
        self.unlock_button.setAccessibleName(self.unlock_button.text())
