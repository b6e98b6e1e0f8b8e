"""The database: migrations, pragmas, full-text search, settings and the audit chain."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text

from prakerja_desktop.domain.applicant import Applicant
from prakerja_desktop.storage import audit, encryption, records, search_index, settings_store
from prakerja_desktop.storage.database import current_revision, head_revision, open_database
from prakerja_desktop.storage.models import AuditEvent, Base, RecordRow


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'test.sqlite3'}"


@pytest.fixture
def url(tmp_path: Path, fresh_db_url, postgres_run: bool) -> str:  # type: ignore[no-untyped-def]
    """An empty database with no tables: a new SQLite file, or a new PostgreSQL database."""
    return fresh_db_url(tmp_path, empty=True) if postgres_run else sqlite_url(tmp_path)


def test_empty_database_upgrades_to_head_and_matches_the_models(url: str) -> None:
    db = open_database(url)
    assert current_revision(db.engine) == head_revision() != ""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "include_object": search_index.alembic_include_object, "compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
    db.dispose()


@pytest.mark.sqlite_only("SQLite pragmas")
def test_sqlite_pragmas_are_set(tmp_path: Path) -> None:
    db = open_database(sqlite_url(tmp_path))
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    db.dispose()


def test_reopening_does_not_migrate_again(url: str) -> None:
    open_database(url).dispose()
    db = open_database(url)
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


def test_name_search_is_prefix_case_and_accent_insensitive(url: str) -> None:
    db = open_database(url)
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


def test_search_index_follows_updates_and_deletes(url: str) -> None:
    db = open_database(url)
    _insert(db, ["Budi Santoso", "Siti Rahayu"])
    with db.write() as session:
        # The app writes name_norm with the name (staff_records.edit); FTS5 (SQLite) follows full_name by
        # triggers, the PostgreSQL index follows name_norm: a raw repair sets both.
        session.execute(text("UPDATE records SET full_name = 'Bambang Santoso', name_norm = 'bambang santoso' "
                             "WHERE full_name = 'Budi Santoso'"))
        session.execute(text("DELETE FROM records WHERE full_name = 'Siti Rahayu'"))
    with db.read() as session:
        assert [h.full_name for h in records.search_names(session, "bambang")] == ["Bambang Santoso"]
        assert records.search_names(session, "budi") == []
        assert records.search_names(session, "siti") == []
        if db.is_sqlite:
            integrity = session.execute(
                text(f"INSERT INTO {search_index.FTS_TABLE}({search_index.FTS_TABLE}) VALUES ('integrity-check')"))
            assert integrity is not None  # raises if the index disagrees with the table
    db.dispose()


@pytest.mark.postgres_only("the trigram index of migration 0004")
def test_postgres_name_search_uses_the_trigram_index(url: str) -> None:
    db = open_database(url)
    _insert(db, ["Budi Santoso", "Siti Rahayu"])
    with db.read() as session:
        session.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table: make the choice visible
        statement = select(RecordRow.id).where(*search_index.server_name_conditions("sant bu"))
        compiled = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        plan = "\n".join(session.execute(text(f"EXPLAIN {compiled}")).scalars())
        assert search_index.SERVER_INDEX in plan
        assert [h.full_name for h in records.search_names(session, "sant bu")] == ["Budi Santoso"]
    db.dispose()


def test_settings_round_trip(url: str) -> None:
    db = open_database(url)
    with db.write() as session:
        settings_store.put(session, "office", {"name": "Disnaker Lumajang"})
    with db.write() as session:
        settings_store.put(session, "office", {"name": "Disnaker Jember"})
    with db.read() as session:
        assert settings_store.get(session, "office") == {"name": "Disnaker Jember"}
        assert settings_store.get(session, "missing", 7) == 7
    db.dispose()


def test_audit_chain_detects_tampering(url: str) -> None:
    db = open_database(url)
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


def test_audit_chain_detects_a_deleted_event(url: str) -> None:
    db = open_database(url)
    with db.write() as session:
        for i in range(4):
            audit.append(session, device_id=uuid.uuid4(), actor="system", action="test", details={"i": i})
    with db.write() as session:
        session.query(AuditEvent).filter(AuditEvent.id == 2).delete()
    with db.read() as session:
        assert audit.verify(session).first_broken_id == 3
    db.dispose()


@pytest.mark.sqlite_only("reads the encrypted database file itself")
def test_raw_file_is_a_real_sqlcipher_database(tmp_path: Path) -> None:
    db = open_database(sqlite_url(tmp_path))
    _insert(db, ["Budi Santoso"])
    db.dispose()
    with closing(encryption.open_file(tmp_path / "test.sqlite3")) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("SELECT count(*) FROM records").fetchone()[0] == 1
    with closing(sqlite3.connect(tmp_path / "test.sqlite3")) as plain, pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM records")  # without the key it is not even a database


def test_upgrade_from_the_first_schema_keeps_records_and_search(url: str, tmp_path: Path, postgres_run: bool) -> None:
    from alembic import command

    from prakerja_desktop.storage.database import alembic_config, create_db_engine

    engine = create_db_engine(url, encrypt=False)  # SQLite: a plaintext file, as versions before encryption made
    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO records (receipt_number, submitted_at, entered_by_name, rule_set_id, eligibility_outcome,"
            " eligibility_reasons, nik, full_name, name_norm, training_interests, eligibility_answers, readiness,"
            " consent, uuid, device_id, created_at, updated_at) VALUES ('OLD01-000013', '2026-01-01 00:00:00', '',"
            " '2023', 'eligible', '[]', '3508201705000001', 'Budi Lama', 'budi lama', '[]', '{}', '{}', '{}',"
            " :uuid, :device, '2026-01-01', '2026-01-01')"), {"uuid": uuid.uuid4().hex, "device": uuid.uuid4().hex})
    engine.dispose()
    db = open_database(url)  # SQLite: converts the file to SQLCipher, then migrates it
    assert current_revision(db.engine) == head_revision()
    if not postgres_run:
        assert not encryption.is_plaintext(tmp_path / "test.sqlite3")
    with db.read() as session:
        assert [h.full_name for h in records.search_names(session, "budi")] == ["Budi Lama"]
        assert session.execute(text("SELECT registered_online_on FROM records")).scalar() is None
    db.dispose()
