"""Outreach bundles end to end: three laptops, an office, shuffled and repeated imports, the review queue."""

from __future__ import annotations

import functools
import random
from datetime import date
from pathlib import Path

import pytest

from prakerja_desktop.staff.records import StaffRecords
from prakerja_desktop.sync.room import Sync
from tests.sync_support import add_person, open_device, pair, people, snapshot

# (laptop, serial, name): serial 2 is on laptops 0 and 1, serial 3 on laptops 1 and 2, serial 5 on all three.
PEOPLE = [
    (0, 1, "Ani Laptop Satu"), (0, 2, "Budi Laptop Satu"), (0, 5, "Eka Laptop Satu"),
    (1, 2, "Budi Laptop Dua"), (1, 3, "Cici Laptop Dua"), (1, 5, "Eka Laptop Dua"),
    (2, 3, "Cici Laptop Tiga"), (2, 4, "Dedi Laptop Tiga"), (2, 5, "Eka Laptop Tiga"),
]


@pytest.fixture
def field(tmp_path: Path, fresh_db_url):  # type: ignore[no-untyped-def]
    """Three laptops with overlapping people, and a maker of offices paired with them."""
    laptops = [open_device(tmp_path, f"laptop{i}", fresh_db_url) for i in range(3)]
    office_root = tmp_path / "offices"
    for laptop in laptops:
        for index, serial, name in PEOPLE:
            if laptops[index] is laptop:
                add_person(laptop, serial, name)
    staff = laptops[0].staff.create("petugas", "Bu Lapangan", "admin", "rahasia-123")
    StaffRecords(laptops[0]).set_outcome(next(iter(_uuids(laptops[0]))), 3, staff, accepted=True)
    # Budi on laptop 2 (recorded after Budi on laptop 1) has an outcome: it must travel with him into the queue.
    staff_two = laptops[1].staff.create("petugas", "Pak Lapangan", "admin", "rahasia-123")
    budi_two = next(u for u in _uuids(laptops[1]) if people(laptops[1])[str(u)].endswith("0002"))
    StaffRecords(laptops[1]).set_outcome(budi_two, 2, staff_two, accepted=False)
    yield laptops, functools.partial(_office, office_root, fresh_db_url)
    for laptop in laptops:
        laptop.close()


def _uuids(app):  # type: ignore[no-untyped-def]
    import uuid

    return [uuid.UUID(u) for u in people(app)]


def _office(root: Path, new_db_url, name: str, laptops):  # type: ignore[no-untyped-def]
    """A new office (its own database) paired with `laptops`."""
    office = open_device(root, name, new_db_url)
    for laptop in laptops:
        pair(office, laptop, root / f"pairing-{name}")
    return office


def _merged_view(office) -> tuple:  # type: ignore[no-untyped-def]
    """What must not depend on the import order: the live records, everyone waiting, the queue by NIK."""
    from sqlalchemy import select

    from prakerja_desktop.storage.models import RecordRow, WaveOutcome

    sync = Sync(office)
    with office.db.read() as session:
        live = frozenset(session.execute(select(RecordRow.uuid, RecordRow.nik, RecordRow.full_name,
                                                RecordRow.device_id, RecordRow.receipt_number)).all())
        outcomes = frozenset(session.execute(select(RecordRow.uuid, WaveOutcome.wave, WaveOutcome.accepted)
                                             .join(WaveOutcome, WaveOutcome.record_id == RecordRow.id)).all())
    queue = frozenset((c.nik, c.existing_uuid, c.incoming_uuid, c.incoming_outcomes) for c in sync.review_cases())
    return live, outcomes, queue


