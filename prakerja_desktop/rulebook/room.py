"""The rule-book room: list, check, import and choose rule sets; the registration status (app.rules).

Shipped rule sets are files in resources/rules/. An administrator imports new ones (the day the
programme publishes them); their TOML text is kept in the office database (settings
"rule_sets_imported"), so it is backed up and travels to laptops in the office package. Which set is in
force: the one an administrator chose with `use`, or else the newest whose valid_from has come (an
imported set wins a tie with a shipped one, a later import an earlier one). Importing clears the
choice, so the new set takes effect from its date; `use` switches back to any earlier set.

The sets in force are kept in memory: the GUI thread reads `active()` without touching the database;
`refresh()` (at open and after every change, on the worker) reads the database. "Today" is the
office's day (its time zone, WIB/WITA/WIT), not this computer's: a set that starts on 1 June starts
at midnight in the office.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from prakerja_desktop import clock, settings_registry
from prakerja_desktop.clock import utcnow
from prakerja_desktop.domain import rules
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.room import Room
from prakerja_desktop.rulebook.diff import differences
from prakerja_desktop.rulebook.registration import SETTING_KEYS, RegistrationStatus
from prakerja_desktop.staff.session import StaffSession
from prakerja_desktop.storage import audit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from prakerja_desktop.app import App
    from prakerja_desktop.rulebook.package import PackageResult

logger = logging.getLogger(__name__)

MAX_RULE_FILE_BYTES = 512 * 1024  # a rule set is ~20 KB; anything this big is not one
SHIPPED, IMPORTED = "shipped", "imported"


@dataclass(frozen=True)
class RuleSetEntry:
    """One rule set as listed: where it comes from and whether it is in force."""

    rule_set: rules.RuleSet
    origin: str  # SHIPPED or IMPORTED
    imported_at: str = ""  # ISO UTC, imported sets only
    active: bool = False
    chosen: bool = False  # an administrator chose it with `use` (otherwise chosen by date)

    @property
    def id(self) -> str:
        """The rule set's id."""
        return self.rule_set.id


@dataclass(frozen=True)
class CheckedFile:
    """A valid rule-set file and how it differs from the set in force now."""

    rule_set: rules.RuleSet
    text: str
    sha256: str
    compared_with: str  # the id of the set in force
    differences: tuple[str, ...]


