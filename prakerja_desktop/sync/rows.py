"""Table rows to and from the bundle's JSON: columns by name, local integer keys replaced by UUIDs.

A table travels as {"columns": [...], "rows": [[...], ...]}: smaller and faster to read than one
object per row. Decoding is strict (types checked per column): a bundle is signed, but a bug or a
compromised laptop must still not put garbage in the office database.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String, Table, Uuid

from prakerja_desktop.storage.models import (
    AuditEvent,
    DraftRow,
    ReceivedDecision,
    RecordChange,
    RecordRow,
    SyncTombstone,
    WaveOutcome,
)
from prakerja_desktop.sync.bundle_format import rejected

# Local keys that do not travel (they mean nothing in another database).
_LOCAL = {"id", "entered_by_id", "changed_by_id", "record_id",
          "follow_up", "reason_codes"}  # derived by the receiving database (storage/facts.py)
TABLE_OF: dict[str, Table] = {
    "records": RecordRow.__table__, "drafts": DraftRow.__table__, "record_changes": RecordChange.__table__,
    "wave_outcomes": WaveOutcome.__table__, "audit_events": AuditEvent.__table__,
    "tombstones": SyncTombstone.__table__, "decisions": ReceivedDecision.__table__,
}


def columns(name: str) -> list[str]:
    """The columns of a table that travel, in bundle order (plus record_uuid / source_id)."""
    names = [c.name for c in TABLE_OF[name].columns if c.name not in _LOCAL]
    if name in ("record_changes", "wave_outcomes"):
        names.append("record_uuid")
    if name == "audit_events":
        names.append("source_id")
    return names


def _encoder(column: Any) -> Callable[[Any], Any] | None:
    kind = column.type
    if isinstance(kind, Uuid):
        return str
    if isinstance(kind, DateTime | Date):
        return lambda value: value.isoformat()
    return None


def encode(name: str, rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A table's rows (dicts by column name) as bundle JSON."""
    names = columns(name)
    table = TABLE_OF[name]
    encoders = [_encoder(table.columns[n]) if n in table.columns else str for n in names]
    if name == "audit_events":
        encoders[names.index("source_id")] = None
    out = []
    for row in rows:
        out.append([None if (value := row[n]) is None else (enc(value) if enc else value)
                    for n, enc in zip(names, encoders, strict=True)])
    return {"columns": names, "rows": out}


def _decoder(column: Any) -> Callable[[Any], Any]:
    kind, nullable = column.type, column.nullable

    def check(test: Callable[[Any], bool], convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def decode(value: Any) -> Any:
            if value is None:
                if nullable:
                    return None
                raise ValueError(column.name)
            if not test(value):
                raise ValueError(column.name)
            return convert(value)
        return decode

    if isinstance(kind, Uuid):
        return check(lambda v: isinstance(v, str) and len(v) == 36, uuid.UUID)
    if isinstance(kind, DateTime):
        return check(lambda v: isinstance(v, str) and len(v) <= 32, datetime.fromisoformat)
    if isinstance(kind, Date):
        return check(lambda v: isinstance(v, str) and len(v) == 10, date.fromisoformat)
    if isinstance(kind, Boolean):
        return check(lambda v: isinstance(v, bool), bool)
    if isinstance(kind, Integer):
        return check(lambda v: isinstance(v, int) and not isinstance(v, bool) and abs(v) < 2**62, int)
    if isinstance(kind, String):
        limit = kind.length or 10_000
        return check(lambda v: isinstance(v, str) and len(v) <= limit, str)
    if isinstance(kind, JSON):
        return lambda v: v
    raise TypeError(f"no decoder for {column.name}")


_UUID_DECODER = _decoder(RecordRow.__table__.columns["uuid"])


def decode(name: str, doc: Any) -> list[dict[str, Any]]:
    """Rows of one table from bundle JSON, typed for insert; a malformed table rejects the bundle."""
    try:
        if not isinstance(doc, dict) or doc.get("columns") != columns(name) or not isinstance(doc.get("rows"), list):
            raise ValueError(name)
        table = TABLE_OF[name]
        names = columns(name)
        decoders = []
        for n in names:
            if n == "record_uuid":
                decoders.append(_UUID_DECODER)
            elif n == "source_id":
                decoders.append(_decoder(table.columns["id"]))
            else:
                decoders.append(_decoder(table.columns[n]))
        width = len(names)
        out = []
        for raw in doc["rows"]:
            if not isinstance(raw, list) or len(raw) != width:
                raise ValueError(name)
            out.append({n: dec(v) for n, dec, v in zip(names, decoders, raw, strict=True)})
        return out
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        raise rejected("corrupted") from exc


def decode_field(field: str, value: Any) -> Any:
    """A record field's value from a history entry's JSON (dates come as text)."""
    column = RecordRow.__table__.columns[field]
    return _decoder(column)(value) if value is not None or column.nullable else value
