"""The review queue: one NIK brought by two devices. Staff see both field by field and decide.

Decisions:
- "existing": keep the record already here; the other one's wave outcomes are added where this
  person has none for that wave; the other record's values are then emptied (they are personal data).
- "incoming" / "merged": the record here takes the other's values for all / the chosen fields, each
  change kept in its history with the reason, so it travels and can be undone like any staff edit.
- "both": two different people, one NIK typed wrong: the other record is added under the corrected NIK
  staff type (checked like in the wizard), its outcomes and history with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from prakerja_desktop.domain.nik import parse_nik
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.storage import aliases, audit, search_index
from prakerja_desktop.storage import records as record_store
from prakerja_desktop.storage.models import (
    PairedDevice,
    RecordChange,
    RecordRow,
    ReviewItem,
    WaveOutcome,
    utcnow,
)
from prakerja_desktop.sync import hlc, rows
from prakerja_desktop.sync.apply import MERGEABLE_FIELDS

# The fields shown side by side, in the order of the record view.
SHOWN_FIELDS = (
    "receipt_number", "full_name", "nik", "kk_number", "birth_place", "birth_date", "sex", "phone_e164",
    "email", "province_code", "regency_code", "district_code", "village", "street", "rt", "rw",
    "education", "employment", "registered_online_on", "eligibility_outcome", "submitted_at",
    "entered_by_name",
)
DECISIONS = ("existing", "incoming", "merged", "both")


@dataclass(frozen=True)
class FieldPair:
    """One line of the side-by-side view."""

    name: str
    existing: Any
    incoming: Any
    choosable: bool

    @property
    def differs(self) -> bool:
        return self.existing != self.incoming


@dataclass(frozen=True)
class ReviewCase:
    """One open review item with both records, field by field."""

    uuid: UUID
    nik: str
    existing_uuid: UUID
    incoming_uuid: UUID
    incoming_device_id: UUID
    fields: list[FieldPair]
    incoming_outcomes: int
    incoming_changes: int
    created_at: Any
    incoming_device_code: str = ""


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


def _incoming_record(item: ReviewItem) -> dict[str, Any]:
    record = item.incoming.get("record") or {}
    doc = {"columns": rows.columns("records"), "rows": [[record.get(c) for c in rows.columns("records")]]}
    return rows.decode("records", doc)[0]


def open_count(session: Session) -> int:
    """How many cases wait for staff."""
    return int(session.execute(select(func.count()).select_from(ReviewItem)
                               .where(ReviewItem.status == "open")).scalar_one())


def open_cases(session: Session) -> list[ReviewCase]:
    """Every open case, oldest first."""
    items = session.execute(select(ReviewItem).where(ReviewItem.status == "open")
                            .order_by(ReviewItem.id)).scalars().all()
    codes = dict(session.execute(select(PairedDevice.device_id, PairedDevice.code)).all())
    cases = []
    for item in items:
        existing = record_store.by_uuid(session, item.existing_uuid)
        incoming = _incoming_record(item)
        fields = [FieldPair(name, _plain(getattr(existing, name)) if existing is not None else None,
                            _plain(incoming.get(name)), name in MERGEABLE_FIELDS and name != "nik")
                  for name in SHOWN_FIELDS]
        cases.append(ReviewCase(item.uuid, item.nik, item.existing_uuid, item.incoming_uuid,
                                item.incoming_device_id, fields, len(item.incoming.get("outcomes", [])),
                                len(item.incoming.get("changes", [])), item.created_at,
                                codes.get(item.incoming_device_id, "")))
    return cases


def decide(session: Session, review_uuid: UUID, decision: str, *, device_id: UUID, actor: str,
           staff_name: str, fields: list[str] | None = None, new_nik: str | None = None,
           today: date | None = None) -> None:
    """Carry out a staff decision on one case (inside the caller's write transaction)."""
    if decision not in DECISIONS:
        raise UserInputError(_("Pilihan tidak dikenal."))
    item = session.execute(select(ReviewItem).where(ReviewItem.uuid == review_uuid)).scalar_one_or_none()
    if item is None or item.status != "open":
        raise UserInputError(_("Kasus ini sudah diputuskan oleh petugas lain."))
    existing = record_store.by_uuid(session, item.existing_uuid)
    incoming = _incoming_record(item)
    stamp = hlc.tick(session, device_id)
    reason = _("Tinjauan data ganda dari laptop")
    if decision == "both":
        _add_as_new_person(session, item, incoming, new_nik, stamp, staff_name, reason, device_id, today)
    elif existing is None:
        # The live record was erased here meanwhile: "existing" respects that erasure, the others bring
        # the new record in under its own NIK (now free).
        if decision != "existing":
            _insert_incoming(session, item, incoming, incoming["nik"], stamp)
    else:
        chosen = list(MERGEABLE_FIELDS - {"nik"}) if decision == "incoming" else \
            [f for f in (fields or []) if f in MERGEABLE_FIELDS and f != "nik"] if decision == "merged" else []
        changed = []
        for name in sorted(chosen):
            old, new = getattr(existing, name), incoming.get(name)
            if old == new:
                continue
            setattr(existing, name, new)
            if name == "full_name":
                existing.name_norm = search_index.normalise_name(new or "")
            session.add(RecordChange(record_id=existing.id, field=name, old_value=_plain(old), new_value=_plain(new),
                                     reason=reason, changed_by_name=staff_name, device_id=device_id, hlc=stamp))
            changed.append(name)
        if changed:
            existing.hlc = stamp
        _adopt_history(session, item, existing.id)
        _adopt_outcomes(session, item, existing.id, prefer_incoming=decision != "existing", stamp=stamp)
        aliases.settle(session, incoming.get("receipt_number"), "merged")  # its number finds this person
    item.status, item.decision = "decided", decision
    item.decided_by, item.decided_at = staff_name, utcnow()
    item.incoming = {}  # the other copy of personal data goes now that staff decided
    session.flush()
    audit.append(session, device_id=device_id, actor=actor, action="review.decided", subject=str(item.uuid),
                 details={"decision": decision, "existing": str(item.existing_uuid),
                          "incoming": str(item.incoming_uuid)})


def _adopt_outcomes(session: Session, item: ReviewItem, record_id: int, *, prefer_incoming: bool,
                    stamp: str) -> None:
    """Give the kept record the other's wave outcomes where it has none (or, preferring them, newer)."""
    doc = {"columns": rows.columns("wave_outcomes"), "rows": item.incoming.get("outcomes", [])}
    for outcome in rows.decode("wave_outcomes", doc):
        here = session.execute(select(WaveOutcome).where(WaveOutcome.record_id == record_id,
                                                         WaveOutcome.wave == outcome["wave"])).scalar()
        if here is None:
            values = {k: v for k, v in outcome.items() if k != "record_uuid"}
            session.execute(insert(WaveOutcome.__table__), [{**values, "record_id": record_id, "hlc": stamp}])
        elif prefer_incoming:
            for name in ("joined", "accepted", "training_finished", "incentive_received", "updated_by_name"):
                setattr(here, name, outcome[name])
            here.hlc = stamp


def _add_as_new_person(session: Session, item: ReviewItem, incoming: dict[str, Any], new_nik: str | None,
                       stamp: str, staff_name: str, reason: str, device_id: UUID, today: date | None) -> None:
    """Insert the incoming record under a corrected NIK, with its history and outcomes."""
    parsed = parse_nik(new_nik or "", stated_birth_date=incoming.get("birth_date"), today=today)
    if not parsed.ok or parsed.value is None:
        raise UserInputError(" ".join(f.message for f in parsed.errors) or _("NIK belum benar."))
    nik = parsed.value.nik
    if record_store.by_nik(session, nik) is not None:
        raise UserInputError(_("NIK {nik} juga sudah tercatat. Periksa lagi KTP orang ini.").format(nik=nik))
    record_id = _insert_incoming(session, item, incoming, nik, stamp)
    session.add(RecordChange(record_id=record_id, field="nik", old_value=incoming["nik"], new_value=nik,
                             reason=reason, changed_by_name=staff_name, device_id=device_id, hlc=stamp))


def _insert_incoming(session: Session, item: ReviewItem, incoming: dict[str, Any], nik: str, stamp: str) -> int:
    """Add the waiting record as a record of its own (UUID and device kept), with history and outcomes."""
    values = {**incoming, "nik": nik, "hlc": stamp,
              "name_norm": search_index.normalise_name(incoming.get("full_name") or "")}
    record_store.insert_many(session, [values])
    record_id = int(session.execute(select(RecordRow.id).where(RecordRow.uuid == incoming["uuid"])).scalar_one())
    _adopt_history(session, item, record_id)
    _adopt_outcomes(session, item, record_id, prefer_incoming=True, stamp=stamp)
    return record_id


def _adopt_history(session: Session, item: ReviewItem, record_id: int) -> None:
    """Keep the other record's history under the kept record (as history only: nothing is re-applied)."""
    history = rows.decode("record_changes", {"columns": rows.columns("record_changes"),
                                             "rows": item.incoming.get("changes", [])})
    for change in history:
        session.execute(insert(RecordChange.__table__),
                        [{**{k: v for k, v in change.items() if k != "record_uuid"}, "record_id": record_id}])
