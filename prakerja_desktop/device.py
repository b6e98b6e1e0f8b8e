"""This machine's identity: a UUID and a short code, kept in the data folder."""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from prakerja_desktop import safe_files
from prakerja_desktop.domain.codes import random_code

logger = logging.getLogger(__name__)

DEVICE_FILENAME = "device.json"
DEVICE_CODE_LENGTH = 5


@dataclass(frozen=True)
class DeviceIdentity:
    """Who wrote a row: a UUID for merging, a short code for receipt numbers."""

    id: uuid.UUID
    code: str


def load_or_create(data_folder: Path) -> DeviceIdentity:
    """Read device.json, or create it on the first start (atomically, so a crash cannot half-write it)."""
    path = data_folder / DEVICE_FILENAME
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return DeviceIdentity(uuid.UUID(data["id"]), str(data["code"]))
        except (ValueError, KeyError, TypeError):
            logger.error("device.json is unreadable; keeping it aside and making a new identity")
            path.replace(path.with_suffix(".broken"))
    identity = DeviceIdentity(uuid.uuid4(), random_code(DEVICE_CODE_LENGTH))
    save(data_folder, identity)
    return identity


def save(data_folder: Path, identity: DeviceIdentity) -> None:
    """Write device.json atomically."""
    safe_files.secure_folder(data_folder)
    safe_files.write_atomic(data_folder / DEVICE_FILENAME,
                            json.dumps({"id": str(identity.id), "code": identity.code}).encode("utf-8"))
