"""This machine's device secret: 32 random bytes outside the data folder that unwrap the device key slot.

It lives in the user's configuration folder (not the data folder, so a copied data folder or a backup
on a USB stick cannot be opened with it), created once, complete or not at all, with mode 0600 and never
overwritten (safe_files.create_exclusive). A secret file of the wrong size (a crash of an older version
while writing it) cannot have wrapped any key slot: it is set aside as device-secret.bin.broken-<time>
and a new secret is made, so the data folders with a passphrase open with it. On Windows it is also sealed
with DPAPI (CryptProtectData) so that a copy of the file is useless under another Windows account or
on another machine. It does not protect a stolen, powered-off disk that holds both: docs/security.md.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import sys
from datetime import datetime
from pathlib import Path

from prakerja_desktop import paths, safe_files
from prakerja_desktop.errors import EnvironmentProblem, ProblemKind
from prakerja_desktop.i18n import _

logger = logging.getLogger(__name__)

SECRET_FILENAME = "device-secret.bin"
SECRET_BYTES = 32


def secret_path() -> Path:
    """Where this machine keeps its device secret."""
    return paths.config_dir() / SECRET_FILENAME


def secret_id(secret: bytes) -> str:
    """A short public id of a secret (to tell "made on another machine" from "damaged")."""
    return hashlib.sha256(b"prakerja-device-secret-id:" + secret).hexdigest()[:16]


def load(create: bool = False) -> bytes | None:
    """This machine's device secret (made on first use when CREATE), or None if there is none."""
    path = secret_path()
    try:
        stored = path.read_bytes()
    except FileNotFoundError:
        if not create:
            return None
        return _create(path)
    except OSError as exc:
        raise _problem(path) from exc
    if not stored.startswith(_DPAPI_MAGIC) and len(stored) != SECRET_BYTES:
        _set_aside(path, len(stored))  # half-written by a crash: no key slot was ever made with it
        return _create(path) if create else None
    secret = _unprotect(stored)
    if secret is None or len(secret) != SECRET_BYTES:
        logger.error("device secret file unreadable (%d bytes)", len(stored))
        raise _problem(path)
    return secret


def _set_aside(path: Path, size: int) -> None:
    """Keep a half-written secret under another name (for support), so a new one can be made."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    logger.error("device secret file has %d bytes instead of %d (left by a crash while it was written); kept "
                 "as %s.broken-%s and a new secret is made", size, SECRET_BYTES, path.name, stamp)
    try:
        safe_files.replace(path, path.with_name(f"{path.name}.broken-{stamp}"))
    except FileNotFoundError:
        pass  # another window did it first


def _create(path: Path) -> bytes:
    """Write a new secret with mode 0600, never over an existing one (two windows may race here)."""
    safe_files.secure_folder(path.parent)
    secret = secrets.token_bytes(SECRET_BYTES)
    if not safe_files.create_exclusive(path, _protect(secret)):
        theirs = load(create=False)  # the other window won: use its secret
        if theirs is None:
            raise _problem(path)
        return theirs
    logger.info("device secret created (id %s)", secret_id(secret))
    return secret


def _problem(path: Path) -> EnvironmentProblem:
    """A damaged or unreadable secret file, in plain words."""
    return EnvironmentProblem(ProblemKind.KEY, "device secret unreadable", message=_(
        "Kunci komputer ini ({path}) rusak atau tidak bisa dibaca. Data tidak diubah. Buka data dengan "
        "kata sandi pemulihan kantor.").format(path=path))


# --- Windows DPAPI (binds the secret to this Windows account on this machine) ----------------------

_DPAPI_MAGIC = b"PKJDPAPI1"


def _protect(secret: bytes) -> bytes:
    """The secret as stored: DPAPI-sealed on Windows, raw elsewhere (the file mode protects it)."""
    if sys.platform != "win32":
        return secret
    return _DPAPI_MAGIC + _dpapi(secret, protect=True)


def _unprotect(stored: bytes) -> bytes | None:
    """The secret from its stored form (None if a DPAPI blob cannot be opened here)."""
    if not stored.startswith(_DPAPI_MAGIC):
        return stored
    if sys.platform != "win32":
        return None
    try:
        return _dpapi(stored[len(_DPAPI_MAGIC):], protect=False)
    except OSError:
        return None


def _dpapi(data: bytes, *, protect: bool) -> bytes:  # pragma: no cover - Windows only
    """CryptProtectData / CryptUnprotectData through ctypes (no extra dependency)."""
    if sys.platform != "win32":  # also tells the type checker that ctypes.windll exists below
        raise OSError("DPAPI exists only on Windows")
    import ctypes
    from ctypes import wintypes

    class Blob(ctypes.Structure):
        _fields_ = [("cbData", wintypes.DWORD), ("pbData", ctypes.POINTER(ctypes.c_char))]

    buffer = ctypes.create_string_buffer(data, len(data))
    blob_in = Blob(len(data), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char)))
    blob_out = Blob()
    crypt32 = ctypes.windll.crypt32
    function = crypt32.CryptProtectData if protect else crypt32.CryptUnprotectData
    ui_forbidden = 0x1
    if not function(ctypes.byref(blob_in), None, None, None, None, ui_forbidden, ctypes.byref(blob_out)):
        raise OSError("DPAPI call failed")
    try:
        return ctypes.string_at(blob_out.pbData, blob_out.cbData)
    finally:
        ctypes.windll.kernel32.LocalFree(blob_out.pbData)
