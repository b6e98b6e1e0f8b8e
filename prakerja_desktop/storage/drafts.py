"""Drafts: the answers in progress, saved on every Next."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from prakerja_desktop.domain.applicant import Applicant, Draft
from prakerja_desktop.domain.codes import random_code
from prakerja_desktop.domain.nik import mask_nik
from prakerja_desktop.storage.models import DraftRow
from prakerja_desktop.sync import hlc

DRAFT_CODE_LENGTH = 6


def _payload(draft: Draft) -> dict:
    """The JSON payload stored for a draft."""
    return {"applicant": draft.applicant.to_dict(), "visited": list(draft.visited)}


def to_draft(row: DraftRow) -> Draft:
    """Rebuild a Draft from its row."""
    payload = row.payload or {}
    return Draft(
        applicant=Applicant.from_dict(payload.get("applicant") or {}),
        step=row.step, visited=list(payload.get("visited") or []), id=row.uuid, code=row.code,
    )


def _unused_code(session: Session) -> str:
    """A draft code no other draft has."""
    while True:
        code = random_code(DRAFT_CODE_LENGTH)
        if session.execute(select(DraftRow.id).where(DraftRow.code == code)).first() is None:
            return code


def save(session: Session, draft: Draft, *, device_id: uuid.UUID,
         entered_by_id: int | None = None) -> Draft:
    """Insert or update the draft (in the caller's transaction); gives it a code the first time."""
    row = session.execute(select(DraftRow).where(DraftRow.uuid == draft.id)).scalar_one_or_none()
    if row is None:
        draft.code = draft.code or _unused_code(session)
        row = DraftRow(uuid=draft.id, device_id=device_id, code=draft.code, step=draft.step,
                       payload=_payload(draft), entered_by_id=entered_by_id)
        session.add(row)
    else:
        if row.status != "open":
            raise ValueError("draft already submitted")
        row.step = draft.step
        row.payload = _payload(draft)
    row.hlc = hlc.tick(session, device_id)  # orders this write for outreach bundles
    session.flush()
    return draft


def by_code(session: Session, code: str) -> DraftRow | None:
    """The open draft with this code."""
    return session.execute(
        select(DraftRow).where(DraftRow.code == code, DraftRow.status == "open")
    ).scalar_one_or_none()


def by_uuid(session: Session, draft_uuid: uuid.UUID) -> DraftRow | None:
    """The draft with this UUID."""
    return session.execute(select(DraftRow).where(DraftRow.uuid == draft_uuid)).scalar_one_or_none()


def latest_open(session: Session, device_id: uuid.UUID, since: datetime | None = None) -> DraftRow | None:
    """This device's most recently changed open draft (offered for resume after a crash)."""
    query = select(DraftRow).where(DraftRow.status == "open", DraftRow.device_id == device_id)
    if since is not None:
        query = query.where(DraftRow.updated_at >= since)
    return session.execute(query.order_by(DraftRow.updated_at.desc()).limit(1)).scalar_one_or_none()


def mark_submitted(session: Session, row: DraftRow) -> None:
    """Close the draft; its answers now live in the record."""
    row.status = "submitted"
    # The record holds the answers now: keep no second copy of personal data.
    row.payload = {}


@dataclass(frozen=True)
class DraftSummary:
    """An open draft as staff see it in a list: its code, where it stopped, when, and whose it is."""

    code: str
    step: str
    updated_at: datetime
    full_name: str
    nik_masked: str


def open_summaries(session: Session, limit: int = 200) -> list[DraftSummary]:
    """The open drafts, most recently changed first (for staff: a person who lost their code)."""
    rows = session.execute(
        select(DraftRow).where(DraftRow.status == "open").order_by(DraftRow.updated_at.desc()).limit(limit)
    ).scalars()
    result = []
    for row in rows:
        applicant = (row.payload or {}).get("applicant") or {}
        nik = str(applicant.get("nik") or "")
        result.append(DraftSummary(row.code, row.step, row.updated_at, str(applicant.get("full_name") or ""),
                                   mask_nik(nik) if nik else ""))
    return result
