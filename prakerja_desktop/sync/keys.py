"""Key pairs and pairing files: who may send bundles to whom, agreed without a network.

- Each device has its own pair for bundles: Ed25519 (signs what it sends) and X25519 (receives
  acknowledgements' keys; kept for symmetry). They live in the settings table under the device's id.
- The office signs with its existing Ed25519 key (security/office_key.py) and receives bundles with an
  office X25519 key (setting "office_box_key"); both are shared by every PC on the office database.
- Pairing: each side writes a small JSON file with its public keys and a fingerprint, carried on a USB
  stick, or shows the same as a QR code (sync/pairing_code.py); the other side accepts it after comparing
  the fingerprint read aloud, by phone, or typed from the other screen.
- The office's card for one laptop also carries the receipt-number prefix it assigned to that laptop
  (sync/prefixes.py), signed with the office key and bound to the laptop's id and the code it had then.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import uuid
from dataclasses import dataclass, replace
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from sqlalchemy import select
from sqlalchemy.orm import Session

from prakerja_desktop import settings_registry
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.security import office_key
from prakerja_desktop.storage.models import PairedDevice

DEVICE_KEYS_PREFIX = "sync_device_keys:"  # + a device id (declared as a family in settings_registry)
OFFICE_NAMESPACE = uuid.UUID("6b0f5a3e-8f0e-4c53-9a64-2f1f6f0b7a11")
PAIRING_FORMAT = "prakerja-pairing"
MAX_PAIRING_BYTES = 4096
ROLES = ("laptop", "office")
ASSIGNMENT_CONTEXT = b"PKJPREFIX1|"


def b64(raw: bytes) -> str:
    """Standard base64 text."""
    return base64.b64encode(raw).decode("ascii")


def unb64(text: object, length: int = 32) -> bytes:
    """Raw bytes of base64 text of the given length; ValueError otherwise."""
    if not isinstance(text, str):
        raise ValueError("not text")
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ValueError("not base64") from exc
    if len(raw) != length:
        raise ValueError("wrong length")
    return raw


def _raw_private(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def raw_public(key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    """The raw 32-byte public key."""
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def fingerprint(sign_public: bytes, box_public: bytes) -> str:
    """20 characters in groups of four, for people to compare (base32 of SHA-256 of both keys)."""
    digest = base64.b32encode(hashlib.sha256(sign_public + box_public).digest()).decode("ascii")[:20]
    return " ".join(digest[i:i + 4] for i in range(0, 20, 4))


@dataclass(frozen=True)
class DeviceKeys:
    """This device's bundle keys."""

    sign: Ed25519PrivateKey
    box: X25519PrivateKey

    @property
    def sign_public(self) -> bytes:
        return raw_public(self.sign.public_key())

    @property
    def box_public(self) -> bytes:
        return raw_public(self.box.public_key())


def device_keys(session: Session, device_id: uuid.UUID) -> DeviceKeys:
    """This device's key pairs, made and stored (in the caller's write transaction) on first use."""
    stored = settings_registry.stored(session, DEVICE_KEYS_PREFIX + device_id.hex)
    if isinstance(stored, dict):
        try:
            return DeviceKeys(Ed25519PrivateKey.from_private_bytes(unb64(stored.get("sign"))),
                              X25519PrivateKey.from_private_bytes(unb64(stored.get("box"))))
        except ValueError:
            settings_registry.write(session, DEVICE_KEYS_PREFIX + device_id.hex + "_damaged", stored)
    keys = DeviceKeys(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())
    settings_registry.write(session, DEVICE_KEYS_PREFIX + device_id.hex,
                       {"sign": b64(_raw_private(keys.sign)), "box": b64(_raw_private(keys.box))})
    return keys


@dataclass(frozen=True)
class OfficeKeys:
    """The office's keys: it signs acknowledgements and decrypts bundles."""

    sign: office_key.OfficeKey
    box: X25519PrivateKey

    @property
    def box_public(self) -> bytes:
        return raw_public(self.box.public_key())

    @property
    def office_id(self) -> uuid.UUID:
        """A stable id of this office, derived from its signing key."""
        return office_id_of(self.sign.public_bytes)


def office_id_of(sign_public: bytes) -> uuid.UUID:
    """The office id belonging to an office signing key."""
    return uuid.uuid5(OFFICE_NAMESPACE, sign_public.hex())


def office_keys(session: Session, device_id: uuid.UUID) -> OfficeKeys:
    """The office's keys, made on first use (inside the caller's write transaction)."""
    sign = office_key.load_or_create(session, device_id)
    try:
        box = X25519PrivateKey.from_private_bytes(unb64(settings_registry.stored(session, "office_box_key")))
    except ValueError:
        box = X25519PrivateKey.generate()
        settings_registry.write(session, "office_box_key", b64(_raw_private(box)))
    return OfficeKeys(sign, box)


def has_office_keys(session: Session) -> bool:
    """True when this database already acts as an office (it has a bundle decryption key)."""
    return settings_registry.stored(session, "office_box_key") is not None


