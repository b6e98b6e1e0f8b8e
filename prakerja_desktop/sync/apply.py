"""Import at the office: check a bundle completely, then merge it in one transaction.

Merge rules (docs/architecture.md, "Outreach bundles"):
- Rows are identified by UUID: a row already here is never inserted twice (importing twice changes nothing).
- A record's fields change only through its history (record_changes); for each field the change with the
  highest hybrid logical clock wins, wherever and in whatever order it arrives (last writer wins, by HLC).
- Two records with one NIK under different UUIDs: one is live, the other waits in the review queue
  with its outcomes and history until staff decide. The live one is the earliest recorded, so the
  import order does not matter (unless the live one was made, edited or decided here: then it stays).
- Wave outcomes (one per person and wave) and drafts: the row with the highest HLC wins.
- Audit events of the laptop are kept verbatim in imported_audit_events (their own chain); the office
  chain gets one "bundle.imported" event.
- Tombstones (sync/tombstones.py) are merged first: an erased record goes, and no row of this or any later
  bundle brings it back.
- Bookkeeping is order-free too: a known record takes the clock and updated_at of the newest version seen
  (its fields still change only through history), a field won from history keeps updated_at, and a review
  item's id, opening time and stored copy depend only on the records in it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, literal, select, update
from sqlalchemy.orm import Session

from prakerja_desktop.domain.codes import random_code
from prakerja_desktop.storage import aliases, audit, search_index
from prakerja_desktop.storage import drafts as draft_store
from prakerja_desktop.storage import records as record_store
from prakerja_desktop.storage.models import (
    BundleImport,
    DraftRow,
    ImportedAuditEvent,
    ReceiptAlias,
    RecordChange,
    RecordRow,
    ReviewItem,
    WaveOutcome,
)
from prakerja_desktop.sync import bundle_format, hlc, keys, rows, tombstones
from prakerja_desktop.sync.bundle_format import field as manifest_field
from prakerja_desktop.sync.bundle_format import rejected
from prakerja_desktop.sync.export import BundleCancelled

logger = logging.getLogger(__name__)

CHUNK = 900  # SQLite allows 999 parameters in one IN (...)
REVIEW_NAMESPACE = uuid.UUID("5d0c1f1e-8a4b-4f7e-9c1e-6b7a3c2d9e10")  # review case ids from the parked record
MERGEABLE_FIELDS = frozenset((*record_store.APPLICANT_COLUMNS, "registered_online_on"))


@dataclass
class OpenedBundle:
    """A bundle whose signature, integrity and content are checked; nothing applied yet."""

    bundle_id: uuid.UUID
    device_id: uuid.UUID
    device_code: str
    sequence: int
    hlc_to: str
    sha256: str
    counts: dict[str, int]
    tables: dict[str, list[dict[str, Any]]]


@dataclass
class ImportResult:
    """What an import did (counts only: shown to staff, kept in the audit log)."""

    bundle_id: uuid.UUID
    device_code: str
    sequence: int
    already_imported: bool = False
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    review: int = 0
    not_applied: int = 0  # history entries kept but not applied (their record was erased here, ...)
    erased: int = 0  # records removed here by the bundle's tombstones


def open_bundle(session: Session, data: bytes, office_device_id: uuid.UUID) -> OpenedBundle | ImportResult:
    """Check everything before touching the database; an ImportResult means "already imported"."""
    envelope = bundle_format.split(data, bundle_format.BUNDLE_MAGIC)
    header = envelope.header
    bundle_format.check_version(header, "bundle")
    if not keys.has_office_keys(session):
        raise rejected("not_office")
    office = keys.office_keys(session, office_device_id)  # read only: they exist (checked above)
    try:
        office_id = uuid.UUID(manifest_field(header, "office_id", str))
        device_id = uuid.UUID(manifest_field(header, "device_id", str))
        bundle_id = uuid.UUID(manifest_field(header, "bundle_id", str))
    except ValueError as exc:
        raise rejected("corrupted") from exc
    if office_id != office.office_id:
        raise rejected("other_office")
    sender = keys.paired(session, device_id)
    if sender is None or sender.role != "laptop":
        raise rejected("unknown_device")
    bundle_format.verify_signature(envelope, keys.unb64(sender.sign_public))
    bundle_format.check_body(envelope)  # a damaged copy is refused even if the bundle came in before
    sequence = manifest_field(header, "sequence", int)
    hlc_to = manifest_field(header, "hlc_to", str)
    counts = manifest_field(header, "counts", dict)
    code = str(header.get("device_code", ""))[:8]
    digest = hashlib.sha256(data).hexdigest()
    done = session.execute(select(BundleImport).where(BundleImport.bundle_id == bundle_id)).scalar_one_or_none()
    if done is not None:
        return ImportResult(bundle_id, code, sequence, already_imported=True)
    newest = session.execute(select(func.max(BundleImport.sequence))
                             .where(BundleImport.device_id == device_id)).scalar()
    if newest is not None and sequence <= newest:
        raise rejected("old")
    plain = bundle_format.open_body(envelope, office.box)
    try:
        doc = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise rejected("corrupted") from exc
    if not isinstance(doc, dict):
        raise rejected("corrupted")
    tables = {name: [] if name in bundle_format.OPTIONAL_TABLES and name not in doc
              else rows.decode(name, doc.get(name)) for name in bundle_format.TABLES}
    if any(counts.get(name, 0 if name in bundle_format.OPTIONAL_TABLES else None) != len(tables[name])
           for name in bundle_format.TABLES):
        raise rejected("corrupted")
    if any(row["device_id"] != device_id for name in ("records", "drafts") for row in tables[name]):
        raise rejected("corrupted")  # a laptop only sends what it wrote itself
    return OpenedBundle(bundle_id, device_id, code, sequence, hlc_to, digest,
                        {name: len(tables[name]) for name in bundle_format.TABLES}, tables)


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def _lookup(session: Session, key: Any, value: Any, wanted: Iterable[Any],
            *where: Any) -> dict[Any, Any]:
    """{key: value} for rows whose key is among `wanted`, asked in chunks."""
    found: dict[Any, Any] = {}
    wanted = list(dict.fromkeys(wanted))
    for chunk in _chunks(wanted):
        for k, v in session.execute(select(key, value).where(key.in_(chunk), *where)):
            found[k] = v
    return found


def review_uuid(parked_uuid: uuid.UUID) -> uuid.UUID:
    """A review case's id: made from the parked record's UUID, so every import order gives the same one."""
    return uuid.uuid5(REVIEW_NAMESPACE, str(parked_uuid))


def _column(table: str, name: str) -> int:
    return rows.columns(table).index(name)


def _sorted_changes(encoded: list[list[Any]]) -> list[list[Any]]:
    """A parked record's history in clock order (then UUID), not in the order it arrived."""
    at, key = _column("record_changes", "hlc"), _column("record_changes", "uuid")
    unique = {row[key]: row for row in encoded}
    return sorted(unique.values(), key=lambda row: (row[at] or "", row[key]))


