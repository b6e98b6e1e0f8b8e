"""Return bundles and tombstones (issue 19): erasures travel both ways and never come back; the office's
decisions, outcomes and corrections reach the laptop; applying a return bundle twice changes nothing."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from prakerja_desktop.staff.records import StaffRecords
from prakerja_desktop.storage.models import ReceivedDecision, SyncTombstone
from prakerja_desktop.sync import ack, bundle_format
from prakerja_desktop.sync.bundle_format import BundleRejected
from prakerja_desktop.sync.returns import ReturnResult
from prakerja_desktop.sync.room import Sync
from tests.sync_support import add_person, open_device, pair, people, snapshot


def _uuid_of(app, serial: int) -> uuid.UUID:  # type: ignore[no-untyped-def]
    return uuid.UUID(next(u for u, nik in people(app).items() if nik.endswith(f"{serial:04d}")))


def _round_trip(office, laptop, folder: Path, name: str, purge: bool = False):  # type: ignore[no-untyped-def]
    """Laptop → office → laptop: a bundle in, the return bundle back (as staff carry them on a stick)."""
    bundle = Sync(laptop).export_bundle(folder / f"{name}.pkjb")
    outcome = Sync(office).import_file(bundle.path)
    answer = folder / f"{name}.pkja"
    answer.write_bytes(outcome.ack)
    return outcome, Sync(laptop).import_file(answer, purge=purge)


def _tombstones(app) -> dict[uuid.UUID, str]:  # type: ignore[no-untyped-def]
    with app.db.read() as session:
        return dict(session.execute(select(SyncTombstone.uuid, SyncTombstone.reason)).all())


def test_an_erasure_at_the_office_reaches_the_laptop_and_never_comes_back(pairs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    office, laptop = pairs
    admin = office.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    laptop_staff = laptop.staff.create("lapangan", "Bu Lapangan", "admin", "rahasia-123")
    add_person(laptop, 1, "Ani")
    add_person(laptop, 2, "Budi")
    _round_trip(office, laptop, tmp_path, "b1")
    ani = _uuid_of(laptop, 1)
    assert StaffRecords(office).erase(ani, admin)
    # Meanwhile the laptop edits Ani (it has not heard of the erasure yet): the edit must not revive her.
    StaffRecords(laptop).edit(ani, {"village": "Desa Baru"}, "pindah", laptop_staff)
    outcome, back = _round_trip(office, laptop, tmp_path, "b2")
    assert outcome.result.added.get("records", 0) == 0 and ani not in map(uuid.UUID, people(office))
    assert isinstance(back, ReturnResult) and back.erased == 1
    assert ani not in map(uuid.UUID, people(laptop))  # one round trip: gone on the laptop too
    assert _tombstones(laptop) == {ani: "erased"}
    # Tombstones hold no personal data: no NIK, no name anywhere in the row.
    with laptop.db.read() as session:
        row = session.execute(select(SyncTombstone.__table__)).one()
    assert set(row._mapping) == {"id", "uuid", "reason", "erased_at", "device_id", "origin_device_id", "hlc"}
    # Later bundles (and the old one again) never bring her back.
    _round_trip(office, laptop, tmp_path, "b3")
    Sync(office).import_file(tmp_path / "b2.pkjb")
    assert ani not in map(uuid.UUID, people(office)) and ani not in map(uuid.UUID, people(laptop))
    # The same NIK registered again with fresh consent is a new record (a new UUID): it goes in.
    add_person(laptop, 1, "Ani Lagi")
    _round_trip(office, laptop, tmp_path, "b4")
    again = _uuid_of(office, 1)
    assert again != ani and office.records.get(again).full_name == "Ani Lagi"  # type: ignore[union-attr]
    assert office.staff.verify_audit().ok and laptop.staff.verify_audit().ok


def test_an_erasure_on_the_laptop_reaches_the_office_and_never_comes_back(pairs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    office, laptop = pairs
    office_admin = office.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    laptop_admin = laptop.staff.create("lapangan", "Bu Lapangan", "admin", "rahasia-123")
    add_person(laptop, 1, "Ani")
    add_person(laptop, 2, "Budi")
    first = Sync(laptop).export_bundle(tmp_path / "b1.pkjb")
    Sync(office).import_file(first.path)
    ani = _uuid_of(laptop, 1)
    StaffRecords(office).set_outcome(ani, 4, office_admin, accepted=True)  # the office works on her meanwhile
    assert StaffRecords(laptop).erase(ani, laptop_admin)
    outcome, back = _round_trip(office, laptop, tmp_path, "b2")
    assert outcome.result.erased == 1 and ani not in map(uuid.UUID, people(office))
    assert _tombstones(office) == {ani: "erased"}
    # The older bundle again does not bring her back.
    assert Sync(office).import_file(first.path).result.already_imported
    _round_trip(office, laptop, tmp_path, "b3")
    assert ani not in map(uuid.UUID, people(office))
    assert ani not in map(uuid.UUID, people(laptop)) and back.erased == 0


def test_a_retention_purge_travels_as_a_tombstone(pairs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    office, laptop = pairs
    add_person(laptop, 1, "Ani")
    _round_trip(office, laptop, tmp_path, "b1")
    ani = _uuid_of(laptop, 1)
    office.backups.purge(older_than=datetime(2100, 1, 1))
    _round_trip(office, laptop, tmp_path, "b2")
    assert _tombstones(laptop) == {ani: "retention"} and not people(laptop)


def test_a_return_bundle_delivers_decisions_outcomes_and_corrections_and_twice_is_once(
        pairs, tmp_path: Path, fresh_db_url) -> None:  # type: ignore[no-untyped-def]
    office, laptop = pairs
    admin = office.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    first_laptop = open_device(tmp_path, "laptop-1", fresh_db_url)
    try:
        pair(office, first_laptop, tmp_path / "pairing-1")
        add_person(first_laptop, 2, "Budi Satu")
        Sync(office).import_file(Sync(first_laptop).export_bundle(tmp_path / "a.pkjb").path)
    finally:
        first_laptop.close()
    add_person(laptop, 1, "Ani")
    add_person(laptop, 2, "Budi Dua")  # the same NIK as the other laptop's Budi: waits for review
    bundle = Sync(laptop).export_bundle(tmp_path / "b1.pkjb")
    Sync(office).import_file(bundle.path)
    case = Sync(office).review_cases()[0]
    Sync(office).decide(case.uuid, "existing", admin)
    ani = _uuid_of(laptop, 1)
    StaffRecords(office).set_outcome(ani, 3, admin, accepted=True)
    StaffRecords(office).edit(ani, {"village": "Desa Kantor"}, "dicek di kantor", admin)
    office.rules.put_registration(open_=True, wave=7, note="")
    answer = tmp_path / "b1.pkja"
    answer.write_bytes(Sync(office).import_file(bundle.path).ack)  # the same bundle again: a fresh answer
    assert answer.read_bytes().startswith(bundle_format.RETURN_MAGIC)

    result = Sync(laptop).import_file(answer, purge=False)
    assert isinstance(result, ReturnResult)
    assert (result.decisions, result.outcomes, result.corrections) == (1, 1, 1) and result.rules_applied
    with laptop.db.read() as session:
        decision = session.execute(select(ReceivedDecision)).scalar_one()
    assert (decision.record_uuid, decision.kept_uuid, decision.decision) == (
        case.incoming_uuid, case.existing_uuid, "existing")
    assert {o.wave: o.accepted for o in StaffRecords(laptop).outcomes(ani)} == {3: True}
    assert laptop.records.get(ani).village == "Desa Kantor"  # type: ignore[union-attr]
    assert laptop.rules.registration().wave == 7  # the office package came inside
    assert all(e.acked_at is not None for e in Sync(laptop).exports())
    before = snapshot(laptop)
    again = Sync(laptop).import_file(answer, purge=False)
    assert again.ack.already and not again.rules_applied  # type: ignore[union-attr]
    assert snapshot(laptop) == before  # applied twice: the same database


def test_return_bundles_that_do_not_belong_here_are_refused_and_old_acks_still_read(
        pairs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    office, laptop = pairs
    add_person(laptop, 1, "Ani")
    bundle = Sync(laptop).export_bundle(tmp_path / "b1.pkjb")
    answer = Sync(office).import_file(bundle.path).ack
    with pytest.raises(BundleRejected) as caught:  # taken in at the office that made it
        Sync(office).import_ack(answer)
    assert caught.value.reason == "return_on_office"
    before = snapshot(laptop)
    for cut in (len(answer) - 1, 40):
        with pytest.raises(BundleRejected):
            Sync(laptop).import_ack(answer[:cut])
    flipped = bytearray(answer)
    flipped[-5] ^= 1
    with pytest.raises(BundleRejected) as caught:
        Sync(laptop).import_ack(bytes(flipped))
    assert caught.value.reason == "corrupted"
    assert snapshot(laptop) == before
    # An acknowledgement from an office of the previous version is still read.
    with office.db.write() as session:
        from prakerja_desktop.storage.models import BundleImport

        imported = session.execute(select(BundleImport)).scalar_one()
        old = ack.make_ack(session, office.device.id, imported)
    assert old.startswith(bundle_format.ACK_MAGIC)
    result = Sync(laptop).import_ack(old, purge=False)
    assert not result.already and all(e.acked_at is not None for e in Sync(laptop).exports())


def test_a_cancelled_return_bundle_changes_nothing_and_reports_progress(pairs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from prakerja_desktop.sync.export import BundleCancelled

    office, laptop = pairs
    add_person(laptop, 1, "Ani")
    answer = tmp_path / "b1.pkja"
    answer.write_bytes(Sync(office).import_file(Sync(laptop).export_bundle(tmp_path / "b1.pkjb").path).ack)
    before = snapshot(laptop)
    seen: list[tuple[int, int]] = []
    with pytest.raises(BundleCancelled):
        Sync(laptop).import_file(answer, progress=lambda d, t: seen.append((d, t)), cancelled=lambda: bool(seen))
    assert snapshot(laptop) == before
    assert seen == [(0, 3), (1, 3)]  # checked and opened, then "Batal": nothing applied
    Sync(laptop).import_file(answer, progress=lambda d, t: seen.append((d, t)), purge=True)
    assert seen[-1] == (3, 3) and people(laptop) == {}
