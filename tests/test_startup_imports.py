"""Start-up speed (issue 20): what the first screen imports before it is painted must not grow."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Modules the Welcome screen does not need before its first paint; each cost start-up time once.
NOT_BEFORE_FIRST_PAINT = (
    "logging.handlers",  # prakerja_desktop.logs rotates its file itself
    "PySide6.QtTextToSpeech",  # engines are read from the plugin folder; the helper process speaks
    "sqlite3", "sqlalchemy", "alembic", "sqlcipher3",  # the database opens on the worker afterwards
    "babel", "phonenumbers", "stdnum", "email_validator", "reportlab", "openpyxl", "segno",
    "prakerja_desktop.app", "prakerja_desktop.domain.fields", "ui.staff",
    # Built or installed right after the first paint (ui/wizard/host.py _after_first_paint): the next
    # step's page with its rule set, and the wheel guard.
    "ui.wizard.about", "prakerja_desktop.domain.rules", "tomllib", "ui.widgets.wheel_guard",
    "ui.kiosk", "ui.shared_pc", "ui.backup_timer",  # after the database is open
)
# PySide6 makes a class's Python enums (slow: ~0.5-1 ms each on this 2-core machine) the first time the
# class is used, and every widget class's at once when a widget Qt made itself (a scroll area's
# viewport, an application event filter's target) first reaches Python. Welcome's first paint made 301
# of them before issue 20's work, 151 after (the Qt namespace alone is 93); this keeps them from creeping back.
ENUM_BUDGET = 160

CHILD = """
import enum, gc, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
def pyside_enums():
    return sum(1 for o in gc.get_objects() if isinstance(o, enum.EnumType) and o.__module__.startswith("PySide6"))
before = pyside_enums()
from prakerja_desktop.logs import setup_logging
setup_logging(Path(sys.argv[1]))
from ui.main_window import MainWindow
window = MainWindow(Path(sys.argv[1]))
window.show(); app.processEvents(); window.grab()
assert window.wizard.title_label.text() == "Selamat datang"
print("enums", pyside_enums() - before, flush=True)
print(sorted(name for name in sys.modules
             if any(name == bad or name.startswith(bad + ".") for bad in {bad!r})), flush=True)
import os
os._exit(0)  # the worker thread (database) may still be starting: no teardown needed here
"""


def test_the_first_painted_screen_imports_nothing_it_does_not_need(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", CHILD.replace("{bad!r}", repr(NOT_BEFORE_FIRST_PAINT)),
                           str(tmp_path / "data")], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                               "PRAKERJA_CONFIG_DIR": str(tmp_path / "config")})
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.strip().splitlines()
    assert lines[-1] == "[]", done.stdout + done.stderr[-2000:]
    enums = int(lines[-2].removeprefix("enums "))
    assert enums <= ENUM_BUDGET, f"{enums} PySide6 enum types made before the first paint (budget {ENUM_BUDGET})"


def test_the_log_file_rotates_as_the_standard_handler_did(tmp_path: Path) -> None:
    import logging

    from prakerja_desktop.logs import RotatingFile

    handler = RotatingFile(tmp_path / "app.log", max_bytes=200, backups=2)
    handler.setFormatter(logging.Formatter("%(message)s"))
    try:
        for number in range(30):
            handler.emit(logging.LogRecord("t", logging.INFO, __file__, 1, f"line {number:02d} " + "x" * 20,
                                           None, None))
    finally:
        handler.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["app.log", "app.log.1", "app.log.2"]  # never more than `backups` old files
    assert all(p.stat().st_size < 200 for p in tmp_path.iterdir())
    assert "line 29" in (tmp_path / "app.log").read_text(encoding="utf-8")
    newest_old = (tmp_path / "app.log.1").read_text(encoding="utf-8").splitlines()[-1]
    assert (tmp_path / "app.log").read_text(encoding="utf-8").splitlines()[0] > newest_old  # in order
