"""Return bundles: the office's answer to a laptop's bundle, signed by the office and encrypted to the laptop.

It replaces the bare acknowledgement (PKJACK0001, still read) and the separate office package (.pkjo,
still read). Its header is the acknowledgement (bundle id, sequence, SHA-256 of the bundle, the office's
clock, the signed receipt key list); its sealed body holds what the office knows about the laptop's own
records: tombstones (erasures and retention purges), staff decisions in the review queue, corrections
(history entries made elsewhere) and wave outcomes written elsewhere, and the office package (rule sets,
the registration status). It carries the office's current state, not a diff, so a lost return bundle
loses nothing and an older one applied after a newer one changes nothing.

The laptop applies it in one transaction and idempotently (applying it twice leaves the same database):
tombstones are merged (the earliest by clock wins), decisions are kept by case id, corrections and
outcomes go through the same last-writer-wins merge as at the office (known UUIDs are skipped, a row
older by clock loses).
"""

from __future__ import annotations

import base64
import json
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, not_, select, update
from sqlalchemy.orm import Session

from prakerja_desktop import settings_registry
from prakerja_desktop.i18n import _
from prakerja_desktop.receipts import keylist
from prakerja_desktop.storage.models import (
    BundleExport,
    BundleImport,
    ReceivedDecision,
    RecordChange,
    RecordRow,
    ReviewItem,
    SyncTombstone,
    WaveOutcome,
)
from prakerja_desktop.sync import ack, apply, bundle_format, hlc, keys, rows, tombstones
from prakerja_desktop.sync.bundle_format import field as manifest_field
from prakerja_desktop.sync.bundle_format import rejected

logger = logging.getLogger(__name__)

RETURN_TABLES = ("tombstones", "decisions", "record_changes", "wave_outcomes")
MAX_PACKAGE = 16 * 1024 * 1024


@dataclass(frozen=True)
class OpenedReturn:
    """A return bundle whose signature, addressee and content are checked; nothing applied yet."""

    export_id: int
    header: dict[str, Any]
    office_public: bytes
    tables: dict[str, list[dict[str, Any]]]
    package: bytes  # the office package (PKJOFFICE1), applied by the rule book


@dataclass
class ReturnResult:
    """What a return bundle did on the laptop (counts only)."""

    ack: ack.AckResult
    erased: int = 0
    decisions: int = 0
    corrections: int = 0
    outcomes: int = 0
    rules_applied: bool = False
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def sequence(self) -> int:
        """The sequence of the bundle the office answered."""
        return self.ack.sequence


# --- at the office ---------------------------------------------------------------------------------


def _of_device(session: Session, device_id: uuid.UUID) -> dict[str, list[dict[str, Any]]]:
    """Everything the office knows about the records this laptop made, written elsewhere."""
    suffix = f"%{device_id.hex}"
    tables: dict[str, list[dict[str, Any]]] = {}
    tables["tombstones"] = [dict(r) for r in session.execute(
        select(SyncTombstone.__table__).where(SyncTombstone.origin_device_id == device_id)
        .order_by(SyncTombstone.hlc, SyncTombstone.uuid)).mappings()]
    tables["decisions"] = [
        {"uuid": item.uuid, "record_uuid": item.incoming_uuid, "kept_uuid": item.existing_uuid,
         "decision": item.decision, "decided_at": item.decided_at}
        for item in session.execute(select(ReviewItem).where(
            ReviewItem.incoming_device_id == device_id, ReviewItem.status == "decided")
            .order_by(ReviewItem.uuid)).scalars()]
    tables["record_changes"] = _on_own_records(session, RecordChange, RecordChange.device_id != device_id, device_id)
    tables["wave_outcomes"] = _on_own_records(session, WaveOutcome, not_(WaveOutcome.hlc.like(suffix)), device_id)
    return tables


def _on_own_records(session: Session, model: Any, written_elsewhere: Any, device_id: uuid.UUID) -> list[dict[str, Any]]:
    """History or outcome rows written elsewhere on records this laptop made, with their record's UUID.

    In two steps: the (narrow) rows written elsewhere, then their records by primary key. records.device_id
    has no index, and a join may scan every wide, encrypted record row of a big office (seconds)."""
    found = [dict(r) for r in session.execute(select(model.__table__).where(written_elsewhere)).mappings()]
    owners: dict[int, uuid.UUID] = {}
    ids = sorted({r["record_id"] for r in found})
    for start in range(0, len(ids), apply.CHUNK):
        owners.update(session.execute(select(RecordRow.id, RecordRow.uuid).where(
            RecordRow.id.in_(ids[start:start + apply.CHUNK]), RecordRow.device_id == device_id)).all())
    kept = [{**r, "record_uuid": owners[r["record_id"]]} for r in found if r["record_id"] in owners]
    return sorted(kept, key=lambda r: (r["hlc"], str(r["uuid"])))


