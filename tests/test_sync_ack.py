"""Acknowledgements on the laptop: delivered bundles are marked, personal data purged by setting, nothing early."""

from __future__ import annotations

from pathlib import Path

import pytest

from prakerja_desktop.staff.records import StaffRecords
from prakerja_desktop.sync.bundle_format import BundleRejected
from prakerja_desktop.sync.room import Sync
from tests.sync_support import add_person, open_device, pair, people, snapshot


def test_ack_marks_delivery_and_the_next_bundle_holds_only_what_is_new(pairs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    office, laptop = pairs
    add_person(laptop, 1, "Ani")
    first = Sync(laptop).export_bundle(tmp_path / "b1.pkjb")
    add_person(laptop, 2, "Budi")
    # Not acknowledged yet: the second bundle holds both people again (bundles are cumulative).
    second = Sync(laptop).export_bundle(tmp_path / "b2.pkjb")
    assert (first.counts["records"], second.counts["records"]) == (1, 2)
    outcome = Sync(office).import_file(second.path)
    Sync(laptop).import_ack(outcome.ack, purge=False)
    assert [e.acked_at is not None for e in Sync(laptop).exports()] == [True, True]
    assert len(people(laptop)) == 2  # kept: purging was not asked for
    add_person(laptop, 3, "Cici")
    third = Sync(laptop).export_bundle(tmp_path / "b3.pkjb")
    assert third.counts["records"] == 1
    before = snapshot(laptop)
    assert Sync(laptop).import_ack(outcome.ack, purge=False).already
    assert snapshot(laptop) == before


def test_purge_after_ack_keeps_what_changed_since(pairs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    office, laptop = pairs
    staff = laptop.staff.create("lapangan", "Bu Lapangan", "admin", "rahasia-123")
    Sync(laptop).set_purge_after_ack(True, staff)
    add_person(laptop, 1, "Ani")
    add_person(laptop, 2, "Budi")
    bundle = Sync(laptop).export_bundle(tmp_path / "b1.pkjb")
    budi = next(u for u, nik in people(laptop).items() if nik.endswith("0002"))
    import uuid

    StaffRecords(laptop).set_outcome(uuid.UUID(budi), 4, staff, accepted=None)  # after the export
    ack = Sync(office).import_file(bundle.path).ack
    result = Sync(laptop).import_ack(ack)
    assert (result.purged_records, result.already) == (1, False)
    assert list(people(laptop).values())[0].endswith("0002")  # Budi's new outcome is not delivered yet
    Sync(office).import_file(Sync(laptop).export_bundle(tmp_path / "b2.pkjb").path)
    assert set(people(office).values()) >= {n for n in people(laptop).values()}
    assert laptop.staff.verify_audit().ok


def test_acks_that_do_not_belong_here_are_refused(pairs, tmp_path: Path, fresh_db_url) -> None:  # type: ignore[no-untyped-def]
    office, laptop = pairs
    other = open_device(tmp_path, "other-laptop", fresh_db_url)
    try:
        pair(office, other, tmp_path / "pairing2")
        add_person(other, 5, "Eka")
        ack = Sync(office).import_file(Sync(other).export_bundle(tmp_path / "o.pkjb").path).ack
        before = snapshot(laptop)
        with pytest.raises(BundleRejected) as caught:
            Sync(laptop).import_ack(ack, purge=True)
        assert caught.value.reason == "ack_other_device"
        tampered = bytearray(ack)
        tampered[20] ^= 1
        with pytest.raises(BundleRejected):
            Sync(laptop).import_ack(bytes(tampered), purge=True)
        # The office's answer is now a return bundle (issue 19): its signature sits after the header.
        from prakerja_desktop.sync import bundle_format

        envelope = bundle_format.split(ack, bundle_format.RETURN_MAGIC)
        with pytest.raises(BundleRejected) as caught:
            Sync(laptop).import_ack(envelope.signed + b"\0" * 64 + envelope.body, purge=True)
        assert caught.value.reason == "tampered"
        assert snapshot(laptop) == before
    finally:
        other.close()


def test_cancelled_export_and_import_leave_nothing_behind(pairs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from prakerja_desktop.sync.export import BundleCancelled

    office, laptop = pairs
    add_person(laptop, 1, "Ani")
    before = snapshot(laptop)
    with pytest.raises(BundleCancelled):
        Sync(laptop).export_bundle(tmp_path / "b.pkjb", cancelled=lambda: True)
    assert snapshot(laptop) == before and not (tmp_path / "b.pkjb").exists()
    bundle = Sync(laptop).export_bundle(tmp_path / "b.pkjb")
    seen: list[tuple[int, int]] = []
    before = snapshot(office)
    with pytest.raises(BundleCancelled):
        Sync(office).import_file(bundle.path, progress=lambda d, t: seen.append((d, t)),
                                 cancelled=lambda: len(seen) >= 2)
    assert snapshot(office) == before and seen[-1][0] == 2
    assert Sync(office).import_file(bundle.path).result.added["records"] == 1


def test_receipts_printed_on_a_laptop_verify_at_the_office_and_back(pairs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from prakerja_desktop.receipts import qr
    from prakerja_desktop.receipts.content import local_time
    from prakerja_desktop.security import office_key

    office, laptop = pairs
    add_person(laptop, 1, "Ani")
    add_person(office, 2, "Budi")
    record = next(iter(people(laptop)))
    import uuid

    row = laptop.records.get(uuid.UUID(record))
    assert row is not None and laptop.receipts.pdf(row.uuid).startswith(b"%PDF")
    with laptop.db.write() as session:
        payload = qr.make_payload(office_key.load_or_create(session, laptop.device.id), row.receipt_number,
                                  local_time(row.submitted_at, "WIB").date())
    assert office.receipts.verify_code(payload) is None  # not imported yet
    Sync(office).import_file(Sync(laptop).export_bundle(tmp_path / "b.pkjb").path)
    found = office.receipts.verify_code(payload)
    assert found is not None and found.uuid == row.uuid
    forged = payload[:-4] + ("AAAA" if not payload.endswith("AAAA") else "BBBB")
    assert office.receipts.verify_code(forged) is None
    # A receipt printed at the office checks on the laptop too (the office key came with pairing).
    budi = office.records.get(uuid.UUID(next(iter(people(office).keys() - {record}))))
    assert budi is not None and office.receipts.pdf(budi.uuid).startswith(b"%PDF")
    with office.db.write() as session:
        office_payload = qr.make_payload(office_key.load_or_create(session, office.device.id),
                                         budi.receipt_number, local_time(budi.submitted_at, "WIB").date())
    assert qr.verify_payload(office_payload, None) is None
    # Issue 15: the laptop trusts its office's key (and the office's signed list), not any paired key file.
    assert laptop.receipts.verify(office_payload).status == "genuine_not_here"
