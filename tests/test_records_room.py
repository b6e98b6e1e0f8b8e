"""Use cases over a real SQLite file: drafts, submit, receipt numbers, duplicates, search."""

from __future__ import annotations

import multiprocessing
import uuid
from datetime import date
from pathlib import Path

import pytest

from prakerja_desktop.app import App, DuplicateRecord, SubmitRefused
from prakerja_desktop.domain.codes import parse_receipt_number
from prakerja_desktop.domain.eligibility import Outcome
from prakerja_desktop.storage.models import DraftRow
from tests.factories import make_draft

TODAY = date(2026, 11, 28)


def test_draft_saved_and_resumed_by_code(app: App) -> None:
    draft = make_draft()
    draft.step = "contact"
    draft.visited = ["welcome", "about", "eligibility", "identity", "family"]
    app.drafts.save(draft)
    assert draft.code and len(draft.code) == 6
    resumed = app.drafts.resume(draft.code.lower())
    assert resumed is not None
    assert resumed.id == draft.id and resumed.step == "contact" and resumed.visited == draft.visited
    assert resumed.applicant == draft.applicant
    assert app.drafts.resume("ZZZZZZ") is None
    assert app.drafts.resume("") is None


def test_resaving_keeps_one_draft_and_its_code(app: App) -> None:
    draft = make_draft()
    app.drafts.save(draft)
    code = draft.code
    draft.applicant.full_name = "Budi Santoso Updated"
    app.drafts.save(draft)
    assert draft.code == code
    with app.db.read() as session:
        assert session.query(DraftRow).count() == 1
    assert app.drafts.resume(code or "").applicant.full_name == "Budi Santoso Updated"


def test_latest_draft_is_offered_after_a_restart(data_dir: Path) -> None:
    first = App.open(data_dir)
    draft = make_draft()
    first.drafts.save(draft)
    first.close()
    second = App.open(data_dir)
    latest = second.drafts.latest()
    second.close()
    assert latest is not None and latest.id == draft.id


def test_submit_gives_a_valid_receipt_and_stores_the_record(app: App) -> None:
    draft = make_draft()
    app.drafts.save(draft)
    result = app.records.submit(draft, today=TODAY)
    assert parse_receipt_number(result.receipt_number) == (app.device.code, 1)
    assert result.eligibility.outcome is Outcome.ELIGIBLE
    record = app.records.get(result.record_uuid)
    assert record is not None
    assert record.nik == draft.applicant.nik and record.full_name == "Budi Santoso"
    assert record.device_id == app.device.id and record.eligibility_outcome == "eligible"
    assert {r["rule"] for r in record.eligibility_reasons} >= {"age"}
    assert app.records.find_receipt(result.receipt_number.lower()).uuid == result.record_uuid
    # The submitted draft keeps no second copy of personal data and cannot be resumed.
    assert app.drafts.resume(draft.code or "") is None


def test_receipt_numbers_increase_and_are_never_reused(data_dir: Path) -> None:
    app = App.open(data_dir)
    numbers = [app.records.submit(make_draft(serial=i, kk=None), today=TODAY).receipt_number
               for i in range(1, 4)]
    app.close()
    reopened = App.open(data_dir)
    numbers.append(reopened.records.submit(make_draft(serial=9, kk=None), today=TODAY).receipt_number)
    reopened.close()
    assert [parse_receipt_number(n)[1] for n in numbers] == [1, 2, 3, 4]


def test_failed_submit_does_not_use_up_a_number(app: App) -> None:
    app.records.submit(make_draft(serial=1), today=TODAY)
    with pytest.raises(DuplicateRecord):
        app.records.submit(make_draft(serial=1), today=TODAY)
    third = app.records.submit(make_draft(serial=2), today=TODAY)
    assert parse_receipt_number(third.receipt_number)[1] == 2


def test_duplicate_nik_points_to_the_existing_record(app: App) -> None:
    first = app.records.submit(make_draft(serial=5), today=TODAY)
    with pytest.raises(DuplicateRecord) as caught:
        app.records.submit(make_draft(serial=5, name="Someone Else"), today=TODAY)
    assert caught.value.record_uuid == first.record_uuid
    assert first.receipt_number in str(caught.value)
    assert app.records.count() == 1


def test_submit_without_consent_stores_nothing(app: App) -> None:
    with pytest.raises(SubmitRefused) as caught:
        app.records.submit(make_draft(consent=False), today=TODAY)
    assert "persetujuan" in str(caught.value).lower()
    assert app.records.count() == 0


def test_submit_with_a_bad_nik_is_refused_with_a_message(app: App) -> None:
    draft = make_draft()
    draft.applicant.nik = "12345"
    with pytest.raises(SubmitRefused) as caught:
        app.records.submit(draft, today=TODAY)
    assert caught.value.problems and all(isinstance(p, str) and p for p in caught.value.problems)
    assert app.records.count() == 0


def test_third_person_on_a_kk_needs_a_staff_check(app: App) -> None:
    kk = "3508201203150007"
    for serial in (1, 2):
        assert app.records.submit(make_draft(serial=serial, kk=kk), today=TODAY).eligibility.outcome is Outcome.ELIGIBLE
    third = app.records.submit(make_draft(serial=3, kk=kk), today=TODAY)
    assert third.eligibility.outcome is Outcome.NEEDS_CHECK
    assert app.records.kk_count(kk) == 3


def test_under_18_is_recorded_as_not_eligible(app: App) -> None:
    result = app.records.submit(make_draft(birth=date(2010, 1, 1)), today=TODAY)
    assert result.eligibility.outcome is Outcome.NOT_ELIGIBLE
    assert app.records.get(result.record_uuid).eligibility_outcome == "not_eligible"


def test_search_finds_submitted_people(app: App) -> None:
    app.records.submit(make_draft(serial=1, name="Siti Rahayu", female=True), today=TODAY)
    app.records.submit(make_draft(serial=2, name="Budi Santoso"), today=TODAY)
    assert [hit.full_name for hit in app.records.search_names("rahay")] == ["Siti Rahayu"]
    assert app.records.search_names("   ") == []


def _submit_many(data_dir: str, start: int, count: int, queue: multiprocessing.Queue) -> None:
    """Child process: submit `count` records and report the receipt numbers."""
    app = App.open(data_dir)
    numbers = [app.records.submit(make_draft(serial=start + i, kk=None), today=TODAY).receipt_number
               for i in range(count)]
    app.close()
    queue.put(numbers)


def test_two_processes_never_share_a_receipt_number(data_dir: Path) -> None:
    App.open(data_dir).close()  # create the database and the device first
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_submit_many, args=(str(data_dir), 1 + 100 * i, 25, queue))
               for i in range(2)]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    numbers = results[0] + results[1]
    assert len(numbers) == len(set(numbers)) == 50
    assert sorted(parse_receipt_number(n)[1] for n in numbers) == list(range(1, 51))


def test_device_identity_is_stable_and_unique(data_dir: Path) -> None:
    first = App.open(data_dir)
    device = first.device
    first.close()
    again = App.open(data_dir)
    assert again.device == device
    assert isinstance(device.id, uuid.UUID) and len(device.code) == 5
    again.close()
