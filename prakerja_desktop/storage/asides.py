"""Aside copies: the database a restore replaced, kept as `<db>.before-restore-<time>` (with its key file).

They are a way back from a wrong restore, not an archive: at most `restore_asides_kept` are kept and
none older than the retention period; a retention purge or the erasure of a person removes them all
(they hold the records being deleted); and in locked mode their key files never open with the device.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from prakerja_desktop import safe_files
from prakerja_desktop.security import keyslots

logger = logging.getLogger(__name__)

MARK = ".before-restore-"
SIDE_FILES = ("-wal", "-shm", "-journal")


def free_name(database: Path, stamp: str) -> Path:
    """<db>.before-restore-<stamp>, numbered if two restores share a second."""
    candidate, number = database.with_name(f"{database.name}{MARK}{stamp}"), 1
    while candidate.exists() or keyslots.key_file_path(candidate).exists():
        number += 1
        candidate = database.with_name(f"{database.name}{MARK}{stamp}-{number}")
    return candidate


def aside_copies(database: Path) -> list[Path]:
    """The aside copies of DATABASE, oldest first (their key files and side files are not listed)."""
    prefix = database.name + MARK
    try:
        names = [entry for entry in database.parent.iterdir() if entry.name.startswith(prefix)]
    except OSError:
        return []
    copies = [entry for entry in names if not entry.name.endswith((".keys", *SIDE_FILES))]
    return sorted(copies, key=lambda entry: entry.name)


def aside_key_files(database: Path) -> list[Path]:
    """The key files of the aside copies of DATABASE."""
    prefix = database.name + MARK
    try:
        return sorted(entry for entry in database.parent.iterdir()
                      if entry.name.startswith(prefix) and entry.name.endswith(".keys"))
    except OSError:
        return []


def remove_copy(aside: Path) -> None:
    """Delete one aside copy with its key file and side files."""
    for name in (*(aside.with_name(aside.name + suffix) for suffix in SIDE_FILES), aside,
                 keyslots.key_file_path(aside)):
        safe_files.remove(name)


def prune(database: Path, keep: int, older_than: datetime | None = None) -> int:
    """Keep the KEEP newest aside copies, none made before OLDER_THAN (local time); returns how many went."""
    copies = aside_copies(database)
    doomed = copies[:max(0, len(copies) - keep)]
    if older_than is not None:
        doomed += [c for c in copies[len(doomed):] if _made_at(c, database) < older_than]
    for aside in doomed:
        remove_copy(aside)
    _remove_stray_key_files(database)
    if doomed:
        safe_files.fsync_folder(database.parent)
        logger.info("removed %d aside copies of the database (kept %d)", len(doomed), len(copies) - len(doomed))
    return len(doomed)


def remove_all(database: Path, reason: str) -> int:
    """Delete every aside copy (a purge or an erasure: they hold the records that go)."""
    count = prune(database, 0)
    if count:
        logger.info("aside copies removed: %s", reason)
    return count


def _made_at(aside: Path, database: Path) -> datetime:
    """When an aside copy was made (from its name, local time; unknown: its file time)."""
    stamp = aside.name[len(database.name + MARK):][:15]
    try:
        return datetime.strptime(stamp, "%Y%m%d-%H%M%S")
    except ValueError:
        return datetime.fromtimestamp(aside.stat().st_mtime)


def _remove_stray_key_files(database: Path) -> None:
    """An aside key file whose copy is gone (a restore killed between the two) is removed too."""
    for key_path in aside_key_files(database):
        if not key_path.with_name(key_path.name[:-len(".keys")]).exists():
            safe_files.remove(key_path)
