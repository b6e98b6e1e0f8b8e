"""Every kind of bad bundle is refused with a clear message and leaves the office database unchanged."""

from __future__ import annotations

import json
import os
import struct
import uuid
import zlib
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prakerja_desktop.sync import bundle_format, keys
from prakerja_desktop.sync.bundle_format import BundleRejected
from prakerja_desktop.sync.room import Sync
from tests.sync_support import add_person, open_device, pair, snapshot


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """An office, a paired laptop with two bundles, an unpaired laptop and a laptop of another office."""
    root = tmp_path_factory.mktemp("bad")
    office, other_office = open_device(root, "office"), open_device(root, "other-office")
    laptop, stranger, elsewhere = (open_device(root, n) for n in ("laptop", "stranger", "elsewhere"))
    pair(office, laptop, root / "p1")
    pair(other_office, elsewhere, root / "p2")
    pair(other_office, stranger, root / "p3")
    add_person(laptop, 1, "Ani Lapangan")
    first = Sync(laptop).export_bundle(root / "first.pkjb").path.read_bytes()
    add_person(laptop, 2, "Budi Lapangan")
    second = Sync(laptop).export_bundle(root / "second.pkjb").path.read_bytes()
    for app, serial in ((stranger, 3), (elsewhere, 4)):
        add_person(app, serial, "Orang Lain")
    data = {"first": first, "second": second,
            "stranger": Sync(stranger).export_bundle(root / "s.pkjb").path.read_bytes(),
            "elsewhere": Sync(elsewhere).export_bundle(root / "e.pkjb").path.read_bytes()}
    yield office, laptop, data
    for app in (office, other_office, laptop, stranger, elsewhere):
        app.close()


def refused(office, data: bytes) -> str:  # type: ignore[no-untyped-def]
    """Import the bytes; assert they are refused and nothing changed; return the reason code."""
    before = snapshot(office)
    with pytest.raises(BundleRejected) as caught:
        Sync(office).import_bundle(data)
    assert snapshot(office) == before
    assert str(caught.value) and "\n" not in str(caught.value)
    return caught.value.reason


@pytest.mark.parametrize("cut", [0, 5, 10, 13, 40, -200, -65, -1])
def test_truncated(world, cut: int) -> None:  # type: ignore[no-untyped-def]
    office, _laptop, data = world
    bundle = data["first"]
    assert refused(office, bundle[:cut] if cut else b"") in ({"not_bundle"} if cut == 0 else {"truncated"})


def test_corrupted_body(world) -> None:  # type: ignore[no-untyped-def]
    office, _laptop, data = world
    bundle = bytearray(data["first"])
    bundle[-30] ^= 0x01
    assert refused(office, bytes(bundle)) == "corrupted"


def test_tampered_manifest_or_signature(world) -> None:  # type: ignore[no-untyped-def]
    office, _laptop, data = world
    envelope = bundle_format.split(data["first"], bundle_format.BUNDLE_MAGIC)
    header = dict(envelope.header, counts={**envelope.header["counts"], "records": 0})
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    forged = bundle_format.BUNDLE_MAGIC + struct.pack(">I", len(text)) + text + envelope.signature + envelope.body
    assert refused(office, forged) == "tampered"
    flipped = bytearray(data["first"])
    flipped[len(envelope.signed) + 3] ^= 0x80  # inside the signature
    assert refused(office, bytes(flipped)) == "tampered"


def test_for_another_office(world) -> None:  # type: ignore[no-untyped-def]
    office, _laptop, data = world
    assert refused(office, data["elsewhere"]) == "other_office"


