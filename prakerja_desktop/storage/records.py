"""Queries and writes on submitted records."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from prakerja_desktop.domain.applicant import Applicant, section_dict
from prakerja_desktop.storage import facts, search_index
from prakerja_desktop.storage.models import RecordRow, utcnow

if TYPE_CHECKING:  # the steps' warnings import every field validator: only step_facts() needs them
    from prakerja_desktop.domain.step_warnings import Facts

# Columns filled straight from the Applicant dataclass.
APPLICANT_COLUMNS = (
    "nik", "kk_number", "full_name", "birth_place", "birth_date", "sex", "phone_e164", "has_email",
    "email", "province_code", "regency_code", "district_code", "village", "street", "rt", "rw",
    "education", "employment",
)


@dataclass(frozen=True)
class RecordSummary:
    """One line of a search result: enough to pick the right person, nothing more."""

    uuid: uuid.UUID
    receipt_number: str
    full_name: str
    district_code: str | None
    village: str | None
    eligibility_outcome: str
    submitted_at: datetime


def row_values(applicant: Applicant, *, receipt_number: str, device_id: uuid.UUID,
               rule_set_id: str, outcome: str, reasons: list[dict[str, Any]],
               entered_by_id: int | None = None, entered_by_name: str = "",
               draft_uuid: uuid.UUID | None = None, record_uuid: uuid.UUID | None = None,
               submitted_at: datetime | None = None) -> dict[str, Any]:
    """The column values of a new record, ready for insert."""
    now = submitted_at or utcnow()
    values: dict[str, Any] = {name: getattr(applicant, name) for name in APPLICANT_COLUMNS}
    values.update(
        uuid=record_uuid or uuid.uuid4(), device_id=device_id, created_at=now, updated_at=now,
        submitted_at=now, receipt_number=receipt_number, draft_uuid=draft_uuid,
        entered_by_id=entered_by_id, entered_by_name=entered_by_name, rule_set_id=rule_set_id,
        eligibility_outcome=outcome, eligibility_reasons=reasons,
        name_norm=search_index.normalise_name(applicant.full_name or ""),
        training_interests=list(applicant.training_interests),
        eligibility_answers=section_dict(applicant.eligibility),
        readiness=section_dict(applicant.readiness),
        consent=section_dict(applicant.consent),
    )
    values.update(facts.record_facts(values))
    return values


def insert_many(session: Session, rows: Sequence[dict[str, Any]]) -> int:
    """Insert many records in the caller's transaction with one executemany; returns the count."""
    if not rows:
        return 0
    # Core insert on the session's connection: one executemany, without the ORM's bulk bookkeeping.
    # The derived columns are (re)computed here, so rows from a bundle or an older sender get them too.
    session.connection().execute(insert(RecordRow.__table__), facts.with_facts(rows))
    return len(rows)


def by_uuid(session: Session, record_uuid: uuid.UUID) -> RecordRow | None:
    """The record with this UUID."""
    return session.execute(select(RecordRow).where(RecordRow.uuid == record_uuid)).scalar_one_or_none()


def by_receipt(session: Session, receipt_number: str) -> RecordRow | None:
    """The record with this receipt number."""
    return session.execute(
        select(RecordRow).where(RecordRow.receipt_number == receipt_number)
    ).scalar_one_or_none()


def by_nik(session: Session, nik: str) -> RecordRow | None:
    """The record with this NIK."""
    return session.execute(select(RecordRow).where(RecordRow.nik == nik)).scalar_one_or_none()


def count_kk(session: Session, kk_number: str, exclude_nik: str | None = None) -> int:
    """How many records here share a family card number (other than exclude_nik)."""
    query = select(func.count()).select_from(RecordRow).where(RecordRow.kk_number == kk_number)
    if exclude_nik:
        query = query.where(RecordRow.nik != exclude_nik)
    return int(session.execute(query).scalar_one())


def count_phone(session: Session, phone_e164: str, exclude_nik: str | None = None) -> int:
    """How many records here gave this mobile number (other than exclude_nik)."""
    query = select(func.count()).select_from(RecordRow).where(RecordRow.phone_e164 == phone_e164)
    if exclude_nik:
        query = query.where(RecordRow.nik != exclude_nik)
    return int(session.execute(query).scalar_one())


def step_facts(session: Session, applicant: Applicant, today: date) -> Facts:
    """The counts the steps' warnings need: other records here with this KK and this phone number."""
    kk = count_kk(session, applicant.kk_number, exclude_nik=applicant.nik) if applicant.kk_number else None
    phone = (count_phone(session, applicant.phone_e164, exclude_nik=applicant.nik)
             if applicant.phone_e164 else None)
    from prakerja_desktop.domain.step_warnings import Facts

    return Facts(today, kk_others=kk, phone_others=phone)


def count(session: Session) -> int:
    """How many records there are."""
    return int(session.execute(select(func.count()).select_from(RecordRow)).scalar_one())


_SUMMARY_COLUMNS = (
    RecordRow.uuid, RecordRow.receipt_number, RecordRow.full_name, RecordRow.district_code,
    RecordRow.village, RecordRow.eligibility_outcome, RecordRow.submitted_at,
)


def search_names(session: Session, query: str, limit: int = 50) -> list[RecordSummary]:
    """Records whose name has every word of the query as a word prefix; newest first."""
    limit = max(1, min(limit, 500))
    if session.get_bind().dialect.name == "sqlite":
        match = search_index.fts_match_expression(query)
        if match is None:
            return []
        # FTS5 walks its index in rowid order, so the newest matches come first without a sort.
        ids = (
            select(text("rowid")).select_from(text(search_index.FTS_TABLE))
            .where(text(f"{search_index.FTS_TABLE} MATCH :match"))
            .order_by(text("rowid DESC")).limit(limit)
        )
        statement = (
            select(*_SUMMARY_COLUMNS).where(RecordRow.id.in_(ids))
            .order_by(RecordRow.id.desc()).limit(limit)
        )
        rows = session.execute(statement, {"match": match}).all()
    else:
        conditions = search_index.server_name_conditions(query)
        if not conditions:
            return []
        statement = select(*_SUMMARY_COLUMNS).where(*conditions)
        rows = session.execute(statement.order_by(RecordRow.id.desc()).limit(limit)).all()
    return [RecordSummary(*row) for row in rows]


def all_receipt_numbers(session: Session) -> Iterable[str]:
    """Every receipt number (tests and integrity checks)."""
    return session.execute(select(RecordRow.receipt_number)).scalars()

