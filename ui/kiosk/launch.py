"""Starting kiosk mode: `main.py --kiosk` under the crash supervisor, or the office setting.

Light on purpose (no Qt imported here at start-up): a plain start reads the kiosk setting only once the
database is open, and only then loads the kiosk's widgets.
"""

from __future__ import annotations

import logging
import os
import subprocess
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
    """One message box until somebody touches OK; nothing without a screen.

    Qt aborts the whole process when it cannot reach a display (exit 134, not our 4), and no except
    catches that: so the box is shown only when a display is named, and from a child process when
    we can start one, so that even a stale DISPLAY cannot take the supervisor's exit code.
    """
    if not display_available():
        return
    if getattr(sys, "frozen", False):  # a frozen build cannot run `python -c`
        message_box(message)
        return
    code = "import sys; from ui.kiosk.launch import message_box; message_box(sys.argv[1])"
    try:
        subprocess.run([sys.executable, "-c", code, message], cwd=MAIN_SCRIPT.parent, check=False)
    except OSError:
        logger.warning("the give-up message box could not be started")


def display_available() -> bool:
    """False on a Linux/BSD console with no X or Wayland display named (Windows and macOS have one)."""
    if sys.platform.startswith(("win", "darwin")):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in ("offscreen", "minimal", "vnc", "linuxfb", "eglfs"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def message_box(message: str) -> None:
    """The message box itself (a fresh process: see show_plain_message)."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])
    box = QMessageBox(QMessageBox.Icon.Critical, "Prakerja Desktop", message, QMessageBox.StandardButton.Ok)
    box.setStyleSheet("QLabel { font-size: 22px; } QPushButton { min-height: 56px; min-width: 140px; }")
    box.exec()
    del app


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
