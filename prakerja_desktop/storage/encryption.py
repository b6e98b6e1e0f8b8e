"""The SQLite file encrypted whole with SQLCipher: keyed connections and the data key of each file.

Every connection's first statement is `PRAGMA key = "x'<64 hex>'"` with the raw 256-bit data key, so no
key derivation runs per connection. The data key comes from the key file beside the database
(security/keyslots.py): through this machine's device slot, or once per process from the passphrase
(`unlock`). A plaintext database from an older version is converted on first open (`migrate_plaintext`).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy.engine import make_url

from prakerja_desktop import safe_files
from prakerja_desktop.errors import EnvironmentProblem, ProblemKind, UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.security import keyslots
from prakerja_desktop.security.keyslots import KeyFile

logger = logging.getLogger(__name__)

PLAIN_HEADER = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm", "-journal")
DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher.Error)
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError, sqlcipher.DatabaseError)

_unlocked: dict[Path, bytes] = {}  # data keys opened in this process, by database file
_guard = threading.Lock()
_quiet = False


class NeedsPassphrase(EnvironmentProblem):
    """The data is locked (locked-laptop mode, or another machine): the recovery passphrase opens it."""

    def __init__(self, database: Path) -> None:
        super().__init__(ProblemKind.KEY, "passphrase needed", message=_(
            "Data di komputer ini terkunci. Ketik kata sandi pemulihan kantor untuk membukanya."))
        self.database = database


def database_file(url: str) -> Path | None:
    """The file behind a SQLite URL (None for memory databases and database servers)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database.startswith("file:"):  # a sqlite URI such as file:/path?mode=ro
        database = urlparse(database).path
    if not database or database == ":memory:":
        return None
    return Path(database).expanduser().resolve()


def is_plaintext(path: Path) -> bool:
    """True for an unencrypted SQLite file (its header is readable text)."""
    try:
        with path.open("rb") as handle:
            return handle.read(16) == PLAIN_HEADER
    except OSError:
        return False


def key_pragma(data_key: bytes) -> str:
    """The statement that keys a connection with a raw key (no KDF)."""
    return f"PRAGMA key = \"x'{data_key.hex()}'\""


def connect(path: Path, data_key: bytes | None, *, mode: str = "rw", timeout: float = 15.0,
            **kwargs: Any) -> sqlcipher.Connection:
    """A sqlcipher3 connection to PATH keyed with DATA_KEY (None: a plaintext file), checked readable."""
    quiet_sqlcipher_log()
    uri = path.as_uri() + (f"?mode={mode}" if mode else "")
    connection = sqlcipher.connect(uri, uri=True, timeout=timeout, isolation_level=None, **kwargs)
    try:
        if data_key is not None:
            connection.execute(key_pragma(data_key))
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        connection.close()
        raise
    return connection


def data_key(path: Path) -> bytes:
    """The data key of the database file at PATH (made for a new file; a plaintext file is converted)."""
    path = path.resolve()
    with _guard:
        cached = _unlocked.get(path)
        if cached is not None:
            if is_plaintext(path):  # a plaintext file was put back (restore of an old backup)
                keys = keyslots.read_key_file(keyslots.key_file_path(path))
                if keys is not None:
                    migrate_plaintext(path, keys, cached)
            return cached
        key_path = keyslots.key_file_path(path)
        keys = keyslots.read_key_file(key_path)
        if keys is None:
            if path.exists() and path.stat().st_size > 0 and not is_plaintext(path):
                # Encrypted without its key file, or not a database at all: either way unreadable, and
                # the remedy is the same (a backup carries its key slots in its manifest).
                logger.error("database file unreadable: no key file %s and no plaintext header", key_path.name)
                raise EnvironmentProblem(ProblemKind.CORRUPT, "key file missing")
            keys, key = keyslots.new_key_file()
            if path.exists() and path.stat().st_size > 0:
                migrate_plaintext(path, keys, key)
            elif not _write_new_key_file(key_path, keys):
                return data_key_after_race(path)
        else:
            opened = keys.open_with_device()
            if opened is None:
                raise NeedsPassphrase(path) if keys.has_passphrase else _foreign_problem()
            key = opened
            if is_plaintext(path):  # a conversion stopped half-way, or an old backup restored
                migrate_plaintext(path, keys, key)
        _unlocked[path] = key
        return key


def data_key_after_race(path: Path) -> bytes:
    """Another window made the key file first: use theirs."""
    keys = keyslots.read_key_file(keyslots.key_file_path(path))
    key = keys.open_with_device() if keys is not None else None
    if key is None:
        raise NeedsPassphrase(path) if keys is not None and keys.has_passphrase else _foreign_problem()
    _unlocked[path] = key
    return key


def _foreign_problem() -> EnvironmentProblem:
    """A data folder copied from another machine that has no recovery passphrase: it cannot be opened here."""
    logger.error("the device slot was made on another machine and there is no passphrase slot")
    return EnvironmentProblem(ProblemKind.KEY, "device slot of another machine", message=_(
        "Data ini dikunci untuk komputer lain dan belum punya kata sandi pemulihan, jadi tidak bisa dibuka di "
        "sini. Buka di komputer asalnya, lalu buat cadangan dengan kata sandi pemulihan."))


