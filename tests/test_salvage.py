"""A database with damaged pages can be salvaged into a new one: every readable row, the losses counted."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from prakerja_desktop import paths
from prakerja_desktop.app import App, SalvageCancelled
from prakerja_desktop.storage.models import AuditEvent, RecordRow
from tests.damage import scramble
from tests.test_cli import run


@pytest.mark.sqlite_only("damages the SQLite file itself")
def test_a_damaged_database_is_salvaged_after_confirmation(tmp_path: Path) -> None:
    data, rescued = tmp_path / "data", tmp_path / "baru"
    app = App.open(data)
    try:
        app.records.add_demo_data(1500)
    finally:
        app.close()
    database = data / paths.DB_FILENAME
    scramble(database, 0.50, 0.51)
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    assert run("info", "--data-dir", str(data)).returncode == 3  # refused as damaged, as before

    result = run("salvage", "--to", str(rescued), "--data-dir", str(data))  # no terminal, no --yes
    assert result.returncode == 2 and "--yes" in result.stderr and not rescued.exists()

    result = run("salvage", "--to", str(rescued), "--yes", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    assert "tidak terbaca dan hilang" in result.stdout and "records" in result.stdout
    copied = int(next(line for line in result.stdout.splitlines() if line.startswith("records")).split()[1]
                 .replace(",", ""))
    assert 0 < copied < 1500
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before  # the damaged file is only read
    app = App.open(rescued)
    try:
        assert app.records.count() == copied
        with app.db.read() as session:
            event = session.execute(select(AuditEvent).where(AuditEvent.action == "database.salvaged")).scalar_one()
            niks = set(session.execute(select(RecordRow.nik)).scalars())
        assert event.actor.startswith("os:") and event.details["copied"] >= copied
        assert event.details["tables"]["records"][0] == copied and event.details["lost"] > 0
        assert not any(nik in json.dumps(event.details) for nik in niks)  # counts only, nothing personal
        assert app.staff.verify_audit().ok
    finally:
        app.close()
    result = run("salvage", "--to", str(rescued), "--yes", "--data-dir", str(data))
    assert result.returncode == 2 and "tidak kosong" in result.stderr  # never over a database


@pytest.mark.sqlite_only("damages the SQLite file itself")
def test_a_salvage_reports_progress_and_can_be_cancelled_leaving_no_half_database(tmp_path: Path) -> None:
    data, rescued = tmp_path / "data", tmp_path / "baru"
    app = App.open(data)
    try:
        app.records.add_demo_data(1500)
    finally:
        app.close()
    database = data / paths.DB_FILENAME
    scramble(database, 0.50, 0.51)
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    seen: list[tuple[int, int]] = []
    with pytest.raises(SalvageCancelled):
        App.salvage(rescued, data, progress=lambda done, total: seen.append((done, total)),
                    cancelled=lambda: len(seen) >= 2)
    assert len(seen) == 2 and 0 < seen[0][0] < seen[1][0] <= seen[1][1]
    assert sorted(p.name for p in rescued.iterdir()) == []  # no database, key file or device file left
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before
    seen.clear()
    results = App.salvage(rescued, data, progress=lambda done, total: seen.append((done, total)))
    records = next(r for r in results if r.table == "records")
    assert seen[-1][0] == seen[-1][1] and 0 < records.copied < 1500 and records.lost > 0
