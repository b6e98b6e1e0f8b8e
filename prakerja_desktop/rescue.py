"""Rescue mode: a read-only or full data disk still opens, read-only, so data can be seen and saved elsewhere.

At start (`App.open`) a probe file is written in the data folder. If the folder cannot be written
(read-only mount, write-protected stick, a failing disk the kernel remounted read-only) or the disk is
full, the SQLite file is opened read-only instead of being refused: info, audit verify, reports,
exports and a backup to another drive work; every write is refused with a plain message (nothing
typed is lost: the caller keeps it). Bookkeeping that only notes a read (an audit event for an
export, the time of the last backup) is skipped in this mode and logged (`Database.bookkeeping`).
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from prakerja_desktop.errors import EnvironmentProblem, ProblemKind
from prakerja_desktop.i18n import _

logger = logging.getLogger(__name__)

# Below this much free space the disk counts as full: SQLite needs room for its WAL and a checkpoint.
MIN_FREE_BYTES = 1 << 20
PROBE_BYTES = 64 * 1024
# One fixed name: a probe left by a killed start is reused (and removed) by the next, never piling up; two
# starts at once at worst write into a file the other already unlinked, which still proves the disk writable.
PROBE_NAME = ".prakerja-write-probe"


@dataclass(frozen=True)
class Rescue:
    """Why this app is read-only (READ_ONLY or DISK_FULL) and how its database was opened."""

    kind: ProblemKind
    folder: Path
    source_mode: str = "ro&immutable=1"  # the sqlite URI mode of the read-only connections

    @property
    def banner(self) -> str:
        """The plain notice shown above every screen (and printed by every command) in this mode."""
        if self.kind is ProblemKind.DISK_FULL:
            why = _("Penyimpanan komputer tempat folder data berada sudah penuh.")
            todo = _("Yang perlu dilakukan: buat cadangan ke flashdisk atau diska lain sekarang (Petugas → "
                     "Cadangan data), lalu kosongkan sebagian ruang di diska itu dan buka lagi aplikasi ini.")
        else:
            why = _("Folder data hanya bisa dibaca (diska dikunci, dilepas, atau rusak).")
            todo = _("Yang perlu dilakukan: buat cadangan ke flashdisk atau diska lain sekarang (Petugas → "
                     "Cadangan data), lalu minta teknisi memeriksa diska ini sebelum data baru dimasukkan.")
        return " ".join([_("Mode baca saja."), why,
                         _("Data yang ada aman dan bisa dilihat, dicetak, diekspor dan dicadangkan, tetapi "
                           "pendaftaran baru dan perubahan tidak bisa disimpan."), todo])

    def refusal(self) -> EnvironmentProblem:
        """The problem a write raises in this mode: what happened, that nothing typed is lost, what to do."""
        if self.kind is ProblemKind.DISK_FULL:
            message = _("Data tidak bisa disimpan karena penyimpanan komputer penuh (mode baca saja). "
                        "Isian Anda masih ada. Minta petugas mengosongkan sebagian ruang, lalu buka lagi "
                        "aplikasi ini.")
        else:
            message = _("Data tidak bisa disimpan karena folder data hanya bisa dibaca (mode baca saja). "
                        "Isian Anda masih ada. Minta petugas membuat cadangan ke diska lain dan memeriksa "
                        "diska data.")
        return EnvironmentProblem(self.kind, "rescue mode", message=message)


def detect(folder: Path) -> ProblemKind | None:
    """READ_ONLY or DISK_FULL when the data folder cannot take writes now; None when it can."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return None  # the folder is not there yet: the normal path makes it (or says why not)
    probe = folder / PROBE_NAME
    try:
        handle = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            # No fsync (start-up time): ext4, XFS, tmpfs and FAT refuse the write itself on a full disk,
            # and the free-space check below covers the rest.
            os.write(handle, b"\0" * PROBE_BYTES)
        finally:
            os.close(handle)
    except OSError as exc:
        kind = _kind_of(exc)
        if kind is not None:
            logger.warning("data folder cannot be written (%s): rescue mode", errno.errorcode.get(exc.errno or 0, "?"))
        return kind
    finally:
        try:
            probe.unlink()
        except OSError:
            pass
    if free < MIN_FREE_BYTES:
        logger.warning("data disk has %d bytes free: rescue mode", free)
        return ProblemKind.DISK_FULL
    return None


def _kind_of(exc: OSError) -> ProblemKind | None:
    """The rescue reason an OS error means (None: not a reason to go read-only)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return ProblemKind.DISK_FULL
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ProblemKind.READ_ONLY
    return None


def source_mode(database: Path) -> str:
    """How to open DATABASE read-only: with its WAL when one holds changes, else as immutable.

    A WAL-mode file on a read-only disk opens only as immutable (SQLite cannot make the -shm file);
    immutable ignores the -wal, so when a -wal with content and its -shm are there (the disk turned
    read-only under a running app) the plain read-only mode reads them.
    """
    wal, shm = database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm")
    try:
        if wal.stat().st_size > 0 and shm.exists():
            return "ro"
    except OSError:
        pass
    return "ro&immutable=1"


def read_only_url(database: Path, mode: str) -> str:
    """The SQLAlchemy URL that opens DATABASE read-only in MODE."""
    return f"sqlite:///file:{database.as_posix()}?mode={mode}&uri=true"
