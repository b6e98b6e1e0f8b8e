"""Admin settings, data security: set the recovery passphrase, lock the laptop, purge old records."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import update

from prakerja_desktop.app import App
from prakerja_desktop.backups import retention
from prakerja_desktop.keys import management as key_management
from prakerja_desktop.storage.models import RecordRow
from tests.factories import make_draft
from tests.staff_gui import show_staff_screen
from tests.wizard_robot import wait_until
from ui.staff.context import StaffContext
from ui.staff.settings_screen import SettingsScreen

pytestmark = pytest.mark.gui
PASSPHRASE = "kopi tubruk di balai desa"


@pytest.fixture(autouse=True)
def _sqlite_files_only(request: pytest.FixtureRequest) -> None:
    """These tests read the SQLite file itself; an office server protects its own data."""
    if request.config.getoption("--db-url"):
        pytest.skip(reason="encryption at rest and retention compaction are about the SQLite file")


def test_admin_sets_the_passphrase_locks_and_purges(qtbot, app: App, admin, tasks) -> None:  # type: ignore[no-untyped-def]
    old = app.records.submit(make_draft(serial=1))
    app.records.submit(make_draft(serial=2))
    with app.db.write() as session:
        session.execute(update(RecordRow).where(RecordRow.receipt_number == old.receipt_number)
                        .values(submitted_at=datetime.now() - timedelta(days=800)))
    screen = show_staff_screen(qtbot, StaffContext(app, tasks, admin), "settings", SettingsScreen, hosted=True)
    section = screen.security
    wait_until(lambda: section.status is not None)
    assert "BELUM" in section.status_label.text() and not section.lock_button.isEnabled()
    assert section.purge_button.text() == "Hapus data lama (1)" and section.retention_choice.value() == "24"

    QTest.keyClicks(section.passphrase_edit, PASSPHRASE)
    QTest.keyClicks(section.repeat_edit, PASSPHRASE + "x")
    QTest.mouseClick(section.passphrase_button, Qt.MouseButton.LeftButton)
    assert "tidak sama" in section.feedback.text()
    section.repeat_edit.clear()
    QTest.keyClicks(section.repeat_edit, PASSPHRASE)
    QTest.mouseClick(section.passphrase_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: "tersimpan" in section.feedback.text() and section.lock_button.isEnabled(), timeout=30)
    assert key_management.status(app).has_passphrase and section.passphrase_edit.text() == ""

    backup = app.backups.make()  # made before the lock: it opens with this laptop alone, until locked too
    QTest.mouseClick(section.lock_button, Qt.MouseButton.LeftButton)
    assert "Ketik kata sandi" in section.feedback.text() and not key_management.status(app).locked
    QTest.keyClicks(section.lock_passphrase_edit, PASSPHRASE)
    QTest.mouseClick(section.lock_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: section.status is not None and section.status.locked and section.lock_button.isEnabled())
    assert "1 cadangan di laptop ini juga dikunci" in section.feedback.text()
    assert app.keys.backups_opening_with_device() == [] and backup.path.exists()
    assert section.lock_button.text() == "Buka kunci otomatis" and key_management.status(app).locked
    screen.window().grab().save("/tmp/security-settings.png")

    QTest.mouseClick(section.retention_choice.button("12"), Qt.MouseButton.LeftButton)
    wait_until(lambda: retention.retention_months(app) == 12)

    QTest.mouseClick(section.purge_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: section.findChild(QMessageBox, "purgeConfirmBox") is not None)
    box = section.findChild(QMessageBox, "purgeConfirmBox")
    wait_until(box.isVisible)
    QTest.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    wait_until(lambda: "dihapus" in section.feedback.text(), timeout=30)
    assert app.records.count() == 1 and app.records.find_receipt(old.receipt_number) is None
    wait_until(lambda: not section.purge_button.isEnabled())
