"""The "Cadangan data" staff screen: back up now, cancel, the list, the schedule, restore after typing a word."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QLabel, QScrollArea

from prakerja_desktop.app import App
from prakerja_desktop.backups import schedule as backup_schedule
from prakerja_desktop.storage.backup import list_backups
from tests.conftest import ROOT
from tests.damage import open_ours
from tests.factories import make_draft
from tests.staff_gui import show_staff_screen
from ui.staff.backups import BackupsScreen, human_size
from ui.staff.context import StaffContext
from ui.staff.restore_confirm import RestoreConfirmDialog
from ui.tasks import TaskRunner

pytestmark = pytest.mark.gui
SCREENSHOTS = ROOT / "out" / "screenshots"
SQLITE_FILE = pytest.mark.sqlite_only("makes and restores backups of the SQLite file; an office server is pg_dump's job")


def open_screen(qtbot, app: App, tasks: TaskRunner, staff, folder: Path,  # type: ignore[no-untyped-def]
                *, hosted: bool = False) -> BackupsScreen:
    """The screen with FOLDER chosen through Qt's own folder dialog, as a person would."""
    screen = show_staff_screen(qtbot, StaffContext(app, tasks, staff), "backups", BackupsScreen,
                               hosted=hosted)
    qtbot.waitUntil(lambda: screen.folder is not None, timeout=10_000)
    screen.use_native_dialogs = False
    qtbot.mouseClick(screen.folder_button, Qt.MouseButton.LeftButton)
    screen.dialog.selectFile(str(folder))
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        screen.dialog.accept()
    assert screen.folder == folder
    return screen


