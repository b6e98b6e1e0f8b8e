"""The staff door out of the kiosk: a numeric PIN pad with big keys, then a short staff menu."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from prakerja_desktop.i18n import _
from ui.kiosk.overlay import Overlay
from ui.operations import plain_error, run_in_background
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from prakerja_desktop.app import App
    from prakerja_desktop.kiosk.mode import PinResult


def _check(app: App, pin: str) -> tuple[PinResult, str]:
    """Runs on the worker: the PIN check and, if locked, the lock's end in the office's local time."""
    from prakerja_desktop.receipts.content import local_time

    result = app.kiosk.check_pin(pin)
    until = ""
    if result.locked_until is not None:
        zone = app.receipts.office_settings()["timezone"]
        moment: datetime = local_time(result.locked_until, zone)
        until = f"{moment.strftime('%H.%M')} {zone}"
    return result, until


class PinOverlay(Overlay):
    """PIN first (unless a staff member is already logged in), then: staff login, close the app, cancel."""

    staff_login_requested = Signal()
    quit_requested = Signal()
    closed = Signal()

    def __init__(self, window: QWidget, app: App | None, tasks: TaskRunner) -> None:
        super().__init__(window, _("PIN petugas"))
        self.app, self._tasks = app, tasks
        self._busy = False
        self.title_label = QLabel(_("Khusus petugas"), self.card)
        self.title_label.setObjectName("kioskTitle")
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.card_layout.addWidget(self.title_label)
        self.pages = QStackedWidget(self.card)
        self.card_layout.addWidget(self.pages)
        self.pages.addWidget(self._build_pad())
        self.pages.addWidget(self._build_menu())

    # --- building ------------------------------------------------------------------------------------

    def _build_pad(self) -> QWidget:
        pad = QWidget(self.pages)
        column = QGridLayout(pad)
        column.setSpacing(12)
        intro = QLabel(_("Masukkan PIN kiosk untuk keluar dari mode kiosk."), pad)
        intro.setObjectName("kioskText")
        intro.setWordWrap(True)
        intro.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pin_edit = QLineEdit(pad)
        self.pin_edit.setObjectName("kioskPin")
        self.pin_edit.setAccessibleName(_("PIN kiosk"))
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(12)
        self.pin_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,12}"),
                                                               self.pin_edit))
        hints = Qt.InputMethodHint
        self.pin_edit.setInputMethodHints(hints.ImhDigitsOnly | hints.ImhSensitiveData
                                          | hints.ImhNoPredictiveText)
        self.pin_edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.feedback = QLabel(pad)
        self.feedback.setObjectName("kioskFeedback")
        self.feedback.setWordWrap(True)
        self.feedback.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(intro, 0, 0, 1, 3)
        column.addWidget(self.pin_edit, 1, 0, 1, 3)
        self.keys: dict[str, QPushButton] = {}
        labels = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "back", "0", "ok"]
        for index, key in enumerate(labels):
            text = {"back": _("Hapus"), "ok": _("Buka")}.get(key, key)
            button = QPushButton(text, pad)
            button.setObjectName(f"pinKey_{key}")
            button.setProperty("class", "pinKey pinOk" if key == "ok" else "pinKey")
            spoken = {"back": _("Hapus satu angka"), "ok": _("Buka dengan PIN ini")}
            button.setAccessibleName(spoken.get(key, key))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the PIN field keeps the keyboard focus
            button.clicked.connect(lambda _checked=False, k=key: self._on_key(k))
            column.addWidget(button, 2 + index // 3, index % 3)
            self.keys[key] = button
        column.addWidget(self.feedback, 6, 0, 1, 3)
        self.cancel_button = QPushButton(_("Batal"), pad)
        self.cancel_button.setObjectName("pinCancelButton")
        self.cancel_button.setProperty("class", "kioskAction")
        self.cancel_button.setAccessibleName(_("Batal"))
        column.addWidget(self.cancel_button, 7, 0, 1, 3)
        self.pin_edit.returnPressed.connect(self._on_ok)
        self.cancel_button.clicked.connect(self.close_pad)
        return pad

    def _build_menu(self) -> QWidget:
        menu = QWidget(self.pages)
        column = QVBoxLayout(menu)
        column.setSpacing(16)
        intro = QLabel(_("PIN benar. Pilih yang ingin dilakukan:"), menu)
        intro.setObjectName("kioskText")
        intro.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(intro)
        self.login_button = self._action(_("Masuk petugas"), "kioskStaffLogin", menu)
        self.quit_button = self._action(_("Tutup aplikasi"), "kioskQuit", menu)
        self.menu_cancel_button = self._action(_("Batal"), "kioskMenuCancel", menu)
        for button in (self.login_button, self.quit_button, self.menu_cancel_button):
            column.addWidget(button)
        self.login_button.clicked.connect(lambda: self._leave(self.staff_login_requested))
        self.quit_button.clicked.connect(lambda: self._leave(self.quit_requested))
        self.menu_cancel_button.clicked.connect(self.close_pad)
        return menu

    @staticmethod
    def _action(text: str, name: str, parent: QWidget) -> QPushButton:
        button = QPushButton(text, parent)
        button.setObjectName(name)
        button.setProperty("class", "kioskAction")
        button.setAccessibleName(text)
        return button

    # --- showing ---------------------------------------------------------------------------------------

    def ask_pin(self) -> None:
        """Show the PIN pad, empty."""
        self._reset()
        self.title_label.setText(_("Khusus petugas"))
        self._switch(0)
        self.popup()
        self.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_menu(self, logged_in: bool = False) -> None:
        """The staff menu; with a staff member logged in there is no "Masuk petugas"."""
        self._reset()
        self.title_label.setText(_("Menu petugas"))
        self.login_button.setVisible(not logged_in)
        self._switch(1)
        self.popup()
        self.quit_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _switch(self, index: int) -> None:
        """Show one page; the card takes that page's size, not the largest page's."""
        policy = QSizePolicy.Policy
        for i in range(self.pages.count()):
            shown = i == index
            self.pages.widget(i).setSizePolicy(policy.Preferred if shown else policy.Ignored,
                                               policy.Preferred if shown else policy.Ignored)
        self.pages.setCurrentIndex(index)
        self.card.adjustSize()
        self.layout().activate()

    def close_pad(self) -> None:
        """Hide and forget what was typed."""
        was_visible = self.isVisible()
        self._reset()
        self.dismiss()
        if was_visible:
            self.closed.emit()

    def _reset(self) -> None:
        self.pin_edit.clear()
        self.feedback.clear()
        self._set_busy(False)

    # --- the PIN -------------------------------------------------------------------------------------

    def _on_key(self, key: str) -> None:
        if self._busy:
            return
        if key == "ok":
            self._on_ok()
        elif key == "back":
            self.pin_edit.backspace()
        elif len(self.pin_edit.text()) < self.pin_edit.maxLength():
            self.pin_edit.setText(self.pin_edit.text() + key)
        self.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_ok(self) -> None:
        pin = self.pin_edit.text()
        if self._busy:
            return
        if not pin:
            self.feedback.setText(_("Ketik PIN kiosk dulu."))
            return
        if self.app is None:
            self.feedback.setText(_("Data belum siap. Tunggu sebentar, lalu coba lagi."))
            return
        app = self.app
        self._set_busy(True)
        run_in_background(self._tasks, lambda: _check(app, pin), self._on_answer, self._on_failed, owner=self,
                          doing="checking the kiosk PIN")

    def _on_answer(self, answer: tuple[Any, str]) -> None:
        result, until = answer
        self._set_busy(False)
        self.pin_edit.clear()
        if not self.isVisible():
            return  # wiped or cancelled meanwhile
        if result.ok:
            self.show_menu()
            return
        message = result.message
        if until:
            message = _("Terlalu banyak PIN yang salah. Coba lagi sesudah pukul {time}.").format(time=until)
        self.feedback.setText(message)
        self.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.feedback.setText(plain_error(exc, "kiosk PIN"))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.keys["ok"].setEnabled(not busy)
        self.keys["ok"].setText(_("…") if busy else _("Buka"))

    def _leave(self, signal: Signal) -> None:
        self._reset()
        self.dismiss()
        signal.emit()
