"""Staff accounts: first admin, roles, argon2 hashes, lockout, and audited logins."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from prakerja_desktop.errors import UserInputError
from prakerja_desktop.services import MAX_FAILED_LOGINS, Services
from prakerja_desktop.storage.models import AuditEvent, StaffAccount, utcnow


def test_first_account_must_be_an_admin(services: Services) -> None:
    assert not services.has_staff()
    with pytest.raises(UserInputError):
        services.create_staff("rina", "Rina", "staff", "rahasia-123")
    admin = services.create_staff("Admin", "Pak Admin", "admin", "rahasia-123")
    assert admin.is_admin and admin.username == "admin" and services.has_staff()


def test_only_an_admin_creates_more_accounts(services: Services) -> None:
    admin = services.create_staff("admin", "Pak Admin", "admin", "rahasia-123")
    staff = services.create_staff("rina", "Rina", "staff", "654321", by=admin)
    with pytest.raises(UserInputError):
        services.create_staff("dodi", "Dodi", "staff", "654321", by=staff)
    with pytest.raises(UserInputError):
        services.create_staff("dodi", "Dodi", "staff", "654321")
    with pytest.raises(UserInputError):
        services.create_staff("rina", "Rina 2", "staff", "654321", by=admin)


@pytest.mark.parametrize("username,secret", [("", "rahasia-123"), ("a b", "rahasia-123"),
                                             ("admin", "123"), ("adm!n", "rahasia-123")])
def test_bad_account_input_gets_a_message(services: Services, username: str, secret: str) -> None:
    with pytest.raises(UserInputError) as caught:
        services.create_staff(username, "X", "admin", secret)
    assert str(caught.value)


def test_only_a_hash_is_stored(services: Services) -> None:
    services.create_staff("admin", "Pak Admin", "admin", "rahasia-123")
    with services.db.read() as session:
        stored = session.execute(select(StaffAccount.secret_hash)).scalar_one()
    assert "rahasia-123" not in stored and stored.startswith("$argon2id$")


def test_login_ok_and_wrong(services: Services) -> None:
    services.create_staff("admin", "Pak Admin", "admin", "rahasia-123")
    assert services.login("ADMIN ", "rahasia-123").staff is not None
    wrong = services.login("admin", "salah")
    assert wrong.staff is None and "salah" in wrong.message
    assert services.login("nobody", "x").staff is None


def test_lockout_after_five_failures_then_unlock(services: Services) -> None:
    services.create_staff("admin", "Pak Admin", "admin", "rahasia-123")
    now = utcnow()
    for _ in range(MAX_FAILED_LOGINS):
        services.login("admin", "salah", now=now)
    locked = services.login("admin", "rahasia-123", now=now + timedelta(seconds=1))
    assert locked.staff is None and locked.locked_until is not None
    assert "dikunci" in locked.message
    later = services.login("admin", "rahasia-123", now=now + timedelta(minutes=6))
    assert later.staff is not None


def test_logins_are_audited_without_secrets(services: Services) -> None:
    services.create_staff("admin", "Pak Admin", "admin", "rahasia-123")
    services.login("admin", "salah")
    services.login("admin", "rahasia-123")
    with services.db.read() as session:
        events = session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
    actions = [e.action for e in events]
    assert actions[-2:] == ["login.failed", "login.ok"]
    assert all("rahasia" not in str(e.details) and "salah" not in str(e.details) for e in events)
    assert services.verify_audit().ok
