"""Environment problems are recognised and explained; logs never hold personal data."""

from __future__ import annotations

import errno
import logging
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from prakerja_desktop.app import App
from prakerja_desktop.errors import EnvironmentProblem, ProblemKind, classify
from prakerja_desktop.logs import CRASH_FILENAME, LOG_FILENAME, log_tail, redact, setup_logging
from prakerja_desktop.paths import logs_dir
from prakerja_desktop.storage.database import open_database
from tests.factories import make_draft


@pytest.mark.parametrize("message,kind", [
    ("database or disk is full", ProblemKind.DISK_FULL),
    ("attempt to write a readonly database", ProblemKind.READ_ONLY),
    ("database is locked", ProblemKind.LOCKED),
    ("file is not a database", ProblemKind.CORRUPT),
    ("database disk image is malformed", ProblemKind.CORRUPT),
])
def test_sqlite_errors_are_classified(message: str, kind: ProblemKind) -> None:
    problem = classify(sqlite3.OperationalError(message))
    assert problem is not None and problem.kind is kind
    assert len(problem.user_message) > 20 and "sqlite" not in problem.user_message.lower()


def test_os_errors_are_classified() -> None:
    assert classify(OSError(errno.ENOSPC, "No space left on device")).kind is ProblemKind.DISK_FULL
    assert classify(OSError(errno.EROFS, "Read-only file system")).kind is ProblemKind.READ_ONLY
    assert classify(ValueError("a bug")) is None
    assert classify(OSError(errno.ENOENT, "missing")) is None


def test_every_kind_has_a_message() -> None:
    for kind in ProblemKind:
        assert EnvironmentProblem(kind).user_message


def test_writing_to_a_read_only_database_is_a_known_problem(tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite3"
    open_database(f"sqlite:///{path}").dispose()
    db = open_database(f"sqlite:///file:{path}?mode=ro&uri=true", migrate=False)
    with pytest.raises(EnvironmentProblem) as caught:
        with db.write() as session:
            session.execute(__import__("sqlalchemy").text("INSERT INTO settings VALUES ('k', '1', '2020-01-01')"))
    assert caught.value.kind is ProblemKind.READ_ONLY
    db.dispose()


def test_a_corrupt_file_is_a_known_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.sqlite3"
    path.write_bytes(b"\x00garbage" * 1000)
    with pytest.raises(EnvironmentProblem) as caught:
        open_database(f"sqlite:///{path}")
    assert caught.value.kind is ProblemKind.CORRUPT


def test_redact_blanks_personal_data() -> None:
    line = redact("nik 3508204505050001 kk 3508201203150007 hp +6281234567890 0812-3456-7890 "
                  "mail budi.santoso@gmail.com ok 2026")
    for secret in ("3508204505050001", "3508201203150007", "81234567890", "0812-3456-7890",
                   "budi.santoso@gmail.com"):
        assert secret not in line
    assert "2026" in line


def test_no_personal_data_reaches_the_log(data_dir: Path) -> None:
    log_path = setup_logging(data_dir)
    app = App.open(data_dir)
    draft = make_draft(name="Rukmini Wulandari")
    app.drafts.save(draft)
    result = app.records.submit(draft, today=date(2026, 11, 28))
    logging.getLogger("prakerja_desktop.test").error("careless %s %s", draft.applicant.nik,
                                                     draft.applicant.email)
    app.close()
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_path.read_text(encoding="utf-8")
    assert "opened" in text and "careless" in text  # the log is really written
    applicant = draft.applicant
    for value in (applicant.nik, applicant.kk_number, applicant.phone_e164, applicant.email,
                  "Rukmini", "Wulandari"):
        assert value and value not in text
    assert result.receipt_number  # receipt numbers are not personal data
    assert (logs_dir(data_dir) / CRASH_FILENAME).exists()
    assert log_tail(data_dir).endswith(text[-50:])
    assert (logs_dir(data_dir) / LOG_FILENAME) == log_path
