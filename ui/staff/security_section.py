"""Admin settings, data security: the recovery passphrase, locked-laptop mode, how long data is kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.i18n import _, ngettext
from prakerja_desktop.keys.room import KeyStatus
from ui.operations import plain_error
from ui.staff.common import big_button, heading, secret_edit
from ui.staff.context import StaffContext
from ui.staff.office_form import FieldGrid
from ui.widgets.choice import OptionButtons
from ui.widgets.confirm import ask_to_confirm
from ui.widgets.feedback import FeedbackLabel

RETENTION_CHOICES = (6, 12, 24)


def _load(app: Any) -> tuple[KeyStatus, int, int]:
    """Runs on the worker: the key status, the retention months, and how many records are past them."""
    return app.keys.status(), app.backups.retention_months(), app.backups.due_for_purge()


def _button_row(*buttons: QWidget) -> QHBoxLayout:
    """Buttons on the right of the label column, left-aligned."""
    row = QHBoxLayout()
    row.addSpacing(178)  # the label column of the field grids above (160 px and the grid's 18 px gap)
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


class SecuritySection(QWidget):
    """Passphrase, locked mode and retention, each with its own button (apart from the office form)."""

    def __init__(self, context: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("securitySection")
        self.context = context
        self.status: KeyStatus | None = None
        self.due = 0
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(heading(_("Keamanan data"), self, "sectionHeading"))
        self.status_label = QLabel("", self)
        self.status_label.setObjectName("keyStatus")
        self.status_label.setWordWrap(True)
        column.addWidget(self.status_label)
        grid = FieldGrid()
        self.passphrase_edit = secret_edit("recoveryPassphrase", self)
        self.repeat_edit = secret_edit("recoveryPassphraseRepeat", self)
        grid.add_row(_("Kata sandi pemulihan baru"), self.passphrase_edit)
        grid.add_row(_("Ketik sekali lagi"), self.repeat_edit)
        column.addLayout(grid)
        self.passphrase_button = big_button(_("Simpan kata sandi pemulihan"), "savePassphraseButton", self)
        self.lock_button = big_button(_("Kunci laptop ini"), "lockModeButton", self)
        self.lock_button.setMinimumWidth(320)  # fits both of its texts, so it never jumps when it flips
        column.addLayout(_button_row(self.passphrase_button))
        lock_grid = FieldGrid()
        self.lock_passphrase_edit = secret_edit("lockPassphrase", self)
        lock_grid.add_row(_("Kata sandi untuk mengunci"), self.lock_passphrase_edit)
        column.addLayout(lock_grid)
        column.addLayout(_button_row(self.lock_button))
        retention_grid = FieldGrid()
        self.retention_choice = OptionButtons(
            [(str(n), ngettext("{n} bulan", "{n} bulan", n).format(n=n)) for n in RETENTION_CHOICES],
            _("Simpan data paling lama"), columns=3, parent=self)
        self.retention_choice.setObjectName("retentionMonths")
        retention_grid.add_row(_("Simpan data paling lama"), self.retention_choice)
        column.addLayout(retention_grid)
        self.purge_button = big_button(_("Hapus data lama"), "purgeButton", self)
        column.addLayout(_button_row(self.purge_button))
        for button in (self.passphrase_button, self.lock_button, self.purge_button):
            button.setEnabled(False)
        self.feedback = FeedbackLabel(self)
        self.feedback.setObjectName("securityFeedback")
        column.addWidget(self.feedback)
        self.passphrase_button.clicked.connect(self._on_passphrase_clicked)
        self.lock_button.clicked.connect(self._on_lock_clicked)
        self.retention_choice.changed.connect(self._on_retention_changed)
        self.purge_button.clicked.connect(self._on_purge_clicked)
        self._refresh()

    def _refresh(self) -> None:
        app = self.context.app
        self.context.run(lambda: _load(app), self._on_loaded, self._on_failed, owner=self)

    def _on_loaded(self, loaded: tuple[KeyStatus, int, int]) -> None:
        self.status, months, self.due = loaded
        status = self.status
        if not status.encrypted:
            text = _("Data disimpan di server kantor; keamanannya diatur di server itu.")
        elif not status.has_passphrase:
            text = _("Data di komputer ini terenkripsi. Kata sandi pemulihan BELUM dibuat: tanpa itu, cadangan "
                     "tidak bisa dibuka di komputer lain. Buat sekarang dan simpan di tempat aman di kantor.")
        elif status.locked:
            text = _("Data terenkripsi. Laptop ini terkunci: kata sandi pemulihan diminta setiap kali aplikasi "
                     "dibuka.")
        else:
            text = _("Data terenkripsi dan kata sandi pemulihan sudah dibuat. Aplikasi terbuka sendiri di "
                     "komputer ini (cocok untuk kantor dan kiosk).")
        self.status_label.setText(text)
        self.lock_button.setText(_("Buka kunci otomatis") if status.locked else _("Kunci laptop ini"))
        self.lock_button.setAccessibleName(self.lock_button.text())
        self.passphrase_button.setEnabled(status.encrypted)
        self.lock_button.setEnabled(status.encrypted and status.has_passphrase)
        self.retention_choice.blockSignals(True)
        self.retention_choice.set_value(str(months) if months in RETENTION_CHOICES else None)
        self.retention_choice.blockSignals(False)
        self.purge_button.setText(_("Hapus data lama ({n})").format(n=self.due))
        self.purge_button.setAccessibleName(self.purge_button.text())
        self.purge_button.setEnabled(self.due > 0)

    def _on_passphrase_clicked(self) -> None:
        first, second = self.passphrase_edit.text(), self.repeat_edit.text()
        if first != second:
            self.feedback.show_text(_("Kedua kata sandi tidak sama."), Severity.ERROR)
            return
        app, staff = self.context.app, self.context.staff
        self._busy(_("Menyimpan kata sandi…"))
        self.context.run(lambda: app.keys.set_recovery_passphrase(first, staff),
                         lambda _r: self._done(_("Kata sandi pemulihan tersimpan. Cadangan berikutnya bisa dibuka "
                                                 "dengan kata sandi ini.")), self._on_failed, owner=self)

    def _on_lock_clicked(self) -> None:
        if self.status is None:
            return
        locked = not self.status.locked
        app, staff = self.context.app, self.context.staff
        passphrase = self.lock_passphrase_edit.text()
        if locked and not passphrase:
            self.feedback.show_text(_("Ketik kata sandi pemulihan kantor untuk mengunci laptop ini."), Severity.ERROR)
            return
        self._busy(_("Mengganti kunci data…") if locked else _("Menyimpan…"))
        if not locked:
            self.context.run(lambda: app.keys.set_locked_mode(False, staff),
                             lambda _r: self._done(_("Kunci otomatis: aplikasi terbuka sendiri di komputer ini.")),
                             self._on_failed, owner=self)
            return
        self.context.run(lambda: _lock(app, staff, passphrase), lambda n: self._done(_locked_text(n)),
                         self._on_failed, owner=self)

    def _on_retention_changed(self) -> None:
        months = int(self.retention_choice.value() or 24)
        app, staff = self.context.app, self.context.staff
        self.context.run(lambda: app.backups.put_retention_months(months, staff),
                         lambda _r: self._done(ngettext("Lama penyimpanan: {n} bulan.", "Lama penyimpanan: {n} bulan.",
                                                       months).format(n=months)),
                         self._on_failed, owner=self)

    def _on_purge_clicked(self) -> None:
        question = ngettext(
            "{n} data yang lebih lama dari masa simpan akan dihapus untuk selamanya, termasuk riwayatnya. "
            "Lanjutkan?",
            "{n} data yang lebih lama dari masa simpan akan dihapus untuk selamanya, termasuk riwayatnya. "
            "Lanjutkan?", self.due).format(n=self.due)
        ask_to_confirm(self, _("Hapus data lama"), question, _("Hapus"), self._purge, "purgeConfirmBox")

    def _purge(self) -> None:
        app, staff = self.context.app, self.context.staff
        self._busy(_("Menghapus data lama…"))
        self.context.run(lambda: app.backups.purge(by=staff),
                         lambda result: self._done(_erased_text(result.records)),
                         self._on_failed, owner=self)

    def _busy(self, text: str) -> None:
        for button in (self.passphrase_button, self.lock_button, self.purge_button):
            button.setEnabled(False)
        self.feedback.show_text(text)

    def _done(self, message: str) -> None:
        self.passphrase_edit.clear()
        self.repeat_edit.clear()
        self.lock_passphrase_edit.clear()
        self.feedback.show_text(message)
        self._refresh()

    def _on_failed(self, exc: Exception) -> None:
        self.passphrase_edit.clear()
        self.repeat_edit.clear()
        self.lock_passphrase_edit.clear()
        self.feedback.show_text(plain_error(exc, "data security settings"), Severity.ERROR)
        self._refresh()


def _lock(app: Any, staff: Any, passphrase: str) -> int:
    """Runs on the worker: lock (re-keys the data), then lock the backups this laptop still opens alone."""
    app.keys.set_locked_mode(True, staff, passphrase)
    backups = app.keys.backups_opening_with_device()
    return int(app.keys.lock_backups(backups, passphrase, staff)) if backups else 0


def _locked_text(backups: int) -> str:
    """What locking did, with how many backups were locked too."""
    text = _("Laptop terkunci: kata sandi pemulihan diminta setiap kali aplikasi dibuka.")
    if backups:
        text += " " + ngettext("{n} cadangan di laptop ini juga dikunci.", "{n} cadangan di laptop ini juga dikunci.",
                               backups).format(n=backups)
    return text


def _erased_text(records: int) -> str:
    """'{n} data lama dihapus.' in the right singular or plural form."""
    return ngettext("{n} data lama dihapus.", "{n} data lama dihapus.", records).format(n=records)