@dataclass(frozen=True)
class PairingCard:
    """What a pairing file says: who, which role, which public keys."""

    role: str
    device_id: uuid.UUID
    code: str
    name: str
    sign_public: bytes
    box_public: bytes
    receipt_public: bytes = b""  # a laptop's receipt QR key, so the office can check its receipts
    # An office card made for one laptop: the receipt prefix assigned to it, signed by the office key.
    assigned_to: uuid.UUID | None = None
    for_code: str = ""  # the laptop's code when the office assigned the prefix
    receipt_prefix: str = ""
    assignment_signature: bytes = b""

    @property
    def fingerprint(self) -> str:
        """The keys' fingerprint (an office's is the same on every laptop's card)."""
        return fingerprint(self.sign_public, self.box_public + self.receipt_public)

    def assignment_message(self) -> bytes:
        """What the office signs for an assigned prefix."""
        target = self.assigned_to.bytes if self.assigned_to else b""
        return ASSIGNMENT_CONTEXT + target + b"|" + self.for_code.encode("ascii") + b"|" + \
            self.receipt_prefix.encode("ascii")

    def assignment_valid(self) -> bool:
        """True when the card carries a prefix assignment signed by its own office key."""
        if self.role != "office" or self.assigned_to is None or not self.receipt_prefix:
            return False
        try:
            Ed25519PublicKey.from_public_bytes(self.sign_public).verify(self.assignment_signature,
                                                                        self.assignment_message())
        except (InvalidSignature, ValueError, UnicodeEncodeError):
            return False
        return True

    def to_bytes(self) -> bytes:
        """The pairing file's content (small enough for a QR code)."""
        doc = {
            "format": PAIRING_FORMAT, "version": 1, "role": self.role, "device_id": str(self.device_id),
            "code": self.code, "name": self.name, "sign_public": b64(self.sign_public),
            "box_public": b64(self.box_public), "fingerprint": self.fingerprint,
        }
        if self.receipt_public:
            doc["receipt_public"] = b64(self.receipt_public)
        if self.assigned_to is not None:
            doc.update({"assigned_to": str(self.assigned_to), "for_code": self.for_code,
                        "receipt_prefix": self.receipt_prefix,
                        "assignment_signature": base64.b64encode(self.assignment_signature).decode("ascii")})
        return json.dumps(doc, indent=1).encode("utf-8")


def read_card(data: bytes) -> PairingCard:
    """Parse a pairing file; UserInputError with a plain message if it is not one."""
    bad = UserInputError(_("Berkas ini bukan berkas pasangan Prakerja Desktop, atau rusak."))
    if len(data) > MAX_PAIRING_BYTES:
        raise bad
    try:
        doc: Any = json.loads(data.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("format") != PAIRING_FORMAT or doc.get("version") != 1:
            raise bad
        role = doc["role"]
        if role not in ROLES:
            raise bad
        receipt = unb64(doc["receipt_public"]) if "receipt_public" in doc else b""
        card = PairingCard(role, uuid.UUID(str(doc["device_id"])), str(doc.get("code", ""))[:8],
                           str(doc.get("name", ""))[:200], unb64(doc["sign_public"]), unb64(doc["box_public"]),
                           receipt)
        if "assigned_to" in doc:
            card = replace(card, assigned_to=uuid.UUID(str(doc["assigned_to"])), for_code=str(doc["for_code"])[:8],
                           receipt_prefix=str(doc["receipt_prefix"])[:8],
                           assignment_signature=unb64(doc["assignment_signature"], 64))
        Ed25519PublicKey.from_public_bytes(card.sign_public)
        if receipt:
            Ed25519PublicKey.from_public_bytes(receipt)
        X25519PublicKey.from_public_bytes(card.box_public)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise bad from exc
    if doc.get("fingerprint") not in (None, card.fingerprint):
        raise bad
    if role == "office" and card.device_id != office_id_of(card.sign_public):
        raise bad
    if card.assigned_to is not None and not card.assignment_valid():
        raise bad  # a prefix changed by hand (the fingerprint covers only the keys)
    return card


def assign_card(card: PairingCard, sign: office_key.OfficeKey, laptop_id: uuid.UUID, laptop_code: str,
                prefix: str) -> PairingCard:
    """The office's card for one laptop: its assigned receipt prefix, signed."""
    mine = replace(card, assigned_to=laptop_id, for_code=laptop_code, receipt_prefix=prefix)
    return replace(mine, assignment_signature=sign.sign(mine.assignment_message()))


def accept(session: Session, card: PairingCard) -> PairedDevice:
    """Remember a paired device (or replace its keys: a reinstalled laptop pairs again)."""
    row = session.execute(select(PairedDevice).where(PairedDevice.device_id == card.device_id)).scalar_one_or_none()
    if row is None:
        row = PairedDevice(device_id=card.device_id)
        session.add(row)
    row.role, row.code, row.name = card.role, card.code, card.name
    row.sign_public, row.box_public, row.active = b64(card.sign_public), b64(card.box_public), True
    row.receipt_public = b64(card.receipt_public) if card.receipt_public else ""
    session.flush()
    return row


def paired(session: Session, device_id: uuid.UUID) -> PairedDevice | None:
    """An accepted, active device."""
    return session.execute(select(PairedDevice).where(
        PairedDevice.device_id == device_id, PairedDevice.active.is_(True))).scalar_one_or_none()


def paired_office(session: Session) -> PairedDevice | None:
    """The office this laptop sends bundles to (the most recently accepted)."""
    return session.execute(select(PairedDevice).where(
        PairedDevice.role == "office", PairedDevice.active.is_(True))
        .order_by(PairedDevice.accepted_at.desc(), PairedDevice.id.desc()).limit(1)).scalar_one_or_none()


def all_paired(session: Session) -> list[PairedDevice]:
    """Every accepted device, newest first."""
    return list(session.execute(select(PairedDevice).order_by(PairedDevice.id.desc())).scalars())

