"""Scratch space for personal rows on their way to a file: memory first, then encrypted in the data folder.

Bytes go to memory up to a limit, then to a file in DATA/scratch encrypted with AES-256-CTR under a
key that exists only in this process's memory: a crash leaves ciphertext nobody can read, and the
folder is wiped when the app opens. On POSIX the file is unlinked as soon as it is created, so a
crash leaves nothing at all. Used by xlsx_out (openpyxl would otherwise use the system temp folder).
"""

from __future__ import annotations

import io
import logging
import os
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

logger = logging.getLogger(__name__)

SCRATCH_DIRNAME = "scratch"
MEMORY_LIMIT = 4 * 1024 * 1024  # per sheet: about 8,000 checked rows; more goes to the encrypted scratch
_CHUNK = 1024 * 1024

_scratch_folder: Path | None = None


def configure(data_folder: Path | None) -> int:
    """Spill into DATA/scratch from now on, and wipe what a killed run left there; returns files removed.

    None (a read-only or full data disk, rescue mode): spills go to the system temp folder, encrypted.
    """
    global _scratch_folder
    if data_folder is None:
        _scratch_folder = None
        return 0
    folder = Path(data_folder) / SCRATCH_DIRNAME
    removed = 0
    if folder.is_dir():
        for entry in folder.iterdir():
            try:
                entry.unlink()
                removed += 1
            except OSError:  # in use by another process on Windows: its owner removes it
                continue
    if removed:
        logger.info("removed %d left-over scratch files", removed)
    _scratch_folder = folder
    return removed


def scratch_folder() -> Path | None:
    """Where spilled sheets go (None: not configured, the system temp folder holds only ciphertext)."""
    return _scratch_folder


class SpillBuffer(io.RawIOBase):
    """A write-then-read-once byte sink: memory up to a limit, then an encrypted scratch file."""

    def __init__(self, limit: int | None = None) -> None:
        super().__init__()
        self._limit = MEMORY_LIMIT if limit is None else limit
        self._memory: io.BytesIO | None = io.BytesIO()
        self._file: IO[bytes] | None = None
        self._path: Path | None = None
        self._key = secrets.token_bytes(32)
        self._nonce = secrets.token_bytes(16)
        self._encryptor: Any = None
        self.size = 0

    @property
    def spilled(self) -> bool:
        """True once the data went to the encrypted scratch file."""
        return self._file is not None

    def writable(self) -> bool:
        """A sink."""
        return True

    def write(self, data: Any) -> int:
        """Append bytes (memory first, then the encrypted file)."""
        chunk = bytes(data)
        self.size += len(chunk)
        if self._memory is not None:
            self._memory.write(chunk)
            if self._memory.tell() > self._limit:
                self._spill()
            return len(chunk)
        assert self._file is not None
        self._file.write(self._encryptor.update(chunk))
        return len(chunk)

    def _spill(self) -> None:
        """Move what is in memory to a new encrypted scratch file."""
        assert self._memory is not None
        folder = _scratch_folder
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            if os.name == "posix":
                os.chmod(folder, 0o700)
        # Only ciphertext is written, so without a data folder the system temp folder is acceptable.
        handle, name = tempfile.mkstemp(prefix="sheet-", suffix=".enc", dir=folder)
        self._path = Path(name)
        self._file = os.fdopen(handle, "w+b")
        if os.name == "posix":  # an unlinked file: a killed process leaves nothing behind
            self._path.unlink()
            self._path = None
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes  # start-up speed

        self._encryptor = Cipher(algorithms.AES(self._key), modes.CTR(self._nonce)).encryptor()
        self._file.write(self._encryptor.update(self._memory.getvalue()))
        self._memory = None

    def chunks(self) -> Iterator[bytes]:
        """Everything written, in order, as plain bytes (for the zip archive)."""
        if self._memory is not None:
            yield self._memory.getvalue()
            return
        assert self._file is not None
        self._file.flush()
        self._file.seek(0)
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        decryptor = Cipher(algorithms.AES(self._key), modes.CTR(self._nonce)).decryptor()
        while block := self._file.read(_CHUNK):
            yield decryptor.update(block)

    def close(self) -> None:
        """Forget the data: drop the memory, close and remove the scratch file."""
        self._memory = None
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._path is not None:
            self._path.unlink(missing_ok=True)
            self._path = None
        super().close()
