"""The main window: until the wizard lands, a welcome screen that shows the database is ready."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QPushButton, QVBoxLayout, QWidget

from prakerja_desktop import __version__
from prakerja_desktop.errors import classify
from prakerja_desktop.i18n import _
from prakerja_desktop.services import Services
from ui.tasks import TaskRunner

logger = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """The application window; opens the database on the worker thread."""

    services_ready = Signal(object)
    services_failed = Signal(str)

    def __init__(self, data_dir: Path, db_url: str | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Prakerja Desktop")
        self.resize(1024, 768)
        self.tasks = TaskRunner(self)
        self.services: Services | None = None
        self._data_dir = data_dir
        self._db_url = db_url

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.setSpacing(24)
        self.title_label = QLabel(_("Selamat datang"), body)
        self.title_label.setObjectName("title")
        self.title_label.setStyleSheet("font-size: 32px; font-weight: bold;")
        self.intro_label = QLabel(
            _("Aplikasi ini membantu Anda menyiapkan pendaftaran Kartu Prakerja. "
              "Pendaftaran yang sebenarnya tetap dilakukan secara online di prakerja.go.id. "
              "Aplikasi ini tidak pernah meminta kata sandi atau kode OTP."), body)
        self.intro_label.setWordWrap(True)
        self.intro_label.setStyleSheet("font-size: 20px;")
        self.status_label = QLabel(_("Menyiapkan data…"), body)
        self.status_label.setObjectName("status")
        self.status_label.setStyleSheet("font-size: 18px;")
        self.status_label.setWordWrap(True)
        self.start_button = QPushButton(_("Mulai"), body)
        self.start_button.setMinimumSize(240, 64)
        self.start_button.setStyleSheet("font-size: 22px;")
        self.start_button.setEnabled(False)
        self.start_button.setAccessibleName(_("Mulai"))
        # Said on screen, not only in a tooltip: touch screens have no hover.
        self.pending_note = QLabel(_("Langkah-langkah persiapan akan tersedia di versi berikutnya."), body)
        self.pending_note.setStyleSheet("font-size: 16px; color: #444;")
        self.pending_note.setWordWrap(True)
        for widget in (self.title_label, self.intro_label, self.status_label, self.pending_note):
            widget.setAccessibleName(widget.text())
        layout.addWidget(self.title_label)
        layout.addWidget(self.intro_label)
        layout.addStretch(1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.start_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.pending_note)
        self.setCentralWidget(body)
        self.statusBar().showMessage(f"Prakerja Desktop {__version__}")

    def open_services(self) -> None:
        """Open the database in the background; the window stays responsive meanwhile."""
        data_dir, db_url = self._data_dir, self._db_url
        self.tasks.submit(lambda: Services.open(data_dir, db_url), self._on_services_opened,
                          self._on_services_failed)

    def _on_services_opened(self, services: Services) -> None:
        self.services = services
        self.tasks.submit(services.record_count, self._on_count)
        self.services_ready.emit(services)

    def _on_count(self, count: int) -> None:
        self.status_label.setText(_("Siap. Data tersimpan di komputer ini: {count} orang.").format(count=count))

    def _on_services_failed(self, exc: Exception) -> None:
        problem = classify(exc)
        if problem is None:
            logger.error("could not open the database", exc_info=exc)
            message = _("Data tidak bisa dibuka karena kesalahan program. Minta petugas melihat berkas log.")
        else:
            message = problem.user_message
        self.status_label.setText(message)
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