def back_up(qtbot, screen: BackupsScreen):  # type: ignore[no-untyped-def]
    """Touch "Cadangkan sekarang" and wait for the result."""
    with qtbot.waitSignal(screen.backup_finished, timeout=30_000) as blocker:
        qtbot.mouseClick(screen.backup_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


@SQLITE_FILE
def test_backup_now_makes_a_verified_file_and_lists_it(qtbot, app, tasks, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for serial in range(1, 6):
        app.records.submit(make_draft(serial=serial))
    usb = tmp_path / "usb"
    usb.mkdir()
    (usb / "foto-keluarga.jpg").write_bytes(b"not ours")
    screen = open_screen(qtbot, app, tasks, admin, usb, hosted=True)
    assert screen.table.rowCount() == 0 and "Belum ada cadangan" in screen.message.text()
    run = back_up(qtbot, screen)
    assert run is not None and run.backup.path.parent == usb.resolve()
    connection = open_ours(run.backup.path, app.data_dir / "prakerja.sqlite3")  # keyed, as it is encrypted
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("SELECT count(*) FROM records").fetchone()[0] == 5
    finally:
        connection.close()
    assert "diperiksa" in screen.message.text() and "5 data" in screen.message.text()
    qtbot.waitUntil(lambda: screen.table.rowCount() == 1, timeout=10_000)
    row = [screen.table.item(0, column).text() for column in range(4)]
    assert row[1] == human_size(run.backup.size) and row[2].startswith("✔")
    assert row[3] == f"{app.device.code} (komputer ini)"
    assert (usb / "foto-keluarga.jpg").exists()
    for _round in range(3):
        QApplication.processEvents()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert screen.window().grab().save(str(SCREENSHOTS / "staff_backups.png"))


@SQLITE_FILE
def test_cancel_leaves_no_partial_file(qtbot, app, tasks, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    usb = tmp_path / "usb"
    usb.mkdir()
    screen = open_screen(qtbot, app, tasks, admin, usb)
    gate = threading.Event()
    tasks.submit(gate.wait, lambda _r: None)  # the worker is busy, so "Batal" lands before the copy ends
    qtbot.mouseClick(screen.backup_button, Qt.MouseButton.LeftButton)
    assert screen.progress.isVisible() and not screen.backup_button.isEnabled()
    with qtbot.waitSignal(screen.backup_finished, timeout=30_000) as blocker:
        qtbot.mouseClick(screen.progress.cancel_button, Qt.MouseButton.LeftButton)
        gate.set()
    assert blocker.args[0] is None
    assert "dibatalkan" in screen.message.text()
    assert list(usb.iterdir()) == []  # neither the backup, its manifest nor the .part file
    assert screen.backup_button.isEnabled() and not screen.progress.isVisible()


@SQLITE_FILE
def test_a_missing_stick_gets_a_plain_message(qtbot, app, tasks, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    usb = tmp_path / "usb"
    usb.mkdir()
    screen = open_screen(qtbot, app, tasks, admin, usb)
    usb.rmdir()
    with qtbot.waitSignal(screen.loaded, timeout=10_000):
        screen.set_folder(tmp_path / "gone" / "usb")  # the stick was pulled out
    assert "belum ada" in screen.folder_label.text()
    assert back_up(qtbot, screen) is None
    assert "flashdisk" in screen.message.text() and "Perlu diperbaiki" in screen.message.text()


def confirm_dialog(qtbot, screen: BackupsScreen) -> RestoreConfirmDialog:  # type: ignore[no-untyped-def]
    """Choose the first backup in the list and touch "Pulihkan…"."""
    screen.table.selectRow(0)
    assert screen.restore_button.isEnabled()
    qtbot.mouseClick(screen.restore_button, Qt.MouseButton.LeftButton)
    dialog = screen.findChild(RestoreConfirmDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


@SQLITE_FILE
def test_restore_after_typing_the_word_brings_the_data_back(qtbot, app, tasks, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for serial in range(1, 4):
        app.records.submit(make_draft(serial=serial))
    usb = tmp_path / "usb"
    usb.mkdir()
    screen = open_screen(qtbot, app, tasks, admin, usb)
    back_up(qtbot, screen)
    for serial in range(4, 9):  # typed after the backup: gone after the restore
        app.records.submit(make_draft(serial=serial))
    assert app.records.count() == 8
    qtbot.waitUntil(lambda: screen.table.rowCount() == 1, timeout=10_000)
    dialog = confirm_dialog(qtbot, screen)
    assert "salinan pengaman" in dialog.findChild(QLabel, "restoreConfirmText").text()
    dialog.resize(640, dialog.layout().totalHeightForWidth(640))
    assert dialog.grab().save(str(SCREENSHOTS / "staff_restore_confirm.png"))
    qtbot.keyClicks(dialog.word_edit, "pulihkan")
    assert dialog.restore_button.isEnabled()
    with qtbot.waitSignal(screen.database_replaced, timeout=30_000) as blocker:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].records == 3
    reopened = App.open(app.data_dir)
    try:
        assert reopened.records.count() == 3
        assert reopened.device.code != app.device.code  # new receipt numbers after a restore
    finally:
        reopened.close()
    assert list(app.data_dir.glob("prakerja.sqlite3.before-restore-*"))  # the safety copy


@SQLITE_FILE
def test_a_wrong_word_restores_nothing(qtbot, app, tasks, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app.records.submit(make_draft(serial=1))
    usb = tmp_path / "usb"
    usb.mkdir()
    screen = open_screen(qtbot, app, tasks, admin, usb)
    back_up(qtbot, screen)
    app.records.submit(make_draft(serial=2))
    qtbot.waitUntil(lambda: screen.table.rowCount() == 1, timeout=10_000)
    dialog = confirm_dialog(qtbot, screen)
    qtbot.keyClicks(dialog.word_edit, "PULIH")
    assert not dialog.restore_button.isEnabled()
    qtbot.keyClick(dialog.word_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()  # Enter with the wrong word does nothing
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(tasks.busy_changed, timeout=10_000):  # anything queued has run by now
        tasks.submit(lambda: None, lambda _r: None)
    assert not screen.busy and not screen.progress.isVisible()
    assert app.records.count() == 2
    assert not list(app.data_dir.glob("*before-restore*"))


@SQLITE_FILE
def test_staff_back_up_but_only_an_admin_restores_or_sets_the_schedule(qtbot, app, tasks, admin,  # type: ignore[no-untyped-def]
                                                                        tmp_path: Path) -> None:
    clerk = app.staff.create("rina", "Rina", "staff", "pin-123456", by=admin)
    usb = tmp_path / "usb"
    usb.mkdir()
    screen = open_screen(qtbot, app, tasks, clerk, usb)
    assert back_up(qtbot, screen) is not None
    assert not screen.restore_button.isVisible() and not screen.schedule_form.isVisible()


@SQLITE_FILE
def test_the_admin_saves_a_daily_schedule_with_the_folder(qtbot, app, tasks, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    usb = tmp_path / "usb"
    usb.mkdir()
    screen = open_screen(qtbot, app, tasks, admin, usb)
    form = screen.schedule_form
    qtbot.mouseClick(form.mode.button("daily"), Qt.MouseButton.LeftButton)
    assert form.daily_at.isVisible() and not form.hours.isVisible()
    form.daily_at.setFocus()
    form.daily_at.setSelectedSection(QDateTimeEdit.Section.HourSection)
    qtbot.keyClicks(form.daily_at, "1630")
    assert form.daily_at.time().toString("HH:mm") == "16:30"
    form.keep.setFocus()
    form.keep.selectAll()
    qtbot.keyClicks(form.keep, "3")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    scroll = screen.findChild(QScrollArea)
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    QApplication.processEvents()
    assert screen.grab().save(str(SCREENSHOTS / "staff_backup_schedule.png"))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Jadwal cadangan tersimpan" in screen.message.text(), timeout=10_000)
    schedule, _last = backup_schedule.load_schedule(app)
    assert schedule.daily_at is not None and schedule.daily_at.strftime("%H:%M") == "16:30"
    assert schedule.keep == 3 and schedule.folder == str(usb) and schedule.every_hours == 0
    assert app.backups.folder() == usb
    assert list_backups(usb) == []


@SQLITE_FILE
def test_a_restore_refused_while_another_window_has_the_data_open_changes_nothing(  # type: ignore[no-untyped-def]
        qtbot, app, tasks, admin, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    screen = open_screen(qtbot, app, tasks, admin, usb)
    back_up(qtbot, screen)
    app.records.submit(make_draft(serial=2))
    other_window = App.open(app.data_dir)  # e.g. the kiosk in a second process
    try:
        other_window.records.count()  # its pool now holds the file open
        qtbot.waitUntil(lambda: screen.table.rowCount() == 1, timeout=10_000)
        dialog = confirm_dialog(qtbot, screen)
        qtbot.keyClicks(dialog.word_edit, "PULIHKAN")
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not screen.busy, timeout=30_000)
        assert "Tutup dulu" in screen.message.text()
        assert app.records.count() == 1  # this window carries on with its own data
        app.records.submit(make_draft(serial=3))
        assert other_window.records.count() == 2
    finally:
        other_window.close()
    assert not list(app.data_dir.glob("*before-restore*"))


@SQLITE_FILE
def test_a_backup_from_another_machine_asks_for_the_recovery_passphrase(  # type: ignore[no-untyped-def]
        qtbot, tasks, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from prakerja_desktop.keys import management as key_management
    from prakerja_desktop.storage import encryption

    passphrase = "kopi tubruk di balai desa"
    first = App.open(tmp_path / "first-machine")
    first_admin = first.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    key_management.set_recovery_passphrase(first, passphrase, first_admin)
    for serial in range(1, 3):
        first.records.submit(make_draft(serial=serial))
    usb = tmp_path / "usb"
    first.backups.make(usb)
    first.close()
    encryption._unlocked.clear()  # what a restart does: no data key held any more
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "second-machine-config"))
    second = App.open(data_dir)
    try:
        admin = second.staff.create("admin", "Bu Admin", "admin", "rahasia-456")
        screen = open_screen(qtbot, second, tasks, admin, usb)
        qtbot.waitUntil(lambda: screen.table.rowCount() == 1, timeout=10_000)
        dialog = confirm_dialog(qtbot, screen)
        assert not dialog.passphrase_edit.isVisible()
        qtbot.keyClicks(dialog.word_edit, "PULIHKAN")
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: isinstance(screen.dialog, RestoreConfirmDialog) and screen.dialog.isVisible()
                        and screen.dialog.ask_passphrase, timeout=30_000)
        assert "kata sandi pemulihan" in screen.message.text()
        again = screen.dialog
        qtbot.keyClicks(again.word_edit, "PULIHKAN")
        assert not again.restore_button.isEnabled()  # the passphrase is still missing
        again.passphrase_edit.setFocus()
        qtbot.keyClicks(again.passphrase_edit, passphrase)
        again.resize(640, again.layout().totalHeightForWidth(640))
        assert again.grab().save(str(SCREENSHOTS / "staff_restore_passphrase.png"))
        with qtbot.waitSignal(screen.database_replaced, timeout=30_000) as blocker:
            qtbot.mouseClick(again.restore_button, Qt.MouseButton.LeftButton)
        assert blocker.args[0].records == 2
    finally:
        second.close()


@pytest.mark.postgres_only("the office server in force")
def test_on_an_office_server_the_screen_says_backups_are_the_servers_job(qtbot, app, tasks, admin) -> None:  # type: ignore[no-untyped-def]
    screen = show_staff_screen(qtbot, StaffContext(app, tasks, admin), "backups", BackupsScreen)
    note = screen.findChild(QLabel, "backupServerNote")
    assert note is not None and note.isVisible() and "pg_dump" in note.text()
    assert not screen.findChildren(QScrollArea)  # no folder, backup, restore or schedule controls
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screen.grab().save(str(SCREENSHOTS / "backups-office-server.png"))
