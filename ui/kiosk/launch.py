"""Starting kiosk mode: `main.py --kiosk` under the crash supervisor, or the office setting.

Light on purpose (no Qt imported here at start-up): a plain start reads the kiosk setting only once the
database is open, and only then loads the kiosk's widgets.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prakerja_desktop.i18n import _
from prakerja_desktop.kiosk import supervisor as kiosk_supervisor

if TYPE_CHECKING:
    from ui.main_window import MainWindow

logger = logging.getLogger(__name__)
MAIN_SCRIPT = Path(__file__).resolve().parents[2] / "main.py"


def run_supervised(argv: list[str], data_dir: Path) -> int:
    """Start the GUI child with the same arguments and keep it running; returns the exit code."""
    command = kiosk_supervisor.child_command(argv, bool(getattr(sys, "frozen", False)), sys.executable,
                                             str(MAIN_SCRIPT))
    outcome = kiosk_supervisor.supervise(command, data_dir)
    if outcome.gave_up:
        message = gave_up_message(data_dir)
        print(f"main.py: {message}", file=sys.stderr)
        show_plain_message(message)
    return outcome.exit_code


def gave_up_message(data_dir: Path) -> str:
    """What staff read when the kiosk stopped after crashing again and again."""
    return _("Prakerja Desktop berhenti karena mengalami gangguan berulang kali. Minta petugas menyalakan "
             "ulang komputer ini. Jika terulang, kirim berkas log di {folder} kepada pengelola "
             "aplikasi.").format(folder=data_dir / "logs")


def show_plain_message(message: str) -> None:
    """One message box until somebody touches OK (nothing if no screen can be opened)."""
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        app = QApplication.instance() or QApplication(sys.argv[:1])
        box = QMessageBox(QMessageBox.Icon.Critical, "Prakerja Desktop", message,
                          QMessageBox.StandardButton.Ok)
        box.setStyleSheet("QLabel { font-size: 22px; } QPushButton { min-height: 56px; min-width: 140px; }")
        box.exec()
        del app
    except Exception:  # noqa: BLE001 - no screen, no Qt: the message is in the log and on stderr already
        pass


def follow_kiosk_setting(window: MainWindow) -> None:
    """Without --kiosk: become a kiosk once the database says the office switched kiosk mode on."""

    def check(app: Any) -> None:
        def apply(settings: Any) -> None:
            if settings.enabled and getattr(window, "kiosk", None) is None:
                from ui.kiosk.controller import start_kiosk

                start_kiosk(window)

        window.tasks.submit(app.kiosk.settings, apply,
                            lambda exc: logger.error("kiosk settings unreadable", exc_info=exc))

    window.app_ready.connect(check)
