"""The backups room: backups and their schedule, restore, and the retention purge."""

from __future__ import annotations

from pathlib import Path

from prakerja_desktop.backups import backup, retention, schedule, staleness
from prakerja_desktop.backups.retention import cutoff
from prakerja_desktop.room import Room, use_case
from prakerja_desktop.storage.restore import RestoreResult

__all__ = ["Backups", "cutoff"]


class Backups(Room):
    """Verified backups of the SQLite file, their schedule and pruning, and purging old records."""

    folder = use_case(backup.backup_folder)
    make = use_case(backup.make_backup)
    due = use_case(schedule.due_backup)
    load_schedule = use_case(schedule.load_schedule)
    save_schedule = use_case(schedule.save_schedule)
    make_and_prune = use_case(schedule.backup_and_prune)
    run_if_due = use_case(schedule.run_if_due)
    stale_warning = use_case(staleness.stale_warning)

    def entries(self, folder: str | Path) -> list[schedule.BackupEntry]:
        """This folder's backups (this device's marked), newest first."""
        return schedule.backup_entries(folder, str(self.app.device.id))

    def restore(self, backup_file: str | Path, passphrase: str | None = None) -> RestoreResult:
        """Close this app's database and restore a backup over it (reopen the app afterwards)."""
        data_dir, url = self.app.data_dir, self.app.db.url
        self.app.close()  # no pooled connection may hold the file; the engine reconnects if refused
        return type(self.app).restore(backup_file, data_dir, url, passphrase=passphrase)

    # --- retention: records older than the promised months go ------------------------------------

    retention_months = use_case(retention.retention_months)
    put_retention_months = use_case(retention.put_retention_months)
    due_for_purge = use_case(retention.due_count)
    due_for_purge_before = use_case(retention.due_count_before)
    purge = use_case(retention.purge)
