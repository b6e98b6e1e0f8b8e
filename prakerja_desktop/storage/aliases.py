"""Receipt numbers that live on: a merged, parked or replaced record's number finds the surviving record."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from prakerja_desktop.storage.models import ReceiptAlias


def remember(session: Session, receipt_number: str | None, record_uuid: UUID, reason: str,
             at: datetime | None = None) -> None:
    """Let RECEIPT_NUMBER find RECORD_UUID from now on (the newest reason wins); AT: since when (default now)."""
    if not receipt_number:
        return
    row = session.execute(select(ReceiptAlias).where(ReceiptAlias.receipt_number == receipt_number)
                          ).scalar_one_or_none()
    if row is None:
        session.add(ReceiptAlias(receipt_number=receipt_number, record_uuid=record_uuid, reason=reason,
                                 **({"created_at": at} if at is not None else {})))
    else:
        row.record_uuid, row.reason = record_uuid, reason
    session.flush()


def follow(session: Session, old_uuid: UUID, new_uuid: UUID) -> None:
    """Numbers that found OLD_UUID find NEW_UUID (a record displaced by another)."""
    session.execute(update(ReceiptAlias).where(ReceiptAlias.record_uuid == old_uuid)
                    .values(record_uuid=new_uuid))


def settle(session: Session, receipt_number: str | None, reason: str) -> None:
    """Record why a parked number stays an alias once staff decided ("merged"), if it is one."""
    if receipt_number:
        session.execute(update(ReceiptAlias).where(ReceiptAlias.receipt_number == receipt_number)
                        .values(reason=reason))
