"""The dashboard's counts kept per UTC day (reports/counts.py, migration 0010) give exactly the numbers of a
full scan of the records (aggregate.build_report_by_scan) after every kind of write, in the three office
zones, before and after the changed days are recounted (issue 17)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, select, text, update

from prakerja_desktop.app import App
from prakerja_desktop.backups import retention
from prakerja_desktop.reports import aggregate, counts
from prakerja_desktop.staff.records import StaffRecords
from prakerja_desktop.storage.database import alembic_config, current_revision
from prakerja_desktop.storage.models import (
    DashboardCount,
    DashboardDirty,
    DashboardMonthCount,
    RecordRow,
    WaveOutcome,
)
from prakerja_desktop.sync.room import Sync
from tests.factories import make_draft
from tests.sync_support import add_person, people
from tests.test_reports import OTHER_DISTRICT, add_people

ZONES = ("WIB", "WITA", "WIT")
# One office day, the days either side of the 23:30 UTC records, a month, a span wider than any data.
RANGES = [(date(2026, 6, 1), date(2026, 6, 1)), (date(2026, 6, 2), date(2026, 6, 2)),
          (date(2026, 6, 1), date(2026, 6, 30)), (date(2026, 5, 20), date(2026, 6, 10)),
          (date(2000, 1, 1), date(2100, 1, 1))]


def _dirty(app: App) -> int:
    with app.db.read() as session:
        return int(session.execute(select(func.count()).select_from(DashboardDirty)).scalar_one())


def _same_as_scan(app: App, *, ranges: list[tuple[date, date]] | None = None) -> None:
    """The kept counts equal the scan: read as they are (changed days still noted), then recounted."""
    extra = [(date.today() - timedelta(days=40), date.today() + timedelta(days=1))]
    for recounted in (False, True):
        if recounted:
            app.reports.build(date(2026, 6, 1), date(2026, 6, 1))  # the use case recounts the noted days
            assert _dirty(app) == 0
        with app.db.read() as session:
            for zone in ZONES:
                for first, last in (ranges or RANGES) + extra:
                    kept = aggregate.build_report(session, first, last, zone=zone, rule_set=app.rule_set)
                    scanned = aggregate.build_report_by_scan(session, first, last, zone=zone, rule_set=app.rule_set)
                    assert kept == scanned, (zone, first, last, recounted)
    _days_as_scanned(app)


def _days_as_scanned(app: App) -> None:
    """Every kept day holds exactly the scan of that day (nothing left of erased or moved records)."""
    with app.db.read() as session:
        kept_days = set(session.execute(select(DashboardCount.day).distinct()).scalars())
        record_days = {value.date().isoformat() for value in session.execute(select(RecordRow.submitted_at)).scalars()}
        assert kept_days == record_days
        for day in sorted(kept_days):
            start = datetime.fromisoformat(day)
            stored = counts._stored(session, start.date(), start.date() + timedelta(days=1))
            scanned = counts.scan(session, start, start + timedelta(days=1))
            assert {k: v for k, v in stored.items() if any(v)} == {k: v for k, v in scanned.items() if any(v)}, day
        kept_months = set(session.execute(select(DashboardMonthCount.month).distinct()).scalars())
        assert kept_months == {day[:7] for day in kept_days}
        for month in sorted(kept_months):  # a month's row is its days added up
            first = date.fromisoformat(month + "-01")
            whole = counts._stored(session, first, counts._next_month(first))
            by_days = counts.new_counts()
            counts._sum_rows(session, DashboardCount, [DashboardCount.day.like(month + "-%")], by_days)
            assert whole == by_days, month


def _known_people(app: App) -> list[str]:
    """Records at 23:30 and 16:30 UTC either side of office midnights, residents and not, waves, waiting."""
    app.settings.put("office_regency_code", "3508")
    return add_people(app, [
        {"serial": 1, "at": datetime(2026, 6, 1, 23, 30)},
        {"serial": 2, "at": datetime(2026, 6, 1, 16, 30), "registered": date(2026, 6, 5)},
        {"serial": 3, "at": datetime(2026, 6, 30, 23, 30), "outcome": "not_eligible", "by": ""},
        {"serial": 4, "at": datetime(2026, 5, 31, 23, 30), "district": OTHER_DISTRICT, "follow_up": False},
        {"serial": 5, "at": datetime(2026, 6, 2, 15, 0), "readiness": {"has_ektp": False, "payout_account": False}, "village": "Wonorejo"},
        {"serial": 6, "at": datetime(2026, 6, 15, 8, 0), "outcome": "needs_check"},
    ])


def _uuid_of_number(app: App, number: str):  # type: ignore[no-untyped-def]
    with app.db.read() as session:
        return session.execute(select(RecordRow.uuid).where(RecordRow.receipt_number == number)).scalar_one()


def test_every_kind_of_write_keeps_the_counts_exact(app: App) -> None:
    admin = app.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    staff = StaffRecords(app)
    numbers = _known_people(app)  # the bulk path (import_rows)
    app.records.add_demo_data(40, seed=3)  # demo data over many days
    submitted = app.records.submit(make_draft(serial=21, name="Ani Lestari"), staff=admin)  # the wizard
    assert _dirty(app) > 0
    _same_as_scan(app)

    with app.db.write() as session:  # a record moved to 23:30 UTC of another day (its old day too)
        session.execute(update(RecordRow).where(RecordRow.uuid == submitted.record_uuid)
                        .values(submitted_at=datetime(2026, 6, 2, 23, 30)))
    _same_as_scan(app)

    first, second, third = (_uuid_of_number(app, n) for n in numbers[:3])
    staff.edit(first, {"village": "Desa Baru"}, "pindah rumah", admin)  # a staff correction
    staff.edit(second, {"registered_online_on": date(2026, 6, 20)}, "sudah daftar", admin)
    _same_as_scan(app)

    staff.set_outcome(first, 70, admin, accepted=True, training_finished=True, incentive_received=True)
    staff.set_outcome(second, 70, admin, accepted=False)
    staff.set_outcome(second, 71, admin, accepted=True)
    staff.set_outcome(third, 70, admin, accepted=None)
    _same_as_scan(app)
    staff.set_outcome(third, 70, admin, accepted=True)  # an outcome changed
    _same_as_scan(app)

    assert staff.erase(second, admin)  # erasure (with its wave outcomes)
    _same_as_scan(app)

    with app.db.write() as session:  # bulk SQL as the benchmark's copies and an administrator's fixes
        session.execute(text("UPDATE records SET village = 'Desa Massal' WHERE id % 3 = 0"))
        session.execute(text("DELETE FROM wave_outcomes WHERE wave = 71"))
    _same_as_scan(app)

    retention.purge(app, older_than=datetime(2026, 6, 2), by=admin)  # retention purge of the oldest
    _same_as_scan(app)


def test_the_office_zone_and_checklist_are_read_not_kept(app: App) -> None:
    """Counts are per UTC day: changing the office's zone or regency needs no recount."""
    _known_people(app)
    app.reports.build(date(2026, 6, 1), date(2026, 6, 1))
    assert _dirty(app) == 0
    for zone in ZONES:
        app.settings.put("office_timezone", zone)
        app.settings.put("office_regency_code", "3509" if zone == "WIT" else "3508")
        assert _dirty(app) == 0
        with app.db.read() as session:
            kept = aggregate.build_report(session, date(2026, 6, 2), date(2026, 6, 2), rule_set=app.rule_set)
            assert kept == aggregate.build_report_by_scan(session, date(2026, 6, 2), date(2026, 6, 2),
                                                          rule_set=app.rule_set)
            assert kept.zone == zone and kept.total == {"WIB": 2, "WITA": 3, "WIT": 2}[zone]  # 15:00 UTC is 2 June in WIB/WITA only


