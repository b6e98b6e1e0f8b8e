"""The keys room: the database key's recovery passphrase and locked mode."""

from __future__ import annotations

from prakerja_desktop.keys import management
from prakerja_desktop.keys.management import KeyStatus
from prakerja_desktop.room import Room, use_case
from prakerja_desktop.security.keyslots import MIN_PASSPHRASE_LENGTH, check_passphrase

__all__ = ["MIN_PASSPHRASE_LENGTH", "KeyStatus", "Keys", "check_passphrase"]


class Keys(Room):
    """The encrypted SQLite file's key slots (nothing to do on an office server)."""

    status = use_case(management.status)
    set_recovery_passphrase = use_case(management.set_recovery_passphrase)
    set_locked_mode = use_case(management.set_locked_mode)
    rotate = use_case(management.rotate_key)
    backups_opening_with_device = use_case(management.backups_opening_with_device)
    lock_backups = use_case(management.lock_backups)

    @property
    def encrypted_file(self) -> bool:
        """True when the data is an encrypted file on this PC (False on an office server)."""
        return management.database_path(self.app) is not None
