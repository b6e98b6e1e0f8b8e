"""Staff: backups to a folder (a USB stick) now or on a schedule, the list of backups there, and restore
(admin, after typing a confirmation word). All file and database work runs on the worker thread."""

from __future__ import annotations

import logging
from datetime import UTC
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from prakerja_desktop.app import BackupCancelled, BackupNeedsPassphrase
from prakerja_desktop.backups.schedule import BackupEntry, BackupSchedule, ScheduledRun
from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.i18n import _, ngettext
from ui.operations import plain_error
from ui.staff.backup_schedule_form import ScheduleForm
from ui.staff.common import STAFF_QSS, big_button, heading
from ui.staff.context import StaffContext
from ui.staff.progress import ProgressPanel, StatusLine
from ui.staff.restore_confirm import RestoreConfirmDialog
from ui.style import follow_display
from ui.widgets.file_dialog import speak_our_language
from ui.widgets.vertical_scroll import VerticalScroll

logger = logging.getLogger(__name__)



def column_titles() -> tuple[str, ...]:
    """The list's column titles (translated when the screen is built, not at import)."""
    return (_("Tanggal"), _("Ukuran"), _("Diperiksa"), _("Perangkat"))


def human_size(size: int) -> str:
    """1536000 → '1,5 MB' (Indonesian decimal comma)."""
    value, unit = float(size), "B"
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            break
        value /= 1024
    text = f"{value:.0f}" if unit == "B" else f"{value:.1f}".replace(".", ",")
    return f"{text} {unit}"


def _load(app: Any, folder: Path | None) -> tuple[Path, BackupSchedule, list[BackupEntry]]:
    """Runs on the worker: the folder on show, the stored schedule and the backups in that folder."""
    schedule, _last = app.backups.load_schedule()
    shown = folder or app.backups.folder()
    return shown, schedule, app.backups.entries(shown)


