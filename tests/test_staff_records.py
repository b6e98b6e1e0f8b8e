"""Staff use cases on records over a real SQLite file: find, edit with history, outcomes, erasure."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from prakerja_desktop import clock
from prakerja_desktop.app import App, DuplicateRecord
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.staff.records import RecordFilter, StaffRecords
from prakerja_desktop.storage.models import AuditEvent, RecordChange, WaveOutcome
from tests.factories import make_draft
from tests.test_receipts import scan_qr

TODAY = date(2026, 11, 28)


@pytest.fixture
def staff(app: App):  # type: ignore[no-untyped-def]
    """An admin and a staff member."""
    admin = app.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    worker = app.staff.create("rina", "Rina", "staff", "rahasia-456", by=admin)
    return admin, worker


@pytest.fixture
def people(app: App) -> list:
    """Three submitted people."""
    results = [app.records.submit(make_draft(serial=1, name="Budi Santoso", kk="3508201203150007"), today=TODAY),
               app.records.submit(make_draft(serial=2, name="Siti Rahayu", female=True, kk="3508201203150007"),
                               today=TODAY),
               app.records.submit(make_draft(serial=3, name="Andi Budiono", birth=date(2010, 1, 1), kk=None),
                               today=TODAY)]
    return results


def test_find_by_name_nik_kk_phone_receipt_and_qr(app: App, people) -> None:  # type: ignore[no-untyped-def]
    finder = StaffRecords(app)
    names = lambda text: {r.full_name for r in finder.page(RecordFilter(text=text))}  # noqa: E731
    assert names("budi") == {"Budi Santoso", "Andi Budiono"}
    budi = app.records.get(people[0].record_uuid)
    assert names(budi.nik) == {"Budi Santoso"}
    assert names(f"{budi.nik[:4]} {budi.nik[4:8]} {budi.nik[8:12]} {budi.nik[12:]}") == {"Budi Santoso"}
    assert names("3508201203150007") == {"Budi Santoso", "Siti Rahayu"}  # a KK finds the family
    assert names("0812-3456-7890") == {"Budi Santoso", "Siti Rahayu", "Andi Budiono"}
    assert names(people[1].receipt_number.lower()) == {"Siti Rahayu"}
    # A scanned QR opens its record only once it verifies (issue 15: a forged code used to open it).
    genuine = scan_qr(app.receipts.pdf(people[2].record_uuid))[0]
    assert names(genuine) == {"Andi Budiono"} and finder.count(RecordFilter(text=genuine)) == 1
    assert names(f"PKJ1.{people[2].receipt_number}.20261128.xxxx") == set()
    forged = genuine.replace(people[2].receipt_number, people[0].receipt_number)
    assert names(forged) == set() and finder.count(RecordFilter(text=forged)) == 0
    assert names("zzz") == set() and finder.count(RecordFilter(text="zzz")) == 0
    assert finder.count(RecordFilter()) == 3


def test_filters_and_paging(app: App, people) -> None:  # type: ignore[no-untyped-def]
    finder = StaffRecords(app)
    assert {r.full_name for r in finder.page(RecordFilter(outcome="not_eligible"))} == {"Andi Budiono"}
    assert finder.count(RecordFilter(district_code="350820")) == 3
    assert finder.count(RecordFilter(village="Ranuyoso")) == 3
    # Days are the office's (WIB by default), not this computer's: after 17:00 UTC WIB is a day ahead.
    office_today = clock.office_today("WIB")
    assert finder.count(RecordFilter(date_from=office_today + timedelta(days=1))) == 0
    assert finder.count(RecordFilter(date_to=office_today)) == 3
    first, second = finder.page(RecordFilter(), limit=2), finder.page(RecordFilter(), offset=2, limit=2)
    assert [r.full_name for r in first + second] == ["Andi Budiono", "Siti Rahayu", "Budi Santoso"]
    assert first[0].readiness_missing == 1  # payout account not ready in the factory


def test_edit_keeps_history_and_validates(app: App, people, staff) -> None:  # type: ignore[no-untyped-def]
    admin, worker = staff
    finder = StaffRecords(app)
    uid = people[0].record_uuid
    changed = finder.edit(uid, {"full_name": "Budi  Santosa", "phone_e164": "0813 1111 2222"},
                          "salah ketik di KTP", worker)
    assert changed == ["full_name", "phone_e164"]
    record = app.records.get(uid)
    assert record.full_name == "Budi Santosa" and record.phone_e164 == "+6281311112222"
    assert [h.full_name for h in app.records.search_names("santosa")] == ["Budi Santosa"]
    history = finder.history(uid)
    assert [(h.field, h.old_value, h.new_value, h.changed_by_name) for h in history] == [
        ("full_name", "Budi Santoso", "Budi Santosa", "Rina"),
        ("phone_e164", "+6281234567890", "+6281311112222", "Rina")]
    with pytest.raises(UserInputError):
        finder.edit(uid, {"nik": "123"}, "salah ketik", worker)
    with pytest.raises(UserInputError):
        finder.edit(uid, {"full_name": "X"}, "", worker)  # no reason
    with pytest.raises(UserInputError):
        finder.edit(uid, {"receipt_number": "X"}, "alasan cukup", worker)
    with pytest.raises(DuplicateRecord):
        finder.edit(uid, {"nik": app.records.get(people[1].record_uuid).nik}, "alasan cukup", worker)
    assert finder.edit(uid, {"full_name": "Budi Santosa"}, "tidak berubah", worker) == []
    with app.db.read() as session:
        edits = session.execute(select(AuditEvent).where(AuditEvent.action == "record.edited")).scalars().all()
    assert len(edits) == 1 and edits[0].details == {"fields": ["full_name", "phone_e164"]}
    assert "Santos" not in str(edits[0].details)


def test_wave_outcomes_are_recorded_and_updated(app: App, people, staff) -> None:  # type: ignore[no-untyped-def]
    _admin, worker = staff
    finder = StaffRecords(app)
    uid = people[0].record_uuid
    finder.set_outcome(uid, 70, worker, accepted=None)
    finder.set_outcome(uid, 70, worker, accepted=True, training_finished=True)
    finder.set_outcome(uid, 71, worker, joined=True, accepted=False)
    outcomes = finder.outcomes(uid)
    assert [(o.wave, o.accepted, o.training_finished) for o in outcomes] == [(70, True, True), (71, False, None)]
    assert finder.count(RecordFilter(wave=70)) == 1 and finder.count(RecordFilter(wave=1)) == 0
    with pytest.raises(UserInputError):
        finder.set_outcome(uid, 0, worker)
    with pytest.raises(UserInputError):
        finder.set_outcome(uid, 72, worker, accepted=False, incentive_received=True)


def test_erase_leaves_only_an_audit_entry(app: App, people, staff) -> None:  # type: ignore[no-untyped-def]
    admin, worker = staff
    finder = StaffRecords(app)
    uid = people[0].record_uuid
    finder.edit(uid, {"village": "Wonorejo"}, "pindah rumah", worker)
    finder.set_outcome(uid, 70, worker, accepted=True)
    with pytest.raises(UserInputError):
        finder.erase(uid, worker)  # staff may not
    assert finder.erase(uid, admin) is True
    assert app.records.get(uid) is None and finder.erase(uid, admin) is False
    with app.db.read() as session:
        assert session.execute(select(func.count()).select_from(RecordChange)).scalar() == 0
        assert session.execute(select(func.count()).select_from(WaveOutcome)).scalar() == 0
        erased = session.execute(select(AuditEvent).where(AuditEvent.action == "record.erased")).scalar_one()
    assert erased.subject == str(uid) and erased.details == {}
    assert app.records.search_names("budi") and all(h.full_name != "Budi Santoso" for h in app.records.search_names("budi"))
    assert app.staff.verify_audit().ok


def test_export_person_is_complete_and_audited(app: App, people, staff) -> None:  # type: ignore[no-untyped-def]
    _admin, worker = staff
    finder = StaffRecords(app)
    uid = people[1].record_uuid
    finder.set_outcome(uid, 70, worker, accepted=True)
    data = finder.export_person(uid, worker)
    assert data["full_name"] == "Siti Rahayu" and data["nik"] == app.records.get(uid).nik
    assert data["outcomes"] == [{"wave": 70, "joined": True, "accepted": True, "training_finished": None,
                                 "incentive_received": None}]
    with app.db.read() as session:
        assert session.execute(select(AuditEvent).where(AuditEvent.action == "record.exported")).scalar_one()


def test_the_list_shows_the_newest_wave_outcome(app: App, people, staff) -> None:  # type: ignore[no-untyped-def]
    _admin, worker = staff
    finder = StaffRecords(app)
    finder.set_outcome(people[0].record_uuid, 70, worker, accepted=False)
    finder.set_outcome(people[0].record_uuid, 71, worker, accepted=True)
    finder.set_outcome(people[1].record_uuid, 71, worker, accepted=None)
    rows = {r.full_name: (r.latest_wave, r.latest_accepted) for r in finder.page(RecordFilter())}
    assert rows == {"Budi Santoso": (71, True), "Siti Rahayu": (71, None), "Andi Budiono": (None, None)}


def test_a_name_count_uses_the_index_and_agrees_with_the_page(app: App, people) -> None:  # type: ignore[no-untyped-def]
    finder = StaffRecords(app)
    for text in ("budi", "siti rah", "zzz", "a"):
        assert finder.count(RecordFilter(text=text)) == len(finder.page(RecordFilter(text=text)))
    assert finder.count(RecordFilter(text="budi", outcome="eligible")) == 1