def make_return(session: Session, office_device_id: uuid.UUID, imported: BundleImport, package: bytes) -> bytes:
    """The signed, encrypted return bundle for the laptop whose bundle was imported (office side)."""
    office = keys.office_keys(session, office_device_id)
    laptop = keys.paired(session, imported.device_id)
    if laptop is None:
        raise rejected("unknown_device")
    office_name = settings_registry.read(session, "office_name") or _("Dinas Tenaga Kerja")
    tables = _of_device(session, imported.device_id)
    payload: dict[str, Any] = {name: rows.encode(name, tables[name]) for name in RETURN_TABLES}
    payload["office_package"] = base64.b64encode(package).decode("ascii")
    plain = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    header = {
        "bundle_id": str(uuid.uuid4()), "office_id": str(office.office_id), "device_id": str(imported.device_id),
        "answers": str(imported.bundle_id), "sequence": imported.sequence, "hlc_to": imported.hlc_to,
        "bundle_sha256": imported.sha256, "office_hlc": hlc.current(session, office_device_id),
        "imported_at": imported.imported_at.isoformat(), "counts": imported.counts,
        "return_counts": {name: len(tables[name]) for name in RETURN_TABLES},
        "receipt_keys": keylist.signed_document(keylist.build(session, office.sign.public_bytes, office_name),
                                                office.sign),
    }
    return bundle_format.seal_bundle(header, plain, office.sign, keys.unb64(laptop.box_public),
                                     magic=bundle_format.RETURN_MAGIC, kind="return")


# --- on the laptop ---------------------------------------------------------------------------------


def open_return(session: Session, data: bytes, device_id: uuid.UUID) -> OpenedReturn:
    """Check a return bundle completely (inside the caller's write transaction: the laptop's box key is read)."""
    envelope = bundle_format.split(data, bundle_format.RETURN_MAGIC)
    header = envelope.header
    bundle_format.check_version(header, "return")
    try:
        office_id = uuid.UUID(manifest_field(header, "office_id", str))
        for_device = uuid.UUID(manifest_field(header, "device_id", str))
        answers = uuid.UUID(manifest_field(header, "answers", str))
    except ValueError as exc:
        raise rejected("corrupted") from exc
    office = keys.paired(session, office_id)
    if office is None and keys.has_office_keys(session):  # an office opening a return bundle it made
        raise rejected("return_on_office")
    if office is None or office.role != "office":
        raise rejected("ack_unknown_office")
    office_public = keys.unb64(office.sign_public)
    bundle_format.verify_signature(envelope, office_public)
    if for_device != device_id:
        raise rejected("ack_other_device")
    export = session.execute(select(BundleExport).where(BundleExport.bundle_id == answers)).scalar_one_or_none()
    if export is None or export.sha256 != header.get("bundle_sha256"):
        raise rejected("ack_unknown_bundle")
    plain = bundle_format.open_body(envelope, keys.device_keys(session, device_id).box)
    try:
        doc = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise rejected("corrupted") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("office_package"), str):
        raise rejected("corrupted")
    tables = {name: rows.decode(name, doc.get(name)) for name in RETURN_TABLES}
    counts = manifest_field(header, "return_counts", dict)
    if any(counts.get(name) != len(tables[name]) for name in RETURN_TABLES):
        raise rejected("corrupted")
    try:
        package = base64.b64decode(doc["office_package"], validate=True)
    except ValueError as exc:
        raise rejected("corrupted") from exc
    if len(package) > MAX_PACKAGE:
        raise rejected("too_big")
    return OpenedReturn(export.id, header, office_public, tables, package)


def apply_return(session: Session, opened: OpenedReturn, device_id: uuid.UUID, *, purge: bool,
                 actor: str = "system") -> ReturnResult:
    """Mark the bundle delivered, purge if asked, then take the office's news (caller's write transaction)."""
    export = session.get(BundleExport, opened.export_id)
    assert export is not None  # checked by open_return in this same transaction
    marked = ack.acknowledge(session, export, opened.header, opened.office_public, device_id, purge=purge,
                             actor=actor)
    tables = opened.tables
    result = ReturnResult(marked, counts={name: len(tables[name]) for name in RETURN_TABLES})
    named = tombstones.merge(session, tables["tombstones"])
    result.erased = tombstones.enforce(session, named)
    result.decisions = _keep_decisions(session, tables["decisions"])
    # Corrections and outcomes merge exactly as at the office (by UUID, last writer by clock wins).
    news = apply.OpenedBundle(export.bundle_id, device_id, "", export.sequence, "", "", {},
                              {"records": [], "drafts": [], "record_changes": tables["record_changes"],
                               "wave_outcomes": tables["wave_outcomes"], "audit_events": [], "tombstones": []})
    merger = apply._Merger(session, news, device_id)
    merger.dead = tombstones.dead(session, {r["record_uuid"] for n in ("record_changes", "wave_outcomes")
                                            for r in tables[n]})
    merger.changes()
    merger.outcomes()
    result.corrections = merger.result.added.get("record_changes", 0)
    result.outcomes = merger.result.added.get("wave_outcomes", 0) + merger.result.updated.get("wave_outcomes", 0)
    session.flush()
    logger.info("return bundle for bundle %d applied: %d erased, %d decisions, %d corrections, %d outcomes",
                export.sequence, result.erased, result.decisions, result.corrections, result.outcomes)
    return result


def _keep_decisions(session: Session, incoming: list[dict[str, Any]]) -> int:
    """Keep the office's review decisions on this laptop's records (by case id; the same again writes nothing)."""
    here = {row.uuid: row for row in session.execute(select(ReceivedDecision).where(
        ReceivedDecision.uuid.in_([d["uuid"] for d in incoming]))).scalars()} if incoming else {}
    fresh, changed = [], 0
    for decision in incoming:
        row = here.get(decision["uuid"])
        if row is None:
            fresh.append(decision)
            continue
        values = {k: v for k, v in decision.items() if k != "uuid" and getattr(row, k) != v}
        if values:
            session.execute(update(ReceivedDecision).where(ReceivedDecision.id == row.id).values(**values))
            changed += 1
    if fresh:
        session.execute(insert(ReceivedDecision.__table__), fresh)
    return len(fresh) + changed
