"""The main window opens the database on the worker thread and tells the person it is ready."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from prakerja_desktop.app import App
from tests.conftest import ROOT
from tests.factories import make_draft
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

pytestmark = pytest.mark.gui
SCREENSHOTS = ROOT / "out" / "screenshots"


def test_window_opens_the_database_and_shows_the_wizard(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    seeded = App.open(data_dir)
    seeded.records.submit(make_draft(), today=date(2026, 11, 28))
    seeded.close()
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.app_ready, timeout=20_000):
        window.open_app()
    assert window.wizard is not None and window.centralWidget() is window.wizard
    assert window.wizard.title_label.text() == "Selamat datang"
    assert window.wizard.draft.step == "welcome"
    assert window.app.device.code in window.statusBar().currentMessage()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / "main_window.png"))
    window.close()


def test_the_database_opens_and_the_next_page_is_built_only_after_the_first_paint(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    assert window.wizard is not None
    seen_at_first_paint: list[tuple[object, list[str]]] = []
    window.first_painted.connect(lambda: seen_at_first_paint.append((window.app, sorted(window.wizard._pages))))
    window.first_painted.connect(window.open_app)  # as ui/app.py does
    window.show()
    with qtbot.waitSignal(window.app_ready, timeout=20_000):
        pass
    assert seen_at_first_paint == [(None, ["welcome"])]  # painted with nothing but Welcome built
    qtbot.waitUntil(lambda: "about" in window.wizard._pages, timeout=5_000)  # then the prefetch runs
    assert window.wizard.title_label.text() == "Selamat datang"
    window.close()


@pytest.mark.sqlite_only("a damaged SQLite file")
def test_corrupt_database_shows_a_message_not_a_crash(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "corrupt"
    folder.mkdir()
    (folder / "prakerja.sqlite3").write_bytes(b"garbage" * 500)
    window = MainWindow(folder)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.app_failed, timeout=20_000) as blocker:
        window.open_app()
    assert "rusak" in blocker.args[0]
    box = window.findChild(QMessageBox, "open_failed_box")
    assert box is not None and box.isVisible() and "rusak" in box.text()
    assert "rusak" in window.status_label.text()
    box.close()
    window.close()


def test_an_unreachable_office_server_shows_a_message_not_a_crash(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(tmp_path / "kiosk", "postgresql://prakerja:s3cret@127.0.0.1:1/prakerja")
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.app_failed, timeout=30_000) as blocker:
        window.open_app()
    assert "Server data kantor" in blocker.args[0] and "s3cret" not in blocker.args[0]
    box = window.findChild(QMessageBox, "open_failed_box")
    assert box is not None and box.isVisible() and "Server data kantor" in box.text()
    box.close()
    window.close()


def test_tasks_run_off_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    gui_thread = threading.get_ident()
    seen: list[int] = []
    errors: list[Exception] = []
    runner.submit(threading.get_ident, seen.append)
    runner.submit(lambda: 1 / 0, seen.append, errors.append)
    qtbot.waitUntil(lambda: len(seen) == 1 and len(errors) == 1, timeout=5_000)
    assert seen[0] != gui_thread
    assert isinstance(errors[0], ZeroDivisionError)
    assert runner.pending == 0
    runner.shutdown()


def test_an_uncaught_bug_is_logged_and_explained(qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    from ui.app import _show_unexpected

    try:
        raise RuntimeError("boom 3508204505050001")
    except RuntimeError as exc:
        _show_unexpected(type(exc), exc, exc.__traceback__)
    boxes = [w for w in __import__("PySide6.QtWidgets").QtWidgets.QApplication.topLevelWidgets()
             if w.objectName() == "unexpected_error_box"]
    assert boxes and "kesalahan program" in boxes[-1].text()
    assert "Traceback" not in boxes[-1].text() and "boom" not in boxes[-1].text()
    assert any("uncaught exception" in r.message for r in caplog.records)
    for box in boxes:
        box.close()
        box.deleteLater()
