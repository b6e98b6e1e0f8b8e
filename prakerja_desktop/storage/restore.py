"""Restoring a backup: verify it fully, keep the current database aside, then swap the file atomically.

Works when the current database is corrupt or missing (it never opens it through SQLAlchemy), and
refuses while another program still has the database open (the swap would pull it from under them).
The swap of the database and its key file is journaled (storage/swap.py): a restore killed at any
point is finished or undone at the next start.
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory

from prakerja_desktop import paths, safe_files
from prakerja_desktop.clock import utcnow
from prakerja_desktop.errors import EnvironmentProblem, ProblemKind, classify
from prakerja_desktop.i18n import _
from prakerja_desktop.security import keyslots
from prakerja_desktop.security.keyslots import KeyFile
from prakerja_desktop.storage import asides, encryption, swap
from prakerja_desktop.storage.backup import BackupRefused, DamagedFile, unseal_backup, verify_database_file
from prakerja_desktop.storage.backup_files import BackupInfo, fsync_folder, read_info, remove_quietly
from prakerja_desktop.storage.database import MIGRATIONS_DIR

logger = logging.getLogger(__name__)

SIDE_FILES = ("-wal", "-shm", "-journal")  # SQLite's companions; a stale one would damage the new file


@dataclass(frozen=True)
class RestoreResult:
    """What was restored, and where the database it replaced was kept (None if there was none)."""

    backup: BackupInfo
    database: Path
    kept_aside: Path | None
    schema: str | None
    records: int
    device_code: str = ""  # this device's new receipt code (set by backups.restore)


class BackupNeedsPassphrase(BackupRefused):
    """The backup was made on another machine (or in locked mode): the recovery passphrase opens it."""

    def __init__(self) -> None:
        super().__init__(_("Cadangan ini terkunci untuk komputer lain. Ketik kata sandi pemulihan kantor "
                           "untuk membukanya."))


def known_revisions() -> set[str]:
    """Every schema revision this version knows (all of them are at or before the head)."""
    return {script.revision for script in ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions()}


def restore_from(backup_file: str | Path, data_dir: str | Path, *, db_path: Path | None = None,
                 now: datetime | None = None, passphrase: str | None = None) -> RestoreResult:
    """Verify BACKUP_FILE (sha256, integrity, schema) and make it the database of DATA_DIR.

    An encrypted backup opens with this machine's device slot, else with PASSPHRASE (the office
    recovery passphrase); without either it raises BackupNeedsPassphrase and changes nothing.
    """
    source = Path(backup_file).expanduser()
    if not source.is_file():
        raise BackupRefused(_("Berkas cadangan {file} tidak ditemukan.").format(file=source))
    info = read_info(source)
    if info is None:  # any SQLite file may be restored, but it is still checked like a backup
        info = BackupInfo(source, utcnow(), "?", size=source.stat().st_size)
    folder = Path(data_dir).expanduser().resolve()
    target = db_path or folder / paths.DB_FILENAME
    safe_files.secure_folder(target.parent)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    incoming = target.with_name(f".{target.name}.restoring-{stamp}-p{os.getpid()}")
    incoming_keys = target.with_name(f".{keyslots.key_file_path(target).name}.incoming-{os.getpid()}")
    key, keys = _backup_key(info, target, passphrase)
    try:
        schema, records = _verified_copy(info, incoming, key)
        kept = _keep_current_aside(target, stamp)
        replaced = replaced_history(target)  # settled (no -wal) by now: reading it leaves no file behind
        restored_keys = _restored_key_file(key, keys, locked_here=_locked_here(target))
        if restored_keys is not None:
            safe_files.write_atomic(incoming_keys, keyslots.key_file_bytes(restored_keys))
        audit = {"restore_id": uuid.uuid4().hex, "backup": info.path.name, "schema": schema, "records": records,
                 "backup_created_at": info.created_at.isoformat(), "kept_aside": kept.name if kept else None,
                 **replaced}
        swap.commit(target, swap.Swap("restore", incoming.name, incoming_keys.name if restored_keys else None,
                                      drop_keys=restored_keys is None, audit=audit))
        if key is not None:
            encryption.remember(target, key)  # opens at once, also in locked mode
    except BaseException:
        if not swap.journal_path(target).exists():  # not decided: nothing of it may stay
            for name in (incoming, incoming_keys, *(incoming.with_name(incoming.name + s) for s in SIDE_FILES)):
                remove_quietly(name)
        raise
    logger.info("backup %s restored (schema %s); previous database kept as %s", source.name, schema,
                kept.name if kept else "-")
    return RestoreResult(info, target, kept, schema, records)


def replaced_history(target: Path) -> dict[str, Any]:
    """What the restore drops from the audit log of the database it replaces: its event count and head
    hash, and its own earlier restores, so that the restored database's event still tells them."""
    if not target.exists():
        return {}
    key = None if encryption.is_plaintext(target) else encryption.cached_key(target)
    try:
        connection = encryption.connect(target, key, mode="ro", timeout=2)
    except encryption.DB_ERRORS:
        return {}  # damaged or not ours: nothing to tell
    try:
        count, head = connection.execute(
            "SELECT count(*), (SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1) FROM audit_events").fetchone()
        earlier = [{"at": str(at), "backup": subject} for at, subject in connection.execute(
            "SELECT at, subject FROM audit_events WHERE action = 'backup.restored' ORDER BY id DESC LIMIT 20")]
    except encryption.DB_ERRORS:
        return {}
    finally:
        connection.close()
    return {"replaced_events": int(count), "replaced_head": head, "earlier_restores": earlier}


