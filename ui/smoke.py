"""The installed bundle's self-check of what only an installation can get wrong, as one JSON line.

With PRAKERJA_SMOKE_EXIT_MS set (ui/app.py), PRAKERJA_SMOKE_CHECKS=keyboard,voice,server,receipt adds
these checks after the usual smoke check and prints `smoke report: {…}` before `smoke ok`:
- keyboard: the wizard's NIK field gets the on-screen keyboard (its locale, rectangle, digits only, and
  whether the field stays above it); needs the keyboard switched on (PRAKERJA_ONSCREEN_KEYBOARD=1);
- voice: the speech helper process (the bundle itself) lists the engine's Indonesian voices;
- server: which database the app opened (sqlite or postgresql), its schema and record count;
- receipt: the receipt PDF of the first demo record, written to PRAKERJA_SMOKE_RECEIPT_OUT.
tests/test_clean_root.py runs it inside a clean Debian root with the .deb installed.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

CHECKS_ENV = "PRAKERJA_SMOKE_CHECKS"
RECEIPT_OUT_ENV = "PRAKERJA_SMOKE_RECEIPT_OUT"
KEYBOARD_TIMEOUT_MS = 30_000
VOICE_TIMEOUT_S = 60
Report = dict[str, Any]


def wanted() -> list[str]:
    """The checks asked for (empty: none)."""
    return [name.strip() for name in os.environ.get(CHECKS_ENV, "").split(",") if name.strip()]


def _rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def check_keyboard(window: Any, done: Callable[[Report], None]) -> None:
    """Show the identity step, focus the NIK field and wait for the on-screen keyboard."""
    from prakerja_desktop.domain import flow
    from ui.keyboard import keyboard_in_use

    if not keyboard_in_use():
        done({"in_use": False})
        return
    host = window.wizard
    host.show_for_check(flow.IDENTITY)
    edit = host.current_page().nik_edit
    method = QGuiApplication.inputMethod()
    window.activateWindow()
    waited = [0]

    def report(shown: bool) -> None:
        rectangle = method.keyboardRectangle().toAlignedRect()
        field = _rect(edit)
        done({"in_use": True, "shown": shown, "locale": method.locale().name(),
              "keyboard": list(rectangle.getRect()), "field": list(field.getRect()),
              "field_above": shown and field.bottom() < rectangle.top(),
              "focused": QGuiApplication.focusObject() is edit, "active": window.isActiveWindow(),
              "digits_only": bool(edit.inputMethodHints() & Qt.InputMethodHint.ImhDigitsOnly)})

    def wait_shown() -> None:  # shown once: showing it again would take the activation back and forth
        rectangle = method.keyboardRectangle().toAlignedRect()
        if method.isVisible() and not rectangle.isEmpty() and _rect(edit).bottom() < rectangle.top():
            return report(True)
        waited[0] += 100
        if waited[0] >= KEYBOARD_TIMEOUT_MS:
            return report(method.isVisible() and not rectangle.isEmpty())
        QTimer.singleShot(100, wait_shown)

    def wait_active() -> None:  # as a person's tap does: the window is active, then the field has focus
        waited[0] += 100
        if window.isActiveWindow() or waited[0] >= 5_000:
            edit.setFocus()
            method.show()
            QTimer.singleShot(100, wait_shown)
        else:
            QTimer.singleShot(100, wait_active)

    QTimer.singleShot(100, wait_active)


def check_voice() -> Report:
    """The first speech engine's Indonesian voices, as its helper process lists them."""
    from ui.speech import engine_names, helper_command

    names = engine_names()
    if not names:
        return {"engines": [], "indonesian": []}
    try:
        run = subprocess.run(helper_command(names[0], "--list"), capture_output=True, text=True,
                             timeout=VOICE_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        return {"engines": names, "indonesian": [], "error": "the speech helper did not answer"}
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if run.returncode != 0 or not lines:
        return {"engines": names, "indonesian": [], "error": (run.stderr or run.stdout)[-500:]}
    return {"engines": names, **json.loads(lines[-1])}


def server_facts(app: Any) -> Report:
    """Which database the app opened (worker thread)."""
    info = app.info()
    return {"office_server": app.is_office_server, "database": info["database"].split(":", 1)[0],
            "schema": info["schema"], "records": int(info["records"])}


def make_receipt(app: Any, out: Path) -> Report:
    """The receipt PDF of the first demo record (worker thread)."""
    hits = app.records.search_names("DEMO", limit=1)
    if not hits:
        return {"made": False, "reason": "no demo record (run demo-data first)"}
    pdf = app.receipts.pdf(hits[0].uuid)
    out.write_bytes(pdf)
    return {"made": True, "number": hits[0].receipt_number, "path": str(out), "bytes": len(pdf)}


def run(window: Any, finish: Callable[[Report], None]) -> None:
    """Run the wanted checks one after the other, then hand the report over."""
    checks = wanted()
    report: Report = {}
    app = window.app

    def next_check() -> None:
        if not checks:
            finish(report)
            return
        name = checks.pop(0)

        def store(result: Any) -> None:
            report[name] = result
            next_check()

        def failed(exc: Exception) -> None:
            store({"error": f"{type(exc).__name__}: {exc}"})

        if name == "keyboard":
            check_keyboard(window, store)
        elif name == "voice":
            store(check_voice())
        elif name == "server":
            window.tasks.submit(lambda: server_facts(app), store, failed)
        elif name == "receipt":
            out = Path(os.environ.get(RECEIPT_OUT_ENV) or Path(app.data_dir) / "smoke-receipt.pdf")
            window.tasks.submit(lambda: make_receipt(app, out), store, failed)
        else:
            store({"error": "unknown check"})

    next_check()
