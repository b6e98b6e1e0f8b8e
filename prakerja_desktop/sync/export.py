"""Export on an outreach laptop: everything written since the last acknowledged bundle, sealed for the office."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, select, true
from sqlalchemy.orm import Session

from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.storage import audit
from prakerja_desktop.storage.models import (
    AuditEvent,
    BundleExport,
    DraftRow,
    RecordChange,
    RecordRow,
    SyncTombstone,
    WaveOutcome,
    utcnow,
)
from prakerja_desktop.sync import bundle_format, hlc, keys, rows

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class BundleCancelled(Exception):
    """Staff pressed "Batal": nothing was written and no sequence number was used."""


@dataclass(frozen=True)
class ExportResult:
    """What a bundle holds (no personal data)."""

    path: Path
    bundle_id: uuid.UUID
    sequence: int
    counts: dict[str, int]
    size: int


def acked_position(session: Session) -> tuple[str, int]:
    """(clock, audit id) up to which the office has acknowledged this device's bundles."""
    row = session.execute(select(func.max(BundleExport.hlc_to), func.max(BundleExport.audit_to))
                          .where(BundleExport.acked_at.is_not(None))).one()
    return row[0] or "", row[1] or 0


def _in_range(column: Any, since: str, upto: str) -> Any:
    """Written after `since` and up to `upto`; before the first acknowledgement also rows from before
    version 0003 (their clock is "")."""
    return and_(column > since if since else true(), column <= upto)


def _changed(session: Session, model: Any, since: str, upto: str) -> list[dict[str, Any]]:
    table = model.__table__
    query = select(table).where(_in_range(table.c.hlc, since, upto)).order_by(table.c.id)
    return [dict(r) for r in session.execute(query).mappings()]


def _with_record_uuid(session: Session, model: Any, since: str, upto: str) -> list[dict[str, Any]]:
    table = model.__table__
    query = (select(table, RecordRow.uuid.label("record_uuid")).join(RecordRow, RecordRow.id == table.c.record_id)
             .where(_in_range(table.c.hlc, since, upto)).order_by(table.c.id))
    return [dict(r) for r in session.execute(query).mappings()]


def export_bundle(session: Session, device_id: uuid.UUID, device_code: str, out: Path, *,
                  actor: str = "system", progress: Progress | None = None,
                  cancelled: Callable[[], bool] | None = None) -> ExportResult:
    """Write the bundle file (inside the caller's write transaction, so the ledger row and file agree)."""
    office = keys.paired_office(session)
    if office is None:
        raise UserInputError(_("Laptop ini belum dipasangkan dengan kantor. Terima dulu berkas kunci kantor "
                               "(menu Sinkronisasi, atau: python main.py pairing accept BERKAS)."))
    device = keys.device_keys(session, device_id)
    since, audit_since = acked_position(session)
    upto = hlc.tick(session, device_id)
    stop = cancelled or (lambda: False)
    report = progress or (lambda _done, _total: None)
    steps = 7
    tables: dict[str, list[dict[str, Any]]] = {}
    tables["records"] = _changed(session, RecordRow, since, upto)
    report(1, steps)
    tables["drafts"] = _changed(session, DraftRow, since, upto)
    tables["record_changes"] = _with_record_uuid(session, RecordChange, since, upto)
    tables["wave_outcomes"] = _with_record_uuid(session, WaveOutcome, since, upto)
    tables["tombstones"] = _changed(session, SyncTombstone, since, upto)  # erasures travel to the office
    audit_rows = [dict(r) for r in session.execute(
        select(AuditEvent.__table__).where(AuditEvent.id > audit_since).order_by(AuditEvent.id)).mappings()]
    for row in audit_rows:
        row["source_id"] = row["id"]
    tables["audit_events"] = audit_rows
    audit_to = audit_rows[-1]["id"] if audit_rows else audit_since
    report(2, steps)
    if stop():
        raise BundleCancelled
    payload = json.dumps({name: rows.encode(name, tables[name]) for name in bundle_format.TABLES},
                         separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    report(4, steps)
    if stop():
        raise BundleCancelled
    sequence = int(session.execute(select(func.coalesce(func.max(BundleExport.sequence), 0))).scalar_one()) + 1
    bundle_id = uuid.uuid4()
    counts = {name: len(tables[name]) for name in bundle_format.TABLES}
    header = {
        "bundle_id": str(bundle_id), "device_id": str(device_id), "device_code": device_code,
        "office_id": str(office.device_id), "sequence": sequence, "hlc_from": since, "hlc_to": upto,
        "audit_from": audit_since, "audit_to": audit_to, "created_at": utcnow().isoformat(), "counts": counts,
    }
    data = bundle_format.seal_bundle(header, payload, device.sign, keys.unb64(office.box_public))
    report(6, steps)
    if stop():
        raise BundleCancelled

    digest = hashlib.sha256(data).hexdigest()
    session.add(BundleExport(bundle_id=bundle_id, sequence=sequence, hlc_from=since, hlc_to=upto,
                             audit_to=audit_to, counts=counts, sha256=digest))
    audit.append(session, device_id=device_id, actor=actor, action="bundle.exported", subject=str(bundle_id),
                 details={"sequence": sequence, **counts})
    session.flush()
    write_file(out, data)
    report(steps, steps)
    logger.info("bundle %s (sequence %d) written: %s", bundle_id, sequence, counts)
    return ExportResult(out, bundle_id, sequence, counts, len(data))


def write_file(path: Path, data: bytes) -> None:
    """Write next to the target, fsync, then rename: a pulled USB stick leaves no half file under the name."""
    path = Path(path)
    part = path.with_name(path.name + ".part")
    with part.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    part.replace(path)
