"""A full disk and a read-only database: a plain message, the draft kept in memory, nothing committed lost."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest

from prakerja_desktop import device as device_store
from prakerja_desktop.app import App
from prakerja_desktop.errors import EnvironmentProblem, ProblemKind
from prakerja_desktop.storage import encryption
from prakerja_desktop.storage.database import open_database
from tests.factories import make_draft
from tests.small_disk import SmallDisk, small_disk_fixture  # noqa: F401 - a fixture

pytestmark = pytest.mark.sqlite_only("fills the disk under the SQLite file")


TODAY = date(2026, 11, 28)


def integrity_and_count(database: Path) -> tuple[str, int]:
    """integrity_check's answer and the number of records, read with a raw keyed connection."""
    connection = encryption.open_file(database)
    try:
        return (connection.execute("PRAGMA integrity_check").fetchone()[0],
                connection.execute("SELECT count(*) FROM records").fetchone()[0])
    finally:
        connection.close()


def read_only_app(data_dir: Path) -> App:
    """App over the data folder's database opened read-only (as from a write-protected file)."""
    url = f"sqlite:///file:{(data_dir / 'prakerja.sqlite3').as_posix()}?mode=ro&uri=true"
    return App(db=open_database(url, migrate=False), device=device_store.load_or_create(data_dir),
                    data_dir=data_dir)


def test_a_read_only_database_file_refuses_the_submit_and_keeps_everything(data_dir: Path) -> None:
    writable = App.open(data_dir)
    kept = [writable.records.submit(make_draft(serial=s), today=TODAY).receipt_number for s in range(1, 4)]
    writable.close()
    app = read_only_app(data_dir)
    draft = make_draft(serial=9)
    before = copy.deepcopy(draft)
    with pytest.raises(EnvironmentProblem) as problem:
        app.records.submit(draft, today=TODAY)
    assert problem.value.kind is ProblemKind.READ_ONLY and "Isian Anda masih ada" in problem.value.user_message
    assert draft == before  # the caller still holds every answer
    with pytest.raises(EnvironmentProblem):
        app.drafts.save(draft)
    assert draft.applicant == before.applicant and draft.step == before.step
    assert all(app.records.find_receipt(number) for number in kept)  # reading still works
    app.close()
    assert integrity_and_count(data_dir / "prakerja.sqlite3") == ("ok", 3)


def test_a_full_disk_refuses_the_submit_and_keeps_what_was_committed(small_disk: SmallDisk) -> None:
    data = small_disk.path / "data"
    app = App.open(data)
    kept = [app.records.submit(make_draft(serial=s), today=TODAY).receipt_number for s in range(1, 6)]
    small_disk.fill()
    draft, problem = make_draft(serial=50), None
    before = copy.deepcopy(draft)
    for _attempt in range(20):  # a write may still fit in a block the WAL already has
        try:
            kept.append(app.records.submit(draft, today=TODAY).receipt_number)
        except EnvironmentProblem as exc:
            problem = exc
            break
        draft = make_draft(serial=51 + _attempt)
        before = copy.deepcopy(draft)
    assert problem is not None, f"the {small_disk.kind} never filled up"
    assert problem.kind is ProblemKind.DISK_FULL and "penuh" in problem.user_message
    assert draft == before
    assert all(app.records.find_receipt(number) for number in kept)
    small_disk.free()
    kept.append(app.records.submit(draft, today=TODAY).receipt_number)  # the same draft, once there is room
    app.close()
    assert integrity_and_count(data / "prakerja.sqlite3") == ("ok", len(kept))


def test_a_read_only_filesystem_reads_but_refuses_writes(small_disk: SmallDisk) -> None:
    data = small_disk.path / "data"
    app = App.open(data)
    kept = app.records.submit(make_draft(serial=1), today=TODAY).receipt_number
    app.close()
    small_disk.read_only(True)
    try:
        app = App.open(data)  # rescue mode (tests/test_rescue_mode.py): opened read-only, never refused
        assert app.rescue is not None and app.rescue.kind is ProblemKind.READ_ONLY
        assert app.records.find_receipt(kept) is not None
        with pytest.raises(EnvironmentProblem) as problem:
            app.records.submit(make_draft(serial=2), today=TODAY)
        assert problem.value.kind is ProblemKind.READ_ONLY
        app.close()
    finally:
        small_disk.read_only(False)
    assert integrity_and_count(data / "prakerja.sqlite3") == ("ok", 1)


def test_a_backup_to_a_full_or_read_only_stick_says_so_and_leaves_nothing(data_dir: Path,
                                                                         small_disk: SmallDisk) -> None:
    app = App.open(data_dir)
    app.records.add_demo_data(3000)  # ~4 MB: more than the stick has left once filled
    (small_disk.path / "cadangan").mkdir()
    small_disk.fill()
    with pytest.raises(EnvironmentProblem) as full:
        app.backups.make(small_disk.path / "cadangan")
    assert full.value.kind is ProblemKind.DISK_FULL and "penuh" in full.value.user_message
    assert list((small_disk.path / "cadangan").iterdir()) == []
    small_disk.free()
    small_disk.read_only(True)
    try:
        with pytest.raises(EnvironmentProblem) as locked:
            app.backups.make(small_disk.path / "cadangan")
    finally:
        small_disk.read_only(False)
    assert locked.value.kind is ProblemKind.READ_ONLY and "tidak bisa ditulisi" in locked.value.user_message
    assert app.records.count() == 3000
    app.close()
