"""The dashboard's derived columns (storage/facts.py): set by every writer, filled by migration 0009."""

from __future__ import annotations

from alembic import command
from sqlalchemy import select, update

from prakerja_desktop.app import App
from prakerja_desktop.storage import facts
from prakerja_desktop.storage.database import alembic_config, current_revision
from prakerja_desktop.storage.models import RecordRow
from tests.factories import make_draft

REASONS = [{"rule": "citizen", "case": "ok", "outcome": "eligible"},
           {"rule": "age", "case": "too_young", "outcome": "not_eligible"},
           {"rule": "kk_limit", "case": "unknown", "outcome": "needs_check"}]


def test_the_facts_follow_the_stored_json() -> None:
    assert facts.follow_up({"follow_up_contact": True}) is True
    assert facts.follow_up({"follow_up_contact": False}) is False
    assert facts.follow_up({"follow_up_contact": "true"}) is False  # only a JSON true counts
    assert facts.follow_up(None) is False
    codes = facts.reason_codes(REASONS)
    assert facts.parse_codes(codes) == [("age", "too_young"), ("kk_limit", "unknown")]
    assert facts.reason_codes([{"rule": "age", "case": "ok", "outcome": "eligible"}]) == ""
    assert facts.parse_codes("") == [] and facts.parse_codes("not json") == []


def _stored(app: App) -> dict[str, tuple[bool, list[tuple[str, str]]]]:
    with app.db.read() as session:
        return {number: (follow_up, facts.parse_codes(codes)) for number, follow_up, codes in session.execute(
            select(RecordRow.receipt_number, RecordRow.follow_up, RecordRow.reason_codes))}


def _expected(app: App) -> dict[str, tuple[bool, list[tuple[str, str]]]]:
    with app.db.read() as session:
        return {number: (facts.follow_up(consent), facts.parse_codes(facts.reason_codes(reasons)))
                for number, consent, reasons in session.execute(
                    select(RecordRow.receipt_number, RecordRow.consent, RecordRow.eligibility_reasons))}


def test_every_writer_stores_the_facts(app: App, admin) -> None:  # type: ignore[no-untyped-def]
    app.records.add_demo_data(60)  # the bulk path (insert_many)
    draft = make_draft(serial=3, name="Ani Lestari")
    draft.applicant.consent.follow_up_contact = True
    app.records.submit(draft, staff=admin)  # the one-record path
    stored = _stored(app)
    assert stored == _expected(app)
    assert any(follow for follow, _codes in stored.values()) and any(codes for _f, codes in stored.values())
    assert any(not follow for follow, _codes in stored.values())


def test_migration_0009_fills_the_facts_of_older_records(app: App) -> None:
    app.records.add_demo_data(40)
    with app.db.write() as session:  # as written before 0009, then made wrong on purpose
        session.execute(update(RecordRow).values(follow_up=False, reason_codes=""))
    config = alembic_config(app.db.engine)
    command.downgrade(config, "0008")
    assert current_revision(app.db.engine) == "0008"
    command.upgrade(config, "0009")  # 0010 (the dashboard's counts) follows: tests/test_dashboard_counts.py
    assert current_revision(app.db.engine) == "0009"
    stored = _stored(app)
    assert stored == _expected(app)
    assert any(follow for follow, _codes in stored.values()) and any(codes for _f, codes in stored.values())
