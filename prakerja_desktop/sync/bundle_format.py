"""The bundle and acknowledgement file layout; signing, encryption, compression and their limits.

    magic (10 bytes: b"PKJBUNDLE1", b"PKJRETURN1" (the office's return bundle) or b"PKJACK0001" (an old
    acknowledgement, still read))
    header length (4 bytes, big-endian, at most 64 KiB)
    header (UTF-8 JSON: the manifest; never personal data)
    Ed25519 signature (64 bytes) of magic + length + header, by the sender
    body: a bundle's ciphertext (an acknowledgement has none)

A return bundle is sealed like a bundle, by the office to the laptop's X25519 key.

The manifest names the sender, the receiving office, the sequence and clock range, the row counts, and
the sizes and SHA-256 of the ciphertext and of the plain payload. A reader checks, in this order and
before it decrypts or decompresses anything: the magic, the header size, the manifest's fields, the
office, the sender, the signature, the body's size (truncation) and hash (corruption). Only then does
it decrypt (X25519 with a one-time key + HKDF-SHA256 → AES-256-GCM, the header as associated data),
and it inflates at most the declared size, which itself has a hard cap (zip bombs).
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import uuid
import zlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.sync.keys import b64, raw_public, unb64

BUNDLE_MAGIC = b"PKJBUNDLE1"
ACK_MAGIC = b"PKJACK0001"
RETURN_MAGIC = b"PKJRETURN1"
MAGIC_LENGTH = 10
FORMAT_VERSION = 1
MAX_HEADER = 64 * 1024
SIGNATURE_LENGTH = 64
MAX_BUNDLE_BYTES = 1024 * 1024 * 1024  # 1 GiB on disk
MAX_PLAIN_BYTES = 2 * 1024 * 1024 * 1024  # the inflated payload: ~1.5 M records; more is an attack
INFLATE_CHUNK = 4 * 1024 * 1024
TABLES = ("records", "drafts", "record_changes", "wave_outcomes", "audit_events", "tombstones")
OPTIONAL_TABLES = ("tombstones",)  # bundles made before tombstones have none
HKDF_INFO = b"prakerja-desktop bundle v1"


class BundleRejected(UserInputError):
    """A bundle or acknowledgement that must not be applied; the text says why, plainly."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason  # a short code for logs and tests: "truncated", "tampered", ...


def rejected(reason: str) -> BundleRejected:
    """The rejection for a reason code, with its message in plain Bahasa Indonesia."""
    messages = {
        "not_bundle": _("Berkas ini bukan bundel Prakerja Desktop."),
        "truncated": _("Bundel ini tidak lengkap (terpotong saat disalin). Salin ulang dari laptop."),
        "corrupted": _("Bundel ini rusak (isinya berubah saat disalin). Salin ulang dari laptop."),
        "tampered": _("Tanda tangan bundel tidak cocok: isinya diubah orang lain. Bundel ditolak."),
        "other_office": _("Bundel ini ditujukan untuk kantor lain, bukan kantor ini."),
        "unknown_device": _("Bundel ini dari perangkat yang belum dipasangkan dengan kantor ini."),
        "old": _("Bundel ini lama: kantor sudah menerima bundel yang lebih baru dari laptop ini."),
        "too_big": _("Bundel ini terlalu besar untuk dibuka dengan aman (kemungkinan berbahaya). Ditolak."),
        "newer_version": _("Bundel ini dibuat versi aplikasi yang lebih baru. Perbarui aplikasi di kantor."),
        "not_office": _("Komputer ini belum disiapkan sebagai kantor untuk menerima bundel."),
        "not_ack": _("Berkas ini bukan tanda terima bundel dari kantor."),
        "ack_other_device": _("Tanda terima ini untuk laptop lain."),
        "ack_unknown_bundle": _("Tanda terima ini untuk bundel yang tidak dibuat di laptop ini."),
        "ack_on_office": _("Ini tanda terima yang dibuat kantor ini untuk laptop. Bawa berkasnya ke laptop "
                           "yang mengirim bundel dan impor di sana."),
        "ack_unknown_office": _("Tanda terima ini dari kantor yang belum dipasangkan dengan laptop ini."),
        "return_on_office": _("Ini kiriman balik yang dibuat kantor ini untuk laptop. Bawa berkasnya ke laptop "
                              "yang mengirim bundel dan masukkan di sana."),
    }
    return BundleRejected(reason, messages[reason])


