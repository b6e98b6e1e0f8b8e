"""Tombstones: an erased or retention-purged record leaves its UUID behind, so it never comes back.

A tombstone travels in the laptop's bundle to the office and in the office's return bundle to the
laptop that made the record. Wherever it arrives it wins over every edit of the same record, older or
concurrent: the record, its history and outcomes go, a parked copy in the review queue goes, and any
later bundle row for that UUID is dropped. Erasure is final for that UUID; a person who registers again
with fresh consent gets a new record under a new UUID (docs/architecture.md, "Outreach bundles").
Tombstones carry no personal data (no NIK: records are matched by UUID only).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from prakerja_desktop.storage.models import RecordRow, ReviewItem, SyncTombstone, utcnow
from prakerja_desktop.sync import hlc

REASONS = ("erased", "retention")
CHUNK = 900


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def record(session: Session, erased: Iterable[tuple[uuid.UUID, uuid.UUID | None]], reason: str,
           device_id: uuid.UUID) -> int:
    """Leave tombstones for records erased here (record uuid, device that made it), inside the caller's
    transaction; records merged into them at review (their other UUIDs) get one too, so every copy goes."""
    wanted = dict(erased)
    if not wanted:
        return 0
    for chunk in _chunks(list(wanted)):  # a laptop's record folded into an erased one at review
        for incoming, origin in session.execute(
                select(ReviewItem.incoming_uuid, ReviewItem.incoming_device_id)
                .where(ReviewItem.existing_uuid.in_(chunk), ReviewItem.status == "decided",
                       ReviewItem.decision != "both")):
            wanted.setdefault(incoming, origin)
    known: set[uuid.UUID] = set()
    for chunk in _chunks(list(wanted)):
        known.update(session.execute(select(SyncTombstone.uuid).where(SyncTombstone.uuid.in_(chunk))).scalars())
    stamp, now = hlc.tick(session, device_id), utcnow()
    fresh = [{"uuid": u, "reason": reason, "erased_at": now, "device_id": device_id, "origin_device_id": origin,
              "hlc": stamp} for u, origin in wanted.items() if u not in known]
    if fresh:
        session.execute(insert(SyncTombstone.__table__), fresh)
    return len(fresh)


def merge(session: Session, incoming: list[dict[str, Any]]) -> set[uuid.UUID]:
    """Keep tombstones from another device; of two for one record the earlier (by clock) wins, so the
    result does not depend on which arrived first. Returns every UUID they name."""
    here: dict[uuid.UUID, str] = {}
    names = [row["uuid"] for row in incoming]
    for chunk in _chunks(names):
        here.update(session.execute(select(SyncTombstone.uuid, SyncTombstone.hlc)
                                    .where(SyncTombstone.uuid.in_(chunk))).all())
    fresh: dict[uuid.UUID, dict[str, Any]] = {}
    for row in sorted(incoming, key=lambda r: r["hlc"]):
        if row["uuid"] in here:
            if row["hlc"] < here[row["uuid"]]:
                session.execute(update(SyncTombstone).where(SyncTombstone.uuid == row["uuid"]).values(
                    **{k: v for k, v in row.items() if k != "uuid"}))
                here[row["uuid"]] = row["hlc"]
            continue
        if row["uuid"] not in fresh:
            fresh[row["uuid"]] = row
    if fresh:
        session.execute(insert(SyncTombstone.__table__), list(fresh.values()))
    return set(names)


def dead(session: Session, uuids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these record UUIDs have a tombstone here."""
    found: set[uuid.UUID] = set()
    if session.execute(select(SyncTombstone.id).limit(1)).first() is None:
        return found  # nothing erased yet: no need to ask about every record of a big bundle
    for chunk in _chunks(list(set(uuids))):
        found.update(session.execute(select(SyncTombstone.uuid).where(SyncTombstone.uuid.in_(chunk))).scalars())
    return found


def enforce(session: Session, uuids: set[uuid.UUID]) -> int:
    """Remove what tombstones name: live records (history and outcomes follow) and parked copies waiting
    in the review queue. Returns how many live records went."""
    removed = 0
    for chunk in _chunks(sorted(uuids, key=str)):
        gone = session.execute(select(func.count()).select_from(RecordRow).where(RecordRow.uuid.in_(chunk)))
        removed += int(gone.scalar_one())
        session.execute(delete(RecordRow).where(RecordRow.uuid.in_(chunk)))
        session.execute(delete(ReviewItem).where(ReviewItem.incoming_uuid.in_(chunk), ReviewItem.status == "open"))
    return removed
