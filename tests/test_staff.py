"""Staff accounts: first admin, roles, argon2 hashes, lockout, and audited logins."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from prakerja_desktop.app import App
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.staff.session import MAX_FAILED_LOGINS
from prakerja_desktop.storage.models import AuditEvent, StaffAccount, utcnow


def test_first_account_must_be_an_admin(app: App) -> None:
    assert not app.staff.has_staff()
    with pytest.raises(UserInputError):
        app.staff.create("rina", "Rina", "staff", "rahasia-123")
    admin = app.staff.create("Admin", "Pak Admin", "admin", "rahasia-123")
    assert admin.is_admin and admin.username == "admin" and app.staff.has_staff()


def test_only_an_admin_creates_more_accounts(app: App) -> None:
    admin = app.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    staff = app.staff.create("rina", "Rina", "staff", "654321", by=admin)
    with pytest.raises(UserInputError):
        app.staff.create("dodi", "Dodi", "staff", "654321", by=staff)
    with pytest.raises(UserInputError):
        app.staff.create("dodi", "Dodi", "staff", "654321")
    with pytest.raises(UserInputError):
        app.staff.create("rina", "Rina 2", "staff", "654321", by=admin)


@pytest.mark.parametrize("username,secret", [("", "rahasia-123"), ("a b", "rahasia-123"),
                                             ("admin", "123"), ("adm!n", "rahasia-123")])
def test_bad_account_input_gets_a_message(app: App, username: str, secret: str) -> None:
    with pytest.raises(UserInputError) as caught:
        app.staff.create(username, "X", "admin", secret)
    assert str(caught.value)


def test_only_a_hash_is_stored(app: App) -> None:
    app.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    with app.db.read() as session:
        stored = session.execute(select(StaffAccount.secret_hash)).scalar_one()
    assert "rahasia-123" not in stored and stored.startswith("$argon2id$")


def test_login_ok_and_wrong(app: App) -> None:
    app.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    assert app.staff.login("ADMIN ", "rahasia-123").staff is not None
    wrong = app.staff.login("admin", "salah")
    assert wrong.staff is None and "salah" in wrong.message
    assert app.staff.login("nobody", "x").staff is None


def test_lockout_after_five_failures_then_unlock(app: App) -> None:
    app.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    now = utcnow()
    for _ in range(MAX_FAILED_LOGINS):
        app.staff.login("admin", "salah", now=now)
    locked = app.staff.login("admin", "rahasia-123", now=now + timedelta(seconds=1))
    assert locked.staff is None and locked.locked_until is not None
    assert "dikunci" in locked.message
    later = app.staff.login("admin", "rahasia-123", now=now + timedelta(minutes=6))
    assert later.staff is not None


def test_logins_are_audited_without_secrets(app: App) -> None:
    app.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    app.staff.login("admin", "salah")
    app.staff.login("admin", "rahasia-123")
    with app.db.read() as session:
        events = session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
    actions = [e.action for e in events]
    assert actions[-2:] == ["login.failed", "login.ok"]
    assert all("rahasia" not in str(e.details) and "salah" not in str(e.details) for e in events)
    assert app.staff.verify_audit().ok
