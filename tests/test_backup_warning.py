"""Backups by default: staff are warned when the last verified backup is older than N days (a setting)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from prakerja_desktop import settings_registry
from prakerja_desktop.app import App
from tests.conftest import ROOT
from tests.staff_gui import show_staff_screen
from ui.staff.context import StaffContext
from ui.staff.dashboard import DashboardScreen

SCREENSHOTS = ROOT / "out" / "screenshots"


def set_last_backup(app: App, when: datetime | None) -> None:
    """What a verified backup writes (backups/backup.py), at WHEN."""
    with app.db.write() as session:
        settings_registry.write(session, "backup_last_at", when)


@pytest.mark.sqlite_only("file backups: an office server is backed up with its own tools")
def test_the_warning_follows_the_age_of_the_last_verified_backup(app: App, tmp_path: Path) -> None:
    now = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    assert "Belum ada cadangan" in app.backups.stale_warning(now)
    set_last_backup(app, now - timedelta(days=3))
    assert app.backups.stale_warning(now) == ""
    set_last_backup(app, now - timedelta(days=9))
    assert "9 hari lalu" in app.backups.stale_warning(now)
    with app.db.write() as session:
        settings_registry.write(session, "backup_warn_days", 0)  # the office turned it off
    assert app.backups.stale_warning(now) == ""
    with app.db.write() as session:
        settings_registry.write(session, "backup_warn_days", 7)
    app.backups.make_and_prune(tmp_path / "usb")  # a real, verified backup
    assert app.backups.stale_warning() == ""


@pytest.mark.sqlite_only("file backups: an office server is backed up with its own tools")
@pytest.mark.gui
def test_the_dashboard_shows_the_warning(qtbot, app: App, tasks, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    screen = show_staff_screen(qtbot, StaffContext(app, tasks, admin), "reports", DashboardScreen)
    screen.refresh()
    qtbot.waitUntil(lambda: screen.backup_warning.isVisible(), timeout=20_000)
    assert "Belum ada cadangan" in screen.backup_warning.text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    qtbot.waitUntil(lambda: not screen.progress.isVisible(), timeout=20_000)
    screen.window().grab().save(str(SCREENSHOTS / "dashboard-backup-warning.png"))
    app.backups.make_and_prune(tmp_path / "usb")
    screen.refresh()
    qtbot.waitUntil(lambda: not screen.backup_warning.isVisible(), timeout=20_000)