def test_three_laptops_in_any_order_and_twice_give_one_truth(field, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    laptops, new_office = field
    office = new_office("office-a", laptops)
    bundles = [Sync(laptop).export_bundle(tmp_path / f"b{i}.pkjb").path for i, laptop in enumerate(laptops)]

    order = bundles[:]
    random.Random(7).shuffle(order)
    for path in order:
        Sync(office).import_file(path)
    first = _merged_view(office)
    before = snapshot(office)
    for path in reversed(order):  # the same bundles again: nothing changes
        assert Sync(office).import_file(path).result.already_imported
    assert snapshot(office) == before

    live, outcomes, queue = first
    assert len(live) == 5 == len({nik for _u, nik, *_rest in live})  # five different NIKs, each once
    assert len({u for u, *_rest in live} | {u for _n, _e, u, _o in queue}) == 9  # nobody lost: 5 live + 4 waiting
    assert sorted(nik[-4:] for nik, *_rest in queue) == ["0002", "0003", "0005", "0005"]
    # The earliest recorded of each NIK is the live one, whatever the order.
    assert {name for _u, _n, name, *_rest in live} == {
        "Ani Laptop Satu", "Budi Laptop Satu", "Eka Laptop Satu", "Cici Laptop Dua", "Dedi Laptop Tiga"}
    assert len(outcomes) == 1
    assert sorted(o for _n, _e, _i, o in queue) == [0, 0, 0, 1]  # Budi's outcome waits with his record

    # Other offices import the same bundles in other orders: exactly the same records, outcomes and queue.
    for number, arrange in enumerate((lambda b: list(reversed(b)), lambda b: [b[1], b[2], b[0]])):
        other = new_office(f"office-{number}", laptops)
        again = [Sync(laptop).export_bundle(tmp_path / f"c{number}{i}.pkjb").path for i, laptop in enumerate(laptops)]
        for path in arrange(again):
            Sync(other).import_file(path)
        assert _merged_view(other) == first
        other.close()
    # Records keep their UUIDs and their device ids.
    for laptop in laptops:
        with office.db.read() as session:
            from sqlalchemy import select

            from prakerja_desktop.storage.models import RecordRow

            devices = set(session.execute(select(RecordRow.device_id).where(
                RecordRow.uuid.in_(_uuids(laptop)))).scalars())
        assert devices <= {laptop.device.id}
    office.close()


def test_review_shows_both_records_field_by_field_and_staff_decide(field, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    laptops, new_office = field
    office = new_office("office", laptops[:2])
    admin = office.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    for i, laptop in enumerate(laptops[:2]):
        Sync(office).import_file(Sync(laptop).export_bundle(tmp_path / f"b{i}.pkjb").path)
    sync = Sync(office)
    cases = {case.nik[-4:]: case for case in sync.review_cases()}
    assert set(cases) == {"0002", "0005"}
    budi = cases["0002"]
    names = {f.name: f for f in budi.fields}
    assert names["full_name"].differs and {names["full_name"].existing, names["full_name"].incoming} == {
        "Budi Laptop Satu", "Budi Laptop Dua"}
    assert not names["nik"].differs and not names["email"].differs

    # Take the other laptop's name: kept in the record's history with a reason.
    sync.decide(budi.uuid, "merged", admin, fields=["full_name"])
    record = office.records.get(budi.existing_uuid)
    assert record is not None and record.full_name == names["full_name"].incoming
    history = StaffRecords(office).history(budi.existing_uuid)
    assert [(c.field, c.new_value) for c in history] == [("full_name", names["full_name"].incoming)]

    # Two different people: the second is added under the corrected NIK staff type.
    eka = cases["0005"]
    from tests.factories import make_nik

    with pytest.raises(Exception, match="sudah tercatat"):
        sync.decide(eka.uuid, "both", admin, new_nik=make_nik(date(2000, 5, 17), serial=1))
    sync.decide(eka.uuid, "both", admin, new_nik=make_nik(date(2000, 5, 17), serial=9))
    assert office.records.get(eka.incoming_uuid).nik.endswith("0009")  # type: ignore[union-attr]
    assert sync.review_count() == 0
    with pytest.raises(Exception, match="sudah diputuskan"):
        sync.decide(eka.uuid, "existing", admin)
    assert office.staff.verify_audit().ok
    office.close()


def test_a_later_edit_wins_field_by_field_even_with_a_wrong_laptop_clock(
        field, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    laptops, new_office = field
    laptop = laptops[0]
    office = new_office("office", [laptop])
    office_staff = office.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    laptop_staff = laptop.staff.create("lapangan", "Bu Lapangan", "staff", "rahasia-123", by=_admin_of(laptop))
    first = Sync(laptop).export_bundle(tmp_path / "b1.pkjb").path
    Sync(office).import_file(first)
    ani = next(u for u, nik in people(laptop).items() if nik.endswith("0001"))
    import uuid as uuid_module

    ani_uuid = uuid_module.UUID(ani)
    StaffRecords(office).edit(ani_uuid, {"village": "Desa Kantor"}, "pindah rumah", office_staff)
    # The office's acknowledgement carries its clock to the laptop.
    Sync(laptop).import_ack(Sync(office).import_file(first).ack, purge=False)

    from prakerja_desktop.sync import hlc

    monkeypatch.setattr(hlc, "wall_ms", lambda: 978_307_200_000)  # the laptop believes it is 2001
    StaffRecords(laptop).edit(ani_uuid, {"village": "Desa Laptop", "street": "Jl. Baru 1"}, "salah ketik",
                              laptop_staff)
    Sync(office).import_file(Sync(laptop).export_bundle(tmp_path / "b2.pkjb").path)
    record = office.records.get(ani_uuid)
    assert record is not None
    # Made after the office's edit (it saw the office's clock), so it wins although its wall clock says 2001.
    assert (record.village, record.street) == ("Desa Laptop", "Jl. Baru 1")
    assert len(StaffRecords(office).history(ani_uuid)) == 3  # nothing lost: every edit is in the history
    office.close()


def test_a_concurrent_older_edit_does_not_overwrite_a_newer_one(field, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    laptops, new_office = field
    laptop = laptops[0]
    office = new_office("office", [laptop])
    office_staff = office.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    laptop_staff = laptop.staff.create("lapangan", "Bu Lapangan", "staff", "rahasia-123", by=_admin_of(laptop))
    Sync(office).import_file(Sync(laptop).export_bundle(tmp_path / "b1.pkjb").path)
    ani_uuid = next(u for u in _uuids(laptop) if people(laptop)[str(u)].endswith("0001"))
    from prakerja_desktop.sync import hlc

    real = hlc.wall_ms()
    monkeypatch.setattr(hlc, "wall_ms", lambda: real + 1)
    StaffRecords(laptop).edit(ani_uuid, {"village": "Desa Laptop", "street": "Jl. Laptop"}, "salah ketik", laptop_staff)
    monkeypatch.setattr(hlc, "wall_ms", lambda: real + 60_000)
    StaffRecords(office).edit(ani_uuid, {"village": "Desa Kantor"}, "pindah rumah", office_staff)
    Sync(office).import_file(Sync(laptop).export_bundle(tmp_path / "b2.pkjb").path)
    record = office.records.get(ani_uuid)
    assert record is not None
    assert record.village == "Desa Kantor"  # the newer edit stays
    assert record.street == "Jl. Laptop"  # the field nobody else touched merges
    office.close()


def _admin_of(app):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from prakerja_desktop.staff.room import _session_of
    from prakerja_desktop.storage.models import StaffAccount

    with app.db.read() as session:
        return _session_of(session.execute(select(StaffAccount).where(StaffAccount.role == "admin")).scalars().first())


def test_outcomes_and_drafts_merge_by_clock(field, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    laptops, new_office = field
    laptop = laptops[0]
    office = new_office("office", [laptop])
    office_staff = office.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    laptop_staff = _admin_of(laptop)
    draft = laptop.drafts.save(__import__("tests.factories", fromlist=["make_draft"]).make_draft(serial=42))
    Sync(office).import_file(Sync(laptop).export_bundle(tmp_path / "b1.pkjb").path)
    assert office.drafts.resume(draft.code) is not None  # an unfinished registration travels too
    person = next(u for u in _uuids(laptop) if people(laptop)[str(u)].endswith("0001"))
    from prakerja_desktop.sync import hlc

    real = hlc.wall_ms()
    monkeypatch.setattr(hlc, "wall_ms", lambda: real + 120_000)
    StaffRecords(office).set_outcome(person, 5, office_staff, accepted=True)
    monkeypatch.setattr(hlc, "wall_ms", lambda: real + 1_000)  # the laptop's concurrent, earlier answer
    StaffRecords(laptop).set_outcome(person, 5, laptop_staff, accepted=False)
    draft.step = "contact"
    laptop.drafts.save(draft)
    Sync(office).import_file(Sync(laptop).export_bundle(tmp_path / "b2.pkjb").path)
    outcomes = {o.wave: o.accepted for o in StaffRecords(office).outcomes(person)}
    assert outcomes[5] is True and outcomes[3] is True  # the later answer stays; wave 3 came in bundle 1
    assert office.drafts.resume(draft.code).step == "contact"  # type: ignore[union-attr]
    office.close()