class BackupsScreen(QWidget):
    """Make, list and restore backups; `database_replaced` after a restore (the app then reopens it)."""

    database_replaced = Signal(object)  # RestoreResult
    backup_finished = Signal(object)  # ScheduledRun, or None when cancelled or failed
    loaded = Signal()  # the folder's list is on show
    use_native_dialogs: ClassVar[bool] = True  # tests turn this off to drive Qt's own dialog

    def __init__(self, context: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupsScreen")
        follow_display(self, STAFF_QSS)
        self.context = context
        self.folder: Path | None = None
        self.entries: list[BackupEntry] = []
        self.dialog: QWidget | None = None
        self._restore_candidate: Path | None = None
        self._loads = 0
        self._schedule_shown = False
        self.busy = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(heading(_("Cadangan data"), self))
        if context.app.is_office_server:  # an office server: pg_dump's job, said plainly, nothing to press
            self._server_note(outer)
            return
        scroll = VerticalScroll(self)  # as wide as its form: the page scrolls sideways, never cuts it
        body = QWidget(scroll)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 12, 0)
        layout.setSpacing(10)
        intro = QLabel(_("Salinan data yang sudah diperiksa, ke folder atau flashdisk. Simpan flashdisknya di "
                         "tempat lain, supaya data tetap ada bila komputer ini rusak atau hilang."), body)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        folder_row = QHBoxLayout()
        self.folder_button = big_button(_("Pilih folder…"), "chooseBackupFolder", body)
        self.folder_button.clicked.connect(self.choose_folder)
        self.folder_label = QLabel(_("Memuat…"), body)
        self.folder_label.setObjectName("backupFolderLabel")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder_row.addWidget(self.folder_button)
        folder_row.addWidget(self.folder_label, 1)
        layout.addLayout(folder_row)
        self.backup_button = big_button(_("Cadangkan sekarang"), "backupNow", body, default=True)
        self.backup_button.setMinimumWidth(260)
        self.backup_button.setEnabled(False)  # until the folder is known
        self.backup_button.clicked.connect(self.start_backup)
        layout.addWidget(self.backup_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.progress = ProgressPanel(body, name="backupProgress")
        layout.addWidget(self.progress)
        self.message = StatusLine(body)
        self.message.setObjectName("backupMessage")
        layout.addWidget(self.message)
        layout.addWidget(heading(_("Cadangan di folder ini"), body, "sectionHeading"))
        self.columns = column_titles()
        self.table = QTableWidget(0, len(self.columns), body)
        self.table.setObjectName("backupTable")
        self.table.setAccessibleName(_("Daftar cadangan"))
        self.table.setHorizontalHeaderLabels(list(self.columns))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(self.columns) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(200)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table)
        actions = QHBoxLayout()
        self.restore_button = big_button(_("Pulihkan…"), "restoreBackup", body)
        self.restore_button.setVisible(context.is_admin)
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.ask_restore)
        self.refresh_button = big_button(_("Muat ulang daftar"), "refreshBackups", body)
        self.refresh_button.clicked.connect(self.refresh)
        actions.addWidget(self.restore_button)
        actions.addWidget(self.refresh_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.schedule_form = ScheduleForm(body)
        if context.is_admin:
            layout.addWidget(heading(_("Cadangan otomatis"), body, "sectionHeading"))
            self.schedule_form.save_requested.connect(self.save_schedule)
        else:
            self.schedule_form.setVisible(False)
        layout.addWidget(self.schedule_form)
        layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.refresh()

    def _server_note(self, outer: QVBoxLayout) -> None:
        """On an office server the app makes no backups: say who does, instead of buttons that cannot work."""
        note = QLabel(_("Data ini ada di server data kantor. Cadangannya dibuat dan dipulihkan dengan alat "
                        "server itu sendiri (misalnya pg_dump dan pg_restore) oleh pengelola server, bukan "
                        "dengan aplikasi ini."), self)
        note.setObjectName("backupServerNote")
        note.setWordWrap(True)
        outer.addWidget(note)
        outer.addStretch(1)

    # --- folder and list ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the schedule and the backups in the folder on show (worker)."""
        app, folder = self.context.app, self.folder
        self._loads += 1
        serial = self._loads
        self.context.run(lambda: (serial, *_load(app, folder)), self._on_loaded, self._on_failed, owner=self)

    def _on_loaded(self, loaded: tuple[int, Path, BackupSchedule, list[BackupEntry]]) -> None:
        serial, folder, schedule, entries = loaded
        if serial != self._loads:
            return  # another folder was chosen meanwhile: its list is on its way
        if not self._schedule_shown:  # once: later loads must not undo what the admin is editing
            self.schedule_form.set_schedule(schedule)
            self._schedule_shown = True
        self.folder, self.entries = folder, entries
        self.folder_label.setText(str(folder) if folder.is_dir() else _(
            "{folder} (belum ada: pasang flashdisk-nya atau pilih folder lain)").format(folder=folder))
        self.folder_label.setAccessibleName(_("Folder cadangan: {folder}").format(folder=folder))
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            info = entry.info
            when = info.created_at.replace(tzinfo=UTC).astimezone().strftime("%d-%m-%Y %H:%M")
            checked = _("✔ ya") if entry.verified else _("✖ belum/tidak")
            device = info.device + (_(" (komputer ini)") if entry.ours else "")
            for column, text in enumerate((when, human_size(info.size), checked, device)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{self.columns[column]}: {text}")
                self.table.setItem(row, column, item)
        if not entries:
            self.message.show_text(_("Belum ada cadangan di folder ini."))
        self._update_buttons()
        self.loaded.emit()

    def choose_folder(self) -> None:
        """Ask for the backup folder (a USB stick); not blocking the event loop."""
        dialog = QFileDialog(self, _("Pilih folder cadangan"), str(self.folder or Path.home()))
        dialog.setObjectName("backupFolderDialog")
        speak_our_language(dialog)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, not self.use_native_dialogs)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, _("Pilih folder ini"))
        dialog.setLabelText(QFileDialog.DialogLabel.Reject, _("Batal"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self._on_folder_selected)  # a bound slot: a lambda on a deleted dialog crashed
        self.dialog = dialog
        dialog.open()

    def _on_folder_selected(self, name: str) -> None:
        self.set_folder(Path(name))

    def set_folder(self, folder: Path) -> None:
        """Show and back up into this folder (the admin saves it for the schedule with "Simpan jadwal")."""
        self.folder = folder
        self.folder_label.setText(_("Memuat…"))
        self.message.show_text("")
        self.refresh()

    def _update_buttons(self) -> None:
        self.backup_button.setEnabled(not self.busy and self.folder is not None)
        self.restore_button.setEnabled(not self.busy and self.selected_entry() is not None)
        self.folder_button.setEnabled(not self.busy)

    def selected_entry(self) -> BackupEntry | None:
        """The backup chosen in the list."""
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows and rows[0].row() < len(self.entries) else None

    # --- backup now --------------------------------------------------------------------------

    def start_backup(self) -> None:
        """Back up into the folder on show, with progress and "Batal"; old backups pruned to the set number."""
        if self.busy or self.folder is None:
            return
        app, staff, folder, progress = self.context.app, self.context.staff, self.folder, self.progress
        cancel = progress.start(_("Mencadangkan… Aplikasi tetap bisa dipakai."))
        self._set_busy(True)
        self.message.show_text("")

        def work() -> ScheduledRun:
            return app.backups.make_and_prune(folder, progress.report, cancel.is_set, staff)

        self.context.run(work, self._on_backup_done, self._on_backup_failed, owner=self)

    def _on_backup_done(self, run: ScheduledRun) -> None:
        self.progress.finish()
        self._set_busy(False)
        info = run.backup
        text = ngettext("✔ Cadangan dibuat dan diperiksa: {name} ({records} data, {size}).",
                        "✔ Cadangan dibuat dan diperiksa: {name} ({records} data, {size}).", info.records).format(
            name=info.path.name, records=info.records, size=human_size(info.size))
        if run.pruned:
            text += " " + ngettext("{n} cadangan lama dihapus.", "{n} cadangan lama dihapus.",
                                   len(run.pruned)).format(n=len(run.pruned))
        self.message.show_text(text)
        self.refresh()
        self.backup_finished.emit(run)

    def _on_backup_failed(self, exc: Exception) -> None:
        self.progress.finish()
        self._set_busy(False)
        if isinstance(exc, BackupCancelled):
            self.message.show_text(_("Pencadangan dibatalkan. Tidak ada berkas setengah jadi yang tertinggal."))
        else:
            self.message.show_text(plain_error(exc, "backup"), Severity.ERROR)
        self.refresh()
        self.backup_finished.emit(None)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_buttons()

    # --- schedule ----------------------------------------------------------------------------

    def save_schedule(self, schedule: BackupSchedule) -> None:
        """Store the schedule with the folder on show (admin)."""
        app, staff = self.context.app, self.context.staff
        folder = str(self.folder) if self.folder is not None else ""
        chosen = BackupSchedule(schedule.every_hours, schedule.daily_at, schedule.keep, folder)
        self.schedule_form.save_button.setEnabled(False)

        def save() -> None:
            app.backups.save_schedule(chosen, staff)

        def saved(_result: object) -> None:
            self.schedule_form.save_button.setEnabled(True)
            self.message.show_text(_("✔ Jadwal cadangan tersimpan."))

        def failed(exc: Exception) -> None:
            self.schedule_form.save_button.setEnabled(True)
            self.message.show_text(plain_error(exc, "backup schedule"), Severity.ERROR)

        self.context.run(save, saved, failed, owner=self)

    # --- restore -----------------------------------------------------------------------------

    def ask_restore(self, *, ask_passphrase: bool = False) -> None:
        """The strong confirmation for the chosen backup (admin only); with the passphrase field when
        the backup was made on another machine."""
        entry = self.selected_entry()
        if entry is None or not self.context.is_admin or self.busy:
            return
        when = entry.info.created_at.replace(tzinfo=UTC).astimezone().strftime("%d-%m-%Y %H:%M")
        dialog = RestoreConfirmDialog(_("dari {when} ({name})").format(when=when, name=entry.info.path.name), self,
                                      ask_passphrase=ask_passphrase)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._restore_candidate = entry.info.path
        dialog.accepted.connect(self._on_restore_confirmed)
        self.dialog = dialog
        dialog.open()

    def _on_restore_confirmed(self) -> None:
        dialog = self.dialog
        passphrase = dialog.passphrase() if isinstance(dialog, RestoreConfirmDialog) else None
        self.dialog = None  # it deletes itself on close: no reference may outlive it
        if self._restore_candidate is not None:
            self.restore(self._restore_candidate, passphrase)

    def restore(self, backup_file: Path, passphrase: str | None = None) -> None:
        """Release the database, swap in the backup (the current file is kept aside), and say so."""
        app = self.context.app
        self._set_busy(True)
        self.progress.start(_("Memulihkan cadangan… Jangan matikan komputer."))
        self.progress.cancel_button.setEnabled(False)  # a restore is one atomic swap: nothing to stop

        def work() -> object:
            return app.backups.restore(backup_file, passphrase=passphrase)  # closes the app's database first

        self.context.run(work, self._on_restored, self._on_restore_failed, owner=self)

    def _on_restored(self, result: Any) -> None:
        self.progress.finish()
        self._set_busy(False)
        self.message.show_text(ngettext("✔ Cadangan dipulihkan ({records} data). Aplikasi membuka data itu sekarang.",
                                        "✔ Cadangan dipulihkan ({records} data). Aplikasi membuka data itu sekarang.",
                                        result.records).format(records=result.records))
        logger.info("restored a backup from the staff area")
        self.database_replaced.emit(result)

    def _on_restore_failed(self, exc: Exception) -> None:
        self.progress.finish()
        self._set_busy(False)
        self.message.show_text(plain_error(exc, "restore"), Severity.ERROR)
        if isinstance(exc, BackupNeedsPassphrase):  # made on another machine: ask again, with the passphrase
            self.ask_restore(ask_passphrase=True)

    def _on_failed(self, exc: Exception) -> None:
        self.message.show_text(plain_error(exc, "backup list"), Severity.ERROR)
