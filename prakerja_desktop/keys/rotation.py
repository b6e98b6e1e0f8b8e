"""Key rotation: a new data key for the database, so nothing made before opens the live file.

Locking, setting or changing the recovery passphrase and `main.py keys rotate` all re-key. The database
is exported into a new file under the new key (SQLCipher's sqlcipher_export, like `PRAGMA rekey` but into
a copy that is checked before it is used), then the new file and its new key file replace the old pair in
one journaled swap (storage/swap.py): a kill at any point leaves the old pair or the new one. Old key
files beside aside copies and old backup manifests keep wrapping the OLD key, which opens only those old
copies; in locked mode they are re-wrapped for the passphrase only (`lock_copies`, `lock_backups`).
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from prakerja_desktop import safe_files
from prakerja_desktop.errors import EnvironmentProblem, ProblemKind, UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.security import keyslots
from prakerja_desktop.security.keyslots import KeyFile
from prakerja_desktop.storage import asides, encryption, swap
from prakerja_desktop.storage.backup_files import BackupInfo, list_backups, write_manifest
from prakerja_desktop.storage.database import open_database

if TYPE_CHECKING:
    from prakerja_desktop.app import App

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (steps done, steps in all)
STEPS = 4


@dataclass(frozen=True)
class Rotation:
    """What a rotation did (no secret)."""

    tables: int
    rows: int
    copies_locked: int  # aside key files re-wrapped for the passphrase only


def rotate(app: App, path: Path, keys: KeyFile, old_key: bytes, *, passphrase: str | None, locked: bool,
           progress: Progress | None = None) -> Rotation:
    """Re-key the open database at PATH: a new data key, slots for PASSPHRASE and (unless LOCKED) this machine."""
    if locked and not passphrase:
        raise UserInputError(_("Buat kata sandi pemulihan dulu, baru data bisa dikunci."))
    step = progress or (lambda _done, _all: None)
    new_key = secrets.token_bytes(keyslots.KEY_BYTES)
    new_keys = KeyFile(secrets.token_hex(8))
    if passphrase:
        new_keys.set_passphrase(new_key, passphrase)
    if locked:
        new_keys.locked = True
    else:
        new_keys.add_device_slot(new_key)
    step(0, STEPS)
    rotating = path.with_name(f".{path.name}.rotating-p{os.getpid()}")
    incoming_keys = path.with_name(f".{keyslots.key_file_path(path).name}.incoming-{os.getpid()}")
    app.db.dispose()  # this process's pooled connections must let go of the file
    try:
        counts = _export(path, old_key, rotating, new_key)
        step(1, STEPS)
        _check(rotating, new_key, counts)
        safe_files.fsync_file(rotating)
        step(2, STEPS)
        safe_files.write_atomic(incoming_keys, keyslots.key_file_bytes(new_keys))
        swap.commit(path, swap.Swap("rotate", rotating.name, incoming_keys.name))
    except BaseException:
        if not swap.journal_path(path).exists():
            for name in (rotating, incoming_keys, *(rotating.with_name(rotating.name + s) for s in swap.SIDE_FILES)):
                safe_files.remove(name)
        raise
    encryption.remember(path, new_key)
    app.db.adopt(open_database(app.db.url, migrate=False, check=False))
    step(3, STEPS)
    locked_copies = lock_copies(path, passphrase) if locked and passphrase else 0
    step(4, STEPS)
    logger.info("database re-keyed (%d tables); %d aside key files locked", len(counts), locked_copies)
    return Rotation(len(counts), sum(counts.values()), locked_copies)


def _export(path: Path, old_key: bytes, target: Path, new_key: bytes) -> dict[str, int]:
    """Copy every table into TARGET under NEW_KEY; refuses while another program has the file open."""
    for name in (target, *(target.with_name(target.name + s) for s in swap.SIDE_FILES)):
        name.unlink(missing_ok=True)
    connection = encryption.connect(path, old_key, timeout=2)
    try:
        try:
            mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]  # folds the -wal in
        except encryption.DATABASE_ERRORS:
            mode = "wal"
        if str(mode).lower() != "delete":
            raise EnvironmentProblem(ProblemKind.LOCKED, "database in use", message=_(
                "Data sedang dibuka oleh Prakerja Desktop di jendela atau komputer lain. Tutup dulu jendela "
                "lainnya, lalu coba lagi. Tidak ada yang diubah."))
        counts = encryption.table_counts(connection)
        user_version = connection.execute("PRAGMA user_version").fetchone()[0]
        safe_files.fault_point(f"export {target.name}")
        connection.execute("ATTACH DATABASE ? AS rotated KEY ?", (str(target), f"x'{new_key.hex()}'"))
        connection.execute("SELECT sqlcipher_export('rotated')")
        connection.execute(f"PRAGMA rotated.user_version = {int(user_version)}")
        connection.execute("DETACH DATABASE rotated")
    finally:
        connection.close()
    return counts


def _check(target: Path, new_key: bytes, counts: dict[str, int]) -> None:
    """The new file opens with the new key, passes the integrity check and has every row."""
    check = encryption.connect(target, new_key)
    try:
        problems = [row[0] for row in check.execute("PRAGMA integrity_check")]
        if problems != ["ok"] or encryption.table_counts(check) != counts:
            raise EnvironmentProblem(ProblemKind.CORRUPT, "re-keyed copy differs")
    finally:
        check.close()


def lock_copies(database: Path, passphrase: str) -> int:
    """Locked mode: every aside key file that opens with this device is re-wrapped for PASSPHRASE only."""
    changed = 0
    for key_path in asides.aside_key_files(database):
        try:
            keys = keyslots.read_key_file(key_path)
            key = keys.open_with_device() if keys is not None else None
        except EnvironmentProblem:
            logger.warning("aside key file %s unreadable; removing its device slot is impossible", key_path.name)
            continue
        if keys is None or key is None:
            continue
        keyslots.write_key_file(key_path, passphrase_only(keys.key_id, key, passphrase))
        changed += 1
    return changed


def passphrase_only(key_id: str, key: bytes, passphrase: str) -> KeyFile:
    """Key slots that open KEY with PASSPHRASE and nothing else (locked)."""
    keys = KeyFile(key_id, locked=True)
    keys.set_passphrase(key, passphrase)
    return keys


def device_backups(folders: list[Path]) -> list[BackupInfo]:
    """Backups in FOLDERS whose manifest still opens with this machine's device secret."""
    found = []
    for folder in folders:
        for info in list_backups(folder):
            try:
                opens = info.keys is not None and KeyFile.from_json(info.keys).open_with_device() is not None
            except (ValueError, KeyError, TypeError, EnvironmentProblem):
                opens = False
            if opens:
                found.append(info)
    return found


def lock_backups(backups: list[BackupInfo], passphrase: str) -> int:
    """Re-wrap each backup's manifest for PASSPHRASE only (the backup file itself is not touched)."""
    done = 0
    for info in backups:
        if info.keys is None:
            continue
        keys = KeyFile.from_json(info.keys)
        key = keys.open_with_device()
        if key is None:
            continue
        write_manifest(replace(info, keys=passphrase_only(keys.key_id, key, passphrase).to_json()))
        done += 1
    logger.info("%d backup manifests re-wrapped for the passphrase only", done)
    return done
