"""The staff room: accounts and login, the office details, and staff work on records."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.receipts.person_copy import write_person_copy
from prakerja_desktop.room import Room, use_case
from prakerja_desktop.security.passwords import hash_secret, needs_rehash, verify_secret
from prakerja_desktop.staff import accounts, views
from prakerja_desktop.staff.records import StaffRecords
from prakerja_desktop.staff.session import (
    LOCKOUT,
    MAX_FAILED_LOGINS,
    MIN_SECRET_LENGTH,
    ROLES,
    LoginResult,
    StaffSession,
)
from prakerja_desktop.storage import audit
from prakerja_desktop.storage.models import StaffAccount, utcnow

if TYPE_CHECKING:
    from prakerja_desktop.app import App

logger = logging.getLogger(__name__)


class Staff(Room):
    """Staff accounts, login and the staff area's use cases; `records` lists and edits records."""

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.records = StaffRecords(self.app)

    # --- accounts and login ---------------------------------------------------------------------

    def has_staff(self) -> bool:
        """True once the first account exists (the first-run set-up is done)."""
        with self.app.db.read() as session:
            return session.execute(select(StaffAccount.id).limit(1)).first() is not None

    def create(self, username: str, display_name: str, role: str, secret: str,
               by: StaffSession | None = None) -> StaffSession:
        """Create a staff account; only an admin may, except for the very first account."""
        username = username.strip().lower()
        if role not in ROLES:
            raise UserInputError(_("Peran harus admin atau staff."))
        if not username or not username.isascii() or not username.replace(".", "").isalnum():
            raise UserInputError(_("Nama pengguna hanya boleh huruf, angka dan titik."))
        if len(secret) < MIN_SECRET_LENGTH:
            raise UserInputError(_("Kata sandi atau PIN minimal 6 karakter."))
        # Control characters (a NUL pasted from somewhere) are no part of a name; PostgreSQL refuses NUL.
        if any(ord(c) < 32 or ord(c) == 127 for c in display_name):
            raise UserInputError(_("Nama tampilan berisi karakter yang tidak bisa dipakai. Ketik ulang namanya."))
        with self.app.db.write() as session:
            first = session.execute(select(StaffAccount.id).limit(1)).first() is None
            if not first and (by is None or not by.is_admin):
                raise UserInputError(_("Hanya admin yang boleh membuat akun."))
            if first and role != "admin":
                raise UserInputError(_("Akun pertama harus admin."))
            taken = session.execute(select(StaffAccount.id).where(StaffAccount.username == username))
            if taken.first() is not None:
                raise UserInputError(_("Nama pengguna itu sudah dipakai."))
            account = StaffAccount(username=username, display_name=display_name.strip() or username,
                                   role=role, secret_hash=hash_secret(secret), device_id=self.app.device.id)
            session.add(account)
            session.flush()
            audit.append(session, device_id=self.app.device.id, actor=str(by.uuid) if by else "system",
                         action="staff.created", subject=str(account.uuid), details={"role": role})
            return _session_of(account)

    def login(self, username: str, secret: str, now: datetime | None = None) -> LoginResult:
        """Check a password or PIN; five failures lock the account for a while. Every try is audited."""
        now = now or utcnow()
        wrong = _("Nama pengguna atau kata sandi salah.")
        device_id = self.app.device.id
        if self.app.db.rescue is not None:
            return self._login_read_only(username, secret, now, wrong)
        with self.app.db.write() as session:
            account = session.execute(
                select(StaffAccount).where(StaffAccount.username == username.strip().lower(),
                                           StaffAccount.active.is_(True))
            ).scalar_one_or_none()
            if account is None:
                audit.append(session, device_id=device_id, actor="unknown", action="login.failed",
                             details={"reason": "unknown_user"})
                return LoginResult(None, wrong)
            if account.locked_until and account.locked_until > now:
                audit.append(session, device_id=device_id, actor=str(account.uuid),
                             action="login.failed", details={"reason": "locked"})
                return LoginResult(None, _("Akun dikunci sementara karena terlalu banyak percobaan. "
                                           "Coba lagi nanti."), account.locked_until)
            if not verify_secret(account.secret_hash, secret):
                account.failed_attempts += 1
                if account.failed_attempts >= MAX_FAILED_LOGINS:
                    account.locked_until = now + LOCKOUT
                    account.failed_attempts = 0
                audit.append(session, device_id=device_id, actor=str(account.uuid),
                             action="login.failed", details={"reason": "wrong_secret"})
                return LoginResult(None, wrong, account.locked_until)
            account.failed_attempts = 0
            account.locked_until = None
            if needs_rehash(account.secret_hash):
                account.secret_hash = hash_secret(secret)
            audit.append(session, device_id=device_id, actor=str(account.uuid), action="login.ok")
            return LoginResult(_session_of(account))

    def _login_read_only(self, username: str, secret: str, now: datetime, wrong: str) -> LoginResult:
        """Rescue mode (nothing can be written): the same checks, but no audit event and no failure count."""
        with self.app.db.read() as session:
            account = session.execute(
                select(StaffAccount).where(StaffAccount.username == username.strip().lower(),
                                           StaffAccount.active.is_(True))
            ).scalar_one_or_none()
            if account is not None and account.locked_until and account.locked_until > now:
                return LoginResult(None, _("Akun dikunci sementara karena terlalu banyak percobaan. "
                                           "Coba lagi nanti."), account.locked_until)
            ok = account is not None and verify_secret(account.secret_hash, secret)
            logger.warning("rescue mode: login %s not recorded in the audit log", "ok" if ok else "failed")
            return LoginResult(_session_of(account)) if ok and account is not None else LoginResult(None, wrong)

    def logout(self, staff: StaffSession, *, idle: bool = False) -> None:
        """Record that a staff member left the staff area (by choice, or logged out when idle)."""
        with self.app.db.bookkeeping("logout") as session:
            if session is not None:
                audit.append(session, device_id=self.app.device.id, actor=str(staff.uuid),
                             action="logout.idle" if idle else "logout")

    def verify_audit(self) -> audit.ChainReport:
        """Check the audit log's hash chain and this device's anchored head (a cut tail is found)."""
        with self.app.db.read() as session:
            return audit.verify(session, device_id=self.app.device.id)

    list_accounts = use_case(accounts.list_accounts)
    set_active = use_case(accounts.set_active)
    first_run = use_case(accounts.first_run)
    idle_minutes = use_case(accounts.idle_minutes)
    put_idle_minutes = use_case(accounts.put_idle_minutes)

    # --- the office ------------------------------------------------------------------------------

    office_values = use_case(accounts.office_values)
    save_office = use_case(accounts.save_office)

    # --- records (the list and edits are in self.records) ----------------------------------------

    record_detail = use_case(views.record_detail)
    reveal_nik = use_case(views.reveal_nik)
    family_of = use_case(views.family_of)
    edit_record = use_case(views.edit_record)

    def export_person_copy(self, record_uuid: uuid.UUID, staff: StaffSession, path: Path) -> Path:
        """Write the person's own copy of their record (JSON or PDF by suffix); audited."""
        return write_person_copy(self.records.export_person(record_uuid, staff), path)


def _session_of(account: StaffAccount) -> StaffSession:
    """The logged-in view of an account."""
    return StaffSession(account.id, account.uuid, account.username, account.display_name, account.role)
