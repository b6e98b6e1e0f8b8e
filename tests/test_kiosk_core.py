"""Kiosk settings, the kiosk PIN (hash only, lockout) and the crash-recovery note, without Qt."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from prakerja_desktop.app import App
from prakerja_desktop.clock import utcnow
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.kiosk import mode as kiosk
from prakerja_desktop.storage.models import AuditEvent, Setting

PIN = "582046"


def test_defaults_before_anything_is_set(app: App) -> None:
    settings = kiosk.kiosk_settings(app)
    assert settings == kiosk.KioskSettings(enabled=False, idle_seconds=90, pin_set=False)
    assert not kiosk.check_pin(app, PIN).ok


def test_an_admin_sets_the_kiosk_and_the_pin_is_stored_as_a_hash_only(app: App, admin) -> None:  # type: ignore[no-untyped-def]
    kiosk.save_kiosk_settings(app, True, 120, admin, PIN, PIN)
    assert kiosk.kiosk_settings(app) == kiosk.KioskSettings(True, 120, True)
    with app.db.read() as session:
        values = {row.key: row.value for row in session.execute(select(Setting)).scalars()}
        details = [row.details for row in session.execute(select(AuditEvent)).scalars()]
    assert values["kiosk_pin_hash"].startswith("$argon2id$")
    assert not any(PIN in json.dumps(value) for value in values.values())
    assert not any(PIN in json.dumps(d) for d in details)
    assert kiosk.check_pin(app, PIN).ok
    # Saving again without a new PIN keeps the old one.
    kiosk.save_kiosk_settings(app, False, 60, admin)
    assert kiosk.kiosk_settings(app) == kiosk.KioskSettings(False, 60, True)
    assert kiosk.check_pin(app, PIN).ok


@pytest.mark.parametrize(("pin", "repeated", "words"), [
    ("12345", "12345", "6 sampai 12"), ("12a456", "12a456", "6 sampai 12"), ("1234567890123", "", "6 sampai 12"),
    ("111111", "111111", "mudah"), ("123456", "123456", "mudah"), ("987654", "987654", "mudah"),
    ("582046", "582047", "tidak sama"),
])
def test_weak_or_mistyped_pins_are_refused(app: App, admin, pin: str, repeated: str,  # type: ignore[no-untyped-def]
                                           words: str) -> None:
    assert words in " ".join(kiosk.check_new_pin(pin, repeated))
    with pytest.raises(UserInputError):
        kiosk.save_kiosk_settings(app, True, 90, admin, pin, repeated)
    assert not kiosk.kiosk_settings(app).pin_set


def test_only_an_admin_changes_kiosk_settings_and_within_limits(app: App, admin) -> None:  # type: ignore[no-untyped-def]
    staff = app.staff.create("petugas", "Bu Petugas", "staff", "rahasia-456", by=admin)
    with pytest.raises(UserInputError):
        kiosk.save_kiosk_settings(app, True, 90, staff, PIN, PIN)
    for seconds in (10, 5000):
        with pytest.raises(UserInputError):
            kiosk.save_kiosk_settings(app, True, seconds, admin)
    assert kiosk.kiosk_settings(app) == kiosk.KioskSettings()


def test_five_wrong_pins_lock_the_door_for_a_while(app: App, admin) -> None:  # type: ignore[no-untyped-def]
    kiosk.save_kiosk_settings(app, True, 90, admin, PIN, PIN)
    now = utcnow()
    for attempt in range(1, 5):
        result = kiosk.check_pin(app, "000999", now)
        assert not result.ok and result.message == "PIN salah." and result.locked_until is None
        assert kiosk.pin_failures(app) == attempt
    fifth = kiosk.check_pin(app, "000999", now)
    assert not fifth.ok and fifth.locked_until == now + timedelta(minutes=5)
    assert not kiosk.check_pin(app, PIN, now + timedelta(minutes=4)).ok  # the right PIN waits too
    assert kiosk.check_pin(app, PIN, now + timedelta(minutes=6)).ok
    assert kiosk.pin_failures(app) == 0
    with app.db.read() as session:
        actions = [a for (a,) in session.execute(select(AuditEvent.action))]
    assert actions.count("kiosk.pin_failed") == 6 and actions.count("kiosk.unlocked") == 1


def test_the_crash_note_names_only_a_recent_draft(data_dir: Path, app: App) -> None:
    from prakerja_desktop.domain.applicant import Draft

    draft = Draft()
    draft.applicant.consent.store_record = True
    saved = app.drafts.save(draft)
    data_dir.mkdir(parents=True, exist_ok=True)
    kiosk.remember_session_draft(data_dir, saved.id)
    note = (data_dir / kiosk.SESSION_FILE).read_text(encoding="utf-8")
    assert str(saved.id) in note and "code" not in note
    now = utcnow()
    assert kiosk.crashed_session_draft(data_dir, now) == saved.id
    assert kiosk.crashed_session_draft(data_dir, now + timedelta(hours=1)) is None  # too old at the crash
    assert kiosk.open_draft(app, saved.id).id == saved.id
    app.drafts.discard(saved.id)
    assert kiosk.open_draft(app, saved.id) is None
    kiosk.forget_session_draft(data_dir)
    kiosk.forget_session_draft(data_dir)  # twice is fine
    assert kiosk.crashed_session_draft(data_dir, now) is None
