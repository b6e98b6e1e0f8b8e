"""Rescue mode: a read-only or full data disk opens read-only; records can be read and saved to another drive.

Real filesystems (tests/small_disk.py: an ext4 loop image or tmpfs, remounted read-only or filled up):
the tests run as root, and chmod does not stop root, so a read-only mount is the only honest way.
"""

from __future__ import annotations

import copy
import hashlib
import logging
from datetime import date
from pathlib import Path

import pytest

from prakerja_desktop import logs, paths
from prakerja_desktop.app import App
from prakerja_desktop.errors import EnvironmentProblem, ProblemKind
from tests.factories import make_draft
from tests.small_disk import SmallDisk, small_disk_fixture  # noqa: F401 - a fixture
from tests.test_cli import run
from tests.test_disk_full import integrity_and_count

pytestmark = pytest.mark.sqlite_only("mounts the data folder's own disk read-only or fills it")

TODAY = date(2026, 11, 28)


def fill_data(data: Path, people: int = 3) -> list[str]:
    """A data folder with PEOPLE records and an admin account; returns the receipt numbers."""
    app = App.open(data)
    try:
        app.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
        return [app.records.submit(make_draft(serial=s), today=TODAY).receipt_number for s in range(1, people + 1)]
    finally:
        app.close()


def check_rescue(app: App, kind: ProblemKind, kept: list[str], usb: Path) -> None:
    """Reads work, a staff login works, a write is refused keeping the draft, a backup goes to USB."""
    assert app.rescue is not None and app.rescue.kind is kind
    assert "Mode baca saja" in app.rescue.banner and "cadangan" in app.rescue.banner
    assert all(app.records.find_receipt(number) for number in kept)
    assert app.records.count() == len(kept)
    staff = app.staff.login("admin", "rahasia-123").staff
    assert staff is not None and app.staff.login("admin", "salah-sekali").staff is None
    draft = make_draft(serial=99)
    before = copy.deepcopy(draft)
    with pytest.raises(EnvironmentProblem) as refused:
        app.records.submit(draft, today=TODAY)
    assert refused.value.kind is kind and "Isian Anda masih ada" in refused.value.user_message
    assert "mode baca saja" in refused.value.user_message and draft == before
    with pytest.raises(EnvironmentProblem):
        app.drafts.save(draft)
    assert app.staff.verify_audit().ok
    info = app.backups.make(usb, by=staff)
    assert info.records == len(kept) and info.path.parent == usb.resolve()
    export = app.reports.export_records(usb / "semua.csv", "csv", staff)
    assert export.count == len(kept) and (usb / "semua.csv").stat().st_size > 0
    app.staff.logout(staff)  # the audit note is skipped, the logout itself works


def test_a_read_only_data_disk_opens_read_only_and_is_rescued_to_another_drive(small_disk: SmallDisk,
                                                                               tmp_path: Path) -> None:
    data, usb = small_disk.path / "data", tmp_path / "flashdisk"
    kept = fill_data(data)
    database = data / paths.DB_FILENAME
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    small_disk.read_only(True)
    try:
        app = App.open(data)
        try:
            check_rescue(app, ProblemKind.READ_ONLY, kept, usb)
        finally:
            app.close()
        result = run("info", "--data-dir", str(data))
        assert result.returncode == 0 and "records    3" in result.stdout
        assert f"{database} (read-only: read_only)" in result.stdout
        assert "Mode baca saja" in result.stderr and "backup --to" in result.stderr
        result = run("audit", "verify", "--data-dir", str(data))
        assert result.returncode == 0, result.stderr
        result = run("backup", "--to", str(tmp_path / "cli-usb"), "--data-dir", str(data))
        assert result.returncode == 0 and "Traceback" not in result.stderr
        result = run("demo-data", "--count", "2", "--data-dir", str(data))
        assert result.returncode == 3 and "hanya bisa dibaca" in result.stderr and "Traceback" not in result.stderr
    finally:
        small_disk.read_only(False)
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before  # not a byte changed
    assert not [p for p in data.iterdir() if p.name.startswith(".prakerja-write-probe")]
    restored = tmp_path / "pulih"
    App.restore(info_path(usb), restored)
    app = App.open(restored)
    try:
        assert app.rescue is None and all(app.records.find_receipt(number) for number in kept)
    finally:
        app.close()


