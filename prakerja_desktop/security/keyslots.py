"""The database key file: one random 256-bit data key, wrapped in "key slots".

`<database>.keys` (JSON, beside the database) holds no secret in the clear. Each slot is the data key
sealed with AES-256-GCM under another key:
- "device": this machine's device secret (security/device_secret.py) - unattended start (kiosk, office PC);
- "passphrase": a key stretched from the office recovery passphrase with Argon2id - restoring a backup
  on another machine, and every start in "locked" mode (the device slot is then not kept).
The same slots travel in each backup's manifest, so a backup opens with the passphrase anywhere.
Why this design: docs/security.md.
"""

from __future__ import annotations

import base64
import json
import logging
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from prakerja_desktop import safe_files
from prakerja_desktop.errors import EnvironmentProblem, ProblemKind, UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.security import device_secret, passphrase_strength

logger = logging.getLogger(__name__)

FORMAT = 1
KEY_BYTES = 32
MIN_PASSPHRASE_LENGTH = 10
# Argon2id, RFC 9106 "second recommended" profile scaled to old office laptops (~0.3-0.5 s, 64 MiB).
# No setting or environment switch weakens it; only the test suite swaps it (tests/cheap_argon2.py).
ARGON2 = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 2}


@dataclass
class KeyFile:
    """The key slots of one database (or of one backup, inside its manifest)."""

    key_id: str
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)
    locked: bool = False  # "locked laptop" mode: no device slot, the passphrase at every start

    def to_json(self) -> dict[str, Any]:
        """The form written to disk (nothing secret in the clear)."""
        return {"format": FORMAT, "cipher": "sqlcipher4-raw-key", "key_id": self.key_id,
                "locked": self.locked, "slots": self.slots}

    @classmethod
    def from_json(cls, data: Any) -> KeyFile:
        """Read the on-disk form; anything unexpected raises ValueError."""
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("slots"), dict):
            raise ValueError("not a key file")
        return cls(str(data["key_id"]), dict(data["slots"]), bool(data.get("locked", False)))

    @property
    def has_passphrase(self) -> bool:
        """True when the office recovery passphrase can open this key."""
        return "passphrase" in self.slots

    # --- opening ------------------------------------------------------------------------------

    def open_with_device(self) -> bytes | None:
        """The data key through this machine's device slot, or None (no slot, or made elsewhere)."""
        slot = self.slots.get("device")
        if slot is None:
            return None
        if not isinstance(slot, dict) or not isinstance(slot.get("secret_id"), str):
            raise damaged_key_file_problem("device slot")
        secret = device_secret.load(create=False)
        if secret is None or slot["secret_id"] != device_secret.secret_id(secret):
            return None  # made on another machine (a copied data folder)
        try:
            return _unwrap(secret, slot, self._aad("device"))
        except (InvalidTag, KeyError, ValueError) as exc:
            raise damaged_key_file_problem("device slot") from exc

    def open_with_passphrase(self, passphrase: str) -> bytes:
        """The data key through the passphrase slot; a wrong passphrase raises UserInputError."""
        slot = self.slots.get("passphrase")
        if slot is None:
            raise UserInputError(_("Kata sandi pemulihan belum pernah dibuat untuk data ini."))
        try:
            kek = _stretch(passphrase, _b64(slot["salt"]), slot["argon2"])
            return _unwrap(kek, slot, self._aad("passphrase"))
        except InvalidTag:
            raise UserInputError(_("Kata sandi pemulihan salah. Periksa huruf besar-kecil, lalu coba lagi.")) from None
        except (KeyError, ValueError, TypeError) as exc:
            raise damaged_key_file_problem("passphrase slot") from exc

    # --- changing -----------------------------------------------------------------------------

    def add_device_slot(self, data_key: bytes) -> None:
        """Let this machine open the data key unattended (makes the device secret if needed)."""
        secret = device_secret.load(create=True)
        assert secret is not None
        slot = _wrap(secret, data_key, self._aad("device"))
        slot["secret_id"] = device_secret.secret_id(secret)
        self.slots["device"] = slot
        self.locked = False

    def set_passphrase(self, data_key: bytes, passphrase: str) -> None:
        """Add or replace the passphrase slot."""
        check_passphrase(passphrase)
        salt = secrets.token_bytes(16)
        slot = _wrap(_stretch(passphrase, salt, ARGON2), data_key, self._aad("passphrase"))
        slot.update({"kdf": "argon2id", "salt": _text(salt), "argon2": dict(ARGON2)})
        self.slots["passphrase"] = slot

    def lock(self) -> None:
        """Locked mode: drop the device slot (only allowed when a passphrase slot exists)."""
        if not self.has_passphrase:
            raise UserInputError(_("Buat kata sandi pemulihan dulu, baru data bisa dikunci."))
        self.slots.pop("device", None)
        self.locked = True

    def _aad(self, kind: str) -> bytes:
        """Binds a wrapped key to its slot kind and key id (a slot cannot be moved to another file)."""
        return f"prakerja-key-slot:{kind}:{self.key_id}".encode()


