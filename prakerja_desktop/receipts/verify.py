"""Checking a receipt code: genuine and here, genuine but not on this computer, or not genuine (and why)."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from prakerja_desktop.domain import fields as catalogue
from prakerja_desktop.receipts import proof
from prakerja_desktop.receipts.keylist import Entry, KeyList
from prakerja_desktop.storage import records
from prakerja_desktop.storage.models import ReceiptAlias, RecordRow

GENUINE, GENUINE_NOT_HERE, NOT_GENUINE = "genuine", "genuine_not_here", "not_genuine"
# Why a code is not genuine: "format" (not a whole, canonical code), "signature" (changed or forged),
# "unknown_key" (no key on the office's list), "withdrawn_key" (the key was withdrawn before that day),
# "key_not_yet_valid" (dated before the key was listed).
REASONS = ("format", "signature", "unknown_key", "withdrawn_key", "key_not_yet_valid")


@dataclass(frozen=True)
class Verdict:
    """The answer for one code, with what the code says (to compare with the person's KTP)."""

    status: str
    reason: str = ""
    receipt_number: str = ""
    issued: date | None = None
    masked_nik: str = ""
    initials: str = ""
    version: int = 0
    key_id: str = ""
    device_code: str = ""
    device_name: str = ""
    office_name: str = ""
    record_uuid: uuid.UUID | None = None
    via_alias: str = ""  # "", or why the number now finds another record ("review", "merged", "replaced")
    record_differs: bool = False  # genuine, but the record here with this number does not match it

    @property
    def genuine(self) -> bool:
        return self.status in (GENUINE, GENUINE_NOT_HERE)

    def to_json(self) -> dict[str, Any]:
        """For `verify --json`: plain values, nothing beyond what the paper shows."""
        doc = asdict(self)
        doc["issued"] = self.issued.isoformat() if self.issued else None
        doc["record_uuid"] = str(self.record_uuid) if self.record_uuid else None
        return doc


def check(text: str, keylist: KeyList | None) -> Verdict:
    """The signature answer alone (no database): GENUINE_NOT_HERE when genuine, else NOT_GENUINE."""
    try:
        code = proof.parse(text)
    except proof.FormatError:
        return Verdict(NOT_GENUINE, "format")
    said = Verdict(NOT_GENUINE, "", code.receipt_number, code.issued, code.masked_nik, code.initials,
                   code.version, code.key_id, code.receipt_number.split("-", 1)[0],
                   office_name=keylist.office_name if keylist else "")
    entry, message = _entry_of(code, keylist)
    if entry is None:
        return replace(said, reason="unknown_key")
    said = replace(said, key_id=code.key_id or entry.legacy_key_id, device_name=entry.device_name)
    if not entry.verify(code.signature, message):
        return replace(said, reason="signature")
    if reason := entry.valid_on(code.issued):
        return replace(said, reason=reason)
    return replace(said, status=GENUINE_NOT_HERE)


def _entry_of(code: proof.Code, keylist: KeyList | None) -> tuple[Entry | None, bytes]:
    """The listed key a code names, and the message it signed (version 1: the key whose signature fits)."""
    if keylist is None:
        return None, b""
    if code.version == 2:
        return keylist.find(code.key_id), code.message
    for entry in keylist.entries:  # version 1 names no key: the signature itself tells which one
        message = proof.legacy_message(code, entry.legacy_key_id)
        if entry.verify(code.signature, message):
            return entry, message
    return (keylist.entries[0], b"") if keylist.entries else (None, b"")


def record_of(session: Session, receipt_number: str) -> tuple[RecordRow | None, str]:
    """The record a receipt number finds here, directly or through an alias (and the alias's reason)."""
    row = records.by_receipt(session, receipt_number)
    if row is not None:
        return row, ""
    alias = session.execute(select(ReceiptAlias).where(ReceiptAlias.receipt_number == receipt_number)
                            ).scalar_one_or_none()
    if alias is None:
        return None, ""
    return records.by_uuid(session, alias.record_uuid), alias.reason


def differs(verdict: Verdict, row: RecordRow, days: set[date], via_alias: str) -> bool:
    """True if the record here is not quite the one the code describes (day; NIK and initials in version 2).

    A merged or parked number finds the surviving record, whose day and spelling may differ: not counted.
    """
    if via_alias:
        return False
    if verdict.issued not in days:
        return True
    if verdict.version == 1:
        return False
    return (catalogue.mask("nik", row.nik) != verdict.masked_nik
            or proof.initials(row.full_name or "") != verdict.initials)