@dataclass(frozen=True)
class Envelope:
    """A file split into its parts (nothing checked yet but sizes)."""

    magic: bytes
    signed: bytes  # magic + length + header: what the signature covers
    header: dict[str, Any]
    signature: bytes
    body: bytes


def seal_bundle(header: dict[str, Any], payload: bytes, sign_key: Any,
                office_box_public: bytes, level: int = 6, *, magic: bytes = BUNDLE_MAGIC,
                kind: str = "bundle") -> bytes:
    """Compress, encrypt to the receiver (the office; a laptop for a return bundle) and sign: the file's bytes.

    `sign_key` has `sign(message) -> signature` (an Ed25519 private key or the office key)."""
    plain_size, plain_sha = len(payload), hashlib.sha256(payload).hexdigest()
    compressed = zlib.compress(payload, level)
    ephemeral = X25519PrivateKey.generate()
    nonce = os.urandom(12)
    header = dict(header, version=FORMAT_VERSION, kind=kind, compression="zlib",
                  plain_size=plain_size, plain_sha256=plain_sha, nonce=b64(nonce),
                  ephemeral_public=b64(raw_public(ephemeral.public_key())),
                  cipher_size=len(compressed) + 16)
    key = _bundle_key(ephemeral, X25519PublicKey.from_public_bytes(office_box_public), header["bundle_id"])
    # The cipher hash must be in the signed header, so the header is made in two steps: the
    # associated data is the header without the cipher hash.
    aad = _canonical(header)
    ciphertext = AESGCM(key).encrypt(nonce, compressed, aad)
    header["cipher_sha256"] = hashlib.sha256(ciphertext).hexdigest()
    return _pack(magic, header, sign_key) + ciphertext


def seal_ack(header: dict[str, Any], sign: Any) -> bytes:
    """An acknowledgement: a signed header, no body. `sign(message) -> signature`."""
    header = dict(header, version=FORMAT_VERSION, kind="ack")
    signed = _signed_part(ACK_MAGIC, header)
    return signed + sign(signed)


def _canonical(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _signed_part(magic: bytes, header: dict[str, Any]) -> bytes:
    text = _canonical(header)
    return magic + struct.pack(">I", len(text)) + text


def _pack(magic: bytes, header: dict[str, Any], sign_key: Any) -> bytes:
    signed = _signed_part(magic, header)
    return signed + sign_key.sign(signed)


def _bundle_key(private: X25519PrivateKey, public: X25519PublicKey, bundle_id: str) -> bytes:
    shared = private.exchange(public)
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=uuid.UUID(bundle_id).bytes,
                info=HKDF_INFO).derive(shared)


