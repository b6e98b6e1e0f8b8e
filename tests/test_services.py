"""Use cases over a real SQLite file: drafts, submit, receipt numbers, duplicates, search."""

from __future__ import annotations

import multiprocessing
import uuid
from datetime import date
from pathlib import Path

import pytest

from prakerja_desktop.domain.codes import parse_receipt_number
from prakerja_desktop.domain.eligibility import Outcome
from prakerja_desktop.services import DuplicateRecord, Services, SubmitRefused
from prakerja_desktop.storage.models import DraftRow
from tests.factories import make_draft

TODAY = date(2026, 11, 28)


def test_draft_saved_and_resumed_by_code(services: Services) -> None:
    draft = make_draft()
    draft.step = "contact"
    draft.visited = ["welcome", "about", "eligibility", "identity", "family"]
    services.save_draft(draft)
    assert draft.code and len(draft.code) == 6
    resumed = services.resume_draft(draft.code.lower())
    assert resumed is not None
    assert resumed.id == draft.id and resumed.step == "contact" and resumed.visited == draft.visited
    assert resumed.applicant == draft.applicant
    assert services.resume_draft("ZZZZZZ") is None
    assert services.resume_draft("") is None


def test_resaving_keeps_one_draft_and_its_code(services: Services) -> None:
    draft = make_draft()
    services.save_draft(draft)
    code = draft.code
    draft.applicant.full_name = "Budi Santoso Updated"
    services.save_draft(draft)
    assert draft.code == code
    with services.db.read() as session:
        assert session.query(DraftRow).count() == 1
    assert services.resume_draft(code or "").applicant.full_name == "Budi Santoso Updated"


def test_latest_draft_is_offered_after_a_restart(data_dir: Path) -> None:
    first = Services.open(data_dir)
    draft = make_draft()
    first.save_draft(draft)
    first.close()
    second = Services.open(data_dir)
    latest = second.latest_draft()
    second.close()
    assert latest is not None and latest.id == draft.id


def test_submit_gives_a_valid_receipt_and_stores_the_record(services: Services) -> None:
    draft = make_draft()
    services.save_draft(draft)
    result = services.submit(draft, today=TODAY)
    assert parse_receipt_number(result.receipt_number) == (services.device.code, 1)
    assert result.eligibility.outcome is Outcome.ELIGIBLE
    record = services.record(result.record_uuid)
    assert record is not None
    assert record.nik == draft.applicant.nik and record.full_name == "Budi Santoso"
    assert record.device_id == services.device.id and record.eligibility_outcome == "eligible"
    assert {r["rule"] for r in record.eligibility_reasons} >= {"age"}
    assert services.find_receipt(result.receipt_number.lower()).uuid == result.record_uuid
    # The submitted draft keeps no second copy of personal data and cannot be resumed.
    assert services.resume_draft(draft.code or "") is None


def test_receipt_numbers_increase_and_are_never_reused(data_dir: Path) -> None:
    services = Services.open(data_dir)
    numbers = [services.submit(make_draft(serial=i, kk=None), today=TODAY).receipt_number
               for i in range(1, 4)]
    services.close()
    reopened = Services.open(data_dir)
    numbers.append(reopened.submit(make_draft(serial=9, kk=None), today=TODAY).receipt_number)
    reopened.close()
    assert [parse_receipt_number(n)[1] for n in numbers] == [1, 2, 3, 4]


def test_failed_submit_does_not_use_up_a_number(services: Services) -> None:
    services.submit(make_draft(serial=1), today=TODAY)
    with pytest.raises(DuplicateRecord):
        services.submit(make_draft(serial=1), today=TODAY)
    third = services.submit(make_draft(serial=2), today=TODAY)
    assert parse_receipt_number(third.receipt_number)[1] == 2


def test_duplicate_nik_points_to_the_existing_record(services: Services) -> None:
    first = services.submit(make_draft(serial=5), today=TODAY)
    with pytest.raises(DuplicateRecord) as caught:
        services.submit(make_draft(serial=5, name="Someone Else"), today=TODAY)
    assert caught.value.record_uuid == first.record_uuid
    assert first.receipt_number in str(caught.value)
    assert services.record_count() == 1


def test_submit_without_consent_stores_nothing(services: Services) -> None:
    with pytest.raises(SubmitRefused) as caught:
        services.submit(make_draft(consent=False), today=TODAY)
    assert "persetujuan" in str(caught.value).lower()
    assert services.record_count() == 0


def test_submit_with_a_bad_nik_is_refused_with_a_message(services: Services) -> None:
    draft = make_draft()
    draft.applicant.nik = "12345"
    with pytest.raises(SubmitRefused) as caught:
        services.submit(draft, today=TODAY)
    assert caught.value.problems and all(isinstance(p, str) and p for p in caught.value.problems)
    assert services.record_count() == 0


def test_third_person_on_a_kk_needs_a_staff_check(services: Services) -> None:
    kk = "3508201203150007"
    for serial in (1, 2):
        assert services.submit(make_draft(serial=serial, kk=kk), today=TODAY).eligibility.outcome is Outcome.ELIGIBLE
    third = services.submit(make_draft(serial=3, kk=kk), today=TODAY)
    assert third.eligibility.outcome is Outcome.NEEDS_CHECK
    assert services.kk_count(kk) == 3


def test_under_18_is_recorded_as_not_eligible(services: Services) -> None:
    result = services.submit(make_draft(birth=date(2010, 1, 1)), today=TODAY)
    assert result.eligibility.outcome is Outcome.NOT_ELIGIBLE
    assert services.record(result.record_uuid).eligibility_outcome == "not_eligible"


def test_search_finds_submitted_people(services: Services) -> None:
    services.submit(make_draft(serial=1, name="Siti Rahayu", female=True), today=TODAY)
    services.submit(make_draft(serial=2, name="Budi Santoso"), today=TODAY)
    assert [hit.full_name for hit in services.search_names("rahay")] == ["Siti Rahayu"]
    assert services.search_names("   ") == []


def _submit_many(data_dir: str, start: int, count: int, queue: multiprocessing.Queue) -> None:
    """Child process: submit `count` records and report the receipt numbers."""
    services = Services.open(data_dir)
    numbers = [services.submit(make_draft(serial=start + i, kk=None), today=TODAY).receipt_number
               for i in range(count)]
    services.close()
    queue.put(numbers)


def test_two_processes_never_share_a_receipt_number(data_dir: Path) -> None:
    Services.open(data_dir).close()  # create the database and the device first
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
    first = Services.open(data_dir)
    device = first.device
    first.close()
    again = Services.open(data_dir)
    assert again.device == device
    assert isinstance(device.id, uuid.UUID) and len(device.code) == 5
    again.close()
