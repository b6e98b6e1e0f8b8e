"""Encryption at rest: the raw files hold no personal data; keys, locked mode, conversion, backups elsewhere."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from prakerja_desktop import device as device_store
from prakerja_desktop import paths
from prakerja_desktop.app import App
from prakerja_desktop.errors import EnvironmentProblem, ProblemKind, UserInputError
from prakerja_desktop.keys import management as key_management
from prakerja_desktop.security import keyslots
from prakerja_desktop.storage import encryption
from prakerja_desktop.storage.database import open_database
from prakerja_desktop.storage.restore import BackupNeedsPassphrase
from tests.factories import make_applicant, make_draft

PASSPHRASE = "kopi tubruk di balai desa"
NAME = "Wulandari Kusumawardhani"  # a rare name: any hit in the raw bytes is ours


@pytest.fixture(autouse=True)
def _sqlite_files_only(request: pytest.FixtureRequest) -> None:
    """These tests read the SQLite file itself; an office server protects its own data."""
    if request.config.getoption("--db-url"):
        pytest.skip(reason="encryption at rest and retention compaction are about the SQLite file")


def personal_values() -> list[str]:
    """What one stored person is made of (NIK, KK, name, phone, email)."""
    person = make_applicant(name=NAME, serial=77)
    return [person.nik, person.kk_number or "", NAME, NAME.lower(), "kusumawardhani", person.phone_e164 or "",
            "81234567890", person.email or ""]


def leaks(raw: bytes) -> list[str]:
    """Personal values found in RAW in UTF-8, UTF-16 (both byte orders) or Latin-1."""
    found = []
    for value in personal_values():
        for encoding in ("utf-8", "utf-16-le", "utf-16-be", "latin-1"):
            if value and value.encode(encoding) in raw:
                found.append(f"{value!r} as {encoding}")
    return found


def forget_keys() -> None:
    """What a restart does: this process no longer holds any opened data key."""
    encryption._unlocked.clear()


def test_the_raw_database_and_its_wal_hold_no_personal_data(app: App) -> None:
    app.records.submit(make_draft(name=NAME, serial=77))
    database = app.data_dir / paths.DB_FILENAME
    wal = database.with_name(database.name + "-wal")
    assert wal.stat().st_size > 0  # the connection is open: the newest pages are still in the WAL
    for path in (database, wal):
        assert leaks(path.read_bytes()) == [], path.name
    with closing(encryption.open_file(database)) as raw:  # with the key everything is there
        assert raw.execute("SELECT full_name FROM records").fetchone()[0] == NAME
    key_text = (app.data_dir / (paths.DB_FILENAME + ".keys")).read_text("utf-8")
    assert encryption.data_key(database).hex() not in key_text  # only wrapped keys in the key file


def test_a_plaintext_database_is_converted_on_first_open(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    url = paths.default_db_url(data_dir)
    old = App(db=open_database(url, encrypt=False), device=device_store.load_or_create(data_dir),
                   data_dir=data_dir)  # what a version before encryption left behind
    old._register_device()
    receipt = old.records.submit(make_draft(name=NAME, serial=77)).receipt_number
    old.close()
    database = data_dir / paths.DB_FILENAME
    assert encryption.is_plaintext(database) and leaks(database.read_bytes())

    app = App.open(data_dir)
    assert not encryption.is_plaintext(database)
    assert leaks(database.read_bytes()) == []
    assert app.records.find_receipt(receipt) is not None
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith((".", "prakerja"))) == [
        "prakerja.sqlite3", "prakerja.sqlite3-shm", "prakerja.sqlite3-wal", "prakerja.sqlite3.keys"]
    assert app.staff.verify_audit().ok
    app.close()
    with closing(sqlite3.connect(database)) as plain, pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM records")


def test_a_missing_key_file_is_a_clear_problem_and_changes_nothing(data_dir: Path) -> None:
    App.open(data_dir).close()
    key_file = data_dir / "prakerja.sqlite3.keys"
    before = (data_dir / paths.DB_FILENAME).read_bytes()
    key_file.unlink()
    forget_keys()
    with pytest.raises(EnvironmentProblem) as problem:
        App.open(data_dir)
    assert problem.value.kind is ProblemKind.CORRUPT and "cadangan" in problem.value.user_message
    assert (data_dir / paths.DB_FILENAME).read_bytes() == before and not key_file.exists()


def test_a_damaged_key_file_is_a_clear_problem(data_dir: Path) -> None:
    App.open(data_dir).close()
    key_file = data_dir / "prakerja.sqlite3.keys"
    for damage in ("{not json", json.dumps({"format": 1, "key_id": "x", "slots": {"device": {"nonce": "AA=="}}})):
        key_file.write_text(damage, encoding="utf-8")
        forget_keys()
        with pytest.raises(EnvironmentProblem) as problem:
            App.open(data_dir)
        assert problem.value.kind is ProblemKind.KEY and "kunci data rusak" in problem.value.user_message


def test_a_key_file_of_other_data_does_not_open_it(data_dir: Path, tmp_path: Path) -> None:
    App.open(data_dir).close()
    App.open(tmp_path / "other").close()
    (data_dir / "prakerja.sqlite3.keys").write_bytes((tmp_path / "other" / "prakerja.sqlite3.keys").read_bytes())
    forget_keys()
    with pytest.raises(EnvironmentProblem) as problem:
        App.open(data_dir)
    assert problem.value.kind is ProblemKind.CORRUPT and problem.value.user_message


def test_cli_says_a_wrong_key_in_one_line(data_dir: Path, tmp_path: Path) -> None:
    from tests.test_cli import run

    App.open(data_dir).close()
    App.open(tmp_path / "other").close()
    (data_dir / "prakerja.sqlite3.keys").write_bytes((tmp_path / "other" / "prakerja.sqlite3.keys").read_bytes())
    result = run("info", "--data-dir", str(data_dir))
    assert result.returncode == 3 and "Traceback" not in result.stderr and "rusak" in result.stderr


def test_locked_mode_needs_the_passphrase_at_every_start(app: App, admin) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserInputError, match="kata sandi pemulihan dulu"):
        key_management.set_locked_mode(app, True, admin, PASSPHRASE)
    with pytest.raises(UserInputError, match="minimal"):
        key_management.set_recovery_passphrase(app, "pendek", admin)
    key_management.set_recovery_passphrase(app, PASSPHRASE, admin)
    key_management.set_locked_mode(app, True, admin, PASSPHRASE)
    assert key_management.status(app) == key_management.KeyStatus(True, True, True)
    app.records.submit(make_draft(name=NAME, serial=77))
    app.close()
    keys = json.loads((app.data_dir / "prakerja.sqlite3.keys").read_text("utf-8"))
    assert set(keys["slots"]) == {"passphrase"} and keys["locked"] is True

    forget_keys()
    with pytest.raises(EnvironmentProblem) as problem:
        App.open(app.data_dir)
    assert isinstance(problem.value, encryption.NeedsPassphrase) and "kata sandi" in problem.value.user_message
    with pytest.raises(UserInputError, match="salah"):
        key_management.unlock("kopi tubruk di balai kota", app.data_dir)
    key_management.unlock(PASSPHRASE, app.data_dir)
    reopened = App.open(app.data_dir)
    assert reopened.records.count() == 1
    actions = [a for a in _audit_actions(reopened) if a.startswith("key.")]
    assert actions == ["key.passphrase_set", "key.locked_mode_on"]
    key_management.set_locked_mode(reopened, False, None)  # unattended again
    reopened.close()
    forget_keys()
    App.open(app.data_dir).close()


def test_a_backup_is_encrypted_and_opens_on_another_machine_with_the_passphrase(
        app: App, admin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    key_management.set_recovery_passphrase(app, PASSPHRASE, admin)
    receipt = app.records.submit(make_draft(name=NAME, serial=77)).receipt_number
    info = app.backups.make(tmp_path / "usb")
    app.close()
    assert leaks(info.path.read_bytes()) == [] and leaks(info.manifest_path.read_bytes()) == []
    assert set(json.loads(info.manifest_path.read_text("utf-8"))["keys"]["slots"]) == {"device", "passphrase"}

    # Another machine: its own configuration folder (device secret) and data folder.
    forget_keys()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "other-machine-config"))
    other = tmp_path / "other-machine-data"
    with pytest.raises(BackupNeedsPassphrase):
        App.restore(info.path, other)
    with pytest.raises(UserInputError, match="salah"):
        App.restore(info.path, other, passphrase="bukan kata sandinya sama sekali")
    assert not (other / paths.DB_FILENAME).exists()
    result = App.restore(info.path, other, passphrase=PASSPHRASE)
    assert result.records == 1
    forget_keys()  # a restart: the new machine now starts unattended with its own device slot
    restored = App.open(other)
    assert restored.records.find_receipt(receipt) is not None
    restored.close()
    keys = keyslots.read_key_file(other / "prakerja.sqlite3.keys")
    assert keys is not None and set(keys.slots) == {"device", "passphrase"}


def test_a_backup_without_a_passphrase_does_not_open_elsewhere(app: App, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    info = app.backups.make(tmp_path / "usb")
    app.close()
    forget_keys()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "other-machine-config"))
    with pytest.raises(UserInputError, match="belum pernah dibuat"):
        App.restore(info.path, tmp_path / "elsewhere", passphrase=PASSPHRASE)


def test_the_device_secret_is_private_and_outside_the_data_folder(app: App) -> None:
    from prakerja_desktop.security import device_secret

    path = device_secret.secret_path()
    assert path.exists() and app.data_dir not in path.parents
    assert path.stat().st_mode & 0o077 == 0


def test_logs_never_show_a_key(caplog: pytest.LogCaptureFixture, data_dir: Path) -> None:
    from prakerja_desktop.logs import redact

    key = bytes(range(32))
    assert key.hex() not in redact(f"statement failed: PRAGMA key = \"x'{key.hex()}'\"")
    with caplog.at_level("DEBUG"):
        app = App.open(data_dir)
        app.close()
    assert encryption.data_key(data_dir / paths.DB_FILENAME).hex() not in caplog.text


def _audit_actions(app: App) -> list[str]:
    from sqlalchemy import select

    from prakerja_desktop.storage.models import AuditEvent

    with app.db.read() as session:
        return list(session.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


def test_a_plaintext_backup_of_an_older_version_is_restored_and_encrypted(data_dir: Path, tmp_path: Path) -> None:
    from prakerja_desktop.storage import backup as backup_store

    old = tmp_path / "old" / paths.DB_FILENAME
    old.parent.mkdir()
    db = open_database(f"sqlite:///{old}", encrypt=False)
    info = backup_store.backup_to(db, tmp_path / "usb", device="OLDDV")
    db.dispose()
    assert encryption.is_plaintext(info.path) and info.encrypted is False and info.keys is None
    App.open(data_dir).close()  # the current, encrypted database

    result = App.restore(info.path, data_dir)
    assert result.kept_aside is not None and (data_dir / (result.kept_aside.name + ".keys")).exists()
    database = data_dir / paths.DB_FILENAME
    assert not encryption.is_plaintext(database)  # converted when App.restore opened it
    forget_keys()
    app = App.open(data_dir)
    assert app.staff.verify_audit().ok
    app.close()
    with closing(encryption.open_file(result.kept_aside)) as kept:  # the replaced one still opens
        assert kept.execute("SELECT count(*) FROM devices").fetchone()[0] == 1


def test_cli_on_locked_data_says_so_and_keys_status_reports(app: App, admin) -> None:  # type: ignore[no-untyped-def]
    from tests.test_cli import run

    folder = str(app.data_dir)
    status = run("keys", "status", "--data-dir", folder)
    assert status.returncode == 0 and status.stdout.split() == [
        "encrypted", "yes", "recovery_passphrase", "no", "locked_mode", "off"]
    refused = run("keys", "passphrase", "--data-dir", folder)  # no terminal to type it on
    assert refused.returncode == 2 and "terminal" in refused.stderr
    key_management.set_recovery_passphrase(app, PASSPHRASE, admin)
    key_management.set_locked_mode(app, True, admin, PASSPHRASE)
    app.close()
    locked = run("info", "--data-dir", folder)
    assert locked.returncode == 3 and "terkunci" in locked.stderr and "Traceback" not in locked.stderr


def test_a_data_folder_copied_to_another_machine(app: App, admin, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    app.close()
    forget_keys()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "other-machine-config"))
    with pytest.raises(EnvironmentProblem) as problem:  # no passphrase was ever set: it stays closed
        App.open(app.data_dir)
    assert problem.value.kind is ProblemKind.KEY and "komputer lain" in problem.value.user_message

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))  # back on the first machine
    first = App.open(app.data_dir)
    key_management.set_recovery_passphrase(first, PASSPHRASE, admin)
    first.close()
    forget_keys()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "other-machine-config"))
    with pytest.raises(encryption.NeedsPassphrase):
        App.open(app.data_dir)
    key_management.unlock(PASSPHRASE, app.data_dir)  # once: this machine gets its own device slot
    forget_keys()
    App.open(app.data_dir).close()
