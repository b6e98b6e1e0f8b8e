"""The receipt key list: the office signs which device keys may sign receipts, and from/until which day.

Document (JSON; docs/receipt-format.md):

    {"format": "prakerja-receipt-keys", "version": 1, "list": {...}, "signature": "<base64>"}

"list" holds office_id, office_name, office_public (base64), issued_at (UTC ISO) and "keys": each
{key_id, public, device_id, device_code, device_name, valid_from, withdrawn_from} (days "YYYY-MM-DD" or
null). The signature is the office key's Ed25519 signature of the list as canonical JSON (keys sorted,
no spaces, ASCII). The office's own key is always on it (valid from the start, never withdrawn here).

The office builds its list from its database; a laptop keeps the newest list its office sent with an
acknowledgement and trusts nothing else (apart from its own key and its office's key).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from prakerja_desktop import settings_registry
from prakerja_desktop.receipts.proof import key_id_of, legacy_key_id_of
from prakerja_desktop.security import office_key
from prakerja_desktop.storage.models import ReceiptKey, utcnow
from prakerja_desktop.sync import keys as sync_keys

FORMAT = "prakerja-receipt-keys"
SETTING = "receipt_key_list"  # on a laptop: the newest signed list from its office
MAX_DOCUMENT_BYTES = 512 * 1024


class KeyListError(ValueError):
    """Not a key list, or not signed by the expected office key."""


@dataclass(frozen=True)
class Entry:
    """One key that may sign receipts, and the days it may."""

    key_id: str
    public: bytes
    device_id: str
    device_code: str
    device_name: str
    valid_from: date | None = None
    withdrawn_from: date | None = None

    @property
    def legacy_key_id(self) -> str:
        """The id this key has in version 1 codes."""
        return legacy_key_id_of(self.public)

    def valid_on(self, day: date) -> str:
        """"" if a receipt of this day may carry this key's signature, else "withdrawn_key" / "key_not_yet_valid"."""
        if self.withdrawn_from is not None and day >= self.withdrawn_from:
            return "withdrawn_key"
        if self.valid_from is not None and day < self.valid_from:
            return "key_not_yet_valid"
        return ""

    def verify(self, signature: bytes, message: bytes) -> bool:
        """True if the signature is this key's; never raises."""
        return office_key.OfficeKey(public=Ed25519PublicKey.from_public_bytes(self.public)).verify(signature, message)

    def to_json(self) -> dict[str, Any]:
        return {"key_id": self.key_id, "public": sync_keys.b64(self.public), "device_id": self.device_id,
                "device_code": self.device_code, "device_name": self.device_name,
                "valid_from": _day_text(self.valid_from), "withdrawn_from": _day_text(self.withdrawn_from)}


@dataclass(frozen=True)
class KeyList:
    """The keys an office vouches for."""

    office_id: str
    office_name: str
    office_public: bytes
    issued_at: str
    entries: tuple[Entry, ...]

    def find(self, key_id: str) -> Entry | None:
        """The entry of a version 2 key id."""
        return next((e for e in self.entries if e.key_id == key_id), None)

    def to_json(self) -> dict[str, Any]:
        return {"office_id": self.office_id, "office_name": self.office_name,
                "office_public": sync_keys.b64(self.office_public), "issued_at": self.issued_at,
                "keys": [e.to_json() for e in self.entries]}


def canonical(value: Any) -> bytes:
    """The bytes that are signed: JSON with sorted keys, no spaces, ASCII only."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _day_text(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(value: object) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise KeyListError("day")
    return date.fromisoformat(value)


def office_entry(public: bytes, office_name: str) -> Entry:
    """The office's own key as a list entry."""
    return Entry(key_id_of(public), public, str(sync_keys.office_id_of(public)), "", office_name)


def build(session: Session, office_public: bytes, office_name: str) -> KeyList:
    """The office's current list, from its database (read-only: the key must exist already)."""
    entries = [office_entry(office_public, office_name)]
    for row in session.execute(select(ReceiptKey).order_by(ReceiptKey.id)).scalars():
        entries.append(Entry(row.key_id, sync_keys.unb64(row.public), str(row.device_id), row.device_code,
                             row.device_name, row.valid_from, row.withdrawn_from))
    return KeyList(str(sync_keys.office_id_of(office_public)), office_name, office_public,
                   utcnow().replace(microsecond=0).isoformat() + "Z", tuple(entries))


def signed_document(keylist: KeyList, key: office_key.OfficeKey) -> dict[str, Any]:
    """The list with the office key's signature."""
    body = keylist.to_json()
    return {"format": FORMAT, "version": 1, "list": body, "signature": sync_keys.b64(key.sign(canonical(body)))}


