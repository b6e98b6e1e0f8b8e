"""The receipt QR payload and the office key: genuine codes verify offline, anything else fails quietly."""

from __future__ import annotations

import base64
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prakerja_desktop.app import App
from prakerja_desktop.receipts import qr
from prakerja_desktop.receipts.content import local_time
from prakerja_desktop.security import office_key
from prakerja_desktop.storage import settings_store
from prakerja_desktop.storage.models import AuditEvent
from tests.factories import make_draft

DAY = date(2023, 6, 10)
NUMBER = "K7QD2-001376"


@pytest.fixture
def key(app: App) -> office_key.OfficeKey:
    """The office key pair of a fresh database."""
    with app.db.write() as session:
        return office_key.load_or_create(session, app.device.id)


def test_the_key_is_made_once_stored_as_base64_and_audited(app: App) -> None:
    with app.db.write() as session:
        first = office_key.load_or_create(session, app.device.id)
    with app.db.write() as session:
        again = office_key.load_or_create(session, app.device.id)
        stored_private = settings_store.get(session, "office_signing_key")
        stored_public = settings_store.get(session, "office_public_key")
        created = session.query(AuditEvent).filter_by(action="office_key.created").all()
    assert again.public_bytes == first.public_bytes and len(first.key_id) == 8
    assert len(base64.b64decode(stored_private)) == 32
    assert base64.b64decode(stored_public) == first.public_bytes
    assert len(created) == 1 and created[0].details == {"key_id": first.key_id}
    with app.db.read() as session:
        public = office_key.load_public(session)
    assert public is not None and public.private is None and public.key_id == first.key_id
    with pytest.raises(ValueError):
        public.sign(b"x")


def test_no_key_yet_means_nothing_verifies(app: App) -> None:
    with app.db.read() as session:
        assert office_key.load_public(session) is None
    assert qr.verify_payload("PKJ1." + NUMBER, None) is None


def test_a_damaged_private_key_is_kept_aside_and_replaced(app: App) -> None:
    app.settings.put("office_signing_key", "not base64 at all!")
    with app.db.write() as session:
        key = office_key.load_or_create(session, app.device.id)
        kept = settings_store.get(session, "office_signing_key_damaged")
    assert key.private is not None and kept == "not base64 at all!"


def test_payload_round_trip_is_compact_deterministic_and_alphanumeric(key: office_key.OfficeKey) -> None:
    payload = qr.make_payload(key, NUMBER, DAY)
    assert payload == qr.make_payload(key, NUMBER, DAY)
    assert payload.startswith(f"PKJ1.{NUMBER}.20230610.") and len(payload) < 140
    assert set(payload) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.-")
    assert qr.qr_code(payload).mode == "alphanumeric"
    assert qr.verify_payload(payload, key) == qr.ReceiptCode(NUMBER, DAY)
    # A scanner that types with Caps Lock on, or adds a newline, still works.
    assert qr.verify_payload(f"  {payload.lower()}\n", key) == qr.ReceiptCode(NUMBER, DAY)


def test_make_payload_refuses_a_bad_receipt_number(key: office_key.OfficeKey) -> None:
    with pytest.raises(ValueError):
        qr.make_payload(key, "K7QD2-001377", DAY)  # wrong check digit


def _tampered(payload: str) -> dict[str, str]:
    """Ways a payload can be changed, damaged or faked."""
    prefix, number, day, signature = payload.split(".")
    flipped = ("A" if signature[10] != "A" else "B")
    last = signature[-1]
    # The last base32 character carries 3 unused bits: a different spelling of the same bytes.
    same_bytes = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".index(last) ^ 1)]
    return {
        "other number": f"{prefix}.K7QD2-001384.{day}.{signature}",
        "other device": f"{prefix}.K7QD3-001376.{day}.{signature}",
        "bad check digit": f"{prefix}.K7QD2-001377.{day}.{signature}",
        "other date": f"{prefix}.{number}.20230611.{signature}",
        "impossible date": f"{prefix}.{number}.20230231.{signature}",
        "changed signature": f"{prefix}.{number}.{day}.{signature[:10]}{flipped}{signature[11:]}",
        "non-canonical signature": f"{prefix}.{number}.{day}.{signature[:-1]}{same_bytes}",
        "truncated": payload[:-5],
        "no signature": f"{prefix}.{number}.{day}.",
        "other version": f"PKJ2.{number}.{day}.{signature}",
        "extra part": f"{payload}.AAAA",
        "garbage": "PKJ1.!!!@@@###",
        "empty": "",
        "very long": payload + "A" * 100_000,
        "null bytes": payload.replace(".", "\x00"),
    }


