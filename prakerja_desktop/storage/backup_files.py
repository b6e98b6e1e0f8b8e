"""Backup files on disk: the manifest beside each backup, finding backups, careful writes and deletes."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prakerja_desktop import __version__, safe_files

logger = logging.getLogger(__name__)

PREFIX, SUFFIX, MANIFEST_SUFFIX = "prakerja-backup-", ".sqlite3", ".json"
_NAME = re.compile(r"^prakerja-backup-(\d{8}-\d{6})-([0-9A-Za-z]+)(?:-(\d+))?\.sqlite3$")
CHUNK = 1 << 20


@dataclass(frozen=True)
class BackupInfo:
    """One backup file and what its manifest says (None where there is no manifest)."""

    path: Path
    created_at: datetime  # UTC, without a zone (as stored everywhere)
    device: str
    device_id: str | None = None
    schema: str | None = None
    records: int | None = None
    sha256: str | None = None
    size: int = 0
    encrypted: bool | None = None  # None: no manifest says (a file from an older version, or a bare copy)
    keys: dict[str, Any] | None = None  # the key slots that open it (security/keyslots.py), nothing secret

    @property
    def manifest_path(self) -> Path:
        """Where the manifest of this backup lives."""
        return manifest_path(self.path)


def manifest_path(backup_file: Path) -> Path:
    """The manifest beside a backup file."""
    return backup_file.with_name(backup_file.name + MANIFEST_SUFFIX)


def list_backups(folder: str | Path) -> list[BackupInfo]:
    """Every backup in FOLDER, oldest first (a missing folder has none)."""
    found: list[BackupInfo] = []
    try:
        entries = list(Path(folder).expanduser().iterdir())
    except OSError:
        return []
    for entry in entries:
        info = read_info(entry)
        if info is not None:
            found.append(info)
    return sorted(found, key=lambda info: (info.created_at, info.path.name))


def latest_backup(folder: str | Path, device_id: str | None = None) -> BackupInfo | None:
    """The newest backup in FOLDER (only this device's when device_id is given), or None."""
    backups = [b for b in list_backups(folder) if device_id is None or b.device_id == device_id]
    return backups[-1] if backups else None


def read_info(path: Path) -> BackupInfo | None:
    """What is known about a backup file: its manifest if readable, else its name; None if not a backup."""
    match = _NAME.match(path.name)
    if match is None or not path.is_file():
        return None
    local = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").astimezone()
    info = BackupInfo(path, local.astimezone(UTC).replace(tzinfo=None), match.group(2),
                      size=path.stat().st_size)
    try:
        data = json.loads(manifest_path(path).read_text(encoding="utf-8"))
        return BackupInfo(path, datetime.fromisoformat(data["created_at"]).replace(tzinfo=None),
                          str(data["device"]), data.get("device_id"), data.get("schema"),
                          data.get("records"), data.get("sha256"), int(data.get("size", info.size)),
                          data.get("encrypted"), data.get("keys"))
    except FileNotFoundError:
        return info
    except (OSError, ValueError, KeyError, TypeError):
        logger.warning("backup manifest unreadable: %s", manifest_path(path).name)
        return info


def file_sha256(path: Path) -> tuple[str, int]:
    """The SHA-256 (hex) and size of a file."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def fsync_folder(folder: Path) -> None:
    """Make a rename in FOLDER durable (POSIX; Windows has no directory handles for this)."""
    safe_files.fsync_folder(folder)


def remove_quietly(path: Path) -> None:
    """Delete a temporary file while cleaning up after a failure (which must stay the error shown)."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        logger.warning("could not remove %s: %s", path.name, exc.strerror)


def fsync_file(path: Path) -> None:
    """Flush a file's bytes to the disk."""
    safe_files.fsync_file(path)


def manifest_data(info: BackupInfo) -> dict[str, Any]:
    """The manifest's content: facts to check and sort by, nothing personal."""
    return {"format": 1, "app_version": __version__, "created_at": info.created_at.isoformat(),
            "device": info.device, "device_id": info.device_id, "schema": info.schema,
            "records": info.records, "sha256": info.sha256, "size": info.size,
            "encrypted": bool(info.encrypted), "keys": info.keys}


def write_manifest(info: BackupInfo) -> None:
    """The manifest beside the backup, written atomically."""
    safe_files.write_atomic(info.manifest_path, json.dumps(manifest_data(info), indent=2).encode("utf-8"))