def read_document(doc: Any, office_public: bytes | None = None) -> KeyList:
    """A signed list, checked against `office_public` (or the key it names, when None); KeyListError if not."""
    try:
        if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("version") != 1:
            raise KeyListError("not a receipt key list")
        body = doc["list"]
        public = sync_keys.unb64(body["office_public"])
        if office_public is not None and public != office_public:
            raise KeyListError("another office")
        signature = sync_keys.unb64(doc["signature"], 64)
        if not office_key.OfficeKey(public=Ed25519PublicKey.from_public_bytes(public)).verify(
                signature, canonical(body)):
            raise KeyListError("signature")
        entries = []
        for item in body["keys"]:
            raw = sync_keys.unb64(item["public"])
            if item["key_id"] != key_id_of(raw):
                raise KeyListError("key id")
            entries.append(Entry(item["key_id"], raw, str(item["device_id"]), str(item["device_code"])[:8],
                                 str(item["device_name"])[:200], _day(item.get("valid_from")),
                                 _day(item.get("withdrawn_from"))))
        return KeyList(str(body["office_id"]), str(body["office_name"])[:200], public, str(body["issued_at"]),
                       tuple(entries))
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, KeyListError):
            raise
        raise KeyListError("malformed") from exc


def store_received(session: Session, doc: Any, office_public: bytes) -> bool:
    """Keep a list the office sent (on a laptop) if it is genuine and not older than the one kept."""
    incoming = read_document(doc, office_public)
    kept = settings_registry.stored(session, SETTING)
    if isinstance(kept, dict):
        try:
            if read_document(kept, office_public).issued_at > incoming.issued_at:
                return False
        except KeyListError:
            pass  # a damaged or other office's list is replaced
    settings_registry.write(session, SETTING, doc)
    return True


def trusted(session: Session, device_id: uuid.UUID, device_code: str, office_name: str) -> KeyList | None:
    """The keys this device trusts: its office's current signed list (or, at the office, its own list).

    A laptop also trusts its own key (unless its office's list withdraws it) and its office's key. None when
    this database has no key at all yet.
    """
    own = office_key.load_public(session)  # at the office: the office key; on a laptop: its receipt key
    office = sync_keys.paired_office(session)
    if office is None:  # the office (or a PC never paired): its database is the list
        return None if own is None else build(session, own.public_bytes, office_name)
    office_public = sync_keys.unb64(office.sign_public)
    keylist = None
    stored = settings_registry.stored(session, SETTING)
    if isinstance(stored, dict):
        try:
            keylist = read_document(stored, office_public)
        except KeyListError:
            keylist = None
    if keylist is None:
        keylist = KeyList(str(office.device_id), office.name, office_public, "",
                          (office_entry(office_public, office.name),))
    if own is not None and keylist.find(key_id_of(own.public_bytes)) is None:
        mine = Entry(key_id_of(own.public_bytes), own.public_bytes, str(device_id), device_code, device_code)
        keylist = replace(keylist, entries=(*keylist.entries, mine))
    return keylist


def add_device_key(session: Session, card: sync_keys.PairingCard, day: date) -> ReceiptKey | None:
    """List a paired laptop's receipt key (once; a new key on re-pairing is added, the old one stays)."""
    if card.role != "laptop" or not card.receipt_public:
        return None
    key_id = key_id_of(card.receipt_public)
    row = session.execute(select(ReceiptKey).where(ReceiptKey.key_id == key_id)).scalar_one_or_none()
    if row is not None:
        if sync_keys.unb64(row.public) != card.receipt_public:
            raise KeyListError("key id collision")  # 1 in 33 million: the laptop must make a new key
        row.device_code, row.device_name = card.code, card.name
        return row
    row = ReceiptKey(key_id=key_id, public=sync_keys.b64(card.receipt_public), device_id=card.device_id,
                     device_code=card.code, device_name=card.name, valid_from=day)
    session.add(row)
    session.flush()
    return row


def withdraw(session: Session, device: str, day: date) -> list[ReceiptKey]:
    """Withdraw a device's receipt keys from a day (device code, device id or key id); the rows changed."""
    wanted = device.strip()
    found = []
    for row in session.execute(select(ReceiptKey).order_by(ReceiptKey.id)).scalars():
        if wanted.upper() in (row.device_code.upper(), row.key_id.upper()) or wanted.lower() == str(row.device_id):
            row.withdrawn_from = day
            found.append(row)
    session.flush()
    return found

