"""Known problems of the environment (disk, database file), kept apart from bugs.

A known problem gets a message a person understands and a hint of what to do; anything else is a
bug, which is logged with its traceback and shown as a short apology.
"""

from __future__ import annotations

import errno
import sys
from enum import StrEnum
from pathlib import Path

from prakerja_desktop.i18n import _


class ProblemKind(StrEnum):
    """The kinds of environment trouble we recognise."""

    DISK_FULL = "disk_full"
    READ_ONLY = "read_only"
    LOCKED = "locked"
    CORRUPT = "corrupt"
    UNREACHABLE = "unreachable"  # an office database server that does not answer
    KEY = "key"  # the database key cannot be found or opened (docs/security.md)


class EnvironmentProblem(Exception):
    """The machine or the database file stopped us; not a bug in the program."""

    def __init__(self, kind: ProblemKind, detail: str = "", message: str | None = None) -> None:
        super().__init__(f"{kind}: {detail}" if detail else str(kind))
        self.kind = kind
        self.detail = detail  # technical detail for the log; never shown to applicants
        self._message = message  # a more precise text than the kind's own (e.g. for backups)

    @property
    def user_message(self) -> str:
        """What happened and what to do, in plain words."""
        return self._message or _user_messages()[self.kind]


class CorruptDatabase(EnvironmentProblem):
    """The database file is damaged; `latest_backup` is the backup to offer, if one was found."""

    def __init__(self, detail: str = "", latest_backup: Path | None = None) -> None:
        super().__init__(ProblemKind.CORRUPT, detail)
        self.latest_backup = latest_backup

    @property
    def user_message(self) -> str:
        """The corrupt-file message, naming the latest backup when there is one."""
        message = _user_messages()[ProblemKind.CORRUPT]
        if self.latest_backup is None:
            return message + " " + _("Belum ada cadangan di folder cadangan. Jika cadangan ada di flashdisk, "
                                       "pasang flashdisk itu lalu buka lagi aplikasi ini.")
        return message + " " + _("Cadangan terakhir: {name}.").format(name=self.latest_backup.name)


class UserInputError(ValueError):
    """Input the program cannot use (a bad argument or file); its text is shown as is."""


def _user_messages() -> dict[ProblemKind, str]:
    """Messages per kind, translated at call time so a language switch applies."""
    return {
        ProblemKind.DISK_FULL: _(
            "Penyimpanan komputer penuh, jadi data tidak bisa disimpan. "
            "Isian Anda masih ada. Minta petugas mengosongkan sebagian ruang, lalu coba lagi."
        ),
        ProblemKind.READ_ONLY: _(
            "Data tidak bisa disimpan karena folder data hanya bisa dibaca. "
            "Isian Anda masih ada. Minta petugas memeriksa folder data, lalu coba lagi."
        ),
        ProblemKind.LOCKED: _(
            "Data sedang dipakai oleh jendela lain dan belum bisa disimpan. "
            "Isian Anda masih ada. Tunggu sebentar, lalu coba lagi."
        ),
        ProblemKind.CORRUPT: _(
            "Berkas data rusak dan tidak bisa dibuka. Jangan matikan komputer. "
            "Minta petugas memulihkan data dari cadangan terakhir."
        ),
        ProblemKind.UNREACHABLE: _(
            "Server data kantor tidak bisa dihubungi. Isian Anda masih ada. "
            "Minta petugas memeriksa jaringan atau server, lalu coba lagi."
        ),
        ProblemKind.KEY: _(
            "Data terkunci dan kuncinya tidak bisa dibuka di komputer ini. Data tidak diubah. "
            "Minta petugas membuka data dengan kata sandi pemulihan kantor."
        ),
    }


_SQLITE_PATTERNS: tuple[tuple[str, ProblemKind], ...] = (
    ("database or disk is full", ProblemKind.DISK_FULL),
    ("disk i/o error", ProblemKind.DISK_FULL),
    ("readonly database", ProblemKind.READ_ONLY),
    ("read-only", ProblemKind.READ_ONLY),
    ("unable to open database", ProblemKind.READ_ONLY),
    ("database is locked", ProblemKind.LOCKED),
    ("database table is locked", ProblemKind.LOCKED),
    ("file is not a database", ProblemKind.CORRUPT),
    ("database disk image is malformed", ProblemKind.CORRUPT),
    ("could not connect to server", ProblemKind.UNREACHABLE),
    ("connection refused", ProblemKind.UNREACHABLE),
    ("server closed the connection", ProblemKind.UNREACHABLE),
    # psycopg 3 starts every failed connection this way (refused, timeout, wrong password, no database).
    ("connection failed:", ProblemKind.UNREACHABLE),
    ("connection timeout expired", ProblemKind.UNREACHABLE),
    ("terminating connection due to administrator command", ProblemKind.UNREACHABLE),
    ("consuming input failed", ProblemKind.UNREACHABLE),
)


def classify(exc: BaseException) -> EnvironmentProblem | None:
    """Recognise an environment problem in an exception (SQLAlchemy, sqlite3 or OS), else None."""
    if isinstance(exc, EnvironmentProblem):
        return exc
    sqlite = sys.modules.get("sqlite3")  # not imported (start-up): then no sqlite3 error can exist
    if isinstance(exc, OSError) and not (sqlite is not None and isinstance(exc, sqlite.Error)):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return EnvironmentProblem(ProblemKind.DISK_FULL, str(exc))
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return EnvironmentProblem(ProblemKind.READ_ONLY, str(exc))
        return None
    # SQLAlchemy wraps the driver's exception in .orig; walk the chain.
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        text = str(current).lower()
        for pattern, kind in _SQLITE_PATTERNS:
            if pattern in text:
                return EnvironmentProblem(kind, type(current).__name__)
        current = getattr(current, "orig", None) or current.__cause__
    return None