def test_bundles_merges_and_return_bundles_keep_the_counts_exact(pairs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    office, laptop = pairs
    admin = office.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    add_person(laptop, 1, "Ani")
    add_person(laptop, 2, "Budi Laptop")
    add_person(office, 2, "Budi Kantor")  # the same NIK at the office: parked for review
    laptop.records.add_demo_data(25, seed=5)
    outcome = Sync(office).import_file(Sync(laptop).export_bundle(tmp_path / "b1.pkjb").path)
    _same_as_scan(office)
    cases = Sync(office).review_cases()
    assert cases
    Sync(office).decide(cases[0].uuid, "merged", admin, fields=["full_name"])  # merged: one record stays
    _same_as_scan(office)
    ani = next(u for u, nik in people(office).items() if nik.endswith("0001"))
    import uuid

    StaffRecords(office).set_outcome(uuid.UUID(ani), 70, admin, accepted=True)
    assert StaffRecords(office).erase(uuid.UUID(ani), admin)  # an erasure travels back as a tombstone
    answer = tmp_path / "b1.pkja"
    answer.write_bytes(outcome.ack)
    Sync(laptop).import_file(answer)
    second = Sync(office).import_file(Sync(laptop).export_bundle(tmp_path / "b2.pkjb").path)
    (tmp_path / "b2.pkja").write_bytes(second.ack)
    Sync(laptop).import_file(tmp_path / "b2.pkja")  # the return bundle: decisions and the erasure
    assert ani not in people(laptop)
    _same_as_scan(office)
    _same_as_scan(laptop)


@pytest.mark.sqlite_only("damages the SQLite file itself")
def test_a_salvaged_database_counts_what_it_really_holds(tmp_path: Path) -> None:
    from tests.test_salvage import damaged

    data, rescued = tmp_path / "data", tmp_path / "baru"
    app = App.open(data)
    app.records.add_demo_data(5)
    app.reports.build(date(2026, 1, 1), date(2026, 12, 31))  # counts kept in the old file
    app.close()
    damaged(data)
    App.salvage(rescued, data)
    saved = App.open(rescued)
    try:
        with saved.db.read() as session:  # nothing copied from the old counts: every salvaged day is noted
            assert session.execute(select(func.count()).select_from(DashboardCount)).scalar_one() == 0
        _same_as_scan(saved)
    finally:
        saved.close()


def test_migration_0010_counts_every_existing_day_and_goes_back(app: App) -> None:
    _known_people(app)
    app.records.add_demo_data(30, seed=9)
    staff = StaffRecords(app)
    admin = app.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    with app.db.read() as session:
        some = session.execute(select(RecordRow.uuid).limit(3)).scalars().all()
    for wave, record in enumerate(some, start=70):
        staff.set_outcome(record, wave, admin, accepted=wave % 2 == 0)
    config = alembic_config(app.db.engine)
    command.downgrade(config, "0009")
    assert current_revision(app.db.engine) == "0009"
    with app.db.write() as session:  # the tables and triggers are gone with 0010: writes still work
        session.execute(update(WaveOutcome).values(accepted=True))
    command.upgrade(config, "head")
    assert current_revision(app.db.engine) == "0010"
    assert _dirty(app) == 0  # the migration counted every day
    _same_as_scan(app)


def test_two_kiosks_submitting_while_the_dashboard_recounts_keep_the_counts_exact(app: App, data_dir: Path) -> None:
    """Two kiosks on the same database (two connections; on PostgreSQL two server sessions) submit at once
    while a third keeps building the dashboard (recounting the noted days): no change is lost."""
    import threading

    kiosks = [app, App.open(data_dir), App.open(data_dir)]
    problems: list[BaseException] = []
    done = threading.Event()

    def submit(kiosk: App, base: int) -> None:
        try:
            for i in range(12):
                kiosk.records.submit(make_draft(serial=base + i, name=f"Orang {base + i}",
                                                kk=f"3508201203{base + i:06d}"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            problems.append(exc)

    def dashboard() -> None:
        try:
            while not done.is_set():
                kiosks[2].reports.build(date.today() - timedelta(days=1), date.today() + timedelta(days=1))
        except BaseException as exc:  # noqa: BLE001 - reported below
            problems.append(exc)

    try:
        writers = [threading.Thread(target=submit, args=(kiosks[0], 100)),
                   threading.Thread(target=submit, args=(kiosks[1], 300))]
        reader = threading.Thread(target=dashboard)
        for thread in (*writers, reader):
            thread.start()
        for thread in writers:
            thread.join(120)
        done.set()
        reader.join(120)
        assert not problems, problems
        assert app.records.count() == 24
        _same_as_scan(app, ranges=[(date(2026, 6, 1), date(2026, 6, 1))])
    finally:
        for kiosk in kiosks[1:]:
            kiosk.close()


@pytest.mark.sqlite_only("a backup is a copy of the SQLite file")
def test_a_restored_database_brings_its_own_counts(tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = App.open(data)
    _known_people(app)
    app.reports.build(date(2026, 6, 1), date(2026, 6, 1))  # counted before the backup
    info = app.backups.make(tmp_path / "usb")
    app.records.add_demo_data(20, seed=11)  # later people: gone with the restore, counts too
    app.reports.build(date(2026, 6, 1), date(2026, 6, 1))
    app.close()
    App.restore(info.path, data)
    restored = App.open(data)
    try:
        assert restored.records.count() == 6
        _same_as_scan(restored)
    finally:
        restored.close()


def test_many_changed_days_are_recounted_a_week_per_write_and_stay_exact_between(app: App) -> None:
    """An import touching many days is recounted in writes of at most DAYS_PER_REFRESH days (a kiosk's
    submit waits for one of them, not for all, within its busy timeout); the numbers are the scan's after each."""
    app.records.add_demo_data(120, seed=5)  # demo data spread over many days
    with app.db.read() as session:
        noted = len(counts._dirty_days(session))
    assert noted > 2 * counts.DAYS_PER_REFRESH
    writes = 0
    while True:
        with app.db.write() as session:
            done = counts.refresh(session, max_days=counts.DAYS_PER_REFRESH)
        if not done:
            break
        writes += 1
        assert done <= counts.DAYS_PER_REFRESH
        with app.db.read() as session:
            for zone in ZONES:
                first, last = date(2000, 1, 1), date(2100, 1, 1)
                kept = aggregate.build_report(session, first, last, zone=zone, rule_set=app.rule_set)
                assert kept == aggregate.build_report_by_scan(session, first, last, zone=zone, rule_set=app.rule_set)
    assert writes == -(-noted // counts.DAYS_PER_REFRESH) and _dirty(app) == 0
    _days_as_scanned(app)
