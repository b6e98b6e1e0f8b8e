"""Key rotation, locked mode that leaves nothing behind, aside copies, permissions and the device secret."""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
from datetime import datetime
from pathlib import Path

import pytest

from prakerja_desktop import paths
from prakerja_desktop.app import App
from prakerja_desktop.errors import EnvironmentProblem, UserInputError
from prakerja_desktop.keys import management as key_management
from prakerja_desktop.security import device_secret, keyslots
from prakerja_desktop.security.keyslots import KeyFile
from prakerja_desktop.staff.records import StaffRecords
from prakerja_desktop.storage import asides, encryption
from prakerja_desktop.storage.backup_files import list_backups
from tests.factories import make_draft
from tests.test_encryption import PASSPHRASE, forget_keys

pytestmark = pytest.mark.sqlite_only("keys, aside copies and file modes belong to the SQLite file")


def every_key_file(folder: Path) -> list[Path]:
    """Every key file and backup manifest (anything holding key slots) under FOLDER."""
    return [p for p in folder.rglob("*") if p.is_file() and (p.name.endswith(".keys") or p.name.endswith(".json"))]


def device_keys(folder: Path) -> list[bytes]:
    """Every data key that this machine's device secret alone opens from the key slots under FOLDER."""
    found = []
    for path in every_key_file(folder):
        data = json.loads(path.read_text("utf-8"))
        slots = data.get("keys") if path.name.endswith(".json") else data
        if not slots:
            continue
        key = KeyFile.from_json(slots).open_with_device()
        if key is not None:
            found.append(key)
    return found


def opens(database: Path, key: bytes) -> bool:
    """True when KEY decrypts DATABASE."""
    try:
        encryption.connect(database, key, mode="ro").close()
        return True
    except encryption.DB_ERRORS:
        return False


