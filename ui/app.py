"""Start the Qt application."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ui.main_window import MainWindow

logger = logging.getLogger(__name__)


def run_gui(data_dir: Path, db_url: str | None = None) -> int:
    """Show the main window and run the event loop until it closes."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Prakerja Desktop")
    app.setOrganizationName("Disnaker")
    window = MainWindow(data_dir, db_url)
    window.show()
    window.open_services()
    logger.info("GUI started")
    return app.exec()