def split(data: bytes, magic: bytes) -> Envelope:
    """The parts of a file; rejects what is not this kind of file or is cut short."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise rejected("not_bundle")
    data = bytes(data)
    if len(data) > MAX_BUNDLE_BYTES:
        raise rejected("too_big")
    wrong_kind = "not_ack" if magic == ACK_MAGIC else "not_bundle"
    if len(data) < MAGIC_LENGTH:
        raise rejected("truncated" if magic.startswith(data) and data else wrong_kind)
    if data[:MAGIC_LENGTH] != magic:
        raise rejected(wrong_kind)
    if len(data) < MAGIC_LENGTH + 4:
        raise rejected("truncated")
    (length,) = struct.unpack(">I", data[MAGIC_LENGTH:MAGIC_LENGTH + 4])
    if length > MAX_HEADER:
        raise rejected("corrupted")
    end = MAGIC_LENGTH + 4 + length
    if len(data) < end + SIGNATURE_LENGTH:
        raise rejected("truncated")
    try:
        header = json.loads(data[MAGIC_LENGTH + 4:end].decode("ascii"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise rejected("corrupted") from exc
    if not isinstance(header, dict):
        raise rejected("corrupted")
    return Envelope(data[:MAGIC_LENGTH], data[:end], header, data[end:end + SIGNATURE_LENGTH],
                    data[end + SIGNATURE_LENGTH:])


def check_version(header: dict[str, Any], kind: str) -> None:
    """Reject a header of another kind or a newer format."""
    version = header.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or header.get("kind") != kind:
        raise rejected("corrupted" if kind == "bundle" else "not_ack")
    if version > FORMAT_VERSION:
        raise rejected("newer_version")


def verify_signature(envelope: Envelope, public: bytes) -> None:
    """Reject unless the sender's key signed exactly this header."""
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(envelope.signature, envelope.signed)
    except (InvalidSignature, ValueError) as exc:
        raise rejected("tampered") from exc


def field(header: dict[str, Any], name: str, kind: type) -> Any:
    """One manifest field of the expected type, else the bundle is corrupt."""
    value = header.get(name)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise rejected("corrupted")
    return value


def check_body(envelope: Envelope) -> None:
    """Reject a body cut short (truncated) or changed (corrupted) against the signed manifest."""
    header = envelope.header
    cipher_size, cipher_sha = field(header, "cipher_size", int), field(header, "cipher_sha256", str)
    if len(envelope.body) < cipher_size:
        raise rejected("truncated")
    if len(envelope.body) > cipher_size or hashlib.sha256(envelope.body).hexdigest() != cipher_sha:
        raise rejected("corrupted")


def open_body(envelope: Envelope, office_box: X25519PrivateKey) -> bytes:
    """Check the body's size and hash, decrypt it and inflate it within the declared size."""
    header = envelope.header
    check_body(envelope)
    plain_size, plain_sha = field(header, "plain_size", int), field(header, "plain_sha256", str)
    if plain_size < 0 or plain_size > MAX_PLAIN_BYTES:
        raise rejected("too_big")
    if header.get("compression") != "zlib":
        raise rejected("corrupted")
    try:
        nonce = unb64(field(header, "nonce", str), 12)
        ephemeral = X25519PublicKey.from_public_bytes(unb64(field(header, "ephemeral_public", str)))
        key = _bundle_key(office_box, ephemeral, field(header, "bundle_id", str))
    except ValueError as exc:
        raise rejected("corrupted") from exc
    aad = _canonical({k: v for k, v in header.items() if k != "cipher_sha256"})
    try:
        compressed = AESGCM(key).decrypt(nonce, envelope.body, aad)
    except InvalidTag as exc:
        raise rejected("tampered") from exc
    plain = inflate(compressed, plain_size)
    if hashlib.sha256(plain).hexdigest() != plain_sha:
        raise rejected("corrupted")
    return plain


def inflate(compressed: bytes, limit: int) -> bytes:
    """zlib-inflate at most `limit` bytes; more (a zip bomb) or less is refused."""
    inflater = zlib.decompressobj()
    parts: list[bytes] = []
    size = 0
    data = compressed
    try:
        while data:
            chunk = inflater.decompress(data, min(INFLATE_CHUNK, limit - size + 1))
            size += len(chunk)
            if size > limit:
                raise rejected("too_big")
            parts.append(chunk)
            data = inflater.unconsumed_tail
            if not chunk and data:
                break
        tail = inflater.flush(limit - size + 1) if not inflater.eof else b""
    except zlib.error as exc:
        raise rejected("corrupted") from exc
    size += len(tail)
    if size > limit:
        raise rejected("too_big")
    parts.append(tail)
    if not inflater.eof or inflater.unused_data or size != limit:
        raise rejected("corrupted")
    return b"".join(parts)
