"""The database: migrations, pragmas, full-text search, settings and the audit chain."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from prakerja_desktop.domain.applicant import Applicant
from prakerja_desktop.storage import audit, encryption, records, search_index, settings_store
from prakerja_desktop.storage.database import current_revision, head_revision, open_database
from prakerja_desktop.storage.models import AuditEvent, Base


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'test.sqlite3'}"


def test_empty_database_upgrades_to_head_and_matches_the_models(tmp_path: Path) -> None:
    db = open_database(sqlite_url(tmp_path))
    assert current_revision(db.engine) == head_revision() != ""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "include_object": search_index.alembic_include_object, "compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
    db.dispose()


def test_sqlite_pragmas_are_set(tmp_path: Path) -> None:
    db = open_database(sqlite_url(tmp_path))
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    db.dispose()


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    open_database(sqlite_url(tmp_path)).dispose()
    db = open_database(sqlite_url(tmp_path))
    with db.engine.connect() as connection:
        versions = connection.execute(text("SELECT count(*) FROM alembic_version")).scalar()
    assert versions == 1
    db.dispose()


def _insert(db, names: list[str]) -> None:  # type: ignore[no-untyped-def]
    rows = []
    for i, name in enumerate(names):
        applicant = Applicant(nik=f"{3508200101000001 + i:016d}", full_name=name)
        rows.append(records.row_values(applicant, receipt_number=f"TESTX-{i:06d}", device_id=uuid.uuid4(),
                                       rule_set_id="2023", outcome="eligible", reasons=[]))
    with db.write() as session:
        records.insert_many(session, rows)


def test_name_search_is_prefix_case_and_accent_insensitive(tmp_path: Path) -> None:
    db = open_database(sqlite_url(tmp_path))
    _insert(db, ["Budi Santoso", "Siti Rahayu", "Sîti Nurhaliza", "BUDIMAN Hakim", "Andi Budiono"])
    with db.read() as session:
        def names(query: str) -> set[str]:
            return {hit.full_name for hit in records.search_names(session, query)}

        assert names("budi") == {"Budi Santoso", "BUDIMAN Hakim", "Andi Budiono"}
        assert names("siti") == {"Siti Rahayu", "Sîti Nurhaliza"}
        assert names("SITI nur") == {"Sîti Nurhaliza"}
        assert names("santoso budi") == {"Budi Santoso"}
        assert names("") == set()
        assert names('"; DROP TABLE records; --') == set()
        assert names("zzz") == set()
    db.dispose()


def test_search_index_follows_updates_and_deletes(tmp_path: Path) -> None:
    db = open_database(sqlite_url(tmp_path))
    _insert(db, ["Budi Santoso", "Siti Rahayu"])
    with db.write() as session:
        session.execute(text("UPDATE records SET full_name = 'Bambang Santoso' WHERE full_name = 'Budi Santoso'"))
        session.execute(text("DELETE FROM records WHERE full_name = 'Siti Rahayu'"))
    with db.read() as session:
        assert [h.full_name for h in records.search_names(session, "bambang")] == ["Bambang Santoso"]
        assert records.search_names(session, "budi") == []
        assert records.search_names(session, "siti") == []
        integrity = session.execute(
            text(f"INSERT INTO {search_index.FTS_TABLE}({search_index.FTS_TABLE}) VALUES ('integrity-check')"))
        assert integrity is not None  # raises if the index disagrees with the table
    db.dispose()


def test_settings_round_trip(tmp_path: Path) -> None:
    db = open_database(sqlite_url(tmp_path))
    with db.write() as session:
        settings_store.put(session, "office", {"name": "Disnaker Lumajang"})
    with db.write() as session:
        settings_store.put(session, "office", {"name": "Disnaker Jember"})
    with db.read() as session:
        assert settings_store.get(session, "office") == {"name": "Disnaker Jember"}
        assert settings_store.get(session, "missing", 7) == 7
    db.dispose()


def test_audit_chain_detects_tampering(tmp_path: Path) -> None:
    db = open_database(sqlite_url(tmp_path))
    device = uuid.uuid4()
    with db.write() as session:
        for i in range(5):
            audit.append(session, device_id=device, actor="system", action="test", details={"i": i})
    with db.read() as session:
        report = audit.verify(session)
    assert report.ok and report.checked == 5
    with db.write() as session:
        session.execute(text("UPDATE audit_events SET details = '{\"i\": 99}' WHERE id = 3"))
    with db.read() as session:
        report = audit.verify(session)
    assert not report.ok and report.first_broken_id == 3 and report.checked == 2
    db.dispose()


def test_audit_chain_detects_a_deleted_event(tmp_path: Path) -> None:
    db = open_database(sqlite_url(tmp_path))
    with db.write() as session:
        for i in range(4):
            audit.append(session, device_id=uuid.uuid4(), actor="system", action="test", details={"i": i})
    with db.write() as session:
        session.query(AuditEvent).filter(AuditEvent.id == 2).delete()
    with db.read() as session:
        assert audit.verify(session).first_broken_id == 3
    db.dispose()


def test_raw_file_is_a_real_sqlcipher_database(tmp_path: Path) -> None:
    db = open_database(sqlite_url(tmp_path))
    _insert(db, ["Budi Santoso"])
    db.dispose()
    with closing(encryption.open_file(tmp_path / "test.sqlite3")) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("SELECT count(*) FROM records").fetchone()[0] == 1
    with closing(sqlite3.connect(tmp_path / "test.sqlite3")) as plain, pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM records")  # without the key it is not even a database


def test_upgrade_from_the_first_schema_keeps_records_and_search(tmp_path: Path) -> None:
    from alembic import command

    from prakerja_desktop.storage.database import alembic_config, create_db_engine

    url = sqlite_url(tmp_path)
    engine = create_db_engine(url, encrypt=False)  # a plaintext file, as versions before encryption made
    command.upgrade(alembic_config(engine), "0001")
    engine.dispose()
    with sqlite3.connect(tmp_path / "test.sqlite3") as raw:
        raw.execute(
            "INSERT INTO records (receipt_number, submitted_at, entered_by_name, rule_set_id, eligibility_outcome,"
            " eligibility_reasons, nik, full_name, name_norm, training_interests, eligibility_answers, readiness,"
            " consent, uuid, device_id, created_at, updated_at) VALUES ('OLD01-000013', '2026-01-01 00:00:00', '',"
            " '2023', 'eligible', '[]', '3508201705000001', 'Budi Lama', 'budi lama', '[]', '{}', '{}', '{}',"
            " 'a' || hex(randomblob(15)) || 'b', 'c' || hex(randomblob(15)) || 'd', '2026-01-01', '2026-01-01')")
    raw.close()
    db = open_database(url)  # converts the file to SQLCipher, then migrates it
    assert current_revision(db.engine) == head_revision()
    assert not encryption.is_plaintext(tmp_path / "test.sqlite3")
    with db.read() as session:
        assert [h.full_name for h in records.search_names(session, "budi")] == ["Budi Lama"]
        assert session.execute(text("SELECT registered_online_on FROM records")).scalar() is None
    db.dispose()