def info_path(folder: Path) -> Path:
    """The one backup file in FOLDER."""
    (backup,) = folder.glob("prakerja-backup-*.sqlite3")
    return backup


def test_a_full_data_disk_opens_read_only_until_there_is_room(small_disk: SmallDisk, tmp_path: Path) -> None:
    data, usb = small_disk.path / "data", tmp_path / "flashdisk"
    kept = fill_data(data)
    small_disk.fill()
    try:
        app = App.open(data)
        try:
            check_rescue(app, ProblemKind.DISK_FULL, kept, usb)
        finally:
            app.close()
    finally:
        small_disk.free()
    app = App.open(data)  # room again: a normal start, and the same draft can now be saved
    try:
        assert app.rescue is None
        kept.append(app.records.submit(make_draft(serial=99), today=TODAY).receipt_number)
    finally:
        app.close()
    assert integrity_and_count(data / paths.DB_FILENAME) == ("ok", len(kept))


def test_the_log_set_up_survives_a_read_only_data_folder(small_disk: SmallDisk) -> None:
    data = small_disk.path / "data"
    fill_data(data, people=1)
    root = logging.getLogger()
    handlers = list(root.handlers)
    small_disk.read_only(True)
    try:
        logs.setup_logging(data)  # no exception: the program still starts without its log file
        logging.getLogger("prakerja_desktop.test").warning("a line nobody can write")
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        small_disk.read_only(False)


@pytest.mark.gui
def test_the_window_starts_on_a_read_only_disk_with_a_banner(qtbot, small_disk: SmallDisk) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import ROOT
    from ui.main_window import MainWindow

    data = small_disk.path / "data"
    kept = fill_data(data)
    small_disk.read_only(True)
    try:
        window = MainWindow(data)
        qtbot.addWidget(window)
        window.resize(1024, 768)
        window.show()
        with qtbot.waitSignal(window.app_ready, timeout=20_000):
            window.open_app()
        banner = window.rescue_banner
        assert banner is not None and banner.isVisible() and banner.text().startswith("Mode baca saja")
        assert "Cadangan data" in banner.text() and banner.accessibleName() == banner.text()
        qtbot.waitUntil(lambda: banner.height() >= banner.heightForWidth(banner.width()), timeout=3000)
        assert window.backup_timer is None  # no scheduled backups into a folder that cannot be written
        staff = window.app.staff.login("admin", "rahasia-123").staff
        window.enter_staff(staff)
        assert window.staff_area is not None and banner.isVisible()  # above the staff area too
        shots = ROOT / "out" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        assert window.grab().save(str(shots / "rescue_banner.png"))
        from tests.screen_checks import clipped_texts, unnamed_controls

        assert clipped_texts(banner.parentWidget()) == [] and unnamed_controls(banner.parentWidget()) == []
        assert window.app.records.count() == len(kept)
        window.leave_staff()
        qtbot.waitUntil(lambda: window.tasks.pending == 0, timeout=10_000)
        window.close()
    finally:
        small_disk.read_only(False)


def test_a_disk_that_fills_under_a_running_kiosk_still_shows_its_newest_records(small_disk: SmallDisk,
                                                                                tmp_path: Path) -> None:
    data = small_disk.path / "data"
    kept = fill_data(data)
    kiosk = App.open(data)  # still running: its newest records are in the -wal, not yet in the main file
    try:
        kept += [kiosk.records.submit(make_draft(serial=s), today=TODAY).receipt_number for s in (41, 42)]
        wal = data / (paths.DB_FILENAME + "-wal")
        assert wal.stat().st_size > 0
        small_disk.fill()
        staff_pc = App.open(data)
        try:
            assert staff_pc.rescue is not None and staff_pc.rescue.kind is ProblemKind.DISK_FULL
            assert staff_pc.rescue.source_mode == "ro"  # reads the -wal (immutable would miss it)
            assert staff_pc.records.count() == len(kept) and all(staff_pc.records.find_receipt(n) for n in kept)
            assert staff_pc.backups.make(tmp_path / "flashdisk").records == len(kept)
        finally:
            staff_pc.close()
    finally:
        kiosk.close()
        small_disk.free()
