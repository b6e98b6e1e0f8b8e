"""Shared by the kiosk GUI tests: a kiosk window over the test database, closed after each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt

from prakerja_desktop.app import App
from prakerja_desktop.kiosk import mode as kiosk
from ui.kiosk.controller import KioskController
from ui.main_window import MainWindow

PIN = "246810"
OPEN: list[tuple[MainWindow, KioskController]] = []


@pytest.fixture(autouse=True)
def _close_kiosks() -> Iterator[None]:
    """Let every kiosk window of a test close (closing stops its worker thread and database)."""
    yield
    while OPEN:
        window, controller = OPEN.pop()
        if shiboken6.isValid(window):
            controller.release()
            window.close()


def open_kiosk(qtbot, data_dir: Path, **options) -> tuple[MainWindow, KioskController]:  # type: ignore[no-untyped-def]
    """A kiosk window over the test database, its database open."""
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    controller = KioskController(window, idle_ms=options.pop("idle_ms", 60_000),
                                 countdown_seconds=options.pop("countdown_seconds", 1),
                                 hold_ms=options.pop("hold_ms", 300), **options)
    OPEN.append((window, controller))
    controller.activate()
    with qtbot.waitSignal(window.app_ready, timeout=20_000):
        window.open_app()
    qtbot.waitUntil(lambda: window.has_staff is not None, timeout=10_000)
    return window, controller


# Named *_fixture so a test's `kiosk_window` parameter does not shadow the import (ruff F811).
@pytest.fixture(name="kiosk_window")
def kiosk_window_fixture(qtbot, data_dir: Path, app: App, admin) -> Iterator[tuple[MainWindow, KioskController]]:  # type: ignore[no-untyped-def]
    """A kiosk with a PIN set, staff accounts and its database open."""
    kiosk.save_kiosk_settings(app, True, 90, admin, PIN, PIN)
    yield open_kiosk(qtbot, data_dir)


def press_pin(qtbot, controller: KioskController, pin: str) -> None:  # type: ignore[no-untyped-def]
    """Touch the PIN keys one by one, then "Buka"."""
    for digit in pin:
        qtbot.mouseClick(controller.pin.keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(controller.pin.keys["ok"], Qt.MouseButton.LeftButton)