def _backup_key(info: BackupInfo, target: Path, passphrase: str | None) -> tuple[bytes | None, KeyFile | None]:
    """The data key of an encrypted backup and its key slots; (None, None) for a plaintext one."""
    if encryption.is_plaintext(info.path):
        return None, None  # made by a version before encryption: converted on its first open
    if info.keys is None:  # no manifest: perhaps a bare copy of this database
        key = encryption.cached_key(target) if target.exists() else None
        if key is None:
            raise BackupRefused(_("Cadangan {name} terenkripsi tetapi berkas keterangannya ({manifest}) tidak "
                                  "ada, jadi tidak bisa dibuka. Salin juga berkas itu.").format(
                                      name=info.path.name, manifest=info.manifest_path.name))
        return key, encryption.key_file(target)
    try:
        keys = KeyFile.from_json(info.keys)
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupRefused(_("Keterangan kunci cadangan {name} rusak. Pilih cadangan lain.").format(
            name=info.path.name)) from exc
    key = keys.open_with_device()
    if key is None:
        if not passphrase:
            raise BackupNeedsPassphrase()
        key = keys.open_with_passphrase(passphrase)  # a wrong one: UserInputError, nothing changed
    return key, keys


def _restored_key_file(key: bytes | None, keys: KeyFile | None, *, locked_here: bool) -> KeyFile | None:
    """The restored database's key file: the backup's passphrase slot, plus this machine unless locked.

    A laptop in locked mode stays locked after a restore (when the backup has a passphrase slot to open
    it with). None for a plaintext backup: it gets a new key when it is converted on its first open.
    """
    if key is None or keys is None:
        return None
    locked = keys.locked or (locked_here and keys.has_passphrase)
    restored = KeyFile(keys.key_id, {k: v for k, v in keys.slots.items() if k == "passphrase"}, locked)
    if not locked:
        restored.add_device_slot(key)
    return restored


def _locked_here(target: Path) -> bool:
    """True when the database being replaced is in locked mode."""
    try:
        keys = encryption.key_file(target)
    except EnvironmentProblem:
        return False  # a damaged key file: the restore is the way out of it
    return keys is not None and keys.locked


def _verified_copy(info: BackupInfo, incoming: Path, key: bytes | None) -> tuple[str | None, int]:
    """Copy the backup next to the database and check it; a bad backup is refused in plain words."""
    digest = unseal_backup(info.path, incoming)
    if info.sha256 is not None and digest != info.sha256:
        logger.error("backup %s: sha256 differs from its manifest", info.path.name)
        raise BackupRefused(_("Cadangan {name} rusak: isinya tidak sama dengan saat dibuat (mungkin flashdisk "
                              "bermasalah). Pilih cadangan lain.").format(name=info.path.name))
    try:
        schema, records = verify_database_file(incoming, key)
    except DamagedFile as exc:
        logger.error("backup %s refused: %s", info.path.name, exc)
        raise BackupRefused(_("Cadangan {name} rusak atau bukan cadangan Prakerja Desktop, jadi tidak "
                              "dipulihkan. Pilih cadangan lain.").format(name=info.path.name)) from exc
    if schema not in known_revisions():
        logger.error("backup %s has an unknown schema revision %s", info.path.name, schema)
        raise BackupRefused(_("Cadangan {name} dibuat oleh versi aplikasi yang lebih baru. Perbarui aplikasi "
                              "ini dulu, lalu pulihkan lagi.").format(name=info.path.name))
    return schema, records


def _keep_current_aside(target: Path, stamp: str) -> Path | None:
    """Keep the current database (and its -wal) as <name>.before-restore-<time>; the original stays."""
    if not target.exists():
        _move_side_files(target, None)
        return None
    _settle(target)
    aside = asides.free_name(target, stamp)
    key_path = keyslots.key_file_path(target)
    if key_path.exists():  # the kept database stays openable (a locked key file has no device slot)
        safe_files.write_atomic(keyslots.key_file_path(aside), key_path.read_bytes())
    safe_files.fault_point(f"link {aside.name}")
    try:
        os.link(target, aside)  # a second name for the same file: instant, and the original stays
    except OSError:
        shutil.copy2(target, aside)
    _move_side_files(target, aside)
    fsync_folder(target.parent)
    return aside


def _settle(target: Path) -> None:
    """Fold the -wal into the file and leave WAL mode; refuse if another program has the file open."""
    key = None if encryption.is_plaintext(target) else encryption.cached_key(target)
    try:
        connection = encryption.connect(target, key, timeout=2)
    except encryption.DB_ERRORS:
        return  # cannot even open it (damaged, or no key here): its files are simply kept aside as they are
    try:
        mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except encryption.DATABASE_ERRORS as exc:
        problem = classify(exc)
        if problem is None or problem.kind is not ProblemKind.LOCKED:
            return  # damaged: nothing to settle
        mode = "wal"
    finally:
        connection.close()
    if str(mode).lower() != "delete":
        raise EnvironmentProblem(ProblemKind.LOCKED, "database in use", message=_(
            "Data sedang dibuka oleh Prakerja Desktop di jendela atau komputer lain. Tutup dulu semua "
            "jendela Prakerja Desktop, lalu pulihkan lagi. Tidak ada yang diubah."))


def _move_side_files(target: Path, aside: Path | None) -> None:
    """Move -wal/-shm/-journal away from the database name (beside the kept copy, or deleted)."""
    for suffix in SIDE_FILES:
        side = target.with_name(target.name + suffix)
        if not side.exists():
            continue
        if aside is None:
            side.unlink()
        else:
            os.replace(side, aside.with_name(aside.name + suffix))
