"""Swapping the database file and its key file as one journaled step (restore, key rotation).

The new database and key file are made and verified under temporary names beside the live ones. Then
`<db>.swap-journal` is written atomically: from that moment the swap is decided. It is carried out
(key file, then database), and if the process dies half-way the next start finishes it from the
journal (`recover`). Without a journal the temporary files are leftovers of a swap that never
happened: they are removed, and the old database with its old key file stays as it was. So a kill at
any point leaves a database that opens with the key file beside it, the old pair or the new one.

A restore also keeps its audit event in the journal until the restored database has it (`pending`),
so a restore killed right after the swap is still audited (and renumbered) at the next start.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from prakerja_desktop import safe_files
from prakerja_desktop.security import keyslots
from prakerja_desktop.storage import encryption

logger = logging.getLogger(__name__)

JOURNAL_SUFFIX = ".swap-journal"
SIDE_FILES = ("-wal", "-shm", "-journal")
ORPHAN_AGE_S = 3600  # a leftover whose writer cannot be asked (Windows, older names) goes after an hour
# Temporary names, all with the writer's process id: .<name>.part-<pid> (safe_files),
# .<db>.restoring-<stamp>-p<pid>, .<db>.rotating-p<pid>, .<db>.keys.incoming-<pid>, and a backup's
# .<backup>.<pid>.part (with SQLite's -journal); the older names without a pid are matched too.
_TEMP_NAMES = re.compile(
    r"^\.(?:.+\.part-(?P<a>\d+)"
    r"|.+\.(?:restoring|rotating)-[\d-]*(?:p(?P<b>\d+))?(?:-journal|-wal|-shm)?"
    r"|.+\.keys\.(?:incoming|new)-(?P<c>\d+)"
    r"|.+\.keys\.part"
    r"|prakerja-backup-.+?(?:\.(?P<d>\d+))?\.part(?:-journal|-wal|-shm)?)$")


@dataclass
class Swap:
    """What a journal decides: which temporary files become the database and its key file."""

    kind: str  # "restore" or "rotate"
    incoming_db: str  # a file name in the database's folder
    incoming_keys: str | None = None  # None: the key file is left as it is (or dropped, see below)
    drop_keys: bool = False  # a plaintext backup restored: it gets a new key on its first open
    audit: dict[str, Any] | None = field(default=None)  # the restore's audit event, until written


def journal_path(database: Path) -> Path:
    """Where the swap journal of DATABASE lives."""
    return database.with_name(database.name + JOURNAL_SUFFIX)


def commit(database: Path, swap: Swap) -> None:
    """Decide the swap (write the journal) and carry it out."""
    safe_files.write_atomic(journal_path(database), json.dumps(asdict(swap)).encode("utf-8"))
    carry_out(database, swap)


def carry_out(database: Path, swap: Swap) -> bool:
    """Put the incoming files in place (steps already done are skipped); True if anything was left to do.

    The journal stays while the restore's audit event is due.
    """
    folder = database.parent
    key_path = keyslots.key_file_path(database)
    moved = False
    if swap.incoming_keys is not None and (folder / swap.incoming_keys).exists():
        safe_files.replace(folder / swap.incoming_keys, key_path)
        moved = True
    elif swap.drop_keys and key_path.exists() and (folder / swap.incoming_db).exists():
        safe_files.remove(key_path)
    incoming = folder / swap.incoming_db
    if incoming.exists():
        for suffix in SIDE_FILES:  # a stale -wal of the old file would damage the new one
            safe_files.remove(database.with_name(database.name + suffix))
        safe_files.replace(incoming, database)
        moved = True
    if moved:
        encryption.forget(database)  # a key opened for the old file is no use now
    if swap.audit is None:
        finish(database)
    return moved


def finish(database: Path) -> None:
    """The swap is complete (and audited): drop its journal."""
    if safe_files.remove(journal_path(database)):
        safe_files.fsync_folder(database.parent)


def read_journal(database: Path) -> Swap | None:
    """The journal beside DATABASE, None if there is none (or it is unreadable: then nothing was decided)."""
    path = journal_path(database)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Swap(**data)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError) as exc:  # write_atomic never leaves half a journal
        logger.error("swap journal unreadable (%s); ignored", type(exc).__name__)
        return None


def recover(database: Path) -> Swap | None:
    """At start: finish a decided swap, remove leftovers of undecided ones; returns a swap whose audit is due."""
    swap = read_journal(database)
    if swap is not None and carry_out(database, swap):
        logger.warning("finished an interrupted %s of the database (its journal was found)", swap.kind)
    remove_orphans(database.parent)
    return swap if swap is not None and swap.audit is not None else None


def remove_orphans(folder: Path, *, local: bool = True) -> int:
    """Delete temporary files left by killed writes, backups, restores and rotations in FOLDER (logged).

    LOCAL: only this computer writes there, so a process id in a name can be asked; a shared folder (an
    office backup folder on a network drive) gets the age rule only.
    """
    try:
        entries = list(folder.iterdir())
    except OSError:
        return 0
    removed = 0
    for entry in entries:
        match = _TEMP_NAMES.match(entry.name)
        if match is None or not entry.is_file() or not _abandoned(entry, match, local):
            continue
        if safe_files.remove(entry):
            removed += 1
            logger.info("removed a leftover temporary file %s", entry.name)
    return removed


def _abandoned(entry: Path, match: re.Match[str], local: bool) -> bool:
    """True when the process that wrote ENTRY is gone (or, if that cannot be told, it is an hour old)."""
    pid_text = next((value for value in match.groups() if value), None)
    if pid_text is not None and local and os.name != "nt":
        pid = int(pid_text)
        if pid == os.getpid():
            return False
        try:
            os.kill(pid, 0)  # signal 0: only asks whether the process exists
        except ProcessLookupError:
            return True
        except (PermissionError, OverflowError, ValueError):
            pass
        else:
            return False
    try:
        return time.time() - entry.stat().st_mtime > ORPHAN_AGE_S
    except OSError:
        return False
