"""Locked-laptop mode at start: the window asks the recovery passphrase, refuses a wrong one, then opens."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPushButton

from prakerja_desktop.app import App
from prakerja_desktop.keys import management as key_management
from prakerja_desktop.storage import encryption
from tests.factories import make_draft
from tests.wizard_robot import wait_until
from ui.main_window import MainWindow
from ui.unlock_panel import UnlockPanel

pytestmark = pytest.mark.gui
PASSPHRASE = "kopi tubruk di balai desa"


@pytest.fixture(autouse=True)
def _sqlite_files_only(request: pytest.FixtureRequest) -> None:
    """These tests read the SQLite file itself; an office server protects its own data."""
    if request.config.getoption("--db-url"):
        pytest.skip(reason="encryption at rest and retention compaction are about the SQLite file")


def locked_data(data_dir: Path) -> None:
    """A data folder in locked mode with one record; this process holds no key (as after a restart)."""
    app = App.open(data_dir)
    admin = app.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    app.records.submit(make_draft(serial=1))
    key_management.set_recovery_passphrase(app, PASSPHRASE, admin)
    key_management.set_locked_mode(app, True, admin, PASSPHRASE)
    app.close()
    encryption._unlocked.clear()


def test_the_passphrase_opens_locked_data(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    locked_data(data_dir)
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    window.open_app()
    wait_until(lambda: isinstance(window.centralWidget(), UnlockPanel), timeout=20)
    panel = window.centralWidget()
    edit = panel.findChild(QLineEdit, "unlockPassphrase")
    button = panel.findChild(QPushButton, "unlockButton")
    assert edit.echoMode() is QLineEdit.EchoMode.Password and window.wizard is None
    panel.grab().save("/tmp/unlock-panel.png")

    QTest.keyClicks(edit, "kopi tubruk di balai kota")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_until(lambda: "salah" in panel.feedback.text(), timeout=20)
    assert edit.text() == "" and button.isEnabled()

    QTest.keyClicks(edit, PASSPHRASE)
    with qtbot.waitSignal(window.app_ready, timeout=30_000):
        QTest.keyClick(edit, Qt.Key.Key_Return)
    assert window.wizard is not None and window.centralWidget() is window.wizard
    assert window.app.records.count() == 1
    window.close()
