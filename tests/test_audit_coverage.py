"""The audit log covers every sensitive act (issue 8), holds nothing personal, and `audit verify` finds tampering."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import select

from prakerja_desktop import paths
from prakerja_desktop.app import App
from prakerja_desktop.backups import retention
from prakerja_desktop.keys import management as key_management
from prakerja_desktop.staff import views as staff_views
from prakerja_desktop.staff.records import StaffRecords
from prakerja_desktop.storage import encryption
from prakerja_desktop.storage.models import AuditEvent
from tests.factories import make_applicant, make_draft

NAME = "Wulandari Kusumawardhani"


@pytest.fixture(autouse=True)
def _sqlite_files_only(request: pytest.FixtureRequest) -> None:
    """These tests read the SQLite file itself; an office server protects its own data."""
    if request.config.getoption("--db-url"):
        pytest.skip(reason="encryption at rest and retention compaction are about the SQLite file")


def test_each_sensitive_act_leaves_one_entry_without_personal_data(app: App, tmp_path: Path) -> None:
    admin = app.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    assert app.staff.login("admin", "salah-sekali").staff is None
    session_admin = app.staff.login("admin", "rahasia-123").staff
    assert session_admin is not None
    person = app.records.submit(make_draft(name=NAME, serial=77))
    staff_views.reveal_nik(app, person.record_uuid, admin)
    StaffRecords(app).edit(person.record_uuid, {"village": "Ranubedali"}, "pindah rumah", admin)
    StaffRecords(app).export_person(person.record_uuid, admin)
    staff_views.export_records(app, tmp_path / "semua.csv", "csv", admin)
    app.records.import_rows([])
    app.backups.make(tmp_path / "usb")
    key_management.set_recovery_passphrase(app, "kopi tubruk di balai desa", admin)
    StaffRecords(app).erase(person.record_uuid, admin)
    retention.purge(app, by=admin)
    app.staff.logout(admin)

    with app.db.read() as session:
        events = list(session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars())
    actions = [event.action for event in events]
    for expected in ("login.failed", "login.ok", "record.submitted", "nik.viewed", "record.edited",
                     "record.exported", "records.exported", "records.imported", "backup.made",
                     "key.passphrase_set", "record.erased", "records.purged", "logout"):
        assert any(action.startswith(expected) for action in actions), expected
    person_values = make_applicant(name=NAME, serial=77)
    for event in events:
        text = f"{event.subject} {event.details} {event.actor}"
        for value in (person_values.nik, NAME, "Wulandari", person_values.phone_e164, person_values.email,
                      "Ranubedali", "kopi tubruk"):
            assert str(value) not in text, (event.action, value)
    assert app.staff.verify_audit().ok


def test_audit_verify_names_the_first_broken_link(data_dir: Path) -> None:
    from tests.test_cli import run

    app = App.open(data_dir)
    admin = app.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    for serial in range(1, 4):
        app.records.submit(make_draft(serial=serial))
    staff_views.reveal_nik(app, app.records.search_names("budi")[0].uuid, admin)
    with app.db.read() as session:
        ids = list(session.execute(select(AuditEvent.id).order_by(AuditEvent.id)).scalars())
    app.close()
    assert run("audit", "verify", "--data-dir", str(data_dir)).stdout.startswith("audit log ok")

    victim = ids[len(ids) // 2]
    with closing(encryption.open_file(data_dir / paths.DB_FILENAME)) as raw:  # someone with the key edits a row
        raw.execute("UPDATE audit_events SET actor = 'someone-else' WHERE id = ?", (victim,))
    result = run("audit", "verify", "--data-dir", str(data_dir))
    assert result.returncode == 5 and f"BROKEN at event {victim}" in result.stdout
