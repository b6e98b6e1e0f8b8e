"""Fakes of the Windows APIs our Windows-only code calls through ctypes (crypt32's DPAPI, kernel32).

They sit exactly where Windows would: `ctypes.windll.crypt32.CryptProtectData(...)` gets the same
byref'd DATA_BLOB structures and flags, hands out buffers that must be released with
`ctypes.windll.kernel32.LocalFree`, and fails (returns 0) for a blob sealed under another account or
machine, as DPAPI does. Our code above them runs unchanged, so a typo in a structure, an argument or
the free is caught here, not first on an office PC.
"""

from __future__ import annotations

import ctypes
import hashlib
import hmac
from types import SimpleNamespace
from typing import Any

CRYPTPROTECT_UI_FORBIDDEN = 0x1
_MAGIC = b"FAKE-DPAPI"


class FakeDpapi:
    """DPAPI of one Windows account on one machine (the account's key seals and opens)."""

    def __init__(self, account: str) -> None:
        self._key = hashlib.sha256(b"fake dpapi master key:" + account.encode()).digest()
        self.handed_out: dict[int, ctypes.Array[ctypes.c_char]] = {}  # buffers not yet LocalFree'd
        self.calls: list[str] = []
        self.crypt32 = SimpleNamespace(CryptProtectData=self._protect, CryptUnprotectData=self._unprotect)
        self.kernel32 = SimpleNamespace(LocalFree=self._local_free)

    def _stream(self, nonce: bytes, size: int) -> bytes:
        out = b""
        counter = 0
        while len(out) < size:
            out += hashlib.sha256(self._key + nonce + counter.to_bytes(4, "big")).digest()
            counter += 1
        return out[:size]

    @staticmethod
    def _read(blob_ref: Any) -> bytes:
        blob = blob_ref._obj  # ctypes.byref(...) passes the structure inside a CArgObject
        return ctypes.string_at(blob.pbData, blob.cbData)

    def _give(self, blob_ref: Any, data: bytes) -> None:
        buffer = ctypes.create_string_buffer(data, len(data))
        self.handed_out[ctypes.addressof(buffer)] = buffer
        blob = blob_ref._obj
        blob.pbData = ctypes.cast(buffer, type(blob.pbData))
        blob.cbData = len(data)

    def _check(self, args: tuple[Any, ...]) -> None:
        blob_in, description, entropy, reserved, prompt, flags, blob_out = args
        assert reserved is None and prompt is None, "pvReserved and pPromptStruct must be NULL"
        assert flags & CRYPTPROTECT_UI_FORBIDDEN, "an unattended kiosk must never get a DPAPI dialog"
        assert type(blob_in).__name__ == "CArgObject" and type(blob_out).__name__ == "CArgObject"

    def _protect(self, *args: Any) -> int:
        self._check(args)
        self.calls.append("CryptProtectData")
        data = self._read(args[0])
        nonce = hashlib.sha256(data + len(self.handed_out).to_bytes(4, "big")).digest()[:16]
        body = bytes(a ^ b for a, b in zip(data, self._stream(nonce, len(data)), strict=True))
        tag = hmac.new(self._key, nonce + body, hashlib.sha256).digest()[:16]
        self._give(args[6], _MAGIC + nonce + tag + body)
        return 1

    def _unprotect(self, *args: Any) -> int:
        self._check(args)
        self.calls.append("CryptUnprotectData")
        sealed = self._read(args[0])
        if not sealed.startswith(_MAGIC):
            return 0
        nonce, tag, body = sealed[10:26], sealed[26:42], sealed[42:]
        if not hmac.compare_digest(tag, hmac.new(self._key, nonce + body, hashlib.sha256).digest()[:16]):
            return 0  # another account or another machine: ERROR_INVALID_DATA / NTE_BAD_KEY_STATE
        self._give(args[6], bytes(a ^ b for a, b in zip(body, self._stream(nonce, len(body)), strict=True)))
        return 1

    def _local_free(self, pointer: Any) -> None:
        address = ctypes.cast(pointer, ctypes.c_void_p).value
        assert address in self.handed_out, "LocalFree of a pointer DPAPI did not hand out"
        del self.handed_out[address]

    @property
    def windll(self) -> SimpleNamespace:
        """What `ctypes.windll` is on this fake Windows."""
        return SimpleNamespace(crypt32=self.crypt32, kernel32=self.kernel32)