def read_rule_file(path: Path) -> str:
    """The text of a rule-set file; a clear Bahasa Indonesia message when it cannot be read."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_RULE_FILE_BYTES:
            raise UserInputError(_("Berkas ini terlalu besar untuk berkas aturan: {path}").format(path=path))
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError as exc:
        raise UserInputError(_("Berkas tidak ditemukan: {path}").format(path=path)) from exc
    except IsADirectoryError as exc:
        raise UserInputError(_("Ini folder, bukan berkas: {path}").format(path=path)) from exc
    except PermissionError as exc:
        raise UserInputError(_("Berkas ini tidak boleh dibaca: {path}").format(path=path)) from exc
    except UnicodeDecodeError as exc:
        raise UserInputError(_("{path}: berkas ini bukan teks UTF-8").format(path=path)) from exc


def parse_imported(text: str, name: str) -> rules.RuleSet:
    """A rule set from an imported text (any file name); RuleSetError names the line of a problem."""
    return rules.parse_rule_set_text(text, Path(name), check_file_name=False)


class RuleBook(Room):
    """The rule sets of this office and the registration status."""

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self._imported: dict[str, tuple[rules.RuleSet, str]] = {}  # id -> (set, imported_at), import order
        self._chosen = ""
        self._registration = RegistrationStatus()
        self._shipped: list[rules.RuleSet] = []  # read once: files in resources/ do not change while running
        self._zone = clock.DEFAULT_ZONE  # the office's time zone, read with the rest at refresh()

    # --- reading (refresh on the worker; the rest is memory only) ----------------------------------

    def refresh(self) -> None:
        """Read the imported sets, the choice and the registration status from the database."""
        with self.app.db.read() as session:
            self._load(session)

    def _load(self, session: Session) -> None:
        self._shipped = rules.available_rule_sets()
        stored = settings_registry.read(session, "rule_sets_imported") or {}
        imported: dict[str, tuple[rules.RuleSet, str]] = {}
        for rule_set_id, item in sorted(stored.items() if isinstance(stored, dict) else [],
                                        key=lambda kv: str((kv[1] or {}).get("imported_at", ""))):
            try:
                imported[rule_set_id] = (parse_imported(str(item["toml"]), f"{rule_set_id}.toml"),
                                         str(item.get("imported_at", "")))
            except (rules.RuleSetError, KeyError, TypeError):  # damaged by hand: left out, logged without text
                logger.warning("imported rule set %s is not usable; left out", rule_set_id)
        self._imported = imported
        self._chosen = settings_registry.read(session, "rule_set_chosen") or ""
        self._registration = RegistrationStatus.from_settings(settings_registry.read_many(session, SETTING_KEYS))
        self._zone = clock.office_zone(settings_registry.stored_map(session))
        rules.register_imported([s for s, _at in imported.values()])

    def entries(self, today: date | None = None) -> list[RuleSetEntry]:
        """Every rule set (shipped, then imported), oldest first, with the one in force marked."""
        active = self.active(today).id
        listed = [RuleSetEntry(s, SHIPPED) for s in self._shipped_sets()]
        listed += [RuleSetEntry(s, IMPORTED, at) for s, at in self._imported.values()]
        return [RuleSetEntry(e.rule_set, e.origin, e.imported_at, e.id == active, e.id == self._chosen)
                for e in listed]

    def get(self, rule_set_id: str) -> rules.RuleSet:
        """One rule set by id (UserInputError when there is none)."""
        for entry in self.entries():
            if entry.id == rule_set_id:
                return entry.rule_set
        known = ", ".join(e.id for e in self.entries())
        raise UserInputError(_("Tidak ada kumpulan aturan {id}. Yang ada: {known}.").format(
            id=rule_set_id, known=known))

    def office_today(self, now: datetime | None = None) -> date:
        """Today (or the day of a given UTC time) in the office's time zone (memory only)."""
        return clock.office_today(self._zone, now)

    def active(self, today: date | None = None, *, now: datetime | None = None) -> rules.RuleSet:
        """The rule set in force today: the chosen one, else the newest whose date has come (memory only).

        Without `today`, the office's day at `now` (UTC; default: the current time) decides.
        """
        day = today or self.office_today(now)
        shipped = self._shipped_sets()
        if self._chosen:
            chosen = next((s for s in shipped if s.id == self._chosen), None) or \
                self._imported.get(self._chosen, (None, ""))[0]
            if chosen is not None:
                return chosen
        # Sorted by date; on the same date imported sets come after shipped ones, in import order.
        ordered = [(s.valid_from, 0, n, s) for n, s in enumerate(shipped)]
        ordered += [(s.valid_from, 1, n, s) for n, (s, _at) in enumerate(self._imported.values())]
        in_force = [item for item in sorted(ordered, key=lambda t: t[:3]) if item[0] <= day]
        return in_force[-1][3] if in_force else shipped[-1]

    def _shipped_sets(self) -> list[rules.RuleSet]:
        """The shipped rule sets, oldest first (read at the first refresh)."""
        if not self._shipped:
            self._shipped = rules.available_rule_sets()
        return self._shipped

    def chosen(self) -> str:
        """The id an administrator chose, or "" when the date decides."""
        return self._chosen

    # --- checking and importing -------------------------------------------------------------------

    def check_text(self, text: str, name: str, today: date | None = None) -> CheckedFile:
        """Validate a rule-set text and compare it with the set in force (nothing is stored)."""
        rule_set = parse_imported(text, name)
        current = self.active(today)
        return CheckedFile(rule_set, text, hashlib.sha256(text.encode("utf-8")).hexdigest(), current.id,
                           tuple(differences(current, rule_set)))

    def check_file(self, path: Path, today: date | None = None) -> CheckedFile:
        """Validate a rule-set file and compare it with the set in force (nothing is stored)."""
        return self.check_text(read_rule_file(path), Path(path).name, today)

    def import_file(self, path: Path, staff: StaffSession | None = None, today: date | None = None) -> CheckedFile:
        """Check, then keep a rule-set file; it takes effect from its valid_from (audited)."""
        checked = self.check_file(path, today)
        self._store(checked, staff)
        return checked

    def _store(self, checked: CheckedFile, staff: StaffSession | None) -> None:
        new = checked.rule_set
        if any(s.id == new.id for s in self._shipped_sets()):
            raise UserInputError(_("Id {id} dipakai aturan bawaan aplikasi. Beri kumpulan aturan ini id lain "
                                   "(baris id = \"…\").").format(id=new.id))
        with self.app.db.write() as session:
            stored = dict(settings_registry.read(session, "rule_sets_imported") or {})
            before = stored.get(new.id)
            if before is not None and before.get("sha256") != checked.sha256:
                raise UserInputError(_("Sudah ada kumpulan aturan lain dengan id {id}. Aturan lama tidak ditimpa; "
                                       "beri berkas ini id baru.").format(id=new.id))
            if before is None:
                stored[new.id] = {"toml": checked.text, "sha256": checked.sha256,
                                  "imported_at": utcnow().isoformat()}
                settings_registry.write(session, "rule_sets_imported", stored)
            settings_registry.write(session, "rule_set_chosen", "")
            audit.append(session, device_id=self.app.device.id, actor=_actor(staff), action="rules.imported",
                         subject=new.id, details={"valid_from": new.valid_from.isoformat(),
                                                  "sha256": checked.sha256, "compared_with": checked.compared_with,
                                                  "changes": len(checked.differences)})
            self._load(session)

    def use(self, rule_set_id: str | None, staff: StaffSession | None = None, today: date | None = None) -> rules.RuleSet:
        """Put a rule set in force now (None: let the dates decide again); audited."""
        day = today or self.office_today()
        if rule_set_id:
            chosen = self.get(rule_set_id)
            if chosen.valid_from > day:
                raise UserInputError(_("Kumpulan aturan {id} baru berlaku mulai {date}.").format(
                    id=chosen.id, date=chosen.valid_from.isoformat()))
        with self.app.db.write() as session:
            previous = self.active(day).id
            settings_registry.write(session, "rule_set_chosen", rule_set_id or "")
            self._load(session)
            now = self.active(day).id
            audit.append(session, device_id=self.app.device.id, actor=_actor(staff), action="rules.chosen",
                         subject=now, details={"previous": previous, "chosen": rule_set_id or "automatic"})
        return self.active(day)

    # --- the office package (office -> laptops) -----------------------------------------------------

    def write_package(self, out: Path, staff: StaffSession | None = None) -> None:
        """Office: write the signed package of rule sets and registration status for laptops; audited."""
        from prakerja_desktop.rulebook import package  # start-up speed (cryptography)
        from prakerja_desktop.sync.export import write_file

        with self.app.db.write() as session:
            data = package.make_package(session, self.app.device.id)
            audit.append(session, device_id=self.app.device.id, actor=_actor(staff),
                         action="rules.package_written", subject=self.active().id)
        write_file(Path(out), data)

    def import_package(self, data: bytes, staff: StaffSession | None = None) -> PackageResult:
        """Laptop: take the office's rule sets, choice and registration status (checked, audited)."""
        from prakerja_desktop.rulebook import package  # start-up speed (cryptography)

        with self.app.db.write() as session:
            header, body = package.open_package(session, data)
            made_at = str(header.get("made_at", ""))
            if not package.is_newer(session, made_at):
                return package.PackageResult(made_at, (), already=True)
            incoming = body.get("rule_sets_imported") or {}
            if not isinstance(incoming, dict):
                raise package.PackageRejected(_("Paket kantor ini rusak."))
            for rule_set_id, item in incoming.items():  # every set must be valid before anything changes
                try:
                    parse_imported(str(item["toml"]), f"{rule_set_id}.toml")
                except (rules.RuleSetError, KeyError, TypeError) as exc:
                    raise package.PackageRejected(_("Paket kantor ini berisi aturan yang rusak.")) from exc
            stored = dict(settings_registry.read(session, "rule_sets_imported") or {})
            added = tuple(sorted(k for k, v in incoming.items() if stored.get(k, {}).get("sha256") != v.get("sha256")))
            stored.update(incoming)  # the office is the authority on its rules
            settings_registry.write(session, "rule_sets_imported", stored)
            settings_registry.write(session, "rule_set_chosen", str(body.get("rule_set_chosen") or ""))
            registration = body.get("registration") or {}
            if not isinstance(registration, dict):
                raise package.PackageRejected(_("Paket kantor ini rusak."))
            settings_registry.write(session, "registration_status", registration.get("registration_status", "closed"))
            settings_registry.write(session, "registration_wave", registration.get("registration_wave", 0))
            settings_registry.write(session, "registration_until", registration.get("registration_until", ""))
            settings_registry.write(session, "registration_note", registration.get("registration_note", ""))
            settings_registry.write(session, "office_package_applied_at", made_at)
            audit.append(session, device_id=self.app.device.id, actor=_actor(staff),
                         action="rules.package_applied", subject=made_at, details={"added": list(added)})
            self._load(session)
        return package.PackageResult(made_at, added)

    # --- the registration status ------------------------------------------------------------------

    def registration(self) -> RegistrationStatus:
        """The registration status as last read (memory only: safe on the GUI thread)."""
        return self._registration

    def put_registration(self, *, open_: bool, wave: int | None = None, until: date | None = None,
                         note: str = "", staff: StaffSession | None = None) -> RegistrationStatus:
        """Declare registration open (a wave, until a date) or closed (with a note); audited."""
        if open_ and wave is not None and wave < 1:
            raise UserInputError(_("Nomor gelombang harus 1 atau lebih."))
        until_text = until.isoformat() if until else ""
        with self.app.db.write() as session:
            settings_registry.write(session, "registration_status", "open" if open_ else "closed")
            settings_registry.write(session, "registration_wave", wave or 0)
            settings_registry.write(session, "registration_until", until_text)
            settings_registry.write(session, "registration_note", note.strip())
            audit.append(session, device_id=self.app.device.id, actor=_actor(staff),
                         action="registration.changed", subject="open" if open_ else "closed",
                         details={"wave": wave or 0, "until": until_text})
            self._load(session)
        return self._registration


def _actor(staff: StaffSession | None) -> str:
    return str(staff.uuid) if staff else "system"
