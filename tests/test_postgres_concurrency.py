"""Several kiosks on one office PostgreSQL server submitting at the same moment.

Real processes (each its own connection, as separate PCs would be): no receipt number twice, no
record lost, every device's numbers without a gap, and the audit chain intact afterwards. Two
processes share a data folder (one device: a kiosk window and a staff window on one PC), so they
take numbers from the same counter row.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections import defaultdict
from pathlib import Path

import pytest

from prakerja_desktop.app import App
from prakerja_desktop.domain.codes import parse_receipt_number
from prakerja_desktop.storage import records
from tests.conftest import ROOT
from tests.test_cli import run

pytestmark = pytest.mark.postgres_only("concurrent writers on the office server")

PROCESSES = 6
PER_PROCESS = 25


def test_kiosks_submitting_at_once_get_distinct_numbers_and_lose_nothing(tmp_path: Path) -> None:
    # Folders 0 and 1 are one device (shared folder); the others are a device each.
    folders = [tmp_path / "pc-shared", tmp_path / "pc-shared"] + [tmp_path / f"pc-{i}" for i in range(2, PROCESSES)]
    for folder in set(folders):
        App.open(folder).close()  # register each device once, as an installed kiosk would be
    go = tmp_path / "go"
    children = [
        subprocess.Popen([sys.executable, "-m", "tests.concurrent_child", str(folder), str(i * PER_PROCESS),
                          str(PER_PROCESS), str(go)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for i, folder in enumerate(folders)
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    go.touch()  # every kiosk starts submitting now
    given: list[str] = []
    for child in children:
        out, _err = child.communicate(timeout=300)
        assert child.returncode == 0
        given.extend(json.loads(out)["receipts"])

    assert len(given) == PROCESSES * PER_PROCESS
    assert len(set(given)) == len(given), "a receipt number was given twice"
    app = App.open(tmp_path / "office")
    with app.db.read() as session:
        stored = sorted(records.all_receipt_numbers(session))
    assert stored == sorted(given), "a record was lost or an extra one appeared"
    per_device: dict[str, list[int]] = defaultdict(list)
    for number in stored:
        parsed = parse_receipt_number(number)
        assert parsed is not None
        per_device[parsed[0]].append(parsed[1])
    assert len(per_device) == PROCESSES - 1
    for sequence in per_device.values():  # the shared device's two processes interleave without a gap
        assert sorted(sequence) == list(range(1, len(sequence) + 1))
    report = app.staff.verify_audit()
    assert report.ok and report.checked >= PROCESSES * PER_PROCESS
    app.close()
    verified = run("audit", "verify", "--data-dir", str(tmp_path / "office"))
    assert verified.returncode == 0 and "audit log ok" in verified.stdout


def test_two_writers_on_the_audit_chain_never_fork_it(tmp_path: Path) -> None:
    writers = [App.open(tmp_path / "desk-a"), App.open(tmp_path / "desk-b")]
    start = threading.Barrier(len(writers))
    failures: list[BaseException] = []

    def write_settings(app: App, name: str) -> None:
        try:
            start.wait(timeout=30)
            for i in range(150):  # each one an audited write transaction of its own
                app.settings.put(name, i + 1)  # two declared number settings
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=write_settings, args=(s, n)) for s, n in zip(writers, ("staff_idle_minutes", "backup_keep"), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not failures, failures
    report = writers[0].staff.verify_audit()
    assert report.ok, f"the chain broke at event {report.first_broken_id}"
    assert report.checked == 2 + 300  # two device registrations, then every setting change
    with writers[0].db.read() as session:
        from sqlalchemy import func, select

        from prakerja_desktop.storage.models import AuditEvent

        heads = session.execute(select(AuditEvent.prev_hash, func.count()).group_by(AuditEvent.prev_hash)
                                .having(func.count() > 1)).all()
    assert heads == [], "two events claim the same predecessor: the chain forked"
    for app in writers:
        app.close()


def test_kiosks_starting_a_new_version_at_once_migrate_once(tmp_path: Path, fresh_db_url) -> None:  # type: ignore[no-untyped-def]
    # Processes, as kiosks are: Alembic's `context` is one per process, so threads would not do.
    from prakerja_desktop.storage.database import head_revision

    url = fresh_db_url(tmp_path, empty=True)  # a new office database: every kiosk finds it empty
    go = tmp_path / "go"
    child = ("import sys, time, pathlib\n"
             "from prakerja_desktop.storage.database import current_revision, open_database\n"
             "print('ready', flush=True)\n"
             "while not pathlib.Path(sys.argv[2]).exists(): time.sleep(0.005)\n"
             "db = open_database(sys.argv[1])\n"
             "print(current_revision(db.engine), flush=True)\n")
    kiosks = [subprocess.Popen([sys.executable, "-c", child, url, str(go)], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True) for _ in range(4)]
    for kiosk in kiosks:
        assert kiosk.stdout is not None and kiosk.stdout.readline().strip() == "ready"
    go.touch()
    for kiosk in kiosks:
        out, err = kiosk.communicate(timeout=120)
        assert kiosk.returncode == 0, err
        assert out.strip() == head_revision()
