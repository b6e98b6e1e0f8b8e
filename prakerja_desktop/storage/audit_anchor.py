"""The audit chain's head, anchored so that deleting events from the end (or all of them) is detected.

The chain alone (storage/audit.py) is plain SHA-256: whoever can write the database can cut its tail
and the rest still links. So each append also writes this device's checkpoint into the settings
table (`audit_head:<device id>`): the id and hash of the newest event, signed with HMAC-SHA256 under
a key that lives only in this machine's config folder (`audit-anchor.key`, made once, 0600), never
in the database or its backups. Verification finds a cut tail (the checkpointed event is gone or
changed), a deleted or forged checkpoint, and a cut that later appends tried to cover (each append
checks the previous checkpoint first and carries a "gap" mark forward, signed).

Limits, said plainly in docs/security.md: the key is on the same machine, so someone holding both
folders and the database key can forge; rolling back database and checkpoint together to an older
state is not detected; on a shared office server each device checks only its own checkpoint.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from prakerja_desktop import paths, settings_registry
from prakerja_desktop.storage.models import AuditEvent

logger = logging.getLogger(__name__)

KEY_FILENAME = "audit-anchor.key"
SETTING_PREFIX = "audit_head:"
_keys: dict[Path, bytes] = {}


def key_path() -> Path:
    """Where this machine's anchor key lives (the config folder, beside the device secret)."""
    return paths.config_dir() / KEY_FILENAME


def anchor_key() -> bytes:
    """This machine's anchor key, made once (created exclusively, never overwritten)."""
    path = key_path()
    cached = _keys.get(path)
    if cached is not None:
        return cached
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        temporary = path.with_name(f".{KEY_FILENAME}.{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, key)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(temporary, path)  # exclusive: a key another process made first wins
        except FileExistsError:
            key = path.read_bytes()
        finally:
            temporary.unlink(missing_ok=True)
    if len(key) != 32:
        raise ValueError("audit anchor key damaged")
    _keys[path] = key
    return key


@dataclass(frozen=True)
class Head:
    """A checkpoint: the newest event this device saw, and whether a gap was ever found."""

    last_id: int
    last_hash: str
    gap: bool = False

    def mac(self, device_id: uuid.UUID) -> str:
        """The HMAC over the checkpoint and the device it belongs to."""
        message = json.dumps([str(device_id), self.last_id, self.last_hash, self.gap], separators=(",", ":"))
        return hmac.new(anchor_key(), message.encode("ascii"), hashlib.sha256).hexdigest()


def read(session: Session, device_id: uuid.UUID) -> tuple[Head | None, bool]:
    """This device's checkpoint and whether its signature holds ((None, True) when there is none)."""
    stored: Any = settings_registry.stored(session, SETTING_PREFIX + str(device_id))
    if not stored:
        return None, True
    try:
        head = Head(int(stored["last_id"]), str(stored["last_hash"]), bool(stored.get("gap", False)))
        return head, hmac.compare_digest(head.mac(device_id), str(stored["mac"]))
    except (KeyError, TypeError, ValueError):
        return None, False


def holds(session: Session, head: Head) -> bool:
    """True when the checkpointed event is still there with the same hash."""
    found = session.execute(select(AuditEvent.hash).where(AuditEvent.id == head.last_id)).scalar_one_or_none()
    return found == head.last_hash


def advance(session: Session, device_id: uuid.UUID, event: AuditEvent,
            before: tuple[int, str] | None = None) -> None:
    """After appending EVENT: check the previous checkpoint, then move it to EVENT (same transaction).

    BEFORE is the (id, hash) of the event EVENT follows, as the append read it in this transaction: a
    checkpoint naming exactly that event holds without reading it again. Without the key (a config
    folder that cannot be written) the event is still written and the missing checkpoint shows at the
    next verification: the audit log never blocks the work.
    """
    try:
        anchor_key()
    except (OSError, ValueError) as exc:
        logger.error("audit anchor key unavailable (%s): checkpoint not moved", type(exc).__name__)
        return
    previous, signed = read(session, device_id)
    gap = previous is not None and (not signed or previous.gap or (
        (previous.last_id, previous.last_hash) != before and not holds(session, previous)))
    if gap and previous is not None and not previous.gap:
        logger.error("audit chain: the events up to the last checkpoint are no longer all there")
    head = Head(event.id, event.hash, gap)
    settings_registry.write(session, SETTING_PREFIX + str(device_id),
                            {"last_id": head.last_id, "last_hash": head.last_hash, "gap": head.gap,
                             "mac": head.mac(device_id)})


def check(session: Session, device_id: uuid.UUID, own_events: int) -> str:
    """"" when this device's checkpoint holds; else why not (for ChainReport.head_problem)."""
    head, signed = read(session, device_id)
    if head is None and signed:
        return "no checkpoint" if own_events else ""
    if head is None or not signed:
        return "checkpoint altered"
    if head.gap:
        return "events were deleted earlier"
    if not holds(session, head):
        return "events deleted from the end"
    return ""
