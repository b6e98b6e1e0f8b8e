"""The backup schedule and pruning: decided from a time passed in, never by sleeping."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from prakerja_desktop.app import App
from prakerja_desktop.backups import schedule as sched
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.storage.backup_files import BackupInfo, list_backups, manifest_path, write_manifest

WIB = timezone(timedelta(hours=7))  # Jakarta: the office's clock in these tests
NOON = datetime(2026, 11, 28, 5, 0)  # 12:00 WIB, as stored (UTC without a zone)
SQLITE_FILE = pytest.mark.sqlite_only("makes and restores backups of the SQLite file; an office server is pg_dump's job")


def test_off_is_never_due() -> None:
    assert not sched.is_due(sched.BackupSchedule(), None, NOON, WIB)


def test_every_n_hours() -> None:
    every6 = sched.BackupSchedule(every_hours=6)
    assert sched.is_due(every6, None, NOON, WIB)  # none made yet
    assert not sched.is_due(every6, NOON - timedelta(hours=5, minutes=59), NOON, WIB)
    assert sched.is_due(every6, NOON - timedelta(hours=6), NOON, WIB)
    assert sched.is_due(every6, NOON + timedelta(hours=2), NOON, WIB)  # the clock went back: make one


def test_daily_at_a_local_time() -> None:
    at17 = sched.BackupSchedule(daily_at=time(17, 0), every_hours=1)  # daily wins over hours
    made_at_9 = datetime(2026, 11, 28, 2, 0)  # 09:00 WIB today
    assert not sched.is_due(at17, made_at_9, NOON, WIB)  # 12:00: today's 17:00 has not come
    five_pm = datetime(2026, 11, 28, 10, 0)  # 17:00 WIB
    assert sched.is_due(at17, made_at_9, five_pm, WIB)
    assert not sched.is_due(at17, five_pm + timedelta(minutes=1), five_pm + timedelta(hours=6), WIB)
    yesterday_evening = datetime(2026, 11, 27, 11, 0)  # 18:00 WIB yesterday, after yesterday's slot
    assert not sched.is_due(at17, yesterday_evening, NOON, WIB)
    two_days_ago = datetime(2026, 11, 26, 11, 0)  # the computer was off yesterday at 17:00
    assert sched.is_due(at17, two_days_ago, NOON, WIB)


def test_last_daily_slot_crosses_midnight_in_local_time() -> None:
    # 06:30 WIB on the 28th is 23:30 UTC on the 27th; the last 07:00 WIB was the 27th, 00:00 UTC.
    assert sched.last_daily_slot(time(7, 0), datetime(2026, 11, 27, 23, 30), WIB) == datetime(2026, 11, 27, 0, 0)


@pytest.mark.parametrize("text,expected", [("17:00", time(17, 0)), (" 7.05 ", time(7, 5)), ("", None),
                                           ("23:59", time(23, 59))])
def test_daily_time_is_read_loosely(text: str, expected: time | None) -> None:
    assert sched.parse_daily_at(text) == expected


@pytest.mark.parametrize("text", ["24:00", "7", "jam lima", "12:60", "١٢:٠٠"])
def test_a_wrong_daily_time_says_how_to_write_it(text: str) -> None:
    with pytest.raises(UserInputError, match="JJ:MM"):
        sched.parse_daily_at(text)


def test_nonsense_settings_mean_off_not_a_crash() -> None:
    schedule = sched.schedule_from_settings({"backup_every_hours": "x", "backup_daily_at": "99:99",
                                             "backup_keep": "many", "backup_folder": 5})
    assert schedule == sched.BackupSchedule(0.0, None, sched.DEFAULT_KEEP, "")
    assert sched.schedule_from_settings({"backup_keep": 0}).keep == sched.DEFAULT_KEEP
    # Out of bounds falls back to the default (one rule for every setting, in settings_registry).
    assert sched.schedule_from_settings({"backup_keep": -3}).keep == sched.DEFAULT_KEEP
    assert sched.schedule_from_settings({"backup_every_hours": sched.MAX_EVERY_HOURS + 1}).every_hours == 0


def test_schedule_round_trips_through_the_settings(app: App, tmp_path: Path) -> None:
    wanted = sched.BackupSchedule(every_hours=0, daily_at=time(16, 30), keep=3, folder=str(tmp_path / "usb"))
    sched.save_schedule(app, wanted)
    assert sched.load_schedule(app) == (wanted, None)
    with pytest.raises(UserInputError):
        sched.save_schedule(app, sched.BackupSchedule(keep=0))


@SQLITE_FILE
def test_run_if_due_makes_one_backup_then_waits(app: App, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    sched.save_schedule(app, sched.BackupSchedule(every_hours=4, folder=str(folder)))
    first = sched.run_if_due(app, datetime(2026, 11, 28, 1, 0))
    assert first is not None and first.backup.path.parent == folder.resolve()
    made_at = first.backup.created_at
    assert sched.run_if_due(app, made_at + timedelta(hours=3)) is None
    assert app.backups.due(made_at + timedelta(hours=4))


@SQLITE_FILE
def test_a_missing_stick_is_a_plain_message_and_stays_due(app: App, tmp_path: Path) -> None:
    sched.save_schedule(app, sched.BackupSchedule(every_hours=1, folder=str(tmp_path / "gone" / "usb")))
    with pytest.raises(UserInputError, match="flashdisk"):
        sched.run_if_due(app)
    assert app.backups.due()  # tried again on the next tick


@pytest.mark.postgres_only("the office server in force")
def test_an_office_server_is_never_backed_up_by_the_schedule(app: App, tmp_path: Path) -> None:
    # pg_dump's job: a schedule left on (e.g. saved before the move to the server) makes nothing and
    # raises nothing, so the window never shows "not made, retrying" every few minutes.
    folder = tmp_path / "usb"
    folder.mkdir()
    sched.save_schedule(app, sched.BackupSchedule(every_hours=1, folder=str(folder)))
    assert sched.run_if_due(app, datetime(2026, 11, 28, 1, 0)) is None
    assert list(folder.iterdir()) == []
    with pytest.raises(UserInputError, match="pg_dump"):  # asked for by hand: the plain message
        sched.backup_and_prune(app, folder)


# --- pruning ------------------------------------------------------------------------------------

ME, OTHER = "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"


def _fake_backup(folder: Path, day: int, device_id: str | None, *, manifest: bool = True,
                 code: str = "ABCDE") -> Path:
    """A backup-shaped file with (optionally) a manifest; pruning looks only at names and manifests."""
    path = folder / f"prakerja-backup-202611{day:02d}-120000-{code}.sqlite3"
    path.write_bytes(b"x" * (100 + day))
    if manifest:
        write_manifest(BackupInfo(path, datetime(2026, 11, day, 5, 0), code, device_id, "0002", 1,
                                  "0" * 64, path.stat().st_size))
    return path


def test_prune_keeps_the_newest_k_of_ours_and_nothing_else_is_touched(tmp_path: Path) -> None:
    mine = [_fake_backup(tmp_path, day, ME) for day in range(1, 6)]
    theirs = _fake_backup(tmp_path, 2, OTHER, code="ZZZZZ")
    no_manifest = _fake_backup(tmp_path, 3, None, manifest=False, code="QQQQQ")
    stranger = tmp_path / "skripsi.docx"
    stranger.write_text("not ours")
    removed = sched.prune(tmp_path, 2, ME)
    assert removed == mine[:3]
    left = {b.path for b in list_backups(tmp_path)}
    assert left == {mine[3], mine[4], theirs, no_manifest}
    assert stranger.exists()
    assert not any(manifest_path(p).exists() for p in mine[:3])


def test_prune_never_deletes_the_only_verified_backup(tmp_path: Path) -> None:
    good = _fake_backup(tmp_path, 1, ME)
    truncated = _fake_backup(tmp_path, 2, ME)
    truncated.write_bytes(b"short")  # the manifest's size no longer matches: not verified
    assert sched.prune(tmp_path, 1, ME) == []
    assert sched.prune(tmp_path, 0, ME) == []  # keep 0 still keeps one
    assert good.exists() and truncated.exists()


def test_prune_without_a_device_id_deletes_nothing(tmp_path: Path) -> None:
    for day in range(1, 4):
        _fake_backup(tmp_path, day, ME)
    assert sched.prune(tmp_path, 1, None) == []


def test_an_unreadable_manifest_makes_a_backup_unverified(tmp_path: Path) -> None:
    first, second = _fake_backup(tmp_path, 1, ME), _fake_backup(tmp_path, 2, ME)
    manifest_path(first).write_text("{not json")
    assert sched.prune(tmp_path, 1, ME) == []  # the damaged-manifest one is left for a person to judge
    assert first.exists() and second.exists()
    assert json.loads(manifest_path(second).read_text())["device_id"] == ME


@SQLITE_FILE
def test_backup_and_prune_keeps_k_real_backups(app: App, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    sched.save_schedule(app, sched.BackupSchedule(every_hours=1, keep=2, folder=str(folder)))
    runs = [sched.backup_and_prune(app) for _ in range(4)]
    assert [len(run.pruned) for run in runs] == [0, 0, 1, 1]
    assert [b.path for b in list_backups(folder)] == [runs[2].backup.path, runs[3].backup.path]


@SQLITE_FILE
def test_the_command_line_backup_keeps_k_too(app: App, tmp_path: Path, data_dir: Path) -> None:
    from tests.test_cli import run

    folder = tmp_path / "usb"
    sched.save_schedule(app, sched.BackupSchedule(keep=2, folder=str(folder)))
    stranger = folder / "catatan.txt"
    for _round in range(3):
        app.backups.make(folder)
    stranger.write_text("bukan milik kita")
    result = run("backup", env_data=data_dir)
    assert result.returncode == 0, result.stderr
    assert "2 cadangan lama" in result.stdout and "disimpan 2 terakhir" in result.stdout
    assert len(list_backups(folder)) == 2 and stranger.exists()
