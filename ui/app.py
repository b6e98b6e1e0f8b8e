"""Start the Qt application, with a last line of defence for bugs."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from prakerja_desktop.errors import classify
from prakerja_desktop.i18n import _
from ui.main_window import MainWindow

logger = logging.getLogger(__name__)
_open_boxes: list[QMessageBox] = []


def _show_unexpected(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log an uncaught exception and tell the person in plain words; no traceback on screen."""
    problem = classify(exc)
    if problem is not None:
        message = problem.user_message
        logger.error("environment problem reached the event loop: %s", problem.kind)
    else:
        logger.critical("uncaught exception", exc_info=(exc_type, exc, tb))
        message = _("Maaf, terjadi kesalahan program. Isian yang sudah disimpan tetap aman. "
                    "Minta petugas melihat berkas log.")
    window = QApplication.activeWindow()
    box = QMessageBox(QMessageBox.Icon.Warning, "Prakerja Desktop", message, QMessageBox.StandardButton.Ok,
                      window)
    box.setObjectName("unexpected_error_box")
    # Without a parent window nothing else holds the box: keep it alive until it is closed.
    _open_boxes.append(box)
    box.finished.connect(lambda _result: _open_boxes.remove(box) if box in _open_boxes else None)
    box.open()


def run_gui(data_dir: Path, db_url: str | None = None) -> int:
    """Show the main window and run the event loop until it closes."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Prakerja Desktop")
    app.setOrganizationName("Disnaker")
    sys.excepthook = _show_unexpected
    window = MainWindow(data_dir, db_url)
    window.show()
    # Open the database once the first screen is painted: its imports would otherwise compete with
    # the first paint for the interpreter.
    QTimer.singleShot(0, window.open_services)
    logger.info("GUI started")
    return app.exec()
