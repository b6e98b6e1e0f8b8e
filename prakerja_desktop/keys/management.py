"""Key use cases for admins: the office recovery passphrase, locked-laptop mode, unlocking at start.

The key file itself is security/keyslots.py; the SQLCipher side is storage/encryption.py. Every change
is audited (no secret in the entry). Why the design: docs/security.md.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from prakerja_desktop import paths
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.keys import rotation
from prakerja_desktop.security import keyslots
from prakerja_desktop.storage import audit, encryption
from prakerja_desktop.storage.backup_files import BackupInfo

if TYPE_CHECKING:
    from prakerja_desktop.app import App
    from prakerja_desktop.staff.session import StaffSession

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeyStatus:
    """What the settings screen shows about the database key."""

    encrypted: bool  # False on a database server (its own protection applies)
    has_passphrase: bool
    locked: bool


def database_path(app: App) -> Path | None:
    """The encrypted SQLite file of these app (None on a server)."""
    return encryption.database_file(app.db.url)


def status(app: App) -> KeyStatus:
    """Whether the data is encrypted, has a recovery passphrase, and is in locked mode."""
    path = database_path(app)
    keys = encryption.key_file(path) if path is not None else None
    if keys is None:
        return KeyStatus(False, False, False)
    return KeyStatus(True, keys.has_passphrase, keys.locked)


def set_recovery_passphrase(app: App, passphrase: str, by: StaffSession | None,
                            progress: rotation.Progress | None = None) -> None:
    """Add or change the office recovery passphrase (admin only; None = the command line on this machine).

    The database is re-keyed: backups made before keep the passphrase and key they were made with and
    open only themselves, never the live file.
    """
    keyslots.check_passphrase(passphrase)
    path, keys, key = _open_keys(app, by)
    rotation.rotate(app, path, keys, key, passphrase=passphrase, locked=keys.locked, progress=progress)
    _audit(app, by, "key.passphrase_set")


def set_locked_mode(app: App, locked: bool, by: StaffSession | None, passphrase: str | None = None,
                    progress: rotation.Progress | None = None) -> None:
    """Locked mode: no device slot, so the passphrase is typed at every start (outreach laptops).

    Locking needs the recovery passphrase (typed again, so nobody locks a laptop with a forgotten one):
    the database is re-keyed, and aside copies are re-wrapped for the passphrase only.
    """
    path, keys, key = _open_keys(app, by)
    if locked:
        if not keys.has_passphrase:
            raise UserInputError(_("Buat kata sandi pemulihan dulu, baru data bisa dikunci."))
        if not passphrase:
            raise UserInputError(_("Ketik kata sandi pemulihan kantor untuk mengunci laptop ini."))
        if keys.open_with_passphrase(passphrase) != key:  # a wrong one: UserInputError
            raise keyslots.damaged_key_file_problem("passphrase slot")
        rotation.rotate(app, path, keys, key, passphrase=passphrase, locked=True, progress=progress)
    else:
        keys.add_device_slot(key)
        keyslots.write_key_file(keyslots.key_file_path(path), keys)
    _audit(app, by, "key.locked_mode_on" if locked else "key.locked_mode_off")


def rotate_key(app: App, by: StaffSession | None, passphrase: str | None = None,
               progress: rotation.Progress | None = None) -> rotation.Rotation:
    """A new data key (`main.py keys rotate`); with a passphrase slot the passphrase must be typed."""
    path, keys, key = _open_keys(app, by)
    if keys.has_passphrase:
        if not passphrase:
            raise UserInputError(_("Ketik kata sandi pemulihan kantor untuk mengganti kunci data."))
        if keys.open_with_passphrase(passphrase) != key:
            raise keyslots.damaged_key_file_problem("passphrase slot")
    result = rotation.rotate(app, path, keys, key, passphrase=passphrase if keys.has_passphrase else None,
                             locked=keys.locked, progress=progress)
    _audit(app, by, "key.rotated")
    return result


def backups_opening_with_device(app: App) -> list[BackupInfo]:
    """Backups in the backup folders that this machine's device secret still opens (offered at lock)."""
    folders = [paths.backups_dir(app.data_dir)]
    configured = app.settings.get("backup_folder")
    if configured and Path(configured).expanduser() not in folders:
        folders.append(Path(configured).expanduser())
    return rotation.device_backups(folders)


def lock_backups(app: App, backups: list[BackupInfo], passphrase: str, by: StaffSession | None) -> int:
    """Re-wrap these backups for the passphrase only (admin; the passphrase is checked first)."""
    path, keys, key = _open_keys(app, by)
    if keys.open_with_passphrase(passphrase) != key:
        raise keyslots.damaged_key_file_problem("passphrase slot")
    done = rotation.lock_backups(backups, passphrase)
    with app.db.write() as session:
        audit.append(session, device_id=app.device.id, actor=str(by.uuid) if by else "system",
                     action="key.backups_locked", details={"backups": done})
    return done


def unlock(passphrase: str, data_dir: str | Path | None = None, db_url: str | None = None) -> None:
    """Open a locked database with the recovery passphrase for this process (before App.open)."""
    path = encryption.database_file(paths.db_url(paths.data_dir(data_dir), db_url))
    if path is None:
        return
    encryption.unlock(path, passphrase)
    logger.info("database unlocked with the recovery passphrase")


def _open_keys(app: App, by: StaffSession | None) -> tuple[Path, keyslots.KeyFile, bytes]:
    """The key file and data key of the open database, for an admin."""
    if by is not None and not by.is_admin:
        raise UserInputError(_("Hanya admin yang boleh mengubah kunci data."))
    path = database_path(app)
    keys = encryption.key_file(path) if path is not None else None
    if path is None or keys is None:
        raise UserInputError(_("Data ini disimpan di server kantor; kuncinya diatur di server itu."))
    return path, keys, encryption.data_key(path)


def _audit(app: App, by: StaffSession | None, action: str) -> None:
    with app.db.write() as session:
        audit.append(session, device_id=app.device.id, actor=str(by.uuid) if by else "system",
                     action=action)
