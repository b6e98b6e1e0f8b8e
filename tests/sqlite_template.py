"""A migrated SQLite template per test run, copied into each test's data folder instead of migrating.

Running every Alembic migration on a new SQLCipher file costs ~0.4 s per test here; copying a
migrated file costs a few milliseconds. The copy is made to look exactly like a fresh start:
- the database file is re-keyed (`PRAGMA rekey`) to a new random data key, so no two tests (nor the
  office and a laptop in one test) share a data key;
- a new key file is written beside it (new key id) whose device slot is sealed with THIS test's
  device secret, made in its config folder on first use exactly as the app does (keyslots.py);
- nothing else: no device.json and no device row, so App.open registers a new device with its
  own code, as on a first start.
Only databases made through the `app` fixture and `fresh_db_url(folder)` (without empty=True) are
copies; tests that open a data folder themselves (first start, plaintext conversion, migrations,
damaged key files: test_encryption.py, test_storage.py, …) still run the real path. On a PostgreSQL
run the server copies its own template (tests/server_db.py) and this module is not used.
"""

from __future__ import annotations

import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from prakerja_desktop import paths
from prakerja_desktop.security import keyslots
from prakerja_desktop.storage import encryption
from prakerja_desktop.storage.database import open_database


@dataclass(frozen=True)
class SqliteTemplate:
    """A migrated, encrypted database file and its data key (the template's key file is not used)."""

    database: Path
    data_key: bytes

    @classmethod
    def build(cls, folder: Path) -> SqliteTemplate:
        """Migrate a new database in FOLDER to head, once (its own config folder for the device secret)."""
        folder.mkdir(parents=True, exist_ok=True)
        database = folder / "data" / paths.DB_FILENAME
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(paths.CONFIG_DIR_ENV, str(folder / "config"))
            open_database(paths.default_db_url(database.parent)).dispose()  # the real first start
            data_key = encryption.data_key(database)
        encryption.forget(database)
        for suffix in encryption.SIDE_FILES:  # the last connection folded the WAL in
            assert not database.with_name(database.name + suffix).exists(), suffix
        assert not encryption.is_plaintext(database)
        return cls(database, data_key)

    def copy_into(self, folder: Path) -> bool:
        """Put a fresh copy (own data key, own key file) into data FOLDER; False if it already has a database.

        The device secret comes from the config folder in force (made there if missing), as on a first start.
        """
        target = folder / paths.DB_FILENAME
        key_path = keyslots.key_file_path(target)
        if target.exists() or key_path.exists():
            return False
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{paths.DB_FILENAME}.template-copy"
        shutil.copyfile(self.database, partial)
        new_key = secrets.token_bytes(keyslots.KEY_BYTES)
        connection = encryption.connect(partial, self.data_key)
        try:
            connection.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
        finally:
            connection.close()
        keys = keyslots.KeyFile(secrets.token_hex(8))
        keys.add_device_slot(new_key)
        keyslots.write_key_file(key_path, keys)
        partial.replace(target)
        return True
