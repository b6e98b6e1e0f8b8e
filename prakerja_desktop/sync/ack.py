"""Acknowledgements: the office signs what it received; the laptop marks it delivered and may purge it.

Purging removes, after the office has confirmed them, the records (with their history and outcomes)
and drafts whose last write is covered by the acknowledged bundle. Anything written on the laptop after
that bundle stays and goes in the next one. The laptop's audit log keeps a "bundle.purged" event.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, exists, func, not_, or_, select, update
from sqlalchemy.orm import Session

from prakerja_desktop import settings_registry
from prakerja_desktop.i18n import _
from prakerja_desktop.receipts import keylist
from prakerja_desktop.storage import audit
from prakerja_desktop.storage.models import (
    BundleExport,
    BundleImport,
    DraftRow,
    RecordChange,
    RecordRow,
    WaveOutcome,
    utcnow,
)
from prakerja_desktop.sync import bundle_format, hlc, keys
from prakerja_desktop.sync.bundle_format import field as manifest_field
from prakerja_desktop.sync.bundle_format import rejected

logger = logging.getLogger(__name__)

@dataclass(frozen=True)
class AckResult:
    """What an acknowledgement did on the laptop."""

    bundle_id: uuid.UUID
    sequence: int
    already: bool
    purged_records: int = 0
    purged_drafts: int = 0


def make_ack(session: Session, office_device_id: uuid.UUID, imported: BundleImport) -> bytes:
    """The signed acknowledgement of one imported bundle (the office's clock goes with it)."""
    office = keys.office_keys(session, office_device_id)
    office_name = settings_registry.read(session, "office_name") or _("Dinas Tenaga Kerja")
    header = {
        "office_id": str(office.office_id), "device_id": str(imported.device_id),
        "bundle_id": str(imported.bundle_id), "sequence": imported.sequence, "hlc_to": imported.hlc_to,
        "bundle_sha256": imported.sha256, "office_hlc": hlc.current(session, office_device_id),
        "imported_at": imported.imported_at.isoformat(), "counts": imported.counts,
        # The office's current receipt key list travels with every acknowledgement (issue 15).
        "receipt_keys": keylist.signed_document(keylist.build(session, office.sign.public_bytes, office_name),
                                                office.sign),
    }
    return bundle_format.seal_ack(header, office.sign.sign)


def apply_ack(session: Session, data: bytes, device_id: uuid.UUID, *, purge: bool,
              actor: str = "system") -> AckResult:
    """Check an acknowledgement and mark the bundle delivered (inside the caller's write transaction)."""
    envelope = bundle_format.split(data, bundle_format.ACK_MAGIC)
    header = envelope.header
    bundle_format.check_version(header, "ack")
    try:
        office_id = uuid.UUID(manifest_field(header, "office_id", str))
        for_device = uuid.UUID(manifest_field(header, "device_id", str))
        bundle_id = uuid.UUID(manifest_field(header, "bundle_id", str))
    except ValueError as exc:
        raise rejected("corrupted") from exc
    office = keys.paired(session, office_id)
    if office is None and keys.has_office_keys(session):  # an office importing an acknowledgement it made
        raise rejected("ack_on_office")
    if office is None or office.role != "office":
        raise rejected("ack_unknown_office")
    bundle_format.verify_signature(envelope, keys.unb64(office.sign_public))
    if for_device != device_id:
        raise rejected("ack_other_device")
    export = session.execute(select(BundleExport).where(BundleExport.bundle_id == bundle_id)).scalar_one_or_none()
    if export is None or export.sha256 != header.get("bundle_sha256"):
        raise rejected("ack_unknown_bundle")
    return acknowledge(session, export, header, keys.unb64(office.sign_public), device_id, purge=purge,
                       actor=actor)


def acknowledge(session: Session, export: BundleExport, header: dict[str, Any], office_public: bytes,
                device_id: uuid.UUID, *, purge: bool, actor: str) -> AckResult:
    """Mark a checked bundle delivered (an acknowledgement's or a return bundle's header), purge if asked."""
    bundle_id = export.bundle_id
    hlc.observe(session, device_id, str(header.get("office_hlc", "")))
    doc = header.get("receipt_keys")
    # The office's receipt key list (acknowledgements before issue 15 have none); the same list again
    # writes nothing, so applying a return bundle twice leaves the database as it was.
    if doc is not None and settings_registry.stored(session, "receipt_key_list") != doc:
        try:
            keylist.store_received(session, doc, office_public)
        except keylist.KeyListError as exc:
            logger.warning("the receipt key list from the office was refused: %s", exc)
    if export.acked_at is not None and (not purge or export.purged_at is not None):
        return AckResult(bundle_id, export.sequence, already=True)
    now = utcnow()
    # Everything this bundle covered, and every earlier bundle, has reached the office.
    session.execute(update(BundleExport).where(BundleExport.sequence <= export.sequence,
                                               BundleExport.acked_at.is_(None)).values(acked_at=now))
    purged: dict[str, Any] = {"records": 0, "drafts": 0}
    if purge:
        purged = purge_delivered(session, export.hlc_to)
        session.execute(update(BundleExport).where(BundleExport.sequence <= export.sequence,
                                                   BundleExport.purged_at.is_(None)).values(purged_at=now))
    audit.append(session, device_id=device_id, actor=actor, action="bundle.acknowledged", subject=str(bundle_id),
                 details={"sequence": export.sequence, "purged": purged})
    return AckResult(bundle_id, export.sequence, already=False, purged_records=purged["records"],
                     purged_drafts=purged["drafts"])


def purge_delivered(session: Session, upto: str) -> dict[str, int]:
    """Delete the personal data the office has confirmed (history and outcomes follow by cascade)."""
    # A record whose history or outcomes changed after the bundle stays until those are delivered too.
    later = or_(
        exists().where(RecordChange.record_id == RecordRow.id, RecordChange.hlc > upto),
        exists().where(WaveOutcome.record_id == RecordRow.id, WaveOutcome.hlc > upto),
    )
    delivered = and_(RecordRow.hlc <= upto, not_(later))
    records = int(session.execute(select(func.count()).select_from(RecordRow).where(delivered)).scalar_one())
    session.execute(delete(RecordRow).where(delivered))
    drafts = int(session.execute(select(func.count()).select_from(DraftRow).where(DraftRow.hlc <= upto)).scalar_one())
    session.execute(delete(DraftRow).where(DraftRow.hlc <= upto))
    logger.info("purged %d records and %d drafts delivered to the office", records, drafts)
    return {"records": records, "drafts": drafts}