def _sorted_outcomes(encoded: list[list[Any]]) -> list[list[Any]]:
    """A parked record's outcomes: per wave the newest by clock, in wave order."""
    wave, at, key = (_column("wave_outcomes", n) for n in ("wave", "hlc", "uuid"))
    best: dict[Any, list[Any]] = {}
    for row in encoded:
        here = best.get(row[wave])
        if here is None or (row[at] or "", row[key]) > (here[at] or "", here[key]):
            best[row[wave]] = row
    return [best[w] for w in sorted(best)]


def _parked_record(item: ReviewItem) -> dict[str, Any]:
    """The record waiting in a review item, typed for insert."""
    record = item.incoming.get("record") or {}
    names = rows.columns("records")
    return rows.decode("records", {"columns": names, "rows": [[record.get(c) for c in names]]})[0]


def record_json(row: dict[str, Any]) -> dict[str, Any]:
    """One record as plain JSON values (for the review queue)."""
    encoded = rows.encode("records", [row])
    return dict(zip(encoded["columns"], encoded["rows"][0], strict=True))


class _Merger:
    """Applies one opened bundle inside one write transaction."""

    def __init__(self, session: Session, bundle: OpenedBundle, office_device_id: uuid.UUID) -> None:
        self.session = session
        self.bundle = bundle
        self.office_device_id = office_device_id
        self.result = ImportResult(bundle.bundle_id, bundle.device_code, bundle.sequence)
        self.ids: dict[uuid.UUID, int] = {}  # record uuid → local id
        self.parked: dict[uuid.UUID, ReviewItem] = {}  # incoming record uuid → its review item
        self.dead: set[uuid.UUID] = set()  # erased records (tombstones): nothing of them goes in

    def _count(self, kind: dict[str, int], name: str, n: int = 1) -> None:
        kind[name] = kind.get(name, 0) + n

    def tombstones(self) -> None:
        """Merge the bundle's tombstones, remove what they name, and note every erased record it mentions."""
        tables = self.bundle.tables
        named = tombstones.merge(self.session, tables.get("tombstones", []))
        self.result.erased = tombstones.enforce(self.session, named)
        self._promote_waiting(named)
        self._count(self.result.added, "tombstones", len(tables.get("tombstones", [])))
        mentioned = {r["uuid"] for r in tables["records"]} | {
            r["record_uuid"] for name in ("record_changes", "wave_outcomes") for r in tables[name]}
        self.dead = named | tombstones.dead(self.session, mentioned - named)

    def _promote_waiting(self, erased: set[uuid.UUID]) -> None:
        """A live record erased by a tombstone leaves its NIK to the earliest-recorded record waiting under
        it in the review queue, as if the erased one had never come (so the import order does not matter)."""
        session = self.session
        waiting: dict[uuid.UUID, list[ReviewItem]] = {}
        for chunk in _chunks(sorted(erased, key=str)):
            for item in session.execute(select(ReviewItem).where(ReviewItem.existing_uuid.in_(chunk),
                                                                 ReviewItem.status == "open")).scalars():
                waiting.setdefault(item.existing_uuid, []).append(item)
        for gone, items in waiting.items():
            if session.execute(select(RecordRow.id).where(RecordRow.uuid == gone)).first() is not None:
                continue  # still here (a tombstone for it is older news): nothing to promote
            records = {item.incoming_uuid: _parked_record(item) for item in items}
            first = min(items, key=lambda i: (records[i.incoming_uuid]["created_at"], str(i.incoming_uuid)))
            record = records[first.incoming_uuid]
            record_store.insert_many(session, [{**record, "name_norm": search_index.normalise_name(
                record.get("full_name") or "")}])
            record_id = int(session.execute(select(RecordRow.id).where(RecordRow.uuid == record["uuid"])).scalar_one())
            history = rows.decode("record_changes", {"columns": rows.columns("record_changes"),
                                                     "rows": first.incoming.get("changes", [])})
            outcomes = rows.decode("wave_outcomes", {"columns": rows.columns("wave_outcomes"),
                                                     "rows": first.incoming.get("outcomes", [])})
            for name, table in (("record_changes", history), ("wave_outcomes", outcomes)):
                if table:
                    session.execute(insert(rows.TABLE_OF[name]),
                                    [{**{k: v for k, v in r.items() if k != "record_uuid"}, "record_id": record_id}
                                     for r in table])
            session.delete(first)
            session.execute(delete(ReceiptAlias).where(ReceiptAlias.receipt_number == record.get("receipt_number"),
                                                       ReceiptAlias.reason == "review"))
            aliases.follow(session, gone, record["uuid"])
            for item in items:
                if item is not first:
                    item.existing_uuid = record["uuid"]
            self.parked.pop(first.incoming_uuid, None)
            session.flush()

    def _load_targets(self, record_uuids: Iterable[uuid.UUID]) -> None:
        wanted = [u for u in set(record_uuids) if u not in self.ids and u not in self.parked and u not in self.dead]
        self.ids.update(_lookup(self.session, RecordRow.uuid, RecordRow.id, wanted))
        missing = [u for u in wanted if u not in self.ids]
        for chunk in _chunks(missing):
            for item in self.session.execute(select(ReviewItem).where(ReviewItem.incoming_uuid.in_(chunk))).scalars():
                self.parked[item.incoming_uuid] = item
        # A decided review item whose record was merged into another: follow it.
        followed = [item.existing_uuid for item in self.parked.values() if item.status != "open"]
        self.ids.update(_lookup(self.session, RecordRow.uuid, RecordRow.id,
                                [u for u in followed if u not in self.ids]))

    def _target(self, record_uuid: uuid.UUID) -> int | ReviewItem | None:
        """The local record id a row belongs to, the open review item holding its record, or None."""
        if record_uuid in self.dead:
            return None
        if record_uuid in self.ids:
            return self.ids[record_uuid]
        item = self.parked.get(record_uuid)
        if item is None:
            return None
        if item.status == "open":
            return item
        return self.ids.get(item.existing_uuid)

    def records(self) -> None:
        incoming = self.bundle.tables["records"]
        self._load_targets(r["uuid"] for r in incoming)
        by_nik = _lookup(self.session, RecordRow.nik, RecordRow.uuid,
                         [r["nik"] for r in incoming if r["uuid"] not in self.ids and r["uuid"] not in self.parked])
        fresh: list[dict[str, Any]] = []
        known = [r for r in incoming if r["uuid"] in self.ids]
        self._newer_versions(known)
        for row in incoming:
            if row["uuid"] in self.ids or row["uuid"] in self.dead:
                continue  # known: its fields change only through its history, merged below; erased: gone
            item = self.parked.get(row["uuid"])
            if item is not None:
                if item.status == "open" and row["hlc"] > (item.incoming.get("record") or {}).get("hlc", ""):
                    item.incoming = {**item.incoming, "record": record_json(row)}
                continue
            existing = by_nik.get(row["nik"])
            if existing is not None and self._displace(existing, row):
                existing = None
            if existing is not None:
                item = ReviewItem(uuid=review_uuid(row["uuid"]), nik=row["nik"], existing_uuid=existing,
                                  incoming_uuid=row["uuid"], incoming_device_id=row["device_id"],
                                  incoming={"record": record_json(row), "changes": [], "outcomes": []},
                                  created_at=row["created_at"])
                self.session.add(item)
                self.parked[row["uuid"]] = item
                self.result.review += 1
                aliases.remember(self.session, row.get("receipt_number"), existing, "review",
                                 at=row["created_at"])  # not the import's moment: the same in every order
                continue
            by_nik[row["nik"]] = row["uuid"]
            row["name_norm"] = search_index.normalise_name(row["full_name"] or "")
            fresh.append(row)
        record_store.insert_many(self.session, fresh)
        self._count(self.result.added, "records", len(fresh))
        self.session.flush()
        self.ids.update(_lookup(self.session, RecordRow.uuid, RecordRow.id, [r["uuid"] for r in fresh]))

    def _newer_versions(self, known: list[dict[str, Any]]) -> None:
        """A known record's clock and updated_at follow its newest version seen, whatever the import order."""
        stamps: dict[uuid.UUID, str] = {}
        for chunk in _chunks([r["uuid"] for r in known]):
            stamps.update(self.session.execute(select(RecordRow.uuid, RecordRow.hlc)
                                               .where(RecordRow.uuid.in_(chunk))).all())
        newer = [{"row_uuid": r["uuid"], "new_hlc": r["hlc"], "new_updated_at": r["updated_at"]}
                 for r in known if r["hlc"] > (stamps.get(r["uuid"]) or "")]
        if newer:
            self.session.execute(update(RecordRow.__table__).where(RecordRow.uuid == bindparam("row_uuid"))
                                 .values(hlc=bindparam("new_hlc"), updated_at=bindparam("new_updated_at")),
                                 newer)

    def _displace(self, live_uuid: uuid.UUID, row: dict[str, Any]) -> bool:
        """Make the earlier-recorded of two bundle records with one NIK the live one, so the import order
        does not matter; the other waits in the review queue. Never a record made, edited or decided here."""
        session, office = self.session, self.office_device_id
        live = session.execute(select(RecordRow.__table__).where(RecordRow.uuid == live_uuid)).mappings().one()
        if live["device_id"] == office or (row["created_at"], str(row["uuid"])) >= (live["created_at"], str(live_uuid)):
            return False
        touched_here = (
            select(RecordChange.id).where(RecordChange.record_id == live["id"], RecordChange.device_id == office),
            select(WaveOutcome.id).where(WaveOutcome.record_id == live["id"], WaveOutcome.device_id == office),
            select(ReviewItem.id).where(ReviewItem.existing_uuid == live_uuid, ReviewItem.status != "open"),
            select(ReviewItem.id).where(ReviewItem.incoming_uuid == live_uuid),
        )
        if any(session.execute(query.limit(1)).first() is not None for query in touched_here):
            return False
        history = [dict(r) for r in session.execute(
            select(RecordChange.__table__, literal(live_uuid, RecordRow.uuid.type).label("record_uuid"))
            .where(RecordChange.record_id == live["id"]).order_by(RecordChange.id)).mappings()]
        outcomes = [dict(r) for r in session.execute(
            select(WaveOutcome.__table__, literal(live_uuid, RecordRow.uuid.type).label("record_uuid"))
            .where(WaveOutcome.record_id == live["id"]).order_by(WaveOutcome.wave)).mappings()]
        payload = {"record": record_json(dict(live)),
                   "changes": _sorted_changes(rows.encode("record_changes", history)["rows"]),
                   "outcomes": _sorted_outcomes(rows.encode("wave_outcomes", outcomes)["rows"])}
        session.execute(delete(RecordRow).where(RecordRow.id == live["id"]))  # history and outcomes follow
        session.execute(update(ReviewItem).where(ReviewItem.existing_uuid == live_uuid, ReviewItem.status == "open")
                        .values(existing_uuid=row["uuid"]))
        item = ReviewItem(uuid=review_uuid(live_uuid), nik=row["nik"], existing_uuid=row["uuid"],
                          incoming_uuid=live_uuid, incoming_device_id=live["device_id"], incoming=payload,
                          created_at=live["created_at"])
        session.add(item)
        self.parked[live_uuid] = item
        self.ids.pop(live_uuid, None)
        aliases.follow(session, live_uuid, row["uuid"])
        aliases.remember(session, live["receipt_number"], row["uuid"], "review", at=live["created_at"])
        self.result.review += 1
        return True

    def changes(self) -> None:
        incoming = sorted(self.bundle.tables["record_changes"], key=lambda r: r["hlc"])
        known = set(_lookup(self.session, RecordChange.uuid, RecordChange.id, [r["uuid"] for r in incoming]))
        self._load_targets(r["record_uuid"] for r in incoming)
        targets = {r["uuid"]: self._target(r["record_uuid"]) for r in incoming}
        latest: dict[tuple[int, str], str] = {}
        for chunk in _chunks(sorted({t for t in targets.values() if isinstance(t, int)})):
            for record_id, name, stamp in self.session.execute(
                    select(RecordChange.record_id, RecordChange.field, func.max(RecordChange.hlc))
                    .where(RecordChange.record_id.in_(chunk)).group_by(RecordChange.record_id, RecordChange.field)):
                latest[(record_id, name)] = stamp or ""
        fresh: list[dict[str, Any]] = []
        winners: dict[tuple[int, str], Any] = {}
        for change in incoming:
            if change["uuid"] in known:
                continue
            known.add(change["uuid"])
            target = targets[change["uuid"]]
            if isinstance(target, ReviewItem):
                encoded = rows.encode("record_changes", [change])
                target.incoming = {**target.incoming, "changes": _sorted_changes(
                    [*target.incoming.get("changes", []), encoded["rows"][0]])}
                continue
            if target is None:
                self.result.not_applied += 1  # its record was erased here: nothing to attach it to
                continue
            fresh.append({**{k: v for k, v in change.items() if k != "record_uuid"}, "record_id": target})
            key = (target, change["field"])
            if change["field"] in MERGEABLE_FIELDS and change["hlc"] > latest.get(key, ""):
                latest[key] = change["hlc"]  # incoming is sorted by clock: the last one seen wins
                winners[key] = change["new_value"]
        if fresh:
            self.session.execute(insert(RecordChange.__table__), fresh)
        self._count(self.result.added, "record_changes", len(fresh))
        for (record_id, name), value in winners.items():
            self._apply_field(record_id, name, value)

    def _apply_field(self, record_id: int, name: str, raw: Any) -> None:
        try:
            value = rows.decode_field(name, raw)
        except (ValueError, TypeError):
            self.result.not_applied += 1
            return
        if name == "nik":
            other = self.session.execute(select(RecordRow.id).where(RecordRow.nik == value)).scalar()
            if other is not None and other != record_id:
                self.result.not_applied += 1  # would make two people with one NIK: kept in history only
                return
        # updated_at is the record version's (set from the newest version seen), not the moment of this
        # import: otherwise it would depend on the import order.
        values: dict[str, Any] = {name: value, "updated_at": RecordRow.updated_at}
        if name == "full_name":
            values["name_norm"] = search_index.normalise_name(value or "")
        self.session.execute(update(RecordRow).where(RecordRow.id == record_id).values(**values))
        self._count(self.result.updated, "records")

    def outcomes(self) -> None:
        incoming = sorted(self.bundle.tables["wave_outcomes"], key=lambda r: r["hlc"])
        self._load_targets(r["record_uuid"] for r in incoming)
        columns = (WaveOutcome.id, WaveOutcome.record_id, WaveOutcome.wave, WaveOutcome.hlc)
        # Slots: [row id (None if inserted by this bundle), its clock, its insert values (or None)].
        by_uuid: dict[uuid.UUID, list[Any]] = {}
        for chunk in _chunks([r["uuid"] for r in incoming]):
            for row_uuid, row_id, stamp in self.session.execute(
                    select(WaveOutcome.uuid, WaveOutcome.id, WaveOutcome.hlc).where(WaveOutcome.uuid.in_(chunk))):
                by_uuid[row_uuid] = [row_id, stamp, None]
        targets = {r["uuid"]: self._target(r["record_uuid"]) for r in incoming}
        ids = sorted({t for t in targets.values() if isinstance(t, int)})
        by_wave: dict[tuple[int, int], list[Any]] = {}
        for chunk in _chunks(ids):
            for row_id, record_id, wave, stamp in self.session.execute(
                    select(*columns).where(WaveOutcome.record_id.in_(chunk))):
                by_wave[(record_id, wave)] = [row_id, stamp, None]
        fresh: list[dict[str, Any]] = []
        changed: dict[int, dict[str, Any]] = {}
        kept = ("joined", "accepted", "training_finished", "incentive_received", "updated_by_name", "updated_at", "hlc")
        for outcome in incoming:
            target = targets[outcome["uuid"]]
            here = by_uuid.get(outcome["uuid"])
            if here is None and isinstance(target, ReviewItem):
                encoded = rows.encode("wave_outcomes", [outcome])["rows"][0]
                target.incoming = {**target.incoming,  # per wave the newest by clock, whatever came first
                                   "outcomes": _sorted_outcomes([*target.incoming.get("outcomes", []), encoded])}
                continue
            if here is None and isinstance(target, int):
                slot = by_wave.get((target, outcome["wave"]))
                if slot is None:
                    values = {k: v for k, v in outcome.items() if k != "record_uuid"}
                    fresh.append({**values, "record_id": target})
                    # Later rows of this bundle for the same person and wave compare with this one.
                    by_wave[(target, outcome["wave"])] = by_uuid[outcome["uuid"]] = [None, outcome["hlc"], fresh[-1]]
                    continue
                here = slot
            if here is None:
                self.result.not_applied += 1
                continue
            if outcome["hlc"] <= here[1]:
                continue  # what is here was written later (by the clock): it stays
            here[1] = outcome["hlc"]
            if here[2] is not None:  # a row inserted from this same bundle
                here[2].update({k: outcome[k] for k in kept})
            else:
                changed[here[0]] = {k: outcome[k] for k in kept}
        if fresh:
            self.session.execute(insert(WaveOutcome.__table__), fresh)
        if changed:
            self.session.execute(update(WaveOutcome.__table__).where(WaveOutcome.id == bindparam("row_id")),
                                 [{"row_id": row_id, **values} for row_id, values in changed.items()])
        self._count(self.result.added, "wave_outcomes", len(fresh))
        self._count(self.result.updated, "wave_outcomes", len(changed))

    def drafts(self) -> None:
        for draft in self.bundle.tables["drafts"]:
            row = draft_store.by_uuid(self.session, draft["uuid"])
            if row is None:
                code = draft["code"]
                while self.session.execute(select(DraftRow.id).where(DraftRow.code == code)).first() is not None:
                    code = random_code(draft_store.DRAFT_CODE_LENGTH)  # another device gave this code out
                self.session.execute(insert(DraftRow.__table__), [{**draft, "code": code}])
                self._count(self.result.added, "drafts")
            elif draft["hlc"] > row.hlc:
                row.step, row.payload, row.status = draft["step"], draft["payload"], draft["status"]
                row.updated_at, row.hlc = draft["updated_at"], draft["hlc"]
                self._count(self.result.updated, "drafts")

    def audit_events(self) -> None:
        incoming = self.bundle.tables["audit_events"]
        known = set(_lookup(self.session, ImportedAuditEvent.uuid, ImportedAuditEvent.id,
                            [r["uuid"] for r in incoming]))
        fresh = [{**row, "bundle_id": self.bundle.bundle_id} for row in incoming if row["uuid"] not in known]
        if fresh:
            self.session.execute(insert(ImportedAuditEvent.__table__), fresh)
        self._count(self.result.added, "audit_events", len(fresh))


