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


def damaged(data: Path) -> Path:
    """A data folder of 1,500 demo people whose database has a damaged stretch in its middle; the file."""
    app = App.open(data)
    try:
        app.records.add_demo_data(1500)
    finally:
        app.close()
    database = data / paths.DB_FILENAME
    scramble(database, 0.50, 0.51)
    return database


@pytest.mark.sqlite_only("damages the SQLite file itself")
def test_a_damaged_database_is_salvaged_after_confirmation(tmp_path: Path) -> None:
    data, rescued = tmp_path / "data", tmp_path / "baru"
    database = damaged(data)
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
    database = damaged(data)
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


@pytest.mark.gui
@pytest.mark.sqlite_only("damages the SQLite file itself")
def test_the_window_salvages_a_damaged_database_and_puts_the_copy_in_use(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from tests.conftest import ROOT
    from tests.screen_checks import clipped_texts, hover_only, small_targets, unnamed_controls
    from ui.main_window import MainWindow

    data = tmp_path / "data"
    damaged(data)
    window = MainWindow(data)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    with qtbot.waitSignal(window.app_failed, timeout=30_000):
        window.open_app()
    box = window.findChild(QMessageBox, "open_failed_box")
    if box is not None:
        box.close()
    panel = window.salvage_panel
    assert panel.isVisible() and not panel.start_button.isEnabled()  # not before the word is typed
    qtbot.keyClicks(panel.word, "selamatkan")
    assert panel.start_button.isEnabled()
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(panel.result.isVisible, timeout=60_000)
    assert "disalin" in panel.result.text() and "hilang" in panel.result.text(), panel.result.text()
    assert panel.use_button.isVisible()
    shots = ROOT / "out" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(shots / "salvage_panel.png"))
    # Word-wrapped labels settle their height for the width over a few layout passes.
    qtbot.waitUntil(lambda: clipped_texts(panel) == [], timeout=3000)
    for check in (small_targets, unnamed_controls, hover_only):  # as test_display_modes does
        assert check(panel) == [], check.__name__
    salvaged = App.open(panel.target)
    try:
        copied = salvaged.records.count()
    finally:
        salvaged.close()
    assert 0 < copied < 1500
    with qtbot.waitSignal(window.app_ready, timeout=60_000):
        qtbot.mouseClick(panel.use_button, Qt.MouseButton.LeftButton)
    assert window.app.records.count() == copied and window.app.rescue is None
    assert list(data.glob("prakerja.sqlite3.before-restore-*"))  # the damaged file is kept aside
    window.close()