def unlock(path: Path, passphrase: str) -> None:
    """Open the data key with the recovery passphrase for this process (wrong one: UserInputError)."""
    path = path.resolve()
    key_path = keyslots.key_file_path(path)
    keys = keyslots.read_key_file(key_path)
    if keys is None:
        raise UserInputError(_("Berkas kunci data tidak ditemukan."))
    key = keys.open_with_passphrase(passphrase)
    if not keys.locked and keys.open_with_device() is None:
        keys.add_device_slot(key)  # a data folder moved to this machine: start unattended from now on
        keyslots.write_key_file(key_path, keys)
        logger.info("device slot added for this machine after a passphrase unlock")
    with _guard:
        _unlocked[path] = key


def remember(path: Path, key: bytes) -> None:
    """Keep a data key opened elsewhere (a restore) for this process."""
    with _guard:
        _unlocked[path.resolve()] = key


def forget(path: Path) -> None:
    """Drop the cached key of PATH (its file was replaced)."""
    with _guard:
        _unlocked.pop(path.resolve(), None)


def cached_key(path: Path) -> bytes | None:
    """The key of PATH if this process has it open, else what the device slot gives (no prompts, no new keys)."""
    path = path.resolve()
    with _guard:
        if path in _unlocked:
            return _unlocked[path]
    try:
        keys = keyslots.read_key_file(keyslots.key_file_path(path))
        return keys.open_with_device() if keys is not None else None
    except EnvironmentProblem:
        return None


def key_file(path: Path) -> KeyFile | None:
    """The key file of a database file (None if it has none)."""
    return keyslots.read_key_file(keyslots.key_file_path(path.resolve()))


def migrate_plaintext(path: Path, keys: KeyFile, key: bytes) -> None:
    """Convert a plaintext database to an encrypted one: export, verify, swap atomically, wipe the old file."""
    logger.info("encrypting the database file (first start with encryption)")
    encrypted = path.with_name(f".{path.name}.encrypting")
    for name in (encrypted, *(encrypted.with_name(encrypted.name + s) for s in SIDE_FILES)):
        name.unlink(missing_ok=True)
    plain = connect(path, None, timeout=2)
    try:
        mode = plain.execute("PRAGMA journal_mode = DELETE").fetchone()[0]  # folds the -wal in
        if str(mode).lower() != "delete":
            raise EnvironmentProblem(ProblemKind.LOCKED, "plaintext database in use")
        counts = table_counts(plain)
        user_version = plain.execute("PRAGMA user_version").fetchone()[0]
        plain.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(encrypted), f"x'{key.hex()}'"))
        plain.execute("SELECT sqlcipher_export('encrypted')")
        plain.execute(f"PRAGMA encrypted.user_version = {int(user_version)}")
        plain.execute("DETACH DATABASE encrypted")
    finally:
        plain.close()
    check = connect(encrypted, key)
    try:
        problems = [row[0] for row in check.execute("PRAGMA integrity_check")]
        if problems != ["ok"] or table_counts(check) != counts:
            raise EnvironmentProblem(ProblemKind.CORRUPT, "encrypted copy differs")
    finally:
        check.close()
    _fsync(encrypted)
    keyslots.write_key_file(keyslots.key_file_path(path), keys)
    second_name = path.with_name(f".{path.name}.plaintext")
    second_name.unlink(missing_ok=True)
    wiped: Path | None = second_name
    try:
        os.link(path, second_name)  # a second name, so the old bytes can be zeroed after the swap
    except OSError:
        wiped = None
    os.replace(encrypted, path)
    for suffix in SIDE_FILES:
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    if wiped is not None:
        _overwrite_and_delete(wiped)
    logger.info("database file encrypted (%d tables)", len(counts))


def _write_new_key_file(key_path: Path, keys: KeyFile) -> bool:
    """Write a first key file unless another window just did (False then)."""
    return safe_files.create_exclusive(key_path, keyslots.key_file_bytes(keys))


def table_counts(connection: sqlcipher.Connection) -> dict[str, int]:
    """Rows per ordinary table (the check that an export copied everything)."""
    names = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
        "AND name NOT LIKE 'sqlite_%'")]
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _overwrite_and_delete(path: Path) -> None:
    """Best effort against undelete tools: zero the old plaintext before removing it (not on SSD wear-levelling)."""
    try:
        size = path.stat().st_size
        with path.open("r+b") as handle:
            block = b"\0" * (1 << 20)
            for _start in range(0, size, len(block)):
                handle.write(block)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        logger.warning("could not overwrite the old plaintext file: %s", exc.strerror)
    path.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def quiet_sqlcipher_log() -> None:
    """SQLCipher writes decryption failures to stderr; we report them in plain words instead."""
    global _quiet
    if _quiet:
        return
    connection = sqlcipher.connect(":memory:")
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
    finally:
        connection.close()
    _quiet = True


def open_file(path: Path, *, mode: str = "rw", **kwargs: Any) -> sqlcipher.Connection:
    """A raw connection to a database file of ours, keyed when it is encrypted (tools and tests)."""
    key = None if is_plaintext(path) else data_key(path)
    return connect(path, key, mode=mode, **kwargs)
