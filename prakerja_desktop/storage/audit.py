"""The audit log: append-only, each event chained to the one before by a SHA-256 hash."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from prakerja_desktop.storage.database import lock_writers
from prakerja_desktop.storage.models import AuditEvent, utcnow

GENESIS = "0" * 64


def _event_hash(prev_hash: str, event_uuid: uuid.UUID, at: datetime, actor: str, action: str,
                subject: str | None, details: dict[str, Any]) -> str:
    """The hash of an event's content and its predecessor's hash."""
    canonical = json.dumps(
        [prev_hash, str(event_uuid), at.isoformat(), actor, action, subject, details],
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
    last = session.execute(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).scalar()
    prev_hash = last or GENESIS
    event_uuid = uuid.uuid4()
    at = utcnow()
    clean_details = dict(details or {})
    event = AuditEvent(
        uuid=event_uuid, device_id=device_id, at=at, actor=actor, action=action, subject=subject,
        details=clean_details, prev_hash=prev_hash,
        hash=_event_hash(prev_hash, event_uuid, at, actor, action, subject, clean_details),
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    """The result of checking the chain: how many events, and the first broken one if any."""

    checked: int
    first_broken_id: int | None

    @property
    def ok(self) -> bool:
        """True when every link holds."""
        return self.first_broken_id is None


def verify(session: Session, batch: int = 5000) -> ChainReport:
    """Walk the chain in order and report the first event whose hash or link does not hold."""
    prev_hash = GENESIS
    checked = 0
    last_id = 0
    while True:
        rows = session.execute(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        ).scalars().all()
        if not rows:
            return ChainReport(checked, None)
        for event in rows:
            expected = _event_hash(prev_hash, event.uuid, event.at, event.actor, event.action,
                                   event.subject, event.details)
            if event.prev_hash != prev_hash or event.hash != expected:
                return ChainReport(checked, event.id)
            prev_hash = event.hash
            checked += 1
            last_id = event.id
        session.expunge_all()
