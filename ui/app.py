"""Start the Qt application, with a last line of defence for bugs."""

from __future__ import annotations

import importlib
import logging
import os
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from prakerja_desktop import i18n, onscreen_keyboard
from prakerja_desktop.i18n import _
from ui.main_window import MainWindow
from ui.operations import plain_error

logger = logging.getLogger(__name__)
_open_boxes: list[QMessageBox] = []

# Installer tests (tests/test_installer.py) start the frozen bundle with this set to N: N ms after the
# first screen is shown and the database is open, the app checks what it needs, prints "smoke ok" and
# quits (exit 0), or prints "smoke failed: …" (exit 1).
SMOKE_EXIT_ENV = "PRAKERJA_SMOKE_EXIT_MS"
SMOKE_TIMEOUT_MS = 120_000
# Screens imported by name when first opened: the smoke run imports them now, so a module missing from
# the bundle shows up here and not in front of an applicant.
SMOKE_MODULES = ("ui.staff.window", "ui.staff.records", "ui.staff.dashboard", "ui.staff.batch_check",
                 "ui.staff.assist", "ui.staff.accounts", "ui.staff.settings_screen", "ui.receipts.preview",
                 "prakerja_desktop.kiosk.mode")


def _show_unexpected(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log an uncaught exception and tell the person in plain words; no traceback on screen."""
    message = plain_error(exc, "uncaught exception", _(
        "Maaf, terjadi kesalahan program. Isian yang sudah disimpan tetap aman. Minta petugas melihat berkas log."))
    window = QApplication.activeWindow()
    box = QMessageBox(QMessageBox.Icon.Warning, "Prakerja Desktop", message, QMessageBox.StandardButton.Ok,
                      window)
    box.setObjectName("unexpected_error_box")
    # Without a parent window nothing else holds the box: keep it alive until it is closed.
    _open_boxes.append(box)
    box.finished.connect(lambda _result: _open_boxes.remove(box) if box in _open_boxes else None)
    box.open()


def run_gui(data_dir: Path, db_url: str | None = None, kiosk: bool = False) -> int:
    """Show the main window and run the event loop until it closes (kiosk: fullscreen, see ui/kiosk)."""
    if QApplication.instance() is None and onscreen_keyboard.wanted_at_start(data_dir, db_url):
        from ui.keyboard import enable_onscreen_keyboard

        enable_onscreen_keyboard()  # Qt reads it once, when the application object is made
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Prakerja Desktop")
    app.setOrganizationName("Disnaker")
    sys.excepthook = _show_unexpected
    # The wheel guard (the wheel scrolls pages, never changes a value) is installed by the wizard right
    # after its first paint (ui/wizard/host.py), before anyone can turn a wheel; here it would slow that paint.
    from ui.translation import apply_language

    apply_language(i18n.current_language())  # Qt's own buttons and dialogs in our language from the start
    window = MainWindow(data_dir, db_url)
    _show_window(window, kiosk)
    # Open the database once the first screen is painted: its imports would otherwise compete with
    # the first paint for the interpreter (a zero timer set here fired before that paint).
    window.first_painted.connect(window.open_app)
    logger.info("GUI started")
    _arm_smoke_exit(app, window)
    return app.exec()


def _show_window(window: MainWindow, kiosk: bool) -> None:
    """A kiosk at once with --kiosk; otherwise a normal window that becomes one if the setting says so."""
    from ui.kiosk.launch import follow_kiosk_setting

    if kiosk:
        from prakerja_desktop.kiosk.supervisor import CRASHED_AT_ENV, parse_crashed_at
        from ui.kiosk.controller import start_kiosk

        start_kiosk(window, crashed_at=parse_crashed_at(os.environ.get(CRASHED_AT_ENV)))
    else:
        window.showMaximized()  # the whole screen at any size: a 1024×768 window on a wider screen hid the status bar
        follow_kiosk_setting(window)


def _arm_smoke_exit(app: QApplication, window: MainWindow) -> None:
    """With PRAKERJA_SMOKE_EXIT_MS=N: quit N ms after the Welcome screen and the database are ready."""
    raw = os.environ.get(SMOKE_EXIT_ENV, "").strip()
    if not raw:
        return
    delay = int(raw) if raw.isdigit() else 0
    from ui import smoke

    finished: list[bool] = []

    def finish(problem: str | None) -> None:
        if finished:
            return
        finished.append(True)
        if problem is None:
            print("smoke ok: main window and the wizard's Welcome screen shown, database open", flush=True)
        else:
            print(f"smoke failed: {problem}", file=sys.stderr, flush=True)
        window.close()
        app.exit(0 if problem is None else 1)

    def check() -> None:
        from PySide6.QtGui import QImageReader

        from prakerja_desktop.domain import flow
        from ui.wizard.pages import PAGE_CLASSES, page_class

        # A kiosk without an admin shows only "Kiosk belum disiapkan" (never the wizard or the set-up).
        not_set_up = window.not_set_up_panel is not None and window.centralWidget() is window.not_set_up_panel
        if not window.isVisible() or (not not_set_up and (window.wizard is None
                                                          or window.centralWidget() is not window.wizard)):
            return finish("the wizard is not on screen")
        if not not_set_up and window.wizard is not None and window.wizard.draft.step != flow.WELCOME:
            return finish(f"first screen is {window.wizard.draft.step!r}, not {flow.WELCOME!r}")
        try:
            for step in PAGE_CLASSES:
                page_class(step)
            for module in SMOKE_MODULES:
                importlib.import_module(module)
        except ImportError as exc:
            return finish(f"cannot import {exc.name}: {exc}")
        if b"svg" not in QImageReader.supportedImageFormats():
            return finish("the SVG image format plugin is missing")
        if smoke.wanted():  # the installed package's keyboard, voice, server and receipt (ui/smoke.py)
            import json

            def reported(report: dict[str, object]) -> None:
                print("smoke report: " + json.dumps(report), flush=True)
                finish(None)

            return smoke.run(window, reported)
        return finish(None)

    window.app_ready.connect(lambda _app: QTimer.singleShot(delay, check))
    window.app_failed.connect(lambda message: finish(f"database not opened: {message}"))
    timeout = SMOKE_TIMEOUT_MS * (3 if smoke.wanted() else 1)
    QTimer.singleShot(max(delay, timeout), lambda: finish("timed out waiting for the database"))
