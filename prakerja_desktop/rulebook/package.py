"""The office package: the office's rule sets, its choice and the registration status, signed for laptops.

Bundles go from a laptop to the office; this file goes back with the acknowledgement, so an outreach
laptop shows the same rules and status as the office. Layout (as bundle_format, with its own magic):

    b"PKJOFFICE1" | header length (4 bytes) | header (JSON) | Ed25519 signature (64) | zlib body

The header names the office and the body's size and SHA-256, and is signed with the office's key; the
body is no secret (rules and a status), so it is not encrypted. A laptop accepts only the office it is
paired with, and only a package newer than the last one it applied.
"""

from __future__ import annotations

import hashlib
import json
import struct
import uuid
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from prakerja_desktop import settings_registry
from prakerja_desktop.clock import utcnow
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.rulebook.registration import SETTING_KEYS
from prakerja_desktop.sync import bundle_format, keys

PACKAGE_MAGIC = b"PKJOFFICE1"
FORMAT_VERSION = 1
MAX_PACKAGE_PLAIN = 16 * 1024 * 1024  # rule sets are ~20 KB each


class PackageRejected(UserInputError):
    """An office package that must not be applied; the text says why."""


@dataclass(frozen=True)
class PackageResult:
    """What applying an office package changed on this laptop."""

    made_at: str
    rule_sets_added: tuple[str, ...]
    already: bool = False


def _canonical(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def make_package(session: Session, office_device_id: uuid.UUID) -> bytes:
    """The signed package of this office's rule book (inside the caller's write transaction)."""
    office = keys.office_keys(session, office_device_id)
    body = {
        "rule_sets_imported": settings_registry.read(session, "rule_sets_imported") or {},
        "rule_set_chosen": settings_registry.read(session, "rule_set_chosen") or "",
        "registration": settings_registry.read_many(session, SETTING_KEYS),
    }
    plain = json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")
    compressed = zlib.compress(plain, 6)
    header = {"version": FORMAT_VERSION, "kind": "office_package", "office_id": str(office.office_id),
              "made_at": utcnow().isoformat(), "plain_size": len(plain),
              "plain_sha256": hashlib.sha256(plain).hexdigest(), "cipher_size": len(compressed),
              "cipher_sha256": hashlib.sha256(compressed).hexdigest()}
    text = _canonical(header)
    signed = PACKAGE_MAGIC + struct.pack(">I", len(text)) + text
    return signed + office.sign.sign(signed) + compressed


def open_package(session: Session, data: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """Check an office package (office paired, signature, size, hash); its header and body."""
    envelope = bundle_format.split(data, PACKAGE_MAGIC)
    header = envelope.header
    if header.get("kind") != "office_package" or not isinstance(header.get("version"), int):
        raise PackageRejected(_("Berkas ini bukan paket kantor Prakerja Desktop."))
    if header["version"] > FORMAT_VERSION:
        raise bundle_format.rejected("newer_version")
    try:
        office_id = uuid.UUID(bundle_format.field(header, "office_id", str))
    except ValueError as exc:
        raise bundle_format.rejected("corrupted") from exc
    office = keys.paired(session, office_id)
    if office is None or office.role != "office":
        raise PackageRejected(_("Paket ini dari kantor yang belum dipasangkan dengan laptop ini."))
    bundle_format.verify_signature(envelope, keys.unb64(office.sign_public))
    bundle_format.check_body(envelope)
    size = bundle_format.field(header, "plain_size", int)
    if size < 0 or size > MAX_PACKAGE_PLAIN:
        raise bundle_format.rejected("too_big")
    plain = bundle_format.inflate(envelope.body, size)
    if hashlib.sha256(plain).hexdigest() != header.get("plain_sha256"):
        raise bundle_format.rejected("corrupted")
    try:
        body = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise bundle_format.rejected("corrupted") from exc
    if not isinstance(body, dict):
        raise bundle_format.rejected("corrupted")
    return header, body


def is_newer(session: Session, made_at: str) -> bool:
    """True when this package is newer than the last one applied here (an old copy changes nothing)."""
    last = settings_registry.read(session, "office_package_applied_at")
    try:
        return last is None or datetime.fromisoformat(made_at) > last
    except ValueError as exc:
        raise bundle_format.rejected("corrupted") from exc