def test_from_an_unknown_device(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    office = world[0]
    # A laptop that holds the office's key file (so it can encrypt to it) but was never accepted here.
    stranger = open_device(tmp_path, "impostor")
    try:
        office_card = Sync(office).my_card("office")
        Sync(stranger).accept_card(office_card)
        add_person(stranger, 7, "Penyusup")
        bundle = Sync(stranger).export_bundle(tmp_path / "x.pkjb").path.read_bytes()
        assert refused(office, bundle) == "unknown_device"
    finally:
        stranger.close()


def test_an_old_bundle_replayed(world) -> None:  # type: ignore[no-untyped-def]
    office, _laptop, data = world
    result = Sync(office).import_bundle(data["second"]).result
    assert not result.already_imported or result.sequence == 2
    assert refused(office, data["first"]) == "old"
    assert Sync(office).import_bundle(data["second"]).result.already_imported  # same bundle: a no-op


def _sealed(world, payload: bytes, declared: int) -> bytes:  # type: ignore[no-untyped-def]
    """A bundle signed by the real laptop key whose compressed body inflates to `payload`."""
    laptop = world[1]
    with laptop.db.write() as session:
        sign = keys.device_keys(session, laptop.device.id).sign
        office_row = keys.paired_office(session)
        assert office_row is not None
        office_box, office_id = keys.unb64(office_row.box_public), str(office_row.device_id)
    bundle_id = str(uuid.uuid4())
    ephemeral = X25519PrivateKey.generate()
    nonce = os.urandom(12)
    compressed = zlib.compress(payload, 9)
    header = {"bundle_id": bundle_id, "device_id": str(laptop.device.id), "device_code": laptop.device.code,
              "office_id": office_id, "sequence": 99, "hlc_from": "", "hlc_to": "", "counts": {},
              "version": 1, "kind": "bundle", "compression": "zlib", "plain_size": declared,
              "plain_sha256": "0" * 64, "nonce": keys.b64(nonce),
              "ephemeral_public": keys.b64(keys.raw_public(ephemeral.public_key())),
              "cipher_size": len(compressed) + 16}
    key = bundle_format._bundle_key(ephemeral, X25519PublicKey.from_public_bytes(office_box), bundle_id)
    ciphertext = AESGCM(key).encrypt(nonce, compressed, bundle_format._canonical(header))
    import hashlib

    header["cipher_sha256"] = hashlib.sha256(ciphertext).hexdigest()
    return bundle_format._pack(bundle_format.BUNDLE_MAGIC, header, sign) + ciphertext


def test_zip_bomb_lying_about_its_size(world) -> None:  # type: ignore[no-untyped-def]
    office = world[0]
    bomb = _sealed(world, b"\0" * (64 * 1024 * 1024), declared=1000)  # 64 MB of zeros in ~64 kB
    assert len(bomb) < 200_000
    assert refused(office, bomb) == "too_big"


def test_zip_bomb_declaring_a_huge_size(world) -> None:  # type: ignore[no-untyped-def]
    office = world[0]
    assert refused(office, _sealed(world, b"{}", declared=bundle_format.MAX_PLAIN_BYTES + 1)) == "too_big"


def test_not_a_bundle_at_all(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    office = world[0]
    assert refused(office, b"PK\x03\x04 a zip file, not a bundle") == "not_bundle"
    assert refused(office, b"Ini teks biasa") == "not_bundle"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_fuzzed_bundle_bytes_are_refused_cleanly(world, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    """Random bytes and random damage to a real bundle: always a clear refusal, never a crash, no change."""
    office, _laptop, bundles = world
    base = bundles["first"]
    kind = data.draw(st.sampled_from(["random", "prefix", "flip", "splice", "truncate"]))
    if kind == "random":
        blob = data.draw(st.binary(max_size=600))
    elif kind == "prefix":
        blob = bundle_format.BUNDLE_MAGIC + data.draw(st.binary(max_size=600))
    elif kind == "flip":
        blob = bytearray(base)
        for _ in range(data.draw(st.integers(1, 4))):
            i = data.draw(st.integers(0, len(blob) - 1))
            blob[i] ^= data.draw(st.integers(1, 255))
        blob = bytes(blob)
    elif kind == "splice":
        i = data.draw(st.integers(0, len(base)))
        blob = base[:i] + data.draw(st.binary(min_size=1, max_size=40)) + base[i:]
    else:
        blob = base[:data.draw(st.integers(0, len(base) - 1))]
    before = snapshot(office)
    try:
        Sync(office).import_bundle(blob)
    except BundleRejected as exc:
        assert exc.reason and str(exc)
        assert snapshot(office) == before
