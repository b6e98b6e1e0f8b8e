"""Ways to damage files on purpose, for the backup, restore and start-up check tests."""

from __future__ import annotations

import random
from pathlib import Path

from prakerja_desktop.app import App
from tests.factories import make_draft


def filled_database(data_dir: Path, records: int = 40) -> list[str]:
    """A closed database with some records (its -wal folded in); returns their receipt numbers."""
    app = App.open(data_dir)
    try:
        return [app.records.submit(make_draft(serial=serial)).receipt_number for serial in range(1, records + 1)]
    finally:
        app.close()


def scramble(path: Path, start: float = 0.3, end: float = 0.7, seed: int = 7) -> None:
    """Overwrite the middle of a file with random bytes (a SQLite header and schema stay readable)."""
    data = bytearray(path.read_bytes())
    first, last = int(len(data) * start), int(len(data) * end)
    noise = random.Random(seed)
    data[first:last] = bytes(noise.getrandbits(8) for _ in range(last - first))
    path.write_bytes(bytes(data))


def flip_byte(path: Path, offset_fraction: float = 0.5) -> None:
    """Invert one byte in the middle of a file (what a failing USB stick does)."""
    data = bytearray(path.read_bytes())
    index = int(len(data) * offset_fraction)
    data[index] ^= 0xFF
    path.write_bytes(bytes(data))


def open_ours(path: Path, key_of: Path | None = None):  # type: ignore[no-untyped-def]
    """A raw connection to a database or backup file of ours, with the key this machine can open.

    The key comes from the backup's manifest, else the key file beside PATH, else that of KEY_OF
    (the database it was copied from); a plaintext file opens without one.
    """
    from prakerja_desktop.security import keyslots
    from prakerja_desktop.storage import encryption
    from prakerja_desktop.storage.backup_files import read_info

    if encryption.is_plaintext(path):
        return encryption.connect(path, None)
    info = read_info(path)
    candidates = []
    if info is not None and info.keys is not None:
        candidates.append(keyslots.KeyFile.from_json(info.keys))
    for source in (path, key_of):
        if source is not None:
            keys = keyslots.read_key_file(keyslots.key_file_path(source))
            if keys is not None:
                candidates.append(keys)
    for keys in candidates:
        key = keys.open_with_device()
        if key is not None:
            return encryption.connect(path, key)
    raise AssertionError(f"no key on this machine opens {path.name}")
