"""Staff login: user name and password or PIN, checked on the worker; plain messages, lockout time."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.i18n import _
from ui.operations import plain_error, run_in_background
from ui.staff.common import STAFF_QSS, big_button, heading, secret_edit
from ui.staff.office_form import FieldGrid
from ui.style import follow_display
from ui.tasks import TaskRunner
from ui.widgets.feedback import FeedbackLabel

if TYPE_CHECKING:
    from prakerja_desktop.app import App, LoginResult


def _attempt(app: App, username: str, secret: str) -> tuple[LoginResult, str]:
    """Runs on the worker: the login and, if locked, the lock's end in the office's local time."""
    from prakerja_desktop.clock import utcnow
    from prakerja_desktop.receipts.content import local_time

    result = app.staff.login(username, secret)
    until = ""
    if result.staff is None and result.locked_until is not None and result.locked_until > utcnow():
        zone = app.receipts.office_settings()["timezone"]
        until = f"{_format_time(local_time(result.locked_until, zone))} {zone}"
    return result, until


def _format_time(moment: datetime) -> str:
    """Hours and minutes the Indonesian way: 14.35."""
    return moment.strftime("%H.%M")


class LoginDialog(QDialog):
    """Asks for a user name and password or PIN; `logged_in` carries the session."""

    logged_in = Signal(object)  # StaffSession

    def __init__(self, app: App, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(_("Masuk petugas"))
        follow_display(self, STAFF_QSS)
        self.setMinimumWidth(620)
        self._app, self._tasks = app, tasks
        self._busy = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 24, 28, 24)
        outer.setSpacing(14)
        outer.addWidget(heading(_("Masuk petugas"), self))
        intro = QLabel(_("Khusus petugas kantor. Pendaftar tidak perlu masuk di sini."), self)
        intro.setWordWrap(True)
        outer.addWidget(intro)
        grid = FieldGrid()
        self.username_edit = grid.add_edit(_("Nama pengguna"), "loginUsername", self, max_length=64)
        self.secret_edit = secret_edit("loginSecret", self)
        grid.add_row(_("Kata sandi atau PIN"), self.secret_edit)
        outer.addLayout(grid)
        self.feedback = FeedbackLabel(self)
        self.feedback.setObjectName("loginFeedback")
        outer.addWidget(self.feedback)
        buttons = QHBoxLayout()
        self.cancel_button = big_button(_("Batal"), "cancelButton", self)
        self.login_button = big_button(_("Masuk"), "loginButton", self, default=True)
        self.login_button.setMinimumWidth(180)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.login_button)
        outer.addLayout(buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.login_button.clicked.connect(self._on_login_clicked)
        self.username_edit.returnPressed.connect(self.secret_edit.setFocus)
        self.secret_edit.returnPressed.connect(self._on_login_clicked)
        self.username_edit.setFocus()

    def _on_login_clicked(self) -> None:
        if self._busy:
            return
        username, secret = self.username_edit.text().strip(), self.secret_edit.text()
        if not username or not secret:
            self.feedback.show_text(_("Isi nama pengguna dan kata sandi atau PIN."), Severity.ERROR)
            return
        app = self._app
        self._set_busy(True)
        run_in_background(self._tasks, lambda: _attempt(app, username, secret),
                          self._on_answer, self._on_failed, owner=self, doing="staff login")

    def _on_answer(self, answer: tuple[LoginResult, str]) -> None:
        result, until = answer
        self._set_busy(False)
        self.secret_edit.clear()
        if result.staff is not None:
            self.feedback.clear_findings()
            self.logged_in.emit(result.staff)
            self.accept()
            return
        message = result.message
        if until:
            message = _("Terlalu banyak percobaan yang salah. Akun dikunci sampai pukul {time}.").format(
                time=until)
        self.feedback.show_text(message, Severity.ERROR)
        self.secret_edit.setFocus()

    def _on_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.feedback.show_text(plain_error(exc, "login"), Severity.ERROR)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.login_button.setEnabled(not busy)
        self.login_button.setText(_("Memeriksa…") if busy else _("Masuk"))
        self.login_button.setAccessibleName(self.login_button.text())
