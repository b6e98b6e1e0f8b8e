"""The main window: shows the wizard's Welcome at once while the worker opens the database."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from prakerja_desktop import __version__
from prakerja_desktop.errors import classify
from prakerja_desktop.i18n import _
from ui.tasks import TaskRunner
from ui.wizard.context import WizardContext
from ui.wizard.host import WizardHost

if TYPE_CHECKING:  # imported on the worker thread, so the first screen does not wait for it
    from prakerja_desktop.services import Services, StaffSession

logger = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """The application window."""

    services_ready = Signal(object)
    services_failed = Signal(str)

    def __init__(self, data_dir: Path, db_url: str | None = None, staff: StaffSession | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Prakerja Desktop")
        self.resize(1024, 768)
        self.tasks = TaskRunner(self)
        app = QApplication.instance()
        if app is not None:  # stop the worker even if the app quits without closing this window
            app.aboutToQuit.connect(self.tasks.shutdown)
        self.services: Services | None = None
        self._data_dir = data_dir
        self._db_url = db_url
        self.context = WizardContext(services=None, tasks=self.tasks, staff=staff)
        self.wizard: WizardHost | None = WizardHost(self.context, parent=self)
        self.wizard.finished.connect(self._on_wizard_finished)
        self.setCentralWidget(self.wizard)
        self.wizard.start()
        self.statusBar().showMessage(f"Prakerja Desktop {__version__} · " + _("menyiapkan data…"))

    def open_services(self) -> None:
        """Open (and migrate) the database on the worker; queued work waits behind it."""
        data_dir, db_url, context = self._data_dir, self._db_url, self.context

        def open_in_background() -> Services:
            from prakerja_desktop.services import Services

            services = Services.open(data_dir, db_url)
            context.services = services  # set here, so the next queued task already sees it
            return services

        self.tasks.submit(open_in_background, self._on_services_opened, self._on_services_failed)

    def _on_services_opened(self, services: Services) -> None:
        self.services = services
        who = self.context.staff.display_name if self.context.staff else _("mandiri (kiosk)")
        self.statusBar().showMessage(f"Prakerja Desktop {__version__} · {services.device.code} · {who}")
        if self.wizard is not None:
            self.wizard.notify_services_ready()
        self.services_ready.emit(services)

    def _on_wizard_finished(self) -> None:
        """The person is done: a fresh Welcome with nothing of theirs left in any widget."""
        if self.wizard is not None:
            self.wizard.start()

    def _on_services_failed(self, exc: Exception) -> None:
        problem = classify(exc)
        if problem is None:
            logger.error("could not open the database", exc_info=exc)
            message = _("Data tidak bisa dibuka karena kesalahan program. Minta petugas melihat berkas log.")
        else:
            message = problem.user_message
        # Without a database nobody may start typing: replace the wizard by the explanation.
        self.status_label = QLabel(message, self)
        self.status_label.setObjectName("status")
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_label.setWordWrap(True)
        self.status_label.setStyleSheet("font-size: 22px; padding: 48px;")
        self.setCentralWidget(self.status_label)
        self.wizard = None
        self.services_failed.emit(message)
        # open(), not exec(): a window-modal box that never blocks the event loop.
        box = QMessageBox(QMessageBox.Icon.Warning, _("Data tidak bisa dibuka"), message,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("open_failed_box")
        box.open()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        """Finish background work and close the database before the window goes."""
        self.tasks.shutdown()
        # The worker has stopped, so closing the database here cannot race with it.
        if self.services is not None:
            self.services.close()
            self.services = None
        super().closeEvent(event)
