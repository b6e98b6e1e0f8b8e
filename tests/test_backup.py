"""Backups and restores on real SQLite files: verified copies, atomic swaps, damaged files refused."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from prakerja_desktop import paths
from prakerja_desktop.app import App
from prakerja_desktop.backups import backup as backups
from prakerja_desktop.errors import CorruptDatabase, EnvironmentProblem, ProblemKind, UserInputError
from prakerja_desktop.storage import backup as backup_store
from prakerja_desktop.storage import settings_store
from prakerja_desktop.storage.backup import BackupCancelled, BackupRefused
from prakerja_desktop.storage.database import open_database
from tests.damage import filled_database, flip_byte, open_ours, scramble
from tests.factories import make_draft

# The app's backups copy the SQLite file (an office server is backed up with pg_dump).
SQLITE_FILE = pytest.mark.sqlite_only("backups and restores copy the SQLite file")


def count_records(path: Path) -> int:
    """Records in a database or backup file, read with a raw (keyed) connection."""
    connection = open_ours(path, paths.data_dir() / paths.DB_FILENAME)
    try:
        return connection.execute("SELECT count(*) FROM records").fetchone()[0]
    finally:
        connection.close()


@SQLITE_FILE
def test_a_backup_is_verified_named_and_described_without_personal_data(app: App,
                                                                          tmp_path: Path) -> None:
    for serial in range(1, 6):
        app.records.submit(make_draft(serial=serial))
    info = app.backups.make(tmp_path / "usb")
    assert info.path.parent == (tmp_path / "usb").resolve()
    assert info.path.name.startswith("prakerja-backup-") and info.path.name.endswith(f"-{app.device.code}.sqlite3")
    assert info.records == 5 and info.schema and count_records(info.path) == 5
    names = sorted(p.name for p in info.path.parent.iterdir())
    assert names == [info.path.name, info.path.name + ".json"]  # no temp file left
    manifest_text = info.manifest_path.read_text(encoding="utf-8")
    manifest = json.loads(manifest_text)
    assert set(manifest) == {"format", "app_version", "created_at", "device", "device_id", "schema", "records",
                             "sha256", "size", "encrypted", "keys"}
    assert manifest["encrypted"] is True and set(manifest["keys"]["slots"]) == {"device"}
    assert manifest["sha256"] == backup_store.file_sha256(info.path)[0] and manifest["records"] == 5
    for personal in ("Budi", "Santoso", "350820", "+62812", "gmail"):
        assert personal not in manifest_text, personal
    copy = open_ours(info.path)
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # a lone file on the stick
    copy.close()
    assert backup_store.latest_backup(info.path.parent) == backup_store.read_info(info.path)
    events = _audit_actions(app)
    assert events[-1] == "backup.made"


def _audit_actions(app: App) -> list[str]:
    from sqlalchemy import select

    from prakerja_desktop.storage.models import AuditEvent

    with app.db.read() as session:
        return list(session.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


@SQLITE_FILE
def test_backup_while_another_connection_keeps_writing(data_dir: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    app = App.open(data_dir)
    app.records.add_demo_data(3000, seed=3)
    monkeypatch.setattr(backup_store, "PAGES_PER_STEP", 8)  # many steps, so the writer runs in between
    writer = App.open(data_dir)  # its own engine: another connection, as the kiosk window would be
    stop, written, errors = threading.Event(), [], []

    def keep_writing() -> None:
        serial = 1
        while not stop.is_set():
            try:
                written.append(writer.records.submit(make_draft(serial=serial)).receipt_number)
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
                return
            serial += 1

    thread = threading.Thread(target=keep_writing)
    thread.start()
    steps: list[tuple[int, int]] = []
    try:
        while len(written) < 3:
            threading.Event().wait(0.01)
        before = len(written)
        info = app.backups.make(tmp_path / "usb", progress=lambda done, total: steps.append((done, total)))
        during = len(written) - before
    finally:
        stop.set()
        thread.join()
    assert not errors
    assert len(steps) > 50 and steps[-1][0] == steps[-1][1]
    assert during > 0, "the writer must not wait for the backup"
    assert 3000 + before <= info.records <= 3000 + len(written)
    assert count_records(info.path) == info.records
    writer.close()
    app.close()


@SQLITE_FILE
def test_a_cancelled_backup_leaves_nothing_behind(app: App, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    app.records.add_demo_data(500)
    monkeypatch.setattr(backup_store, "PAGES_PER_STEP", 4)
    calls = []
    with pytest.raises(BackupCancelled):
        app.backups.make(tmp_path / "usb", progress=lambda d, t: calls.append(d), cancelled=lambda: len(calls) > 3)
    assert list((tmp_path / "usb").iterdir()) == []
    assert "backup.made" not in _audit_actions(app)


@SQLITE_FILE
def test_restore_replaces_the_database_and_keeps_the_old_one_aside(data_dir: Path, tmp_path: Path) -> None:
    app = App.open(data_dir)
    first = [app.records.submit(make_draft(serial=s)).receipt_number for s in range(1, 4)]
    info = app.backups.make(tmp_path / "usb")
    later = [app.records.submit(make_draft(serial=s)).receipt_number for s in range(4, 6)]
    old_code = app.device.code
    app.close()

    result = App.restore(info.path, data_dir)
    assert result.records == 3 and result.kept_aside is not None
    assert result.kept_aside.name.startswith("prakerja.sqlite3.before-restore-")
    assert count_records(result.kept_aside) == 5  # nothing of the replaced database is lost
    assert not (data_dir / "prakerja.sqlite3-wal").exists() or count_records(data_dir / "prakerja.sqlite3") == 3
    assert result.device_code and result.device_code != old_code

    reopened = App.open(data_dir)
    assert reopened.records.count() == 3
    assert all(reopened.records.find_receipt(number) for number in first)
    assert not any(reopened.records.find_receipt(number) for number in later)
    # Numbers given after the backup may be on paper: new ones use the new device code.
    fresh = reopened.records.submit(make_draft(serial=9)).receipt_number
    assert fresh.startswith(result.device_code) and fresh not in first + later
    assert reopened.device.code == result.device_code
    assert _audit_actions(reopened)[-2:] == ["backup.restored", "record.submitted"]
    assert reopened.staff.verify_audit().ok
    reopened.close()


@SQLITE_FILE
def test_an_older_schema_is_restored_and_migrated(data_dir: Path, tmp_path: Path) -> None:
    from alembic import command

    from prakerja_desktop.storage.database import alembic_config, head_revision

    old = tmp_path / "old" / "prakerja.sqlite3"
    old.parent.mkdir()
    db = open_database(f"sqlite:///{old}", migrate=False)
    command.upgrade(alembic_config(db.engine), "0001")
    info = backup_store.backup_to(db, tmp_path / "usb", device="OLDDV")
    db.dispose()
    assert info.schema == "0001" != head_revision()
    result = App.restore(info.path, data_dir)
    assert result.schema == "0001" and result.kept_aside is None  # there was no database before
    app = App.open(data_dir)
    assert app.info()["schema"] == head_revision()
    app.close()


# One flipped byte may land in free space, where only the manifest's sha256 can see it; a bad
# sector without a manifest is caught by the integrity check.
@SQLITE_FILE
@pytest.mark.parametrize("damage", ["flip", "truncate", "bad_sector_without_manifest", "not_sqlite"])
def test_a_damaged_backup_is_refused_and_nothing_changes(data_dir: Path, tmp_path: Path, damage: str) -> None:
    app = App.open(data_dir)
    app.records.submit(make_draft(serial=1))
    info = app.backups.make(tmp_path / "usb")
    app.records.submit(make_draft(serial=2))
    app.close()
    if damage == "flip":
        flip_byte(info.path)
    elif damage == "bad_sector_without_manifest":
        scramble(info.path, 0.3, 0.7)
    elif damage == "truncate":
        info.path.write_bytes(info.path.read_bytes()[: info.size // 2])
    else:
        info.path.write_bytes(b"PK\x03\x04 this is a zip file, not a database" * 200)
    if damage in ("bad_sector_without_manifest", "not_sqlite"):
        info.manifest_path.unlink()
    with pytest.raises(BackupRefused) as refused:
        App.restore(info.path, data_dir)
    assert info.path.name in str(refused.value) and "Pilih cadangan lain" in str(refused.value)
    assert sorted(p.name for p in data_dir.iterdir() if "sqlite3" in p.name) == ["prakerja.sqlite3",
                                                                                "prakerja.sqlite3.keys"]
    assert count_records(data_dir / "prakerja.sqlite3") == 2


@SQLITE_FILE
def test_a_backup_from_a_newer_version_is_refused(data_dir: Path, tmp_path: Path) -> None:
    filled_database(data_dir, records=1)
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes((data_dir / "prakerja.sqlite3").read_bytes())
    connection = open_ours(newer, data_dir / "prakerja.sqlite3")
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()  # folds its -wal into the file
    with pytest.raises(BackupRefused, match="versi aplikasi yang lebih baru"):
        App.restore(newer, data_dir)


@SQLITE_FILE
def test_a_corrupt_database_is_not_backed_up(data_dir: Path, tmp_path: Path) -> None:
    filled_database(data_dir)
    scramble(data_dir / "prakerja.sqlite3")
    db = open_database(paths.default_db_url(data_dir), migrate=False, check=False)
    with pytest.raises(EnvironmentProblem) as problem:
        backup_store.backup_to(db, tmp_path / "usb")
    db.dispose()
    assert problem.value.kind is ProblemKind.CORRUPT
    assert "Cadangan tidak dibuat" in problem.value.user_message
    assert list((tmp_path / "usb").iterdir()) == []


@SQLITE_FILE
def test_start_up_check_finds_damage_and_names_the_latest_backup(data_dir: Path) -> None:
    app = App.open(data_dir)
    for serial in range(1, 41):
        app.records.submit(make_draft(serial=serial))
    older = app.backups.make()
    newest = app.backups.make()
    app.close()
    assert older.path != newest.path and older.path.parent == paths.backups_dir(data_dir)
    scramble(data_dir / "prakerja.sqlite3")
    with pytest.raises(CorruptDatabase) as problem:
        App.open(data_dir)
    assert problem.value.latest_backup == newest.path
    assert newest.path.name in problem.value.user_message and "rusak" in problem.value.user_message

    result = App.restore(problem.value.latest_backup, data_dir)  # the damaged file has no open handle
    assert result.records == 40 and result.kept_aside is not None
    app = App.open(data_dir)
    assert app.records.count() == 40
    app.close()


@SQLITE_FILE
def test_a_damaged_database_without_backups_says_so(data_dir: Path) -> None:
    filled_database(data_dir)
    scramble(data_dir / "prakerja.sqlite3")
    with pytest.raises(CorruptDatabase) as problem:
        App.open(data_dir)
    assert problem.value.latest_backup is None and "Belum ada cadangan" in problem.value.user_message


@SQLITE_FILE
def test_another_devices_backup_is_not_offered_automatically(data_dir: Path, tmp_path: Path) -> None:
    app = App.open(data_dir)
    mine = app.backups.make()
    app.close()
    other = App.open(tmp_path / "laptop")
    other.backups.make(paths.backups_dir(data_dir))  # an outreach laptop's backup in the same folder, newer
    other.close()
    assert backups.rescue_backup(data_dir, paths.default_db_url(data_dir)).path == mine.path


@SQLITE_FILE
def test_the_configured_backup_folder_is_used_and_searched(app: App, tmp_path: Path) -> None:
    app.settings.put("backup_folder", str(tmp_path / "stick"))
    (tmp_path / "stick").mkdir()
    info = app.backups.make()
    assert info.path.parent == (tmp_path / "stick").resolve() and app.backups.folder() == tmp_path / "stick"
    found = backups.rescue_backup(app.data_dir, app.db.url)
    assert found is not None and found.path == info.path


@SQLITE_FILE
def test_restore_is_refused_while_the_database_is_open_elsewhere(app: App, tmp_path: Path) -> None:
    info = app.backups.make(tmp_path / "usb")
    app.records.submit(make_draft(serial=2))  # the pool now holds an open connection
    with pytest.raises(EnvironmentProblem) as problem:
        App.restore(info.path, app.data_dir)
    assert problem.value.kind is ProblemKind.LOCKED and "Tutup dulu" in problem.value.user_message
    assert app.records.count() == 1
    assert not list(app.data_dir.glob("*before-restore*"))


def test_server_databases_are_backed_up_with_the_servers_tools() -> None:
    with pytest.raises(UserInputError, match="pg_dump"):
        backup_store.sqlite_path("postgresql://staff@office-server/prakerja")
    assert backup_store.sqlite_path("sqlite:////tmp/x/prakerja.sqlite3") == Path("/tmp/x/prakerja.sqlite3")


def test_a_backup_is_due_by_the_schedule(app: App) -> None:
    now = datetime(2026, 11, 28, 12, 0)
    assert app.backups.due(now) is False  # off until the office sets it
    app.settings.put("backup_every_hours", 24)
    assert app.backups.due(now) is True  # never made one
    app.settings.put("backup_last_at", (now - timedelta(hours=23)).isoformat())
    assert app.backups.due(now) is False
    assert app.backups.due(now + timedelta(hours=1)) is True
    with pytest.raises(UserInputError):
        app.settings.put("backup_every_hours", "nonsense")  # the registry refuses it
    with app.db.write() as session:
        settings_store.put(session, "backup_every_hours", "nonsense")  # edited by hand
    assert app.backups.due(now) is False


@SQLITE_FILE
def test_making_a_backup_resets_the_schedule(app: App, tmp_path: Path) -> None:
    app.settings.put("backup_every_hours", 1)
    assert app.backups.due()
    app.backups.make(tmp_path / "usb")
    assert not app.backups.due()


@SQLITE_FILE
def test_list_backups_ignores_other_files(tmp_path: Path, app: App) -> None:
    folder = tmp_path / "usb"
    first = app.backups.make(folder)
    (folder / "notes.txt").write_text("x")
    (folder / ".prakerja-backup-20260101-000000-ABCDE.sqlite3.part").write_text("half")
    second = app.backups.make(folder)
    assert [b.path for b in backup_store.list_backups(folder)] == [first.path, second.path]
    assert backup_store.list_backups(tmp_path / "missing") == []
