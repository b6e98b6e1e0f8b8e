"""Backups of the SQLite file: an online copy, verified, renamed into place, with a manifest beside it.

The copy is made page by page between two SQLCipher connections keyed with the database's data key,
so a backup is encrypted exactly like the database and no plaintext byte ever reaches the backup
folder. The manifest carries the key slots (the data key wrapped for this machine and for the office
recovery passphrase): on another machine the passphrase opens the backup (storage/restore.py). Manifests
and listing live in storage/backup_files.py, restoring in storage/restore.py, and the use cases
(settings, schedule, audit) in the backups room (prakerja_desktop/backups/).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from sqlalchemy.engine import make_url

from prakerja_desktop import safe_files
from prakerja_desktop.clock import utcnow
from prakerja_desktop.errors import EnvironmentProblem, ProblemKind, UserInputError, classify
from prakerja_desktop.i18n import _
from prakerja_desktop.storage import encryption
from prakerja_desktop.storage.backup_files import (
    CHUNK,
    PREFIX,
    SUFFIX,
    BackupInfo,
    file_sha256,
    fsync_file,
    latest_backup,
    list_backups,
    manifest_path,
    read_info,
    remove_quietly,
    write_manifest,
)
from prakerja_desktop.storage.database import BUSY_TIMEOUT_MS, Database

logger = logging.getLogger(__name__)

__all__ = ["BackupCancelled", "BackupInfo", "BackupRefused", "backup_to", "latest_backup", "list_backups",
           "read_info", "seal_backup", "sqlite_path", "unseal_backup", "verify_database_file"]

PAGES_PER_STEP = 1024  # 4 MB per step with 4 KB pages: progress and cancel between steps

Progress = Callable[[int, int], None]  # (pages copied, pages in all)


class BackupCancelled(Exception):
    """The person stopped the backup; nothing was left behind."""


class BackupRefused(UserInputError):
    """A backup file that cannot be restored (damaged, not ours, or from a newer version)."""


class DamagedFile(Exception):
    """A copy failed its integrity check (internal: callers turn it into a plain message)."""


def sqlite_path(url: str) -> Path:
    """The file behind a SQLite URL; a server database gets a clear message instead."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise UserInputError(_("Cadangan untuk server data kantor dibuat dan dipulihkan dengan alat server "
                               "itu sendiri (misalnya pg_dump dan pg_restore), bukan dengan aplikasi ini."))
    database = parsed.database or ""
    if database.startswith("file:"):  # a sqlite URI such as file:/path?mode=ro
        database = urlparse(database).path
    if not database or database == ":memory:":
        raise UserInputError(_("Basis data sementara di memori tidak bisa dicadangkan."))
    return Path(database).expanduser().resolve()


def backup_to(db: Database, folder: str | Path, progress: Progress | None = None,
              cancelled: Callable[[], bool] | None = None, *, device: str = "LOCAL",
              device_id: str | None = None, now: datetime | None = None) -> BackupInfo:
    """Copy the open database into FOLDER (online: others may keep writing), verified; returns its info."""
    source = sqlite_path(db.url)
    target_dir = _prepare_folder(Path(folder).expanduser())
    created = now or utcnow()
    final = _free_name(target_dir, created, device)
    partial = final.with_name(f".{final.name}.{os.getpid()}.part")  # the pid: start-up can tell a leftover
    key = None if encryption.is_plaintext(source) else encryption.data_key(source)
    keys = encryption.key_file(source) if key is not None else None
    try:
        mode = db.rescue.source_mode if db.rescue is not None else "rw"  # rescue mode: read-only source
        _copy_online(source, partial, key, progress, cancelled, mode)
        schema, records = verify_database_file(partial, key)
        seal_backup(partial, final)
        digest, size = file_sha256(final)
        info = BackupInfo(final, created, device, device_id, schema, records, digest, size,
                          encrypted=key is not None, keys=keys.to_json() if keys is not None else None)
        write_manifest(info)
    except BaseException as exc:  # cancelled, Ctrl-C, a full stick: never leave a half-made backup
        remove_quietly(partial)
        if final.exists() and not manifest_path(final).exists():
            remove_quietly(final)
        problem = _backup_problem(exc, target_dir) if isinstance(exc, Exception) else None
        if problem is not None:
            raise problem from exc
        raise
    logger.info("backup written: %s (schema %s, %d bytes)", final.name, schema, size)
    return info


def seal_backup(plain: Path, final: Path) -> None:
    """Move a verified copy (already encrypted page by page) into its final place."""
    fsync_file(plain)
    safe_files.replace(plain, final)


def unseal_backup(backup_file: Path, target: Path) -> str:
    """Copy a backup file to TARGET byte for byte (it stays encrypted); returns its sha256."""
    digest = hashlib.sha256()
    safe_files.fault_point(f"copy {target.name}")
    with backup_file.open("rb") as source, target.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest()


