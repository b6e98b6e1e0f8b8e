"""Scheduled backups and pruning: when the next backup is due, and which old backups may go.

No Qt and no sleeping: every decision takes the time as a value, so tests pass a fake clock. The GUI's
timer (ui/backup_timer.py) only asks `run_if_due` now and then on the worker thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prakerja_desktop import settings_registry
from prakerja_desktop.backups.backup import make_backup
from prakerja_desktop.clock import utcnow
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.storage import audit
from prakerja_desktop.storage.backup import BackupInfo, list_backups
from prakerja_desktop.storage.backup_files import manifest_path, remove_quietly

if TYPE_CHECKING:
    from prakerja_desktop.app import App
    from prakerja_desktop.staff.session import StaffSession

logger = logging.getLogger(__name__)

# Settings: backup_folder, backup_every_hours (0: not by hours), backup_daily_at ("HH:MM" local time;
# set: once a day at that time, wins over hours), backup_keep (how many of this device's verified backups
# stay in the folder), backup_last_at (UTC time of the last backup made here). See settings_registry.
SCHEDULE_KEYS = ("backup_folder", "backup_every_hours", "backup_daily_at", "backup_keep", "backup_last_at")
DEFAULT_KEEP = settings_registry.spec("backup_keep").default
MAX_KEEP = settings_registry.spec("backup_keep").bounds()[1]
MAX_EVERY_HOURS = settings_registry.spec("backup_every_hours").bounds()[1]


@dataclass(frozen=True)
class BackupSchedule:
    """The office's backup schedule: by hours, or daily at a local time; and how many to keep."""

    every_hours: float = 0.0
    daily_at: time | None = None
    keep: int = DEFAULT_KEEP
    folder: str = ""  # empty: <data folder>/backups

    @property
    def on(self) -> bool:
        """True when backups are made by themselves."""
        return self.daily_at is not None or self.every_hours > 0


@dataclass(frozen=True)
class ScheduledRun:
    """What a scheduled backup did: the new backup and the old ones removed to keep K."""

    backup: BackupInfo
    pruned: list[Path] = field(default_factory=list)


def parse_daily_at(text: str) -> time | None:
    """'17:30' (or '17.30') → time; empty → None; anything else raises UserInputError."""
    try:
        return settings_registry.parse_hhmm(text)
    except ValueError:
        raise UserInputError(_("Jam cadangan harian ditulis JJ:MM, misalnya 17:00.")) from None


def schedule_from_settings(values: dict[str, Any]) -> BackupSchedule:
    """A schedule from stored settings (key → stored value); nonsense values count as "off" or the default
    (the registry logs them), never raise."""
    typed = settings_registry.convert_all(values, SCHEDULE_KEYS)
    return BackupSchedule(typed["backup_every_hours"], typed["backup_daily_at"], typed["backup_keep"],
                          typed["backup_folder"])


def load_schedule(app: App) -> tuple[BackupSchedule, datetime | None]:
    """The stored schedule and the time of the last backup made here (UTC, or None)."""
    with app.db.read() as session:
        values = settings_registry.stored_map(session)
    return schedule_from_settings(values), settings_registry.convert("backup_last_at", values.get("backup_last_at"))


def save_schedule(app: App, schedule: BackupSchedule, by: StaffSession | None = None) -> None:
    """Store the schedule and the folder (audited: only the shape, never a path's content)."""
    if schedule.every_hours < 0 or schedule.every_hours > MAX_EVERY_HOURS:
        raise UserInputError(_("Jarak antar cadangan harus antara 1 dan {max} jam.").format(max=MAX_EVERY_HOURS))
    if not 1 <= schedule.keep <= MAX_KEEP:
        raise UserInputError(_("Jumlah cadangan yang disimpan harus antara 1 dan {max}.").format(max=MAX_KEEP))
    daily = schedule.daily_at.strftime("%H:%M") if schedule.daily_at else ""
    with app.db.write() as session:
        settings_registry.write(session, "backup_folder", schedule.folder.strip())
        settings_registry.write(session, "backup_every_hours", schedule.every_hours)
        settings_registry.write(session, "backup_daily_at", daily)
        settings_registry.write(session, "backup_keep", schedule.keep)
        audit.append(session, device_id=app.device.id, actor=str(by.uuid) if by else "system",
                     action="backup.schedule_changed", subject="backup",
                     details={"every_hours": schedule.every_hours, "daily_at": daily, "keep": schedule.keep})