def apply_bundle(session: Session, bundle: OpenedBundle, office_device_id: uuid.UUID, *, actor: str = "system",
                 progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> ImportResult:
    """Merge a checked bundle (inside the caller's write transaction: all or nothing)."""
    report = progress or (lambda _d, _t: None)
    stop = cancelled or (lambda: False)
    # Checked again inside the write transaction: another window may have imported it meanwhile.
    if session.execute(select(BundleImport.id).where(BundleImport.bundle_id == bundle.bundle_id)).first():
        return ImportResult(bundle.bundle_id, bundle.device_code, bundle.sequence, already_imported=True)
    newest = session.execute(select(func.max(BundleImport.sequence))
                             .where(BundleImport.device_id == bundle.device_id)).scalar()
    if newest is not None and bundle.sequence <= newest:
        raise rejected("old")
    merger = _Merger(session, bundle, office_device_id)
    steps = (merger.tombstones, merger.records, merger.changes, merger.outcomes, merger.drafts, merger.audit_events)
    for done, step in enumerate(steps, start=1):
        if stop():
            raise BundleCancelled
        step()
        report(done, len(steps) + 1)
    hlc.observe(session, office_device_id, bundle.hlc_to)
    session.add(BundleImport(bundle_id=bundle.bundle_id, device_id=bundle.device_id, sequence=bundle.sequence,
                             hlc_to=bundle.hlc_to, counts=bundle.counts, sha256=bundle.sha256, imported_by=actor))
    result = merger.result
    audit.append(session, device_id=office_device_id, actor=actor, action="bundle.imported",
                 subject=str(bundle.bundle_id),
                 details={"device": bundle.device_code, "sequence": bundle.sequence, "added": result.added,
                          "updated": result.updated, "review": result.review, "not_applied": result.not_applied,
                          "erased": result.erased})
    if stop():
        raise BundleCancelled
    session.flush()
    report(len(steps) + 1, len(steps) + 1)
    logger.info("bundle %s from %s applied: added %s, review %d", bundle.bundle_id, bundle.device_code,
                result.added, result.review)
    return result