def test_a_stolen_laptop_after_lock_opens_nothing_without_the_passphrase(
        app: App, admin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    for serial in range(1, 4):
        app.records.submit(make_draft(serial=serial))
    key_management.set_recovery_passphrase(app, PASSPHRASE, admin)
    on_disk = app.backups.make()  # DATA/backups, made before the lock
    usb = app.backups.make(tmp_path / "usb")  # a stick in a drawer: not re-wrapped, but its key is the old one
    old_key = encryption.cached_key(app.data_dir / paths.DB_FILENAME)
    assert old_key is not None
    app.close()
    App.restore(on_disk.path, app.data_dir)  # leaves an aside copy wrapped for this device
    App.restore(on_disk.path, app.data_dir)
    forget_keys()
    app = App.open(app.data_dir)
    database = app.data_dir / paths.DB_FILENAME
    assert len(asides.aside_copies(database)) == 2 and device_keys(app.data_dir)  # before: all open alone

    key_management.set_locked_mode(app, True, admin, PASSPHRASE)
    offered = app.keys.backups_opening_with_device()
    assert [info.path for info in offered] == [on_disk.path]  # the stick's folder is not the backup folder
    assert app.keys.lock_backups(offered, PASSPHRASE, admin) == 1
    assert app.records.count() == 3  # the re-keyed database is the same data
    app.close()

    stolen = tmp_path / "stolen"
    shutil.copytree(app.data_dir, stolen / "data")
    shutil.copytree(paths.config_dir(), stolen / "config")
    monkeypatch.setenv(paths.CONFIG_DIR_ENV, str(stolen / "config"))
    forget_keys()
    assert device_keys(stolen / "data") == []  # no key file, aside key file or manifest opens with the device
    with pytest.raises(encryption.NeedsPassphrase):
        App.open(stolen / "data")
    for aside in asides.aside_copies(stolen / "data" / paths.DB_FILENAME):
        with pytest.raises(encryption.NeedsPassphrase):
            encryption.data_key(aside)
    for info in list_backups(stolen / "data" / "backups"):
        assert info.keys is not None and KeyFile.from_json(info.keys).open_with_device() is None
    # The stick's backup still opens alone with this device, but its key is the old one: not the live file.
    stick_key = KeyFile.from_json(usb.keys).open_with_device()
    assert stick_key == old_key and not opens(stolen / "data" / paths.DB_FILENAME, stick_key)
    # With the passphrase everything opens.
    key_management.unlock(PASSPHRASE, stolen / "data")
    reopened = App.open(stolen / "data")
    assert reopened.records.count() == 3
    reopened.close()


def test_rotate_gives_a_new_key_and_old_key_files_stop_opening_the_live_file(app: App, admin) -> None:  # type: ignore[no-untyped-def]
    app.records.submit(make_draft(serial=1))
    database = app.data_dir / paths.DB_FILENAME
    before = keyslots.read_key_file(keyslots.key_file_path(database))
    old_key = encryption.cached_key(database)
    steps: list[tuple[int, int]] = []
    result = app.keys.rotate(admin, None, lambda done, total: steps.append((done, total)))
    assert steps[0] == (0, 4) and steps[-1] == (4, 4) and result.rows > 0
    after = keyslots.read_key_file(keyslots.key_file_path(database))
    assert before is not None and after is not None and after.key_id != before.key_id
    assert old_key is not None and not opens(database, old_key)
    assert app.records.count() == 1  # the open app goes on with the new key
    app.records.submit(make_draft(serial=2))
    assert [a for a in _actions(app) if a.startswith("key.")] == ["key.rotated"]
    app.close()
    forget_keys()
    assert App.open(app.data_dir).records.count() == 2
    assert not list(app.data_dir.glob(".*rotating*")) and not list(app.data_dir.glob("*.swap-journal"))


def test_rotate_and_lock_need_the_right_passphrase(app: App, admin) -> None:  # type: ignore[no-untyped-def]
    key_management.set_recovery_passphrase(app, PASSPHRASE, admin)
    with pytest.raises(UserInputError, match="Ketik kata sandi"):
        app.keys.rotate(admin)
    with pytest.raises(UserInputError, match="salah"):
        app.keys.rotate(admin, "kopi tubruk di balai kota")
    with pytest.raises(UserInputError, match="salah"):
        key_management.set_locked_mode(app, True, admin, "kopi tubruk di balai kota")
    assert not key_management.status(app).locked
    app.keys.rotate(admin, PASSPHRASE)
    app.close()
    forget_keys()
    key_management.unlock(PASSPHRASE, app.data_dir)  # the new key opens with the same passphrase


def test_rotation_is_refused_while_another_window_has_the_file_open(app: App, admin, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    other = App.open(data_dir)
    other.records.count()  # holds a connection (WAL) like a kiosk window
    try:
        with pytest.raises(EnvironmentProblem, match="database in use") as problem:
            app.keys.rotate(admin)
        assert "Tutup dulu" in problem.value.user_message
    finally:
        other.close()
    assert app.records.count() == 0  # nothing changed, the app still works
    assert not list(data_dir.glob(".*rotating*"))


def test_aside_copies_are_pruned_to_the_setting(app: App, admin, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app.records.submit(make_draft(serial=1))
    backup = app.backups.make()
    app.close()
    database = data_dir / paths.DB_FILENAME
    for _round in range(4):
        App.restore(backup.path, data_dir)
    assert len(asides.aside_copies(database)) == 2  # default restore_asides_kept
    assert len(asides.aside_key_files(database)) == 2
    app = App.open(data_dir)
    app.settings.put("restore_asides_kept", 0, admin)
    backup = app.backups.make()  # settings live in the database: the restored one must carry it
    app.close()
    App.restore(backup.path, data_dir)
    assert asides.aside_copies(database) == [] and asides.aside_key_files(database) == []


def test_a_purge_and_an_erasure_remove_the_aside_copies(app: App, admin, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    person = app.records.submit(make_draft(serial=1))
    backup = app.backups.make()
    app.close()
    App.restore(backup.path, data_dir)
    database = data_dir / paths.DB_FILENAME
    assert len(asides.aside_copies(database)) == 1
    app = App.open(data_dir)
    assert StaffRecords(app).erase(person.record_uuid, admin)
    assert asides.aside_copies(database) == []
    app.close()
    App.restore(backup.path, data_dir)
    app = App.open(data_dir)
    assert len(asides.aside_copies(database)) == 1
    app.backups.purge(by=admin, older_than=datetime(2100, 1, 1))
    assert asides.aside_copies(database) == []
    app.close()


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_data_and_config_folders_are_private(data_dir: Path) -> None:
    os.umask(0o022)  # what a desktop session usually has
    app = App.open(data_dir)
    app.records.submit(make_draft(serial=1))
    app.backups.make()
    app.close()
    for folder in (data_dir, paths.config_dir(), data_dir / "backups"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for path in [*data_dir.iterdir(), *(data_dir / "backups").iterdir(), *paths.config_dir().iterdir()]:
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path.name


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_a_database_url_file_others_can_read_is_refused(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    url_file = data_dir / paths.DB_URL_FILENAME
    url_file.write_text(f"sqlite:///{data_dir / 'other.sqlite3'}\n", encoding="utf-8")
    url_file.chmod(0o644)
    with pytest.raises(UserInputError, match="chmod 600"):
        App.open(data_dir)
    url_file.chmod(0o600)
    App.open(data_dir).close()


def test_a_half_written_device_secret_does_not_lock_out_the_data(data_dir: Path) -> None:
    secret = device_secret.secret_path()
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_bytes(b"")  # what a kill while an older version wrote it left
    app = App.open(data_dir)  # a new install on this machine
    app.records.submit(make_draft(serial=1))
    app.close()
    assert len(secret.read_bytes()) == device_secret.SECRET_BYTES
    assert [p.name for p in secret.parent.glob("device-secret.bin.broken-*")]
    forget_keys()
    assert App.open(data_dir).records.count() == 1


def test_the_device_secret_is_never_overwritten(data_dir: Path) -> None:
    App.open(data_dir).close()
    before = device_secret.secret_path().read_bytes()
    assert device_secret.load(create=True) == before
    assert device_secret._create(device_secret.secret_path()) == before  # a racing window uses the first one
    assert device_secret.secret_path().read_bytes() == before


def _actions(app: App) -> list[str]:
    from sqlalchemy import select

    from prakerja_desktop.storage.models import AuditEvent

    with app.db.read() as session:
        return list(session.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


def test_keys_rotate_and_lock_on_the_command_line(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from prakerja_desktop.commands import keys as keys_command
    from tests.test_cli import run

    app = App.open(data_dir)
    app.records.submit(make_draft(serial=1))
    key_management.set_recovery_passphrase(app, PASSPHRASE, None)
    backup = app.backups.make()
    app.close()
    typed: list[str] = []
    monkeypatch.setattr(keys_command, "ask_passphrase", lambda prompt: typed.append(prompt) or PASSPHRASE)
    monkeypatch.setattr("builtins.input", lambda prompt: "y")  # the answer to "lock these backups?"

    result = run("keys", "rotate", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    assert "kunci data diganti" in result.stdout and "langkah 4 dari 4" in result.stderr and typed

    result = run("keys", "lock", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    assert str(backup.path) in result.stdout and "1 cadangan dikunci." in result.stdout
    assert device_keys(data_dir) == []


def test_a_locked_laptop_stays_locked_after_a_restore(app: App, admin, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    key_management.set_recovery_passphrase(app, PASSPHRASE, admin)
    backup = app.backups.make()  # made unlocked: its slots include this device
    key_management.set_locked_mode(app, True, admin, PASSPHRASE)
    app.close()
    App.restore(backup.path, data_dir)
    keys = keyslots.read_key_file(keyslots.key_file_path(data_dir / paths.DB_FILENAME))
    assert keys is not None and keys.locked and set(keys.slots) == {"passphrase"}


def test_leftovers_of_killed_backups_go_at_start_in_the_office_backup_folder(
        app: App, admin, data_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    stick = tmp_path / "stick"
    stick.mkdir()
    app.settings.put("backup_folder", str(stick), admin)
    app.close()
    dead = 2**22 + 12345  # above Linux's default pid_max: no such process
    old = [stick / f".prakerja-backup-20260101-000000-ABCDE.sqlite3.{dead}.part",
           stick / f".prakerja-backup-20260101-000000-ABCDE.sqlite3.{dead}.part-journal"]
    local = [data_dir / f".prakerja.sqlite3.restoring-20260101-000000-p{dead}",
             data_dir / f".prakerja.sqlite3.keys.part-{dead}",
             data_dir / "backups" / f".prakerja-backup-20260101-000000-ABCDE.sqlite3.{dead}.part"]
    # The office folder may be a network drive shared by several PCs: a process id there may be another
    # PC's, so only an hour-old leftover goes; a fresh one (another PC's backup running now) stays.
    fresh = stick / f".prakerja-backup-20260101-000000-FGHIJ.sqlite3.{dead}.part"
    mine = data_dir / f".prakerja.sqlite3.keys.part-{os.getpid()}"  # a write of this process, running now
    (data_dir / "backups").mkdir(exist_ok=True)
    for path in (*old, *local, fresh, mine):
        path.write_bytes(b"half")
    for path in old:
        os.utime(path, (time.time() - 7200, time.time() - 7200))
    app = App.open(data_dir)
    assert [p for p in local if p.exists()] == [] and mine.exists()
    app.backups.make()  # the office folder is cleaned when a backup goes there
    app.close()
    assert [p for p in old if p.exists()] == [] and fresh.exists()


def test_a_restore_event_tells_what_the_replaced_log_held(app: App, data_dir: Path) -> None:
    from sqlalchemy import select

    from prakerja_desktop.storage.models import AuditEvent

    backup = app.backups.make()
    app.records.submit(make_draft(serial=1))
    app.close()
    App.restore(backup.path, data_dir)
    App.restore(backup.path, data_dir)  # the second restore replaces a log that held the first one
    reopened = App.open(data_dir)
    with reopened.db.read() as session:
        events = list(session.execute(select(AuditEvent).where(AuditEvent.action == "backup.restored")).scalars())
    reopened.close()
    assert len(events) == 1  # the backup's own log, plus this restore
    details = events[0].details
    assert details["replaced_events"] > 0 and len(details["replaced_head"]) == 64
    assert [e["backup"] for e in details["earlier_restores"]] == [backup.path.name]
