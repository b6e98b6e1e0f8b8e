"""`main.py --as USERNAME`: a command-line admin action names the staff member in the audit log.

The password is typed on a real pseudo-terminal (no echo, getpass); without --as, events carry the
computer's user name (`os:<name>`), which is what unattended runs (a scheduled backup) record.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select as sql_select

from prakerja_desktop.app import App
from prakerja_desktop.storage.models import AuditEvent
from tests.terminal import run_in_terminal
from tests.test_cli import run

pytestmark = pytest.mark.sqlite_only("the child process opens the data folder's SQLite file")


def office(data: Path) -> dict[str, str]:
    """A data folder with an admin and a plain staff account; their uuids by user name."""
    app = App.open(data)
    try:
        admin = app.staff.create("admin", "Bu Admin", "admin", "rahasia-123")
        budi = app.staff.create("budi", "Pak Budi", "staff", "budi-rahasia", by=admin)
        return {"admin": str(admin.uuid), "budi": str(budi.uuid)}
    finally:
        app.close()


def events(data: Path) -> list[tuple[str, str]]:
    """(action, actor) of every audit event, oldest first."""
    app = App.open(data)
    try:
        with app.db.read() as session:
            rows = session.execute(sql_select(AuditEvent.action, AuditEvent.actor).order_by(AuditEvent.id)).all()
        return [(action, actor) for action, actor in rows]
    finally:
        app.close()


def in_terminal(args: list[str], password: str, data: Path) -> tuple[int, str]:
    """Run main.py on a pseudo-terminal, typing PASSWORD at the staff password prompt."""
    return run_in_terminal(args, password, data, prompt=b"Kata sandi petugas")


def test_as_a_staff_login_names_the_admin_in_the_audit_log(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ids = office(data)
    code, seen = in_terminal(["backup", "--to", str(tmp_path / "usb"), "--as", "Admin"], "rahasia-123", data)
    assert code == 0, seen
    assert 'atas nama petugas "admin"' in seen and "rahasia-123" not in seen  # typed without echo
    logged = events(data)
    assert ("login.ok", ids["admin"]) in logged and ("backup.made", ids["admin"]) in logged
    assert not any(actor.startswith("os:") for action, actor in logged if action == "backup.made")


def test_a_wrong_password_or_a_non_admin_is_refused_and_nothing_is_done(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ids = office(data)
    code, seen = in_terminal(["backup", "--to", str(tmp_path / "usb"), "--as", "admin"], "salah-sekali", data)
    assert code == 2 and "salah" in seen and "Traceback" not in seen
    code, seen = in_terminal(["purge", "--yes", "--as", "budi"], "budi-rahasia", data)
    assert code == 2 and "hanya untuk admin" in seen
    assert not (tmp_path / "usb").exists() or not list((tmp_path / "usb").glob("prakerja-backup-*"))
    logged = events(data)
    assert ("login.failed", ids["admin"]) in logged and ("login.ok", ids["budi"]) in logged
    assert not any(action in ("backup.made", "records.purged") for action, _actor in logged)


def test_as_needs_a_terminal_and_an_openable_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    office(data)
    result = run("backup", "--to", str(tmp_path / "usb"), "--as", "admin", "--data-dir", str(data))
    assert result.returncode == 2 and "terminal" in result.stderr and "--as" in result.stderr
    result = run("restore", str(tmp_path / "x.sqlite3"), "--as", "admin", "--data-dir", str(data))
    assert result.returncode == 2 and "--as tidak bisa dipakai dengan restore" in result.stderr
    result = run("backup", "--to", str(tmp_path / "usb"), "--data-dir", str(data))  # unattended: the OS user
    assert result.returncode == 0 and "--as NAMA_PENGGUNA" in result.stderr
