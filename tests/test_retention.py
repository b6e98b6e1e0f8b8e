"""Retention: records past the promised period are purged, audited with counts, and gone from the file."""

from __future__ import annotations

from contextlib import closing
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from prakerja_desktop import paths
from prakerja_desktop.app import App
from prakerja_desktop.backups import retention
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.staff.records import StaffRecords
from prakerja_desktop.storage import encryption, settings_store
from prakerja_desktop.storage.models import AuditEvent, DraftRow, RecordChange, RecordRow, WaveOutcome
from tests.factories import make_draft, make_nik

NOW = datetime(2026, 11, 28, 12, 0)
OLD_NAME = "Sulistyaningsih Purbaningrum"  # rare words: any trace of them in the file is hers


@pytest.fixture(autouse=True)
def _sqlite_files_only(request: pytest.FixtureRequest) -> None:
    """These tests read the SQLite file itself; an office server protects its own data."""
    if request.config.getoption("--db-url"):
        pytest.skip(reason="encryption at rest and retention compaction are about the SQLite file")


def _age(app: App, receipt: str, submitted_at: datetime) -> None:
    with app.db.write() as session:
        session.execute(update(RecordRow).where(RecordRow.receipt_number == receipt)
                        .values(submitted_at=submitted_at))


def test_the_period_defaults_to_the_consent_promise_and_never_exceeds_it(app: App, admin) -> None:  # type: ignore[no-untyped-def]
    assert retention.promised_months() == 24 == retention.retention_months(app)
    retention.put_retention_months(app, 12, admin)
    assert retention.retention_months(app) == 12
    with pytest.raises(UserInputError, match="1 sampai 24"):
        retention.put_retention_months(app, 36, admin)
    with pytest.raises(UserInputError):
        app.settings.put("retention_months", 99)  # the registry refuses it too
    with app.db.write() as session:
        settings_store.put(session, "retention_months", 99)  # edited by hand: still capped
    assert retention.retention_months(app) == 24
    assert retention.cutoff(24, datetime(2026, 2, 28)) == datetime(2024, 2, 28)
    assert retention.cutoff(1, datetime(2026, 3, 31)) == datetime(2026, 2, 28)


def test_purge_removes_old_people_everywhere_and_keeps_the_rest(app: App, admin) -> None:  # type: ignore[no-untyped-def]
    old = app.records.submit(make_draft(name=OLD_NAME, serial=11))
    recent = app.records.submit(make_draft(name="Budi Santoso", serial=12))
    _age(app, old.receipt_number, NOW - timedelta(days=800))
    _age(app, recent.receipt_number, NOW - timedelta(days=30))
    staff_records = StaffRecords(app)
    staff_records.edit(old.record_uuid, {"village": "Ranubedali"}, "pindah rumah", admin)
    staff_records.set_outcome(old.record_uuid, 1, admin, joined=True)
    stale = app.drafts.save(make_draft(name=OLD_NAME, serial=13))
    with app.db.write() as session:
        session.execute(update(DraftRow).where(DraftRow.code == stale.code)
                        .values(updated_at=NOW - timedelta(days=45)))
    assert retention.due_count(app, NOW) == 1

    with pytest.raises(UserInputError):
        retention.purge(app, by=_plain_staff(app), now=NOW)
    result = retention.purge(app, by=admin, now=NOW)

    assert (result.records, result.changes, result.outcomes, result.drafts) == (1, 1, 1, 1)
    assert app.records.find_receipt(old.receipt_number) is None
    assert app.records.find_receipt(recent.receipt_number) is not None
    with app.db.read() as session:
        assert session.execute(select(RecordChange)).first() is None
        assert session.execute(select(WaveOutcome)).first() is None
        event = session.execute(select(AuditEvent).order_by(AuditEvent.id.desc())).scalars().first()
    assert event.action == "records.purged" and event.details == {
        "cutoff": "2024-11-28", "records": 1, "changes": 1, "outcomes": 1, "drafts": 1}
    assert app.staff.verify_audit().ok

    # Nothing of her is left: not in any table or index of the decrypted file, not in the raw bytes.
    database = app.data_dir / paths.DB_FILENAME
    with closing(encryption.open_file(database)) as raw:
        assert raw.execute("SELECT count(*) FROM records_fts WHERE records_fts MATCH 'sulistyaningsih'"
                           ).fetchone()[0] == 0
        tables = [row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in raw.execute(f'SELECT * FROM "{table}"'):
                blob = repr(row).lower().encode() + b"".join(v for v in row if isinstance(v, bytes))
                for word in (b"sulistyaningsih", b"purbaningrum", make_nik_bytes(11)):
                    assert word not in blob, (table, word)
        assert raw.execute("PRAGMA freelist_count").fetchone()[0] == 0  # VACUUM left no free pages
    wal = database.with_name(database.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # old page copies truncated away
    for path in (database, wal):
        if path.exists():
            assert b"Sulistyaningsih" not in path.read_bytes()


def make_nik_bytes(serial: int) -> bytes:
    from datetime import date

    return make_nik(date(2000, 5, 17), serial=serial).encode()


def test_cli_purge_with_a_period_in_months(data_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.test_cli import run

    app = App.open(data_dir)
    old = app.records.submit(make_draft(name=OLD_NAME, serial=11))
    _age(app, old.receipt_number, datetime.now() - timedelta(days=400))
    app.records.submit(make_draft(serial=12))
    app.close()
    refused = run("purge", "--older-than", "12", "--data-dir", str(data_dir))
    assert refused.returncode == 2 and "--yes" in refused.stderr
    bad = run("purge", "--older-than", "kemarin", "--yes", "--data-dir", str(data_dir))
    assert bad.returncode == 2 and "bulan" in bad.stderr
    done = run("purge", "--older-than", "12", "--yes", "--data-dir", str(data_dir))
    assert done.returncode == 0 and done.stdout.startswith("dihapus: 1 data"), done.stderr
    encryption._unlocked.clear()
    app = App.open(data_dir)
    assert app.records.count() == 1
    app.close()


def _plain_staff(app: App):  # type: ignore[no-untyped-def]
    return app.staff.create("petugas", "Bu Petugas", "staff", "rahasia-456")
