"""What runs at every start before the database opens: private folders, unfinished swaps, leftovers."""

from __future__ import annotations

import logging
from pathlib import Path

from prakerja_desktop import paths, safe_files
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.storage import swap

logger = logging.getLogger(__name__)


def recover(folder: Path, database: Path | None) -> swap.Swap | None:
    """Make the data folders private, finish or undo an interrupted swap, remove orphans (logged).

    Returns a finished restore whose audit event is still due (App.open writes it).
    """
    for private in (folder, paths.logs_dir(folder), paths.backups_dir(folder), paths.config_dir()):
        if private.is_dir():
            safe_files.secure_folder(private)
            safe_files.secure_files(private)
    pending = swap.recover(database) if database is not None and database.parent.is_dir() else None
    others = {folder, paths.backups_dir(folder), paths.config_dir()}
    for other in others - ({database.parent} if database is not None else set()):
        swap.remove_orphans(other)
    return pending


def check_db_url_file(folder: Path) -> None:
    """Refuse database-url.txt (it holds the server password) while other users may read it (POSIX)."""
    path = folder / paths.DB_URL_FILENAME
    try:
        exposed = safe_files.readable_by_others(path)
    except FileNotFoundError:
        return
    if exposed:
        logger.error("%s is readable by other users; refused", path.name)
        raise UserInputError(_("{path} berisi kata sandi server tetapi bisa dibaca pengguna lain di komputer ini. "
                               "Batasi dulu (chmod 600 {path}), lalu buka lagi.").format(path=path))

