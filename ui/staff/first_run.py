"""First run: set up the office and create the first admin. There is no default password."""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.keys.room import MIN_PASSPHRASE_LENGTH, check_passphrase
from prakerja_desktop.staff import accounts as staff_accounts
from ui.operations import plain_error, run_in_background
from ui.staff.common import STAFF_QSS, big_button, heading, secret_edit
from ui.staff.office_form import FieldGrid, OfficeForm
from ui.style import follow_display
from ui.tasks import TaskRunner
from ui.widgets.feedback import FeedbackLabel

if TYPE_CHECKING:
    from prakerja_desktop.app import App, StaffSession

DEFAULT_DAILY_AT = time(16, 0)  # the end of a working day, when the stick is usually still in


def _set_up(app: App, office: dict[str, str], username: str, display: str, secret: str,
            logo: str | None, passphrase: str, backup_folder: str = "") -> StaffSession:
    """Runs on the worker: the office and first admin, the recovery passphrase if one was typed, and
    daily backups to the chosen folder (a USB stick or a second disk) if one was given."""
    admin = app.staff.first_run(office, username, display, secret, logo)
    if passphrase and app.keys.status().encrypted:
        app.keys.set_recovery_passphrase(passphrase, admin)
    if backup_folder:
        schedule, _last = app.backups.load_schedule()
        app.backups.save_schedule(replace(schedule, folder=backup_folder,
                                          daily_at=schedule.daily_at or DEFAULT_DAILY_AT), admin)
    return admin


def _is_folder(text: str) -> bool:
    """True when TEXT names an existing folder; a name too long or unreadable is simply not one."""
    try:
        return Path(text).expanduser().is_dir()
    except (OSError, RuntimeError):  # e.g. ENAMETOOLONG (is_dir passes it on), "~nobody" (RuntimeError)
        return False


