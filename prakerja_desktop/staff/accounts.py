"""Staff accounts and office settings for the staff area: first run, account list, (de)activation.

Account creation and login are in staff/room.py; this module adds what the admin screens need. No
function here ever returns a password hash.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from prakerja_desktop import i18n, settings_registry
from prakerja_desktop.domain import regions
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.receipts.content import LAYOUTS, SETTING_KEYS, TIMEZONES
from prakerja_desktop.staff.session import MIN_SECRET_LENGTH, StaffSession  # noqa: F401 - re-exported
from prakerja_desktop.storage import audit
from prakerja_desktop.storage.models import StaffAccount

if TYPE_CHECKING:
    from prakerja_desktop.app import App

logger = logging.getLogger(__name__)

DEFAULT_IDLE_MINUTES = settings_registry.spec("staff_idle_minutes").default
# Office values beyond what receipts read (receipts.content.SETTING_KEYS), and their settings keys.
EXTRA_KEYS = {"regency_code": "office_regency_code", "language": "office_language"}
OFFICE_KEYS = {**SETTING_KEYS, **EXTRA_KEYS}
LOGO_FILE = "office_logo.png"
MAX_LOGO_BYTES = 2 * 1024 * 1024
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class AccountInfo:
    """One account as the admin sees it (never the hash)."""

    username: str
    display_name: str
    role: str
    active: bool
    locked_until: datetime | None


def list_accounts(app: App) -> list[AccountInfo]:
    """Every account, admins first, then by name."""
    with app.db.read() as session:
        query = select(StaffAccount).order_by(StaffAccount.role, StaffAccount.username)
        rows = session.execute(query).scalars()
        return [AccountInfo(r.username, r.display_name, r.role, bool(r.active), r.locked_until) for r in rows]


def set_active(app: App, username: str, active: bool, by: StaffSession) -> None:
    """Switch an account on or off (admin only); nobody switches off themself or the last admin."""
    if not by.is_admin:
        raise UserInputError(_("Hanya admin yang boleh mengubah akun."))
    with app.db.write() as session:
        account = session.execute(select(StaffAccount).where(
            StaffAccount.username == username.strip().lower())).scalar_one_or_none()
        actor = session.get(StaffAccount, by.id)
        if actor is None or not actor.active or actor.role != "admin":  # switched off meanwhile
            raise UserInputError(_("Hanya admin yang boleh mengubah akun."))
        if account is None:
            raise UserInputError(_("Akun itu tidak ditemukan."))
        if not active and account.id == by.id:
            raise UserInputError(_("Anda tidak bisa menonaktifkan akun Anda sendiri."))
        if not active and account.role == "admin":
            admins = session.execute(select(StaffAccount.id).where(
                StaffAccount.role == "admin", StaffAccount.active.is_(True))).all()
            if len(admins) <= 1:
                raise UserInputError(_("Harus ada paling sedikit satu admin yang aktif."))
        if bool(account.active) == active:
            return
        account.active = active
        if active:
            account.failed_attempts, account.locked_until = 0, None
        audit.append(session, device_id=app.device.id, actor=str(by.uuid),
                     action="staff.activated" if active else "staff.deactivated", subject=str(account.uuid))


def office_values(app: App) -> dict[str, str]:
    """The office settings as stored (blank when unset), for the settings form."""
    with app.db.read() as session:
        typed = settings_registry.read_many(session, tuple(OFFICE_KEYS.values()))
    return {name: typed[key] for name, key in OFFICE_KEYS.items()}


def check_office(values: dict[str, str]) -> list[str]:
    """What is wrong with the office form, in plain words (empty when it can be saved)."""
    problems = []
    if not values.get("name", "").strip():
        problems.append(_("Nama kantor belum diisi."))
    if regions.regency_name(values.get("regency_code", "")) is None:
        problems.append(_("Pilih kabupaten atau kota kantor ini."))
    if values.get("timezone") not in TIMEZONES:
        problems.append(_("Pilih zona waktu: WIB, WITA atau WIT."))
    if values.get("receipt_layout") not in LAYOUTS:
        problems.append(_("Pilih ukuran tanda terima: A4 atau gulungan 80 mm."))
    if values.get("language", "id") not in i18n.available_languages():
        problems.append(_("Bahasa itu belum tersedia."))
    return problems


def save_office(app: App, values: dict[str, str], by: StaffSession | None,
                logo_source: str | None = None) -> None:
    """Store the office settings in one transaction; a new logo PNG is copied into the data folder."""
    problems = check_office(values)
    if problems:
        raise UserInputError(" ".join(problems))
    if by is not None and not by.is_admin:
        raise UserInputError(_("Hanya admin yang boleh mengubah pengaturan kantor."))
    clean = {name: str(values.get(name, "") or "").strip() for name in OFFICE_KEYS}
    if logo_source:
        clean["logo_path"] = copy_logo(app.data_dir, logo_source)
    with app.db.write() as session:
        for name, key in OFFICE_KEYS.items():
            settings_registry.write(session, key, clean[name])
        audit.append(session, device_id=app.device.id, actor=str(by.uuid) if by else "system",
                     action="setting.changed", subject="office",
                     details={"keys": sorted(OFFICE_KEYS.values())})
    app.rules.refresh()  # the rule book's "today" is the office's day: its zone may have changed


def copy_logo(data_dir: Path, source: str) -> str:
    """Copy a PNG logo into the data folder; returns the stored path. A non-PNG is refused."""
    path = Path(source)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(len(_PNG_SIGNATURE))
    except OSError as exc:
        raise UserInputError(_("Berkas logo tidak bisa dibaca.")) from exc
    if head != _PNG_SIGNATURE:
        raise UserInputError(_("Logo harus berkas gambar PNG."))
    if size > MAX_LOGO_BYTES:
        raise UserInputError(_("Berkas logo terlalu besar (paling besar 2 MB)."))
    target = data_dir / LOGO_FILE
    if path.resolve() != target.resolve():
        partial = target.with_suffix(".part")
        shutil.copyfile(path, partial)
        partial.replace(target)
    return str(target)


def first_run(app: App, office: dict[str, str], username: str, display_name: str,
              secret: str, logo_source: str | None = None) -> StaffSession:
    """Set up the office and its first admin; refused once any account exists."""
    problems = check_office(office)
    if problems:
        raise UserInputError(" ".join(problems))
    if app.staff.has_staff():
        raise UserInputError(_("Kantor ini sudah disiapkan. Masuk sebagai admin untuk mengubahnya."))
    if logo_source:  # a bad logo file stops the set-up before the account is made
        office = {**office, "logo_path": copy_logo(app.data_dir, logo_source)}
    admin = app.staff.create(username, display_name, "admin", secret)
    save_office(app, office, admin)
    return admin


def idle_minutes(app: App) -> int:
    """Minutes without input before the staff area logs out by itself (1 to 240)."""
    return int(app.settings.get("staff_idle_minutes"))


def put_idle_minutes(app: App, minutes: int, by: StaffSession) -> None:
    """Change the automatic logout time (admin only)."""
    if not by.is_admin:
        raise UserInputError(_("Hanya admin yang boleh mengubah pengaturan kantor."))
    if not settings_registry.spec("staff_idle_minutes").in_bounds(minutes):
        raise UserInputError(_("Waktu keluar otomatis harus antara 1 dan 240 menit."))
    app.settings.put("staff_idle_minutes", minutes, by)