def verify_database_file(path: Path, key: bytes | None = None) -> tuple[str | None, int]:
    """Integrity check of a copy (keyed with KEY); returns (schema revision, record count) or raises DamagedFile."""
    try:
        connection = encryption.connect(path, key)
    except encryption.DB_ERRORS as exc:
        raise DamagedFile(type(exc).__name__) from exc
    try:
        connection.execute("PRAGMA journal_mode = DELETE")  # a lone file: no -wal/-shm beside it
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise DamagedFile(f"{len(problems)} integrity problems")
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"alembic_version", "records"} <= tables:
            raise DamagedFile("not a Prakerja Desktop database")
        schema = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        records = int(connection.execute("SELECT count(*) FROM records").fetchone()[0])
        return (schema[0] if schema else None), records
    except encryption.DATABASE_ERRORS as exc:
        problem = classify(exc)
        if problem is not None and problem.kind is not ProblemKind.CORRUPT:
            raise  # a full disk or a read-only folder is not a damaged file
        raise DamagedFile(type(exc).__name__) from exc
    finally:
        connection.close()


def _copy_online(source: Path, target: Path, key: bytes | None, progress: Progress | None,
                 cancelled: Callable[[], bool] | None, mode: str = "rw") -> None:
    """SQLite's online backup in steps, from one read snapshot (writers elsewhere never restart it)."""
    src = encryption.connect(source, key, mode=mode, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        dst = encryption.connect(target, key, mode="rwc")  # same key: SQLCipher copies encrypted pages
        try:
            src.execute("BEGIN")
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # holds the snapshot

            def step(_status: int, remaining: int, total: int) -> None:
                safe_files.fault_point(f"copy step {target.name}")
                if progress is not None:
                    progress(total - remaining, total)
                if cancelled is not None and cancelled():
                    raise BackupCancelled()

            src.backup(dst, pages=PAGES_PER_STEP, progress=step)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def _prepare_folder(folder: Path) -> Path:
    """The target folder, made if only its last part is missing (a new folder on a plugged-in stick)."""
    if folder.exists() and not folder.is_dir():
        raise UserInputError(_("{folder} adalah sebuah berkas; sebutkan foldernya.").format(folder=folder))
    if not folder.is_dir():
        if not folder.parent.is_dir():
            raise UserInputError(_("Folder cadangan {folder} tidak ada. Pasang flashdisk-nya atau pilih "
                                   "folder lain.").format(folder=folder))
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise _folder_problem(classify(exc) or EnvironmentProblem(ProblemKind.READ_ONLY), folder) from exc
    return folder.resolve()


def _free_name(folder: Path, created: datetime, device: str) -> Path:
    """prakerja-backup-YYYYmmdd-HHMMSS-<device>.sqlite3 in local time, numbered if taken."""
    stamp = created.replace(tzinfo=UTC).astimezone().strftime("%Y%m%d-%H%M%S")
    candidate, number = folder / f"{PREFIX}{stamp}-{device}{SUFFIX}", 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{PREFIX}{stamp}-{device}-{number}{SUFFIX}"
    return candidate


def _backup_problem(exc: Exception, folder: Path) -> EnvironmentProblem | None:
    """A plain message for a failed backup: a damaged database, or a full or read-only target folder."""
    problem = classify(exc)
    if isinstance(exc, DamagedFile) or (problem is not None and problem.kind is ProblemKind.CORRUPT):
        logger.error("backup refused: the database failed its integrity check (%s)", exc)
        return EnvironmentProblem(ProblemKind.CORRUPT, "integrity_check", message=_(
            "Cadangan tidak dibuat: data di komputer ini rusak, jadi salinannya juga rusak. "
            "Cadangan yang lama tidak diubah. Minta petugas memulihkan cadangan terakhir."))
    if problem is None or problem is exc:
        return None
    return _folder_problem(problem, folder)


def _folder_problem(problem: EnvironmentProblem, folder: Path) -> EnvironmentProblem:
    """A full or read-only backup folder, said about the backup folder (not the data folder)."""
    if problem.kind is ProblemKind.DISK_FULL:
        text = _("Cadangan tidak dibuat: {folder} penuh. Kosongkan sebagian ruang atau pakai flashdisk lain. "
                 "Data di komputer ini tidak berubah.")
    elif problem.kind is ProblemKind.READ_ONLY:
        text = _("Cadangan tidak dibuat: {folder} tidak bisa ditulisi (terkunci atau hanya-baca). "
                 "Data di komputer ini tidak berubah.")
    else:
        return problem
    return EnvironmentProblem(problem.kind, problem.detail, message=text.format(folder=folder))