def last_daily_slot(daily_at: time, now: datetime, tz: tzinfo | None = None) -> datetime:
    """The latest moment at or before NOW (UTC) when the local clock showed DAILY_AT; returned in UTC."""
    local_now = now.replace(tzinfo=UTC).astimezone(tz)
    slot = local_now.replace(hour=daily_at.hour, minute=daily_at.minute, second=0, microsecond=0)
    if slot > local_now:
        slot = (slot - timedelta(days=1)).replace(hour=daily_at.hour, minute=daily_at.minute)
    return slot.astimezone(UTC).replace(tzinfo=None)


def is_due(schedule: BackupSchedule, last_at: datetime | None, now: datetime, tz: tzinfo | None = None) -> bool:
    """True when the schedule asks for a backup at NOW (UTC) given the last one (UTC, or None)."""
    if not schedule.on:
        return False
    if last_at is None or last_at > now:  # never made, or a clock that went backwards: make one
        return True
    if schedule.daily_at is not None:
        return last_at < last_daily_slot(schedule.daily_at, now, tz)
    return now - last_at >= timedelta(hours=schedule.every_hours)


def is_verified(info: BackupInfo) -> bool:
    """A backup whose manifest (written only after the integrity check) matches the file's size."""
    try:
        return info.sha256 is not None and info.path.stat().st_size == info.size
    except OSError:
        return False


@dataclass(frozen=True)
class BackupEntry:
    """One backup as the backup screen lists it."""

    info: BackupInfo
    verified: bool
    ours: bool  # made by this device


def backup_entries(folder: str | Path, device_id: str | None) -> list[BackupEntry]:
    """The backups in FOLDER, newest first, with their verified status (cheap: no re-hashing)."""
    return [BackupEntry(info, is_verified(info), device_id is not None and info.device_id == device_id)
            for info in reversed(list_backups(folder))]


def prune_plan(backups: list[BackupInfo], keep: int, device_id: str | None) -> list[BackupInfo]:
    """Which backups to delete: this device's verified ones beyond the newest KEEP (at least one stays).

    Other devices' backups, unverified files (no manifest, wrong size) and anything not named like our
    backups are never in the plan: they are not ours to judge.
    """
    if device_id is None:
        return []
    ours = sorted((b for b in backups if b.device_id == device_id and is_verified(b)),
                  key=lambda b: (b.created_at, b.path.name))
    keep = max(1, keep)
    return ours[:-keep] if len(ours) > keep else []


def prune(folder: str | Path, keep: int, device_id: str | None) -> list[Path]:
    """Delete the old backups prune_plan picks (file first, then its manifest); returns what went."""
    removed: list[Path] = []
    for info in prune_plan(list_backups(folder), keep, device_id):
        try:
            info.path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:  # a read-only stick: keep going, the backup itself is fine
            logger.warning("could not remove old backup %s: %s", info.path.name, exc.strerror)
            continue
        remove_quietly(manifest_path(info.path))
        removed.append(info.path)
    if removed:
        logger.info("removed %d old backups to keep %d", len(removed), keep)
    return removed


def due_backup(app: App, now: datetime | None = None) -> bool:
    """True when the schedule (every N hours, or daily at HH:MM) asks for a backup now."""
    schedule, last_at = load_schedule(app)
    return is_due(schedule, last_at, now or utcnow())


def backup_and_prune(app: App, folder: str | Path | None = None, progress: Any = None,
                     cancelled: Any = None, by: StaffSession | None = None) -> ScheduledRun:
    """Make a backup (in FOLDER or the set folder), then keep only the newest K of this device's there."""
    schedule, _last = load_schedule(app)
    info = make_backup(app, folder, progress, cancelled, by)
    pruned = prune(info.path.parent, schedule.keep, str(app.device.id))
    return ScheduledRun(info, pruned)


def run_if_due(app: App, now: datetime | None = None, tz: tzinfo | None = None) -> ScheduledRun | None:
    """The scheduled backup, if one is due now (else None); a missing stick raises UserInputError."""
    if not app.db.is_sqlite:  # an office server is backed up with its own tools (pg_dump), never by us
        return None
    schedule, last_at = load_schedule(app)
    if not is_due(schedule, last_at, now or utcnow(), tz):
        return None
    return backup_and_prune(app)
