"""A kiosk and a staff window, two processes on one SQLite file, 10,000 operations: nobody sees "locked"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from prakerja_desktop.app import App
from prakerja_desktop.storage import encryption
from tests.conftest import ROOT
from tests.reliability_child import STAFF_SECRET, STAFF_USER

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only("two processes sharing one SQLite file (PostgreSQL: test_postgres_concurrency.py)")]

OPERATIONS = 10_000  # in all, half each


def start(mode: str, data_dir: Path, operations: int) -> subprocess.Popen[str]:
    """A child doing OPERATIONS operations once it reads "go"."""
    return subprocess.Popen([sys.executable, "-m", "tests.reliability_child", mode, str(data_dir), str(operations)],
                            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})


def test_kiosk_and_staff_processes_never_see_a_locked_database(data_dir: Path) -> None:
    app = App.open(data_dir)
    app.staff.create(STAFF_USER, "Petugas Uji", "admin", STAFF_SECRET)
    app.records.add_demo_data(500, seed=5)
    app.close()

    children = [start("kiosk", data_dir, OPERATIONS // 2), start("staff", data_dir, OPERATIONS // 2)]
    for child in children:
        assert child.stdout.readline().strip() == "ready"  # type: ignore[union-attr]
    started = time.monotonic()
    for child in children:
        child.stdin.write("go\n")  # type: ignore[union-attr]
        child.stdin.flush()  # type: ignore[union-attr]
    summaries = []
    for child in children:
        out, _err = child.communicate(timeout=300)
        assert child.returncode == 0
        (line,) = [text for text in out.splitlines() if text.startswith("summary ")]
        summaries.append(json.loads(line.removeprefix("summary ")))
    elapsed = time.monotonic() - started

    kiosk, staff = summaries
    assert kiosk["errors"] == {} and staff["errors"] == {}, summaries
    total = kiosk["ops"] + staff["ops"]
    assert total >= OPERATIONS
    connection = encryption.open_file(data_dir / "prakerja.sqlite3")
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    submitted = connection.execute("SELECT count(*) FROM records").fetchone()[0] - 500
    connection.close()
    assert submitted == kiosk["ops"] // 3
    print(f"\ntwo processes: {total} operations in {elapsed:.1f} s = {total / elapsed:.0f} ops/s; "
          f"kiosk {kiosk['ops'] / kiosk['seconds']:.0f} ops/s, slowest {kiosk['worst_ms']} ms; "
          f"staff {staff['ops'] / staff['seconds']:.0f} ops/s, slowest {staff['worst_ms']} ms; "
          f"{submitted} submits, 0 locked")
