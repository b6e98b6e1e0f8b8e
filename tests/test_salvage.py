"""A database with damaged pages can be salvaged into a new one: every readable row, the losses counted."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from prakerja_desktop import paths
from prakerja_desktop.app import App
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
    finally:
        app.close()
    result = run("salvage", "--to", str(rescued), "--yes", "--data-dir", str(data))
    assert result.returncode == 2 and "tidak kosong" in result.stderr  # never over a database