def new_key_file() -> tuple[KeyFile, bytes]:
    """A fresh data key and its key file with a device slot."""
    data_key = secrets.token_bytes(KEY_BYTES)
    keys = KeyFile(secrets.token_hex(8))
    keys.add_device_slot(data_key)
    return keys, data_key


def check_passphrase(passphrase: str) -> None:
    """A recovery passphrase must be long enough to resist guessing on a stolen backup."""
    if len(passphrase.strip()) < MIN_PASSPHRASE_LENGTH:
        raise UserInputError(_("Kata sandi pemulihan minimal {n} karakter; beberapa kata lebih mudah diingat.")
                             .format(n=MIN_PASSPHRASE_LENGTH))
    if weak := passphrase_strength.problem(passphrase):  # "1234567890" is long enough but not strong
        raise UserInputError(weak)


def key_file_path(database: Path) -> Path:
    """The key file beside a database file."""
    return database.with_name(database.name + ".keys")


def read_key_file(path: Path) -> KeyFile | None:
    """The key file at PATH, None if there is none; a damaged one raises EnvironmentProblem(KEY)."""
    try:
        return KeyFile.from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.error("key file %s unreadable: %s", path.name, type(exc).__name__)
        raise damaged_key_file_problem(path.name) from exc


def write_key_file(path: Path, keys: KeyFile) -> None:
    """Write the key file atomically (a crash leaves the old or the new one, never half)."""
    safe_files.write_atomic(path, key_file_bytes(keys))


def key_file_bytes(keys: KeyFile) -> bytes:
    """The key file as written to disk."""
    return json.dumps(keys.to_json(), indent=2).encode("utf-8")


def damaged_key_file_problem(detail: str) -> EnvironmentProblem:
    """The key file is damaged: nothing can be read until a good one (or a backup) is back."""
    return EnvironmentProblem(ProblemKind.KEY, detail, message=_(
        "Berkas kunci data rusak, jadi data tidak bisa dibuka. Data tidak diubah. Minta petugas memulihkan "
        "cadangan terakhir dengan kata sandi pemulihan kantor."))


def _stretch(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    """A 256-bit key from the passphrase (Argon2id: slow and memory-hard against guessing)."""
    return hash_secret_raw(passphrase.strip().encode("utf-8"), salt, hash_len=KEY_BYTES, type=Type.ID,
                           time_cost=int(params["time_cost"]), memory_cost=int(params["memory_cost"]),
                           parallelism=int(params["parallelism"]))


def _wrap(kek: bytes, data_key: bytes, aad: bytes) -> dict[str, Any]:
    """Seal the data key with AES-256-GCM under KEK."""
    nonce = secrets.token_bytes(12)
    return {"nonce": _text(nonce), "wrapped": _text(AESGCM(kek).encrypt(nonce, data_key, aad))}


def _unwrap(kek: bytes, slot: dict[str, Any], aad: bytes) -> bytes:
    """Open a sealed data key (InvalidTag if KEK is wrong or the slot was altered)."""
    data_key = AESGCM(kek).decrypt(_b64(slot["nonce"]), _b64(slot["wrapped"]), aad)
    if len(data_key) != KEY_BYTES:
        raise ValueError("wrong key length")
    return data_key


def _text(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _b64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