def test_tampered_payloads_fail_without_raising(key: office_key.OfficeKey) -> None:
    payload = qr.make_payload(key, NUMBER, DAY)
    for name, text in _tampered(payload).items():
        assert qr.verify_payload(text, key) is None, name


def test_another_office_key_does_not_verify(key: office_key.OfficeKey) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    other = office_key.OfficeKey(public=private.public_key(), private=private)
    assert qr.verify_payload(qr.make_payload(other, NUMBER, DAY), key) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_refused_quietly(text: str) -> None:
    private_key = _FIXED_KEY
    assert qr.verify_payload(text, private_key) is None
    assert qr.verify_payload("PKJ1." + text, private_key) is None


def _fixed_key() -> office_key.OfficeKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    return office_key.OfficeKey(public=private.public_key(), private=private)


_FIXED_KEY = _fixed_key()


def test_the_app_verifies_scanned_and_typed_codes(app: App) -> None:
    result = app.records.submit(make_draft())
    record = app.records.get(result.record_uuid)
    assert record is not None
    app.receipts.pdf(result.record_uuid)  # the first print makes the office key
    with app.db.read() as session:
        key = office_key.load_public(session)
    with app.db.write() as session:
        signer = office_key.load_or_create(session, app.device.id)
    issued = local_time(record.submitted_at, "WIB").date()
    payload = qr.make_payload(signer, result.receipt_number, issued)
    assert key is not None and qr.verify_payload(payload, key) is not None
    for text in (payload, result.receipt_number, result.receipt_number.lower()):
        found = app.receipts.verify_code(text)
        assert found is not None and found.uuid == result.record_uuid
    wrong_digit = result.receipt_number[:-1] + str((int(result.receipt_number[-1]) + 1) % 10)
    assert app.receipts.verify_code(wrong_digit) is None
    # Genuine signature, but for a day that is not the record's day: refused.
    assert app.receipts.verify_code(qr.make_payload(signer, result.receipt_number, DAY)) is None
    # Genuine signature for a receipt number this database does not have.
    assert app.receipts.verify_code(qr.make_payload(signer, "ABCDE-000130", issued)) is None
    for name, text in _tampered(payload).items():
        assert app.receipts.verify_code(text) is None, name
    assert app.receipts.verify_code(None) is None  # type: ignore[arg-type]


def test_a_qr_payload_needs_the_office_key(app: App) -> None:
    result = app.records.submit(make_draft())
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private = Ed25519PrivateKey.generate()
    stranger = office_key.OfficeKey(public=private.public_key(), private=private)
    record = app.records.get(result.record_uuid)
    assert record is not None
    payload = qr.make_payload(stranger, result.receipt_number, record.submitted_at.date())
    assert app.receipts.verify_code(payload) is None  # this office has no key yet
    app.receipts.pdf(result.record_uuid)
    assert app.receipts.verify_code(payload) is None  # and its own key is another one


def test_the_signed_day_follows_the_office_time_zone(app: App) -> None:
    import uuid

    from prakerja_desktop.storage import records
    from tests.factories import make_applicant

    values = records.row_values(make_applicant(), receipt_number="ABCDE-000130", device_id=uuid.uuid4(),
                                rule_set_id="2023", outcome="eligible", reasons=[],
                                submitted_at=datetime(2023, 6, 10, 16, 30))  # 23.30 WIB, 00.30 WITA
    app.records.import_rows([values])
    app.receipts.pdf(values["uuid"])
    with app.db.write() as session:
        signer = office_key.load_or_create(session, app.device.id)

    def opens(day: date) -> bool:
        return app.receipts.verify_code(qr.make_payload(signer, "ABCDE-000130", day)) is not None

    # The office may switch WIB/WITA/WIT after printing: both days stay valid, no others.
    assert opens(date(2023, 6, 10)) and opens(date(2023, 6, 11))
    assert not opens(date(2023, 6, 9)) and not opens(date(2023, 6, 12))
