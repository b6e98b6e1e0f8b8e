"""A damaged database at start-up: the window offers the latest backup, asks, restores, and carries on."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton

from prakerja_desktop.app import App
from tests.damage import filled_database, scramble
from tests.wizard_robot import wait_until
from ui.main_window import MainWindow

pytestmark = [pytest.mark.gui, pytest.mark.sqlite_only("restores a damaged SQLite file from a backup")]


def damaged_with_backup(data_dir: Path) -> Path:
    """A data folder whose database is damaged after a backup was made to the default folder."""
    filled_database(data_dir, records=40)
    app = App.open(data_dir)
    info = app.backups.make()
    app.close()
    scramble(data_dir / "prakerja.sqlite3")
    return info.path


def failed_window(qtbot, data_dir: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """A window whose database failed to open, with the warning box closed."""
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.app_failed, timeout=20_000):
        window.open_app()
    box = window.findChild(QMessageBox, "open_failed_box")
    assert box is not None and "rusak" in box.text()
    box.close()
    return window


def confirm_box(window: MainWindow) -> QMessageBox:
    """The open restore confirmation."""
    wait_until(lambda: window.findChild(QMessageBox, "restore_confirm_box") is not None)
    box = window.findChild(QMessageBox, "restore_confirm_box")
    wait_until(box.isVisible)
    return box


def test_the_latest_backup_is_restored_and_the_wizard_appears(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    backup = damaged_with_backup(data_dir)
    window = failed_window(qtbot, data_dir)
    assert backup.name in window.status_label.text()
    button = window.findChild(QPushButton, "restoreLatestButton")
    assert button is not None and button.isVisible() and button.text() == "Pulihkan cadangan terakhir"

    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    box = confirm_box(window)
    assert backup.name in box.text() and "tidak dihapus" in box.text()
    with qtbot.waitSignal(window.app_ready, timeout=30_000):
        QTest.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert window.wizard is not None and window.centralWidget() is window.wizard
    assert window.wizard.title_label.text() == "Selamat datang"
    assert window.app.records.count() == 40
    assert list(data_dir.glob("prakerja.sqlite3.before-restore-*"))
    window.close()


def test_cancel_changes_nothing(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    damaged_with_backup(data_dir)
    before = (data_dir / "prakerja.sqlite3").read_bytes()
    window = failed_window(qtbot, data_dir)
    QTest.mouseClick(window.findChild(QPushButton, "restoreLatestButton"), Qt.MouseButton.LeftButton)
    box = confirm_box(window)
    QTest.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    wait_until(lambda: not box.isVisible())
    qtbot.wait(50)
    assert window.tasks.pending == 0 and window.wizard is None
    assert (data_dir / "prakerja.sqlite3").read_bytes() == before
    window.close()


def test_a_damaged_backup_is_explained_and_the_button_stays(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    backup = damaged_with_backup(data_dir)
    window = failed_window(qtbot, data_dir)
    backup.write_bytes(backup.read_bytes()[:4096])  # the stick failed since
    button = window.findChild(QPushButton, "restoreLatestButton")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(confirm_box(window).button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    wait_until(lambda: "Pilih cadangan lain" in window.status_label.text(), timeout=20)
    assert button.isEnabled() and window.wizard is None
    window.close()


def test_no_backup_no_button(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    filled_database(data_dir)
    scramble(data_dir / "prakerja.sqlite3")
    window = failed_window(qtbot, data_dir)
    assert window.findChild(QPushButton, "restoreLatestButton") is None
    assert "Belum ada cadangan" in window.status_label.text()
    window.close()
