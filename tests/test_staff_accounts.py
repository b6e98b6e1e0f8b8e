"""Core use cases behind the staff shell: first run, account list, switching accounts off, office settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from prakerja_desktop import staff_accounts
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.services import Services
from prakerja_desktop.storage import settings_store
from prakerja_desktop.storage.models import AuditEvent

OFFICE = {"name": "Disnaker Kab. Lumajang", "regency_code": "3508", "address": "Jl. Kyai Ilyas 12",
          "phone": "0334 881234", "hours": "Senin-Jumat 08.00-15.00", "timezone": "WITA",
          "receipt_layout": "roll80", "language": "id", "logo_path": ""}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_first_run_stores_the_office_under_the_receipt_keys(services: Services, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    admin = staff_accounts.first_run(services, OFFICE, "Admin", "Siti Rahma", "rahasia-123", str(logo))
    assert admin.is_admin and admin.username == "admin"
    office = services.office_settings()
    assert (office["name"], office["timezone"], office["receipt_layout"]) == (
        "Disnaker Kab. Lumajang", "WITA", "roll80")
    assert Path(office["logo_path"]) == services.data_dir / staff_accounts.LOGO_FILE
    assert Path(office["logo_path"]).read_bytes() == PNG
    assert staff_accounts.office_values(services)["regency_code"] == "3508"
    with pytest.raises(UserInputError):  # only once
        staff_accounts.first_run(services, OFFICE, "admin2", "Lain", "rahasia-123")


@pytest.mark.parametrize("change", [{"name": " "}, {"regency_code": "9999"}, {"timezone": "UTC"},
                                    {"receipt_layout": "a5"}, {"language": "xx"}])
def test_a_bad_office_form_is_refused_before_any_account(services: Services, change: dict[str, str]) -> None:
    with pytest.raises(UserInputError) as caught:
        staff_accounts.first_run(services, {**OFFICE, **change}, "admin", "Siti", "rahasia-123")
    assert str(caught.value) and not services.has_staff()


def test_a_logo_must_be_a_png(services: Services, tmp_path: Path) -> None:
    fake = tmp_path / "logo.png"
    fake.write_bytes(b"GIF89a not a png")
    with pytest.raises(UserInputError, match="PNG"):
        staff_accounts.first_run(services, OFFICE, "admin", "Siti", "rahasia-123", str(fake))
    assert not services.has_staff()  # a bad logo stops the set-up before the account is made
    with pytest.raises(UserInputError):
        staff_accounts.copy_logo(services.data_dir, str(tmp_path / "missing.png"))


def test_accounts_are_listed_without_hashes(services: Services) -> None:
    admin = staff_accounts.first_run(services, OFFICE, "admin", "Siti Rahma", "rahasia-123")
    services.create_staff("rina", "Rina Wati", "staff", "654321", by=admin)
    accounts = staff_accounts.list_accounts(services)
    assert [(a.username, a.role, a.active) for a in accounts] == [("admin", "admin", True),
                                                                 ("rina", "staff", True)]
    assert not any("argon2" in repr(a) for a in accounts)


def test_switching_accounts_off_and_on(services: Services) -> None:
    admin = staff_accounts.first_run(services, OFFICE, "admin", "Siti Rahma", "rahasia-123")
    rina = services.create_staff("rina", "Rina Wati", "staff", "654321", by=admin)
    with pytest.raises(UserInputError):
        staff_accounts.set_active(services, "admin", False, rina)  # staff may not
    with pytest.raises(UserInputError):
        staff_accounts.set_active(services, "admin", False, admin)  # not yourself
    staff_accounts.set_active(services, "rina", False, admin)
    assert services.login("rina", "654321").staff is None
    staff_accounts.set_active(services, "rina", True, admin)
    assert services.login("rina", "654321").staff is not None
    with services.db.read() as session:
        actions = list(session.execute(select(AuditEvent.action)).scalars())
    assert "staff.deactivated" in actions and "staff.activated" in actions


def test_a_switched_off_admin_can_no_longer_change_accounts(services: Services) -> None:
    admin = staff_accounts.first_run(services, OFFICE, "admin", "Siti Rahma", "rahasia-123")
    second = services.create_staff("kepala", "Kepala Dinas", "admin", "rahasia-456", by=admin)
    staff_accounts.set_active(services, "admin", False, second)
    with pytest.raises(UserInputError, match="Hanya admin"):  # still logged in somewhere: refused
        staff_accounts.set_active(services, "kepala", False, admin)
    assert [a.active for a in staff_accounts.list_accounts(services)] == [False, True]


def test_idle_minutes_default_and_limits(services: Services) -> None:
    assert staff_accounts.idle_minutes(services) == staff_accounts.DEFAULT_IDLE_MINUTES
    admin = staff_accounts.first_run(services, OFFICE, "admin", "Siti Rahma", "rahasia-123")
    staff_accounts.put_idle_minutes(services, 15, admin)
    assert staff_accounts.idle_minutes(services) == 15
    with pytest.raises(UserInputError):
        staff_accounts.put_idle_minutes(services, 0, admin)
    with pytest.raises(UserInputError):
        services.put_setting("staff_idle_minutes", "rubbish")  # the registry refuses it
    with services.db.write() as session:
        settings_store.put(session, "staff_idle_minutes", "rubbish")  # edited by hand
    assert staff_accounts.idle_minutes(services) == staff_accounts.DEFAULT_IDLE_MINUTES
