"""Demo data: obviously fake, valid-looking, distinct, and fast enough for a 1M-row database."""

from __future__ import annotations

from datetime import date

from prakerja_desktop.app import App
from prakerja_desktop.domain.codes import parse_receipt_number
from prakerja_desktop.domain.nik import parse_nik
from prakerja_desktop.domain.phone import parse_phone
from prakerja_desktop.domain.regions import lookup
from prakerja_desktop.records import demo
from prakerja_desktop.storage.models import RecordRow
from tests.test_cli import run


def test_fake_people_are_obviously_fake_but_valid() -> None:
    today = date(2026, 11, 28)
    people = list(demo.fake_people(3000, seed=7, today=today))
    niks = [p.nik for p, _outcome, _at in people]
    assert len(set(niks)) == len(niks)
    for applicant, outcome, submitted in people[:500]:
        assert applicant.full_name.endswith("(DEMO)")
        assert applicant.email is None or applicant.email.endswith("@example.com")
        parsed = parse_nik(applicant.nik, stated_birth_date=applicant.birth_date, today=today)
        assert parsed.ok, parsed.codes()
        assert parsed.value.birth_date == applicant.birth_date
        assert lookup(applicant.district_code) is not None
        assert parse_phone(applicant.phone_e164).ok
        assert outcome in ("eligible", "needs_check", "not_eligible") and submitted.date() <= today


def test_same_seed_same_people() -> None:
    first = [p.nik for p, _o, _t in demo.fake_people(50, seed=3)]
    again = [p.nik for p, _o, _t in demo.fake_people(50, seed=3)]
    other = [p.nik for p, _o, _t in demo.fake_people(50, seed=4)]
    assert first == again != other


def test_demo_data_goes_through_the_storage_api(app: App) -> None:
    seen: list[int] = []
    added = app.records.add_demo_data(2500, seed=2, regency="3508", batch=1000,
                                   progress=lambda done, total: seen.append(done))
    assert added == 2500 == app.records.count()
    assert seen == [1000, 2000, 2500]
    with app.db.read() as session:
        regencies = {r for (r,) in session.query(RecordRow.regency_code).distinct()}
        receipts = [n for (n,) in session.query(RecordRow.receipt_number)]
    assert regencies == {"3508"}
    assert sorted(parse_receipt_number(n)[1] for n in receipts) == list(range(1, 2501))
    # The counter moved on: the next real person gets a fresh number.
    assert parse_receipt_number(app.records.reserve_receipt_numbers(1)[0])[1] == 2501
    assert len(app.records.search_names("demo")) == 50


def test_demo_data_can_be_cancelled(app: App) -> None:
    added = app.records.add_demo_data(5000, batch=1000, cancelled=lambda: app.records.count() >= 2000)
    assert added == 2000 == app.records.count()


def test_cli_demo_data(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run("demo-data", "--count", "300", "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 0 and "added 300 demo people" in result.stdout
    for bad in (["--count", "0"], ["--count", "x"], ["--count", "5", "--regency", "9999"], []):
        result = run("demo-data", *bad, "--data-dir", str(tmp_path / "d"))
        assert result.returncode == 2, bad
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_demo_outcomes_come_from_the_rules_engine_and_the_mix_is_realistic(app: App) -> None:
    from prakerja_desktop.domain import eligibility, rules
    from prakerja_desktop.storage.models import WaveOutcome

    app.records.add_demo_data(1500, seed=5, regency="3508")
    rule_set = rules.load_rule_set()
    with app.db.read() as session:
        rows = session.query(RecordRow).all()
        waves = session.query(WaveOutcome).all()
    people = {p.nik: (p, at) for p, _o, at in demo.fake_people(1500, seed=5, regency="3508")}
    for row in rows[:300]:
        person, at = people[row.nik]
        age = eligibility.age_on(person.birth_date, at.date())
        stored = {r["rule"]: r["case"] for r in row.eligibility_reasons}
        assert stored["age"] == ("too_young" if age < 18 else "too_old" if age > 64 else "ok"), (age, stored)
        assert row.eligibility_outcome == eligibility.combine(
            eligibility.Outcome(r["outcome"]) for r in row.eligibility_reasons).value
        assert row.rule_set_id == rule_set.id
    outcomes = {o: sum(r.eligibility_outcome == o for r in rows) for o in ("eligible", "not_eligible", "needs_check")}
    assert all(n > 0 for n in outcomes.values()), outcomes
    kiosk = sum(r.entered_by_name == "" for r in rows)
    assert 0.2 * len(rows) < kiosk < 0.5 * len(rows)  # about a third came to the kiosk
    registered = {r.id for r in rows if r.registered_online_on is not None}
    assert registered and waves and {w.record_id for w in waves} <= registered
    assert {w.accepted for w in waves} == {True, False, None}
