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
from prakerja_desktop.security import keyslots
from prakerja_desktop.storage import audit, encryption

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


def set_recovery_passphrase(app: App, passphrase: str, by: StaffSession | None) -> None:
    """Add or change the office recovery passphrase (admin only; None = the command line on this machine).

    Backups made before keep the passphrase they were made with (their manifest holds their slots).
    """
    path, keys, key = _open_keys(app, by)
    keys.set_passphrase(key, passphrase)
    keyslots.write_key_file(keyslots.key_file_path(path), keys)
    _audit(app, by, "key.passphrase_set")


def set_locked_mode(app: App, locked: bool, by: StaffSession | None) -> None:
    """Locked mode: no device slot, so the passphrase is typed at every start (outreach laptops)."""
    path, keys, key = _open_keys(app, by)
    if locked:
        keys.lock()
    else:
        keys.add_device_slot(key)
    keyslots.write_key_file(keyslots.key_file_path(path), keys)
    _audit(app, by, "key.locked_mode_on" if locked else "key.locked_mode_off")


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