class FirstRunDialog(QDialog):
    """Office details and the first admin account; `completed` carries the new admin's session."""

    completed = Signal(object)  # StaffSession

    def __init__(self, app: App, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunDialog")
        self.setWindowTitle(_("Persiapan pertama"))
        follow_display(self, STAFF_QSS)
        self.resize(1000, 740)
        self._app, self._tasks = app, tasks
        self._busy = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 20, 28, 20)
        outer.addWidget(heading(_("Persiapan pertama"), self))
        intro = QLabel(_("Aplikasi ini belum disiapkan. Isi data kantor, lalu buat akun admin pertama. "
                         "Tidak ada kata sandi bawaan: pilih sendiri dan simpan baik-baik."), self)
        intro.setWordWrap(True)
        outer.addWidget(intro)

        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 16, 0)
        column.addWidget(heading(_("1. Data kantor"), body, "sectionHeading"))
        self.office_form = OfficeForm(body)
        column.addWidget(self.office_form)
        column.addWidget(heading(_("2. Admin pertama"), body, "sectionHeading"))
        grid = FieldGrid()
        self.username_edit = grid.add_edit(_("Nama pengguna"), "adminUsername", body,
                                           _("huruf, angka dan titik, misalnya admin"), 64)
        self.display_edit = grid.add_edit(_("Nama yang ditampilkan"), "adminDisplayName", body,
                                          _("misalnya Siti Rahma"), 200)
        self.secret_edit = secret_edit("adminSecret", body)
        grid.add_row(_("Kata sandi atau PIN"), self.secret_edit)
        self.repeat_edit = secret_edit("adminSecretRepeat", body)
        grid.add_row(_("Ulangi kata sandi atau PIN"), self.repeat_edit)
        column.addLayout(grid)
        hint = QLabel(_("Minimal {n} karakter. Admin bisa membuat akun petugas lain nanti.").format(
            n=staff_accounts.MIN_SECRET_LENGTH), body)
        hint.setWordWrap(True)
        column.addWidget(hint)
        # Section 3 only where the data file is encrypted here: an office server has its own protection.
        self.recovery_section = QWidget(body)
        section = QVBoxLayout(self.recovery_section)
        section.setContentsMargins(0, 0, 0, 0)
        section.addWidget(heading(_("3. Kata sandi pemulihan data (boleh nanti)"), self.recovery_section,
                                  "sectionHeading"))
        recovery_hint = QLabel(_("Data di komputer ini dienkripsi. Kata sandi pemulihan membuka cadangan di "
                                 "komputer lain. Minimal {n} karakter; tulis dan simpan di tempat aman di "
                                 "kantor.").format(n=MIN_PASSPHRASE_LENGTH), self.recovery_section)
        recovery_hint.setWordWrap(True)
        section.addWidget(recovery_hint)
        recovery = FieldGrid()
        self.passphrase_edit = secret_edit("recoveryPassphrase", self.recovery_section)
        recovery.add_row(_("Kata sandi pemulihan"), self.passphrase_edit)
        self.passphrase_repeat_edit = secret_edit("recoveryPassphraseRepeat", self.recovery_section)
        recovery.add_row(_("Ulangi kata sandi pemulihan"), self.passphrase_repeat_edit)
        section.addLayout(recovery)
        self.recovery_section.setVisible(app.keys.encrypted_file)
        column.addWidget(self.recovery_section)
        # Backups by default (issue 16): asked at set-up, so a lost disk does not take every copy.
        column.addWidget(heading(_("4. Tempat cadangan (flashdisk atau disk kedua)"), body, "sectionHeading"))
        backup_hint = QLabel(_("Cadangan dibuat setiap hari ke folder ini. Pilih flashdisk atau disk lain, bukan "
                               "disk data ini. Kosongkan untuk mengaturnya nanti di layar Cadangan data."), body)
        backup_hint.setWordWrap(True)
        column.addWidget(backup_hint)
        backups = FieldGrid()
        self.backup_folder_edit = backups.add_edit(_("Folder cadangan"), "firstRunBackupFolder", body,
                                                   _("misalnya E:\\Cadangan atau /media/flashdisk"), 1000)
        column.addLayout(backups)
        self.backup_choose_button = big_button(_("Pilih folder…"), "firstRunBackupChoose", body)
        self.backup_choose_button.clicked.connect(self._choose_backup_folder)
        column.addWidget(self.backup_choose_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.feedback = FeedbackLabel(self)
        self.feedback.setObjectName("firstRunFeedback")
        outer.addWidget(self.feedback)
        footer = QHBoxLayout()
        self.later_button = big_button(_("Nanti saja"), "laterButton", self)
        self.save_button = big_button(_("Simpan dan masuk"), "saveButton", self, default=True)
        footer.addWidget(self.later_button)
        footer.addStretch(1)
        footer.addWidget(self.save_button)
        outer.addLayout(footer)
        self.later_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.repeat_edit.returnPressed.connect(self._on_save_clicked)

    def _choose_backup_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Pilih folder cadangan"), self.backup_folder_edit.text())
        if chosen:
            self.backup_folder_edit.setText(chosen)

    def _on_save_clicked(self) -> None:
        if self._busy:
            return
        office = self.office_form.values()
        problems = staff_accounts.check_office(office)
        secret, repeat = self.secret_edit.text(), self.repeat_edit.text()
        if not self.username_edit.text().strip():
            problems.append(_("Nama pengguna admin belum diisi."))
        if not secret:
            problems.append(_("Kata sandi atau PIN belum diisi."))
        elif secret != repeat:
            problems.append(_("Kedua kata sandi tidak sama. Ketik ulang keduanya."))
        passphrase = self.passphrase_edit.text()
        if passphrase != self.passphrase_repeat_edit.text():
            problems.append(_("Kedua kata sandi pemulihan tidak sama."))
        elif passphrase:
            try:
                check_passphrase(passphrase)
            except UserInputError as exc:
                problems.append(str(exc))
        folder = self.backup_folder_edit.text().strip()
        if folder and not _is_folder(folder):
            problems.append(_("Folder cadangan tidak ada. Pasang flashdisk-nya, atau kosongkan isian ini."))
        if problems:
            self.feedback.show_text(" ".join(problems), Severity.ERROR)
            return
        app, logo = self._app, self.office_form.logo_source
        username, display = self.username_edit.text(), self.display_edit.text()
        self._set_busy(True)
        self.feedback.show_text(_("Menyimpan…"))
        folder = self.backup_folder_edit.text().strip()
        run_in_background(self._tasks,
                          lambda: _set_up(app, office, username, display, secret, logo, passphrase, folder),
                          self._on_saved, self._on_failed, owner=self, doing="setting up the office")

    def _on_saved(self, admin: StaffSession) -> None:
        self._set_busy(False)
        for edit in (self.secret_edit, self.repeat_edit, self.passphrase_edit, self.passphrase_repeat_edit):
            edit.clear()
        self.feedback.clear_findings()
        self.completed.emit(admin)
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.feedback.show_text(plain_error(exc, "first-run set-up"), Severity.ERROR)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)
        self.later_button.setEnabled(not busy)
