"""`main.py --kiosk`: run the GUI under the crash supervisor; a plain message if it keeps crashing."""

from __future__ import annotations

import sys
from pathlib import Path

from prakerja_desktop import kiosk_supervisor
from prakerja_desktop.i18n import _

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
        box = QMessageBox(QMessageBox.Icon.Critical, "Prakerja Desktop", message, QMessageBox.StandardButton.Ok)
        box.setStyleSheet("QLabel { font-size: 22px; } QPushButton { min-height: 56px; min-width: 140px; }")
        box.exec()
        del app
    except Exception:  # noqa: BLE001 - no screen, no Qt: the message is in the log and on stderr already
        pass
