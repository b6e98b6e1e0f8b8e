"""Scheduled backups while the window runs, and a restore from the staff area that reopens the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from prakerja_desktop.app import App
from prakerja_desktop.backups import schedule as backup_schedule
from prakerja_desktop.backups.schedule import BackupSchedule
from prakerja_desktop.domain import flow
from prakerja_desktop.storage.backup import list_backups
from tests.factories import make_draft
from tests.test_staff_shell import (
    ADMIN_SECRET,
    OPEN_WINDOWS,
    _close_windows,
    log_in,
    open_window,
    seed_accounts,
)
from ui.backup_timer import BackupTimer
from ui.staff.backups import BackupsScreen
from ui.staff.restore_confirm import RestoreConfirmDialog

pytestmark = pytest.mark.gui
SQLITE_FILE = pytest.mark.sqlite_only("makes and restores backups of the SQLite file; an office server is pg_dump's job")
__all__ = ["_close_windows"]  # the fixture that closes the windows these tests open


@SQLITE_FILE
def test_the_timer_makes_a_due_backup_and_prunes(qtbot, app: App, tasks, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    usb = tmp_path / "usb"
    usb.mkdir()
    backup_schedule.save_schedule(app, BackupSchedule(every_hours=1, keep=1, folder=str(usb)))
    old = app.backups.make(usb)  # more than an hour ago, as far as the schedule knows:
    app.settings.put("backup_last_at", "2026-01-01T00:00:00")
    timer = BackupTimer(tasks, lambda: app, interval_ms=50, first_ms=10)
    with qtbot.waitSignal(timer.backup_made, timeout=30_000) as blocker:
        timer.start()
    run = blocker.args[0]
    assert run.pruned == [old.path] and [b.path for b in list_backups(usb)] == [run.backup.path]
    qtbot.wait(300)  # several more ticks: not due again for an hour
    timer.stop()
    assert len(list_backups(usb)) == 1 and timer.notice == ""


@SQLITE_FILE
def test_a_missing_stick_is_a_notice_and_is_retried(qtbot, app: App, tasks, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    usb = tmp_path / "stick" / "cadangan"
    backup_schedule.save_schedule(app, BackupSchedule(every_hours=6, folder=str(usb)))
    timer = BackupTimer(tasks, lambda: app, interval_ms=100, first_ms=10)
    with qtbot.waitSignal(timer.notice_changed, timeout=30_000) as blocker:
        timer.start()
    assert "flashdisk" in blocker.args[0] and "Dicoba lagi" in blocker.args[0]
    usb.parent.mkdir()  # the stick is plugged in
    with qtbot.waitSignal(timer.backup_made, timeout=30_000):
        pass
    timer.stop()
    assert timer.notice == "" and len(list_backups(usb)) == 1


@pytest.mark.postgres_only("the office server in force")
def test_on_an_office_server_the_timer_stays_quiet(qtbot, app: App, tasks, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    backup_schedule.save_schedule(app, BackupSchedule(every_hours=1, folder=str(tmp_path / "usb")))
    timer = BackupTimer(tasks, lambda: app, interval_ms=50, first_ms=10)
    notices: list[str] = []
    timer.notice_changed.connect(notices.append)
    timer.backup_made.connect(notices.append)
    timer.start()
    qtbot.wait(500)  # several ticks
    timer.stop()
    qtbot.waitUntil(lambda: not timer._running, timeout=10_000)
    assert notices == [] and timer.notice == ""


def test_the_notice_is_for_staff_not_for_the_kiosk(qtbot, data_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seed_accounts(data_dir)
    window = open_window(qtbot, data_dir)
    timer = window.backup_timer
    assert timer is not None
    timer._set_notice("Cadangan otomatis belum dibuat: flashdisk tidak ada. Dicoba lagi nanti.")
    assert "Cadangan otomatis" not in window.statusBar().currentMessage()  # an applicant may be there
    log_in(qtbot, window, "admin", ADMIN_SECRET)
    assert "Cadangan otomatis" in window.statusBar().currentMessage()


@SQLITE_FILE
def test_a_restore_in_the_staff_area_logs_out_and_reopens_the_restored_data(qtbot, data_dir: Path,  # type: ignore[no-untyped-def]
                                                                            tmp_path: Path) -> None:
    seed_accounts(data_dir)
    usb = tmp_path / "usb"
    seeded = App.open(data_dir)
    for serial in range(1, 4):
        seeded.records.submit(make_draft(serial=serial))
    backup = seeded.backups.make(usb)
    seeded.records.submit(make_draft(serial=9))
    seeded.close()
    window = open_window(qtbot, data_dir)
    log_in(qtbot, window, "admin", ADMIN_SECRET)
    screen = window.staff_area.show_screen("backups")
    assert isinstance(screen, BackupsScreen)
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        screen.set_folder(usb)
    screen.table.selectRow(0)
    qtbot.mouseClick(screen.restore_button, Qt.MouseButton.LeftButton)
    dialog = screen.findChild(RestoreConfirmDialog)
    qtbot.keyClicks(dialog.word_edit, "PULIHKAN")
    old_code = window.app.device.code
    with qtbot.waitSignal(window.app_ready, timeout=30_000) as blocker:
        qtbot.keyClick(dialog.word_edit, Qt.Key.Key_Return)
    reopened = blocker.args[0]
    assert window.staff_area is None and window.centralWidget() is window.wizard
    assert window.wizard.draft.step == flow.WELCOME
    assert reopened.records.count() == 3 and reopened.device.code != old_code
    assert window.backup_timer is not None and OPEN_WINDOWS
    assert backup.path.exists()  # a restore never touches the backup itself
