"""The main window: shows the wizard's Welcome at once while the worker opens the database."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from prakerja_desktop import __version__
from prakerja_desktop.i18n import _
from ui.display import reset_display
from ui.operations import plain_error
from ui.style import follow_display
from ui.tasks import TaskRunner
from ui.widgets.confirm import ask_to_confirm
from ui.widgets.language_picker import language_notifier
from ui.wizard.context import WizardContext
from ui.wizard.host import WizardHost

if TYPE_CHECKING:  # imported on the worker thread, so the first screen does not wait for it
    from prakerja_desktop.app import App, StaffSession
    from ui.backup_timer import BackupTimer
    from ui.shared_pc import SharedPcGuard
    from ui.staff.idle import IdleWatcher

logger = logging.getLogger(__name__)
FIRST_PAINT_FALLBACK_MS = 1500
MAIN_WINDOW_QSS = """
QMainWindow, QStatusBar, QToolBar { background-color: @page@; color: @ink@; }
QToolBar#staffBar { border: none; padding: 2px 16px 2px 0; }
QPushButton#staffButton { font-size: 17px; padding: 4px 18px; color: @ink@; background-color: @surface@;
    border: 2px solid @control@; border-radius: 6px; }
QPushButton#staffButton:focus { background-color: @focus@; color: @on_focus@; border-color: @focus_ring@; }
"""
# Literal colours like the other single-screen QSS: dark text on amber (WCAG AA), readable in both palettes.
RESCUE_BANNER_QSS = ("QLabel#rescueBanner { background-color: @banner@; color: @ink@; font-size: 17px; "
                     "padding: 10px 16px; border-bottom: 2px solid @banner_border@; }")


class MainWindow(QMainWindow):
    """The application window."""

    app_ready = Signal(object)
    app_failed = Signal(str)
    staff_entered = Signal(object)  # StaffSession
    staff_left = Signal()
    wizard_replaced = Signal(object)  # the new WizardHost (see new_wizard_host)
    first_painted = Signal()  # once, right after the first paint: the time to start what can wait (ui/app.py)

    def __init__(self, data_dir: Path, db_url: str | None = None, staff: StaffSession | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Prakerja Desktop")
        self.resize(1024, 768)
        self.tasks = TaskRunner(self)
        qt_app = QApplication.instance()
        if qt_app is not None:  # stop the worker even if the app quits without closing this window
            qt_app.aboutToQuit.connect(self.tasks.shutdown)
        self.app: App | None = None
        self._data_dir = data_dir
        self._db_url = db_url
        self.context = WizardContext(app=None, tasks=self.tasks, staff=staff)
        self.wizard: WizardHost | None = WizardHost(self.context, parent=self)
        self.wizard.finished.connect(self._on_wizard_finished)
        self.setCentralWidget(self.wizard)
        self.wizard.start()
        self.staff_area: QWidget | None = None
        self.not_set_up_panel: QLabel | None = None  # a kiosk without an admin shows only this
        self.has_staff: bool | None = None  # known once the database is open
        self.idle_timeout_ms: int | None = None  # None: the office setting (tests set milliseconds)
        self._idle: IdleWatcher | None = None
        self._staff_dialog: QWidget | None = None
        self.backup_timer: BackupTimer | None = None
        self.shared_pc: SharedPcGuard | None = None  # idle wipe outside kiosk mode (ui/shared_pc.py)
        self.wizard_idle_ms: int | None = None  # None: the office setting (tests set milliseconds)
        self._close_confirmed = False
        self._painted = self._first_painted_sent = False
        # A window the system never paints (minimised at start, a display that does not draw) still opens
        # its database: first_painted comes at the latest after this many milliseconds.
        QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, self, self._emit_first_painted)
        self.rescue_banner: QLabel | None = None  # shown in rescue mode (a read-only or full data disk)
        self._build_staff_bar()
        follow_display(self, MAIN_WINDOW_QSS, base=False)  # large text and contrast reach the bars too
        self.statusBar().showMessage(f"Prakerja Desktop {__version__} · " + _("menyiapkan data…"))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """The first paint: first_painted follows on the next turn of the event loop."""
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self._emit_first_painted)

    def _emit_first_painted(self) -> None:
        """first_painted, once (also from the fallback timer of a window that is never painted)."""
        if not self._first_painted_sent:
            self._first_painted_sent = True
            self.first_painted.emit()

    @property
    def data_dir(self) -> Path:
        """The data folder this window works in."""
        return self._data_dir

    def open_app(self) -> None:
        """Open (and migrate) the database on the worker; queued work waits behind it."""
        data_dir, db_url, context = self._data_dir, self._db_url, self.context

        def open_in_background() -> App:
            from prakerja_desktop.app import App

            app = App.open(data_dir, db_url)
            context.app = app  # set here, so the next queued task already sees it
            return app

        self.tasks.submit(open_in_background, self._on_app_opened, self._on_app_failed)

    def _on_app_opened(self, app: App) -> None:
        self.app = app
        who = self.context.staff.display_name if self.context.staff else self._nobody_logged_in()
        self.statusBar().showMessage(f"Prakerja Desktop {__version__} · {app.device.code} · {who}")
        if self.wizard is not None:
            self.wizard.notify_app_ready()
        self.app_ready.emit(app)
        self.tasks.submit(app.staff.has_staff, self._on_staff_known)
        self._show_rescue_banner(app)
        if app.rescue is None:  # read-only: a scheduled backup could not note itself and would repeat
            self._start_backup_timer()
        self._guard_shared_pc(app)

    def _show_rescue_banner(self, app: App) -> None:
        """A read-only or full data disk (rescue mode): a banner above every screen says why and what to do."""
        if app.rescue is None:
            if self.rescue_banner is not None:  # reopened after a restore onto a good disk
                self.rescue_banner.hide()
            return
        if self.rescue_banner is None:
            self.rescue_banner = QLabel(self)
            self.rescue_banner.setObjectName("rescueBanner")
            self.rescue_banner.setWordWrap(True)
            self.rescue_banner.setTextFormat(Qt.TextFormat.PlainText)
            follow_display(self.rescue_banner, RESCUE_BANNER_QSS, base=False)  # contrast and large text too
            self.setMenuWidget(self.rescue_banner)  # the full width, above the staff bar and every screen
            language_notifier().changed.connect(lambda _language: self.app and self._show_rescue_banner(self.app))
        self.rescue_banner.setText(app.rescue.banner)
        self.rescue_banner.setAccessibleName(app.rescue.banner)
        self.rescue_banner.show()

    def _guard_shared_pc(self, app: App) -> None:
        """Outside kiosk mode: the idle countdown and wipe after the office's minutes (ui/shared_pc.py)."""
        from ui.shared_pc import SharedPcGuard

        if self.shared_pc is None:
            self.shared_pc = SharedPcGuard(self, self.wizard_idle_ms or 5 * 60_000)
        if self.wizard_idle_ms is None:
            guard = self.shared_pc
            self.tasks.submit(lambda: int(app.settings.get("wizard_idle_minutes")),
                              lambda minutes: guard.set_idle_ms(minutes * 60_000),
                              lambda exc: logger.error("wizard idle setting unreadable", exc_info=exc))

    # --- staff area ---------------------------------------------------------------------------------

    def _build_staff_bar(self) -> None:
        """A small "Petugas" button at the top right: the door to the staff area."""
        self.staff_bar = QToolBar(_("Petugas"), self)
        self.staff_bar.setObjectName("staffBar")
        self.staff_bar.setMovable(False)
        self.staff_bar.setFloatable(False)
        self.staff_bar.toggleViewAction().setVisible(False)
        spacer = QWidget(self.staff_bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.staff_bar.addWidget(spacer)
        self.staff_button = QPushButton(_("Petugas"), self.staff_bar)
        self.staff_button.setObjectName("staffButton")
        self.staff_button.setAccessibleName(_("Masuk petugas"))
        language_notifier().changed.connect(self._translate_staff_bar)
        self.staff_button.setMinimumSize(120, 48)
        self.staff_bar.addWidget(self.staff_button)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.staff_bar)
        self.staff_button.clicked.connect(self._on_staff_button_clicked)

    def _translate_staff_bar(self, _language: str) -> None:
        """The language changed (the wizard and staff area redo their own texts)."""
        self.staff_button.setText(_("Petugas"))
        self.staff_button.setAccessibleName(_("Masuk petugas"))

    def _on_staff_known(self, has_staff: bool) -> None:
        self.has_staff = has_staff
        if has_staff:
            return
        if self.is_kiosk:
            self.show_kiosk_not_set_up()  # the public never sees the office set-up
        else:
            self.open_first_run()  # closing it keeps the wizard working

    def _nobody_logged_in(self) -> str:
        """The status bar's "who" when no staff member is logged in."""
        return _("mode kiosk") if self.is_kiosk else _("tanpa petugas")

    @property
    def is_kiosk(self) -> bool:
        """True while kiosk mode guards this window (ui/kiosk/controller.py)."""
        controller = getattr(self, "kiosk", None)
        return bool(controller is not None and controller.active)

    def show_kiosk_not_set_up(self) -> None:
        """A kiosk without an admin: only "Kiosk belum disiapkan" and what staff must do, no wizard."""
        panel = QLabel(self)
        panel.setObjectName("kioskNotSetUp")
        panel.setWordWrap(True)
        panel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        panel.setTextFormat(Qt.TextFormat.PlainText)
        title = _("Kiosk belum disiapkan")
        text = "\n\n".join([
            title,
            _("Komputer ini belum bisa dipakai untuk umum. Silakan minta bantuan petugas."),
            _("Untuk petugas: tekan Ctrl+Alt+P (atau tekan dan tahan pojok kiri atas layar 3 detik) untuk "
              "menutup kiosk. Jalankan Prakerja Desktop tanpa mode kiosk, buat akun admin pertama lewat "
              "tombol \"Petugas\", atur PIN kiosk di Pengaturan kantor, lalu jalankan lagi mode kiosk."),
        ])
        panel.setText(text)
        panel.setAccessibleName(text)
        panel.setStyleSheet("font-size: 24px; padding: 48px;")
        if self.wizard is not None and self.centralWidget() is self.wizard:
            self.takeCentralWidget()
            self.wizard.setParent(self)
            self.wizard.hide()
        self.not_set_up_panel = panel
        self.setCentralWidget(panel)
        panel.show()

    def _on_staff_button_clicked(self) -> None:
        if self.app is None:
            self.statusBar().showMessage(_("Data belum siap. Tunggu sebentar, lalu coba lagi."), 5000)
        elif self.has_staff is False:
            self.open_first_run()
        else:
            self.open_login()

    def _reuse_dialog(self, kind: type) -> bool:
        """Bring an open staff dialog of this kind to the front instead of opening a second one."""
        dialog = self._staff_dialog
        if dialog is None or not shiboken6.isValid(dialog) or not dialog.isVisible():
            return False
        if isinstance(dialog, kind):
            dialog.raise_()
            dialog.activateWindow()
            return True
        dialog.close()
        return False

    def _keep_dialog(self, dialog: QDialog) -> None:
        """Remember the open staff dialog; it is deleted once closed."""
        self._staff_dialog = dialog
        dialog.finished.connect(dialog.deleteLater)

    def open_first_run(self) -> None:
        """The office set-up and first admin, beside the wizard (not modal: the kiosk keeps working)."""
        from ui.staff.first_run import FirstRunDialog

        if self.app is None or self._reuse_dialog(FirstRunDialog):
            return
        dialog = FirstRunDialog(self.app, self.tasks, self)
        dialog.completed.connect(self._on_first_run_completed)
        self._keep_dialog(dialog)
        dialog.show()

    def open_login(self) -> None:
        """The staff login, window-modal and non-blocking."""
        from ui.staff.login import LoginDialog

        if self.app is None or self._reuse_dialog(LoginDialog):
            return
        dialog = LoginDialog(self.app, self.tasks, self)
        dialog.logged_in.connect(self.enter_staff)
        self._keep_dialog(dialog)
        dialog.open()

    def _on_first_run_completed(self, admin: StaffSession) -> None:
        self.has_staff = True
        self.enter_staff(admin)

    def enter_staff(self, staff: StaffSession) -> None:
        """Show the staff area in place of the applicant wizard, with the automatic logout armed."""
        from ui.staff.context import StaffContext
        from ui.staff.window import StaffArea

        if self.app is None or self.staff_area is not None:
            return
        if self.wizard is not None and self.centralWidget() is self.wizard:
            self.takeCentralWidget()
            self.wizard.setParent(self)  # kept (hidden) for the return to the kiosk
            self.wizard.hide()
        context = StaffContext(app=self.app, tasks=self.tasks, staff=staff)
        self.staff_area = StaffArea(context, today=self.context.today, parent=self)
        self.staff_area.logout_requested.connect(lambda: self.leave_staff())
        self.staff_area.database_replaced.connect(self._on_database_replaced)
        self.setCentralWidget(self.staff_area)
        self.staff_area.show()  # now, not on the layout's queued show: input goes there at once
        self.staff_bar.setVisible(False)
        self.statusBar().showMessage(f"Prakerja Desktop {__version__} · {self.app.device.code} · "
                                     f"{staff.display_name}")
        self._arm_idle_logout()
        self._on_backup_notice(self.backup_timer.notice if self.backup_timer else "")
        self.staff_entered.emit(staff)

    def leave_staff(self, idle: bool = False) -> None:
        """Close the staff area and go back to a fresh applicant Welcome (the logout is audited)."""
        if self._idle is not None:
            self._idle.stop()
            self._idle.deleteLater()
            self._idle = None
        area, self.staff_area = self.staff_area, None
        if area is None:
            return
        app, staff = self.app, area.context.staff
        if app is not None:
            self.tasks.submit(lambda: app.staff.logout(staff, idle=idle), lambda _r: None)
        self.takeCentralWidget()
        area.hide()
        area.deleteLater()  # with every screen and dialog it opened
        reset_display()  # the next person starts with the normal look
        if self.wizard is not None:
            self.wizard.start()
            self.setCentralWidget(self.wizard)
            self.wizard.show()
        self.staff_bar.setVisible(True)
        if self.app is not None:
            self.statusBar().showMessage(f"Prakerja Desktop {__version__} · {self.app.device.code} · "
                                         + self._nobody_logged_in())
        self.staff_left.emit()

    def _arm_idle_logout(self) -> None:
        from ui.staff.idle import IdleWatcher

        self._idle = watcher = IdleWatcher(self.idle_timeout_ms or 10 * 60_000, self)
        watcher.timed_out.connect(lambda: self.leave_staff(idle=True))
        watcher.start()
        if self.idle_timeout_ms is None and self.app is not None:
            app = self.app

            def apply(minutes: int) -> None:
                if self._idle is watcher:
                    watcher.set_timeout(minutes * 60_000)
            self.tasks.submit(app.staff.idle_minutes, apply)

    # --- scheduled backups and a restore from the staff area ----------------------------------------

    def _start_backup_timer(self) -> None:
        """Scheduled backups while the app runs (once; it follows the app as they are reopened)."""
        from ui.backup_timer import BackupTimer

        if self.backup_timer is None:
            self.backup_timer = BackupTimer(self.tasks, lambda: self.app, parent=self)
            self.backup_timer.notice_changed.connect(self._on_backup_notice)
            self.backup_timer.start()

    def _on_backup_notice(self, text: str) -> None:
        """A scheduled-backup problem, for staff only: applicants at the kiosk never see it."""
        if text and self.staff_area is not None:
            self.statusBar().showMessage(text)

    def _on_database_replaced(self, _result: object) -> None:
        """A backup was restored in the staff area: log out, reopen the restored database, fresh Welcome."""
        old, self.app = self.app, None  # so leave_staff audits nothing into the replaced file
        self.context.app = None
        self.leave_staff()
        self.new_wizard_host()  # nothing of the replaced data stays in any widget
        if old is not None:
            self.tasks.submit(old.close, lambda _r: None)
        self.statusBar().showMessage(f"Prakerja Desktop {__version__} · " + _("membuka data yang dipulihkan…"))
        self.open_app()

    def _on_wizard_finished(self) -> None:
        """The person is done: a fresh Welcome with nothing of theirs left in any widget."""
        reset_display()  # the next person starts with the normal look
        if self.wizard is not None:
            self.wizard.start()

    def new_wizard_host(self) -> WizardHost:
        """Replace the wizard by a freshly built one at Welcome (the kiosk wipe, a restored database).

        Building anew, not clearing fields one by one, is what guarantees that nothing of the previous
        person survives in any widget, completer or undo history.
        """
        old, self.wizard = self.wizard, WizardHost(self.context, parent=self)
        self.wizard.finished.connect(self._on_wizard_finished)
        if self.staff_area is None and self.not_set_up_panel is None:
            self.setCentralWidget(self.wizard)  # the old central widget is deleted (later) by Qt
            self.wizard.show()
        else:
            self.wizard.hide()  # kept hidden for the return from the staff area
        if old is not None and shiboken6.isValid(old):
            old.hide()
            old.deleteLater()
        self.wizard.start()
        self.wizard_replaced.emit(self.wizard)
        return self.wizard

    def ask_before_closing(self) -> bool:
        """A person closes the window: with answers on screen (not a kiosk), ask to keep them with their code
        or discard them, and close once answered. True if the question was opened (the close waits)."""
        from ui.shared_pc import ask_before_closing, in_progress

        if self._close_confirmed or self.is_kiosk or self.app is None or not in_progress(self):
            return False
        ask_before_closing(self, self._close_after_answer)
        return True

    def _close_after_answer(self) -> None:
        """The person chose to keep or discard the answers: close for real."""
        self._close_confirmed = True
        self.close()

    def _on_app_failed(self, exc: Exception) -> None:
        from prakerja_desktop.app import NeedsPassphrase

        if isinstance(exc, NeedsPassphrase):  # locked-laptop mode: the passphrase, then start as usual
            from ui.unlock_panel import UnlockPanel

            panel = UnlockPanel(self.tasks, self._data_dir, self._db_url, self)
            panel.unlocked.connect(self._on_restored)
            self.setCentralWidget(panel)
            panel.show()
            self.wizard = None
            return
        message = plain_error(exc, "opening the database", _(
            "Data tidak bisa dibuka karena kesalahan program. Minta petugas melihat berkas log."))
        # Without a database nobody may start typing: replace the wizard by the explanation.
        self.status_label = QLabel(message, self)
        self.status_label.setObjectName("status")
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_label.setWordWrap(True)
        self.status_label.setStyleSheet("font-size: 22px; padding: 48px;")
        backup_file = getattr(exc, "latest_backup", None)  # set for a damaged database with a backup
        from prakerja_desktop.errors import ProblemKind

        damaged = getattr(exc, "kind", None) is ProblemKind.CORRUPT  # App.open raises CorruptDatabase
        central = self._restore_panel(backup_file, salvage=damaged) if backup_file or damaged else self.status_label
        self.setCentralWidget(central)
        central.show()  # now, not on the layout's queued show: the button can be touched at once
        self.wizard = None
        self.app_failed.emit(message)
        # open(), not exec(): a window-modal box that never blocks the event loop.
        box = QMessageBox(QMessageBox.Icon.Warning, _("Data tidak bisa dibuka"), message,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("open_failed_box")
        box.open()

    # --- restoring the latest backup when the database is damaged ---------------------------------

    def _restore_panel(self, backup_file: Path | None, *, salvage: bool = False) -> QWidget:
        """The explanation with a "restore the latest backup" button under it, and salvage for a damaged file."""
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.addStretch(1)
        layout.addWidget(self.status_label)
        if backup_file is not None:
            self.restore_button = QPushButton(_("Pulihkan cadangan terakhir"), panel)
            self.restore_button.setObjectName("restoreLatestButton")
            self.restore_button.setAccessibleName(_("Pulihkan cadangan terakhir"))
            self.restore_button.setMinimumSize(320, 64)
            self.restore_button.setStyleSheet("font-size: 20px;")
            self.restore_button.clicked.connect(lambda: self._confirm_restore(backup_file))
            layout.addWidget(self.restore_button, 0, Qt.AlignmentFlag.AlignHCenter)
        if salvage and (self._db_url is None or self._db_url.startswith("sqlite")):
            from ui.salvage_panel import SalvagePanel

            self.salvage_panel = SalvagePanel(self.tasks, self._data_dir, self._db_url, panel)
            self.salvage_panel.adopted.connect(self._on_restored)
            layout.addWidget(self.salvage_panel)
        layout.addStretch(2)
        return panel

    def _confirm_restore(self, backup_file: Path) -> None:
        """Ask before replacing the data; the answer comes back without blocking the event loop."""
        text = _("Data di komputer ini akan diganti dengan cadangan {name}. Data yang dimasukkan sesudah "
                 "cadangan itu dibuat tidak ada di dalamnya. Data yang rusak disimpan terpisah, tidak "
                 "dihapus. Lanjutkan?").format(name=backup_file.name)
        ask_to_confirm(self, _("Pulihkan cadangan"), text, _("Pulihkan"), lambda: self._restore(backup_file),
                       "restore_confirm_box")

    def _restore(self, backup_file: Path) -> None:
        """Restore on the worker, then open the restored database and show the wizard again."""
        from prakerja_desktop.app import App

        data_dir, db_url = self._data_dir, self._db_url
        self.restore_button.setEnabled(False)
        self.status_label.setText(_("Memulihkan cadangan… Jangan matikan komputer."))
        self.tasks.submit(lambda: App.restore(backup_file, data_dir, db_url), self._on_restored,
                          self._on_restore_failed)

    def _on_restored(self, _result: object) -> None:
        """After a restore or an unlock: a fresh wizard, then open the database again."""
        self.new_wizard_host()
        self.open_app()

    def _on_restore_failed(self, exc: Exception) -> None:
        # A damaged backup is refused with its reason (a UserInputError).
        message = plain_error(exc, "restoring a backup", _(
            "Cadangan tidak bisa dipulihkan karena kesalahan program. Minta petugas melihat berkas log."))
        self.status_label.setText(message)
        self.restore_button.setEnabled(True)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        """Ask first when a person closes it with answers on screen; then finish background work and close
        the database. Only the window system's close (the X button, Alt+F4) asks: a close by the program
        (the kiosk's quit, a restore, tests) does not."""
        if event.spontaneous() and self.ask_before_closing():
            event.ignore()
            return
        if self.shared_pc is not None:
            self.shared_pc.stop()
        self.tasks.shutdown()
        # The worker has stopped, so closing the database here cannot race with it.
        if self.app is not None:
            self.app.close()
            self.app = None
        super().closeEvent(event)
