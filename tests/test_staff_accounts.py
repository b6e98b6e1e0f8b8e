"""Core use cases behind the staff shell: first run, account list, switching accounts off, office settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from prakerja_desktop.app import App
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.staff import accounts as staff_accounts
from prakerja_desktop.storage import settings_store
from prakerja_desktop.storage.models import AuditEvent

OFFICE = {"name": "Disnaker Kab. Lumajang", "regency_code": "3508", "address": "Jl. Kyai Ilyas 12",
          "phone": "0334 881234", "hours": "Senin-Jumat 08.00-15.00", "timezone": "WITA",
          "receipt_layout": "roll80", "language": "id", "logo_path": ""}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_first_run_stores_the_office_under_the_receipt_keys(app: App, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    admin = staff_accounts.first_run(app, OFFICE, "Admin", "Siti Rahma", "rahasia-123", str(logo))
    assert admin.is_admin and admin.username == "admin"
    office = app.receipts.office_settings()
    assert (office["name"], office["timezone"], office["receipt_layout"]) == (
        "Disnaker Kab. Lumajang", "WITA", "roll80")
    assert Path(office["logo_path"]) == app.data_dir / staff_accounts.LOGO_FILE
    assert Path(office["logo_path"]).read_bytes() == PNG
    assert staff_accounts.office_values(app)["regency_code"] == "3508"
    with pytest.raises(UserInputError):  # only once
        staff_accounts.first_run(app, OFFICE, "admin2", "Lain", "rahasia-123")


@pytest.mark.parametrize("change", [{"name": " "}, {"regency_code": "9999"}, {"timezone": "UTC"},
                                    {"receipt_layout": "a5"}, {"language": "xx"}])
def test_a_bad_office_form_is_refused_before_any_account(app: App, change: dict[str, str]) -> None:
    with pytest.raises(UserInputError) as caught:
        staff_accounts.first_run(app, {**OFFICE, **change}, "admin", "Siti", "rahasia-123")
    assert str(caught.value) and not app.staff.has_staff()


def test_a_logo_must_be_a_png(app: App, tmp_path: Path) -> None:
    fake = tmp_path / "logo.png"
    fake.write_bytes(b"GIF89a not a png")
    with pytest.raises(UserInputError, match="PNG"):
        staff_accounts.first_run(app, OFFICE, "admin", "Siti", "rahasia-123", str(fake))
    assert not app.staff.has_staff()  # a bad logo stops the set-up before the account is made
    with pytest.raises(UserInputError):
        staff_accounts.copy_logo(app.data_dir, str(tmp_path / "missing.png"))


def test_accounts_are_listed_without_hashes(app: App) -> None:
    admin = staff_accounts.first_run(app, OFFICE, "admin", "Siti Rahma", "rahasia-123")
    app.staff.create("rina", "Rina Wati", "staff", "654321", by=admin)
    accounts = staff_accounts.list_accounts(app)
    assert [(a.username, a.role, a.active) for a in accounts] == [("admin", "admin", True),
                                                                 ("rina", "staff", True)]
    assert not any("argon2" in repr(a) for a in accounts)


def test_switching_accounts_off_and_on(app: App) -> None:
    admin = staff_accounts.first_run(app, OFFICE, "admin", "Siti Rahma", "rahasia-123")
    rina = app.staff.create("rina", "Rina Wati", "staff", "654321", by=admin)
    with pytest.raises(UserInputError):
        staff_accounts.set_active(app, "admin", False, rina)  # staff may not
    with pytest.raises(UserInputError):
        staff_accounts.set_active(app, "admin", False, admin)  # not yourself
    staff_accounts.set_active(app, "rina", False, admin)
    assert app.staff.login("rina", "654321").staff is None
    staff_accounts.set_active(app, "rina", True, admin)
    assert app.staff.login("rina", "654321").staff is not None
    with app.db.read() as session:
        actions = list(session.execute(select(AuditEvent.action)).scalars())
    assert "staff.deactivated" in actions and "staff.activated" in actions


def test_a_switched_off_admin_can_no_longer_change_accounts(app: App) -> None:
    admin = staff_accounts.first_run(app, OFFICE, "admin", "Siti Rahma", "rahasia-123")
    second = app.staff.create("kepala", "Kepala Dinas", "admin", "rahasia-456", by=admin)
    staff_accounts.set_active(app, "admin", False, second)
    with pytest.raises(UserInputError, match="Hanya admin"):  # still logged in somewhere: refused
        staff_accounts.set_active(app, "kepala", False, admin)
    assert [a.active for a in staff_accounts.list_accounts(app)] == [False, True]


def test_idle_minutes_default_and_limits(app: App) -> None:
    assert staff_accounts.idle_minutes(app) == staff_accounts.DEFAULT_IDLE_MINUTES
    admin = staff_accounts.first_run(app, OFFICE, "admin", "Siti Rahma", "rahasia-123")
    staff_accounts.put_idle_minutes(app, 15, admin)
    assert staff_accounts.idle_minutes(app) == 15
    with pytest.raises(UserInputError):
        staff_accounts.put_idle_minutes(app, 0, admin)
    with pytest.raises(UserInputError):
        app.settings.put("staff_idle_minutes", "rubbish")  # the registry refuses it
    with app.db.write() as session:
        settings_store.put(session, "staff_idle_minutes", "rubbish")  # edited by hand
    assert staff_accounts.idle_minutes(app) == staff_accounts.DEFAULT_IDLE_MINUTES
