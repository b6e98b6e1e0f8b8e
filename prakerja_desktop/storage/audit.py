"""The audit log: append-only, each event chained to the one before by a SHA-256 hash.

Chain version 2 (every event written since issue 16) also hashes the device id; older events keep
their version-1 hash and still verify, but once a version-2 event appears every later one must be
version 2. The head is anchored per device (storage/audit_anchor.py), so a cut tail is detected.
Command-line runs name the OS user instead of "system" (set_unattended_actor).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from prakerja_desktop.storage import audit_anchor
from prakerja_desktop.storage.database import lock_writers
from prakerja_desktop.storage.models import AuditEvent, utcnow

GENESIS = "0" * 64
CHAIN_V2 = "v2"
_unattended_actor: str | None = None
_unattended_events = 0


def set_unattended_actor(actor: str | None) -> None:
    """Events this process writes as "system" name ACTOR instead (e.g. "os:budi" for the command line)."""
    global _unattended_actor, _unattended_events
    _unattended_actor = actor
    _unattended_events = 0


def unattended_events() -> int:
    """How many events this process wrote under the unattended actor (the command line says so)."""
    return _unattended_events


def _event_hash(prev_hash: str, event_uuid: uuid.UUID, at: datetime, actor: str, action: str,
                subject: str | None, details: dict[str, Any]) -> str:
    """The hash of an event's content and its predecessor's hash."""
    canonical = json.dumps(
        [prev_hash, str(event_uuid), at.isoformat(), actor, action, subject, details],
        sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str,
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _event_hash_v2(prev_hash: str, event_uuid: uuid.UUID, at: datetime, device_id: uuid.UUID, actor: str,
                   action: str, subject: str | None, details: dict[str, Any]) -> str:
    """Version 2: the device id is hashed too, so an event cannot be moved to another device."""
    canonical = json.dumps(
        [CHAIN_V2, prev_hash, str(event_uuid), at.isoformat(), str(device_id), actor, action, subject, details],
        sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str,
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def append(session: Session, *, device_id: uuid.UUID, actor: str, action: str,
           subject: str | None = None, details: dict[str, Any] | None = None) -> AuditEvent:
    """Add an event at the end of the chain (inside the caller's transaction). No personal data.

    On PostgreSQL the writer lock is held until the transaction ends (Database.write takes it
    first; taking it again here is free and covers any other writer), so two writers never read
    the same chain head: the chain cannot fork. On SQLite BEGIN IMMEDIATE does the same.
    """
    lock_writers(session)
    last = session.execute(select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    prev_hash = last.hash if last is not None else GENESIS
    event_uuid = uuid.uuid4()
    at = utcnow()
    clean_details = dict(details or {})
    if actor == "system" and _unattended_actor:
        global _unattended_events
        actor = _unattended_actor
        _unattended_events += 1
    event = AuditEvent(
        uuid=event_uuid, device_id=device_id, at=at, actor=actor, action=action, subject=subject,
        details=clean_details, prev_hash=prev_hash,
        hash=_event_hash_v2(prev_hash, event_uuid, at, device_id, actor, action, subject, clean_details),
    )
    session.add(event)
    session.flush()
    # The event before this one, as just read: the anchor needs no second look if it is the checkpoint.
    audit_anchor.advance(session, device_id, event, before=(last.id, last.hash) if last is not None else None)
    return event


@dataclass(frozen=True)
class ChainReport:
    """The result of checking the chain: how many events, and the first broken one if any."""

    checked: int
    first_broken_id: int | None
    head_problem: str = ""  # the anchored head does not hold (a cut tail, a forged checkpoint)

    @property
    def ok(self) -> bool:
        """True when every link and this device's anchored head hold."""
        return self.first_broken_id is None and not self.head_problem


def verify(session: Session, batch: int = 5000, device_id: uuid.UUID | None = None) -> ChainReport:
    """Walk the chain in order and report the first event whose hash or link does not hold.

    With DEVICE_ID, also check that device's anchored head (storage/audit_anchor.py).
    """
    prev_hash = GENESIS
    checked = 0
    last_id = 0
    v2_seen = False
    own_v2 = 0
    while True:
        rows = session.execute(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        ).scalars().all()
        if not rows:
            problem = audit_anchor.check(session, device_id, own_v2) if device_id is not None else ""
            return ChainReport(checked, None, problem)
        for event in rows:
            v2 = _event_hash_v2(prev_hash, event.uuid, event.at, event.device_id, event.actor, event.action,
                                event.subject, event.details)
            if event.hash == v2:
                v2_seen = True
                own_v2 += event.device_id == device_id
                expected = v2
            elif v2_seen:  # no going back to version 1 after version 2
                return ChainReport(checked, event.id)
            else:
                expected = _event_hash(prev_hash, event.uuid, event.at, event.actor, event.action,
                                       event.subject, event.details)
            if event.prev_hash != prev_hash or event.hash != expected:
                return ChainReport(checked, event.id)
            prev_hash = event.hash
            checked += 1
            last_id = event.id
        session.expunge_all()
