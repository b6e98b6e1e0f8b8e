"""Kiosk mode without Qt: its settings, the staff PIN that lets staff out, and the crash-recovery note.

The kiosk PIN is a separate numeric secret set by an admin, not a staff account's password: it only
opens the door out of the kiosk (quit, or the normal staff login). Records stay behind each staff
member's own account, so the shared PIN never shows anybody's data, and members of the public trying
PINs can lock the kiosk door for a while but never a staff account. Only its argon2 hash is stored.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from prakerja_desktop import settings_registry as registry
from prakerja_desktop.clock import utcnow
from prakerja_desktop.domain.applicant import Draft
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.security.passwords import hash_secret, needs_rehash, verify_secret
from prakerja_desktop.staff.session import KIOSK_ACTOR, LOCKOUT, MAX_FAILED_LOGINS, StaffSession
from prakerja_desktop.storage import audit, drafts

if TYPE_CHECKING:
    from prakerja_desktop.app import App

logger = logging.getLogger(__name__)

DEFAULT_IDLE_SECONDS = registry.spec("kiosk_idle_seconds").default
MIN_IDLE_SECONDS, MAX_IDLE_SECONDS = registry.spec("kiosk_idle_seconds").bounds()
PIN_LENGTHS = range(6, 13)

SESSION_FILE = "kiosk-session.json"
# After a crash the person's draft is offered back only if it was saved this recently before the crash,
# and only for this long after the restart: the next person in the queue must not find it.
OFFER_SAVED_WITHIN = timedelta(minutes=30)
OFFER_FOR = timedelta(minutes=10)


@dataclass(frozen=True)
class KioskSettings:
    """What the admin set for this kiosk."""

    enabled: bool = False
    idle_seconds: int = DEFAULT_IDLE_SECONDS
    pin_set: bool = False


@dataclass(frozen=True)
class PinResult:
    """The answer to a PIN attempt; `message` says why it failed, in plain words."""

    ok: bool
    message: str = ""
    locked_until: datetime | None = None


def kiosk_settings(app: App) -> KioskSettings:
    """The kiosk settings (never the PIN hash)."""
    with app.db.read() as session:
        enabled = registry.read(session, "kiosk_enabled")
        idle = registry.read(session, "kiosk_idle_seconds")
        pin_hash = registry.read(session, "kiosk_pin_hash")
    return KioskSettings(enabled, idle, bool(pin_hash))


def check_new_pin(pin: str, repeated: str) -> list[str]:
    """What is wrong with a new PIN, in plain words (empty when it can be saved)."""
    if not pin.isascii() or not pin.isdigit() or len(pin) not in PIN_LENGTHS:
        return [_("PIN kiosk harus 6 sampai 12 angka.")]
    if len(set(pin)) == 1 or pin in "01234567890123" or pin in "9876543210987":
        return [_("PIN kiosk terlalu mudah ditebak. Jangan pakai angka yang sama atau berurutan.")]
    if pin != repeated:
        return [_("Kedua PIN kiosk tidak sama. Ketik ulang.")]
    return []


def save_kiosk_settings(app: App, enabled: bool, idle_seconds: int, by: StaffSession,
                        new_pin: str | None = None, repeated_pin: str | None = None) -> None:
    """Store the kiosk settings (admin only) in one transaction; a new PIN is stored as a hash."""
    if not by.is_admin:
        raise UserInputError(_("Hanya admin yang boleh mengubah pengaturan kantor."))
    if not MIN_IDLE_SECONDS <= idle_seconds <= MAX_IDLE_SECONDS:
        raise UserInputError(_("Waktu layar kembali ke awal harus antara 30 detik dan 30 menit."))
    if new_pin:
        problems = check_new_pin(new_pin, repeated_pin or "")
        if problems:
            raise UserInputError(" ".join(problems))
    with app.db.write() as session:
        registry.write(session, "kiosk_enabled", bool(enabled))
        registry.write(session, "kiosk_idle_seconds", int(idle_seconds))
        keys = ["kiosk_enabled", "kiosk_idle_seconds"]
        if new_pin:
            registry.write(session, "kiosk_pin_hash", hash_secret(new_pin))
            registry.write(session, "kiosk_pin_failures", 0)
            registry.write(session, "kiosk_pin_locked_until", None)
            keys.append("kiosk_pin_hash")
        audit.append(session, device_id=app.device.id, actor=str(by.uuid), action="setting.changed",
                     subject="kiosk", details={"keys": keys})


def check_pin(app: App, pin: str, now: datetime | None = None) -> PinResult:
    """Check the kiosk PIN; five wrong tries lock it for a while. Every try is audited (never the PIN)."""
    now = now or utcnow()
    with app.db.write() as session:
        stored = registry.read(session, "kiosk_pin_hash")
        if not stored:
            return PinResult(False, _("PIN kiosk belum diatur. Minta admin mengaturnya di Pengaturan."))
        locked_until = registry.read(session, "kiosk_pin_locked_until")
        if locked_until is not None and locked_until > now:
            audit.append(session, device_id=app.device.id, actor=KIOSK_ACTOR, action="kiosk.pin_failed",
                         details={"reason": "locked"})
            return PinResult(False, _("Terlalu banyak PIN yang salah. Coba lagi nanti."), locked_until)
        if not verify_secret(stored, pin):
            failures = registry.read(session, "kiosk_pin_failures") + 1
            if failures >= MAX_FAILED_LOGINS:
                locked_until, failures = now + LOCKOUT, 0
                registry.write(session, "kiosk_pin_locked_until", locked_until)
            registry.write(session, "kiosk_pin_failures", failures)
            audit.append(session, device_id=app.device.id, actor=KIOSK_ACTOR, action="kiosk.pin_failed",
                         details={"reason": "wrong_pin"})
            if locked_until is not None and locked_until > now:
                return PinResult(False, _("Terlalu banyak PIN yang salah. Coba lagi nanti."), locked_until)
            return PinResult(False, _("PIN salah."))
        registry.write(session, "kiosk_pin_failures", 0)
        registry.write(session, "kiosk_pin_locked_until", None)
        if needs_rehash(stored):
            registry.write(session, "kiosk_pin_hash", hash_secret(pin))
        audit.append(session, device_id=app.device.id, actor=KIOSK_ACTOR, action="kiosk.unlocked")
        return PinResult(True)


def pin_failures(app: App) -> int:
    """Wrong PIN tries since the last right one or the last lock."""
    return int(app.settings.get("kiosk_pin_failures"))


def record_quit(app: App) -> None:
    """Audit that staff closed the kiosk with the PIN."""
    with app.db.write() as session:
        audit.append(session, device_id=app.device.id, actor=KIOSK_ACTOR, action="kiosk.quit")


# --- the draft on screen, for a restart after a crash ------------------------------------------------

def remember_session_draft(data_dir: Path, draft_id: uuid.UUID) -> None:
    """Note which draft is on screen (its id only, nothing personal), for a restart after a crash."""
    path = data_dir / SESSION_FILE
    partial = path.with_suffix(".part")
    note = {"draft": str(draft_id), "saved_at": utcnow().isoformat()}
    partial.write_text(json.dumps(note), encoding="utf-8")
    os.replace(partial, path)


def forget_session_draft(data_dir: Path) -> None:
    """The person is done or was wiped: nothing to offer after a crash."""
    try:
        (data_dir / SESSION_FILE).unlink()
    except FileNotFoundError:
        pass


def crashed_session_draft(data_dir: Path, crashed_at: datetime) -> uuid.UUID | None:
    """The draft that was on screen when the app crashed, if it was saved shortly before the crash."""
    try:
        note = json.loads((data_dir / SESSION_FILE).read_text(encoding="utf-8"))
        draft_id, saved_at = uuid.UUID(note["draft"]), datetime.fromisoformat(note["saved_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    recent = crashed_at - OFFER_SAVED_WITHIN <= saved_at <= crashed_at + timedelta(minutes=1)
    return draft_id if recent else None


def open_draft(app: App, draft_id: uuid.UUID) -> Draft | None:
    """The draft with this id if it is still open (not submitted, not discarded)."""
    with app.db.read() as session:
        row = drafts.by_uuid(session, draft_id)
        return drafts.to_draft(row) if row is not None and row.status == "open" else None

