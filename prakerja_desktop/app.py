"""The application object: the one door from the GUI and the command line into the core.

`App.open()` opens the data folder and database; the use cases live in named rooms on the app
(`app.drafts`, `app.records`, `app.staff`, …), each a small class over the app's database and device.
Transactions are opened only inside the rooms (and storage itself). Methods may block: the GUI calls
them from its worker thread.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from prakerja_desktop import __version__, paths, rescue, safe_files, scratch, start_up
from prakerja_desktop import device as device_store
from prakerja_desktop.domain import rules
from prakerja_desktop.domain.codes import random_code
from prakerja_desktop.errors import EnvironmentProblem, ProblemKind
from prakerja_desktop.rescue import Rescue
from prakerja_desktop.rulebook.room import RuleBook
from prakerja_desktop.storage import audit
from prakerja_desktop.storage.database import (
    Database,
    current_revision,
    head_revision,
    open_database,
    safe_url,
)
from prakerja_desktop.storage.encryption import database_file as encryption_file
from prakerja_desktop.storage.models import Device, PairingPrefix

if TYPE_CHECKING:
    from prakerja_desktop.backups.room import Backups
    from prakerja_desktop.batch.room import Batch
    from prakerja_desktop.keys.room import Keys
    from prakerja_desktop.kiosk.room import Kiosk
    from prakerja_desktop.receipts.room import Receipts
    from prakerja_desktop.records.room import Drafts, DuplicateRecord, Records, SubmitRefused, SubmitResult  # noqa: F401
    from prakerja_desktop.reports.room import Reports
    from prakerja_desktop.rulebook.region_room import Regions
    from prakerja_desktop.settings_room import Settings
    from prakerja_desktop.staff.room import Staff
    from prakerja_desktop.staff.session import LoginResult, StaffSession  # noqa: F401
    from prakerja_desktop.storage.backup import BackupCancelled, BackupInfo, BackupRefused  # noqa: F401
    from prakerja_desktop.storage.encryption import NeedsPassphrase  # noqa: F401
    from prakerja_desktop.storage.models import RecordRow, WaveOutcome  # noqa: F401
    from prakerja_desktop.storage.restore import BackupNeedsPassphrase, RestoreResult
    from prakerja_desktop.storage.salvage import SalvageCancelled, TableSalvage  # noqa: F401
    from prakerja_desktop.sync.room import Sync

logger = logging.getLogger(__name__)

# The door's data types: the GUI and the command line import them from here.
__all__ = [
    "App", "BackupCancelled", "BackupInfo", "BackupNeedsPassphrase", "BackupRefused", "DuplicateRecord",
    "LoginResult", "NeedsPassphrase", "RecordRow", "RestoreResult", "SalvageCancelled", "StaffSession", "SubmitRefused",
    "SubmitResult", "TableSalvage", "WaveOutcome",
]

# Where each door type lives: imported on first use (PEP 562), so a command such as `main.py info`
# does not load the backup, restore, staff and sync code it never touches.
_DOOR_TYPES = {
    "BackupCancelled": "prakerja_desktop.storage.backup", "BackupInfo": "prakerja_desktop.storage.backup",
    "BackupRefused": "prakerja_desktop.storage.backup", "BackupNeedsPassphrase": "prakerja_desktop.storage.restore",
    "RestoreResult": "prakerja_desktop.storage.restore",
    "SalvageCancelled": "prakerja_desktop.storage.salvage", "TableSalvage": "prakerja_desktop.storage.salvage",
    "DuplicateRecord": "prakerja_desktop.records.room",
    "SubmitRefused": "prakerja_desktop.records.room", "SubmitResult": "prakerja_desktop.records.room",
    "LoginResult": "prakerja_desktop.staff.session", "StaffSession": "prakerja_desktop.staff.session",
    "NeedsPassphrase": "prakerja_desktop.storage.encryption", "RecordRow": "prakerja_desktop.storage.models",
    "WaveOutcome": "prakerja_desktop.storage.models",
}


def __getattr__(name: str) -> Any:
    """A door type, imported from its module on first use."""
    module = _DOOR_TYPES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


class App:
    """One open database on one device, with its rooms of use cases."""

    def __init__(self, db: Database, device: device_store.DeviceIdentity, data_dir: Path,
                 rule_set: rules.RuleSet | None = None) -> None:
        self.db = db
        self.device = device
        self.data_dir = data_dir
        self._fixed_rule_set = rule_set  # tests may pin one; otherwise the rule book decides
        # The rule book is read at once (not on first use like the other rooms): app.rule_set is read on the
        # GUI thread and must never wait for the database there.
        self.rules = RuleBook(self)
        self.rules.refresh()
        from prakerja_desktop.rulebook.region_room import apply_office_data

        apply_office_data(data_dir)  # the office's own Kemendagri code set, when it loaded one

    # Each room is made on first use: its module (and the libraries it needs: reportlab, openpyxl,
    # cryptography, …) loads only when a use case of it runs. Start-up speed of the window and of every
    # command depends on it (bench/cli.py, bench/startup.py).

    @cached_property
    def drafts(self) -> Drafts:
        """Unfinished wizard answers: save, resume by code, discard."""
        from prakerja_desktop.records.room import Drafts

        return Drafts(self)

    @cached_property
    def records(self) -> Records:
        """Submitted records: pre-check, submit, find, count."""
        from prakerja_desktop.records.room import Records

        return Records(self)

    @cached_property
    def receipts(self) -> Receipts:
        """Receipt PDFs, checklists and their verification."""
        from prakerja_desktop.receipts.room import Receipts

        return Receipts(self)

    @cached_property
    def staff(self) -> Staff:
        """Staff accounts, logins, the records staff work on and the audit chain."""
        from prakerja_desktop.staff.room import Staff

        return Staff(self)

    @cached_property
    def regions(self) -> Regions:
        """The Kemendagri region codes in use (shipped or the office's newer set)."""
        from prakerja_desktop.rulebook.region_room import Regions

        return Regions(self)

    @cached_property
    def settings(self) -> Settings:
        """Office and PC settings through the registry."""
        from prakerja_desktop.settings_room import Settings

        return Settings(self)

    @cached_property
    def backups(self) -> Backups:
        """Backups, their schedule and retention."""
        from prakerja_desktop.backups.room import Backups

        return Backups(self)

    @cached_property
    def keys(self) -> Keys:
        """The database key: passphrase, locked mode."""
        from prakerja_desktop.keys.room import Keys

        return Keys(self)

    @cached_property
    def kiosk(self) -> Kiosk:
        """Kiosk mode: PIN, idle wipe, crash drafts."""
        from prakerja_desktop.kiosk.room import Kiosk

        return Kiosk(self)

    @cached_property
    def sync(self) -> Sync:
        """Outreach bundles between laptops and the office."""
        from prakerja_desktop.sync.room import Sync

        return Sync(self)

    @cached_property
    def reports(self) -> Reports:
        """The office report and exports."""
        from prakerja_desktop.reports.room import Reports

        return Reports(self)

    @property
    def rule_set(self) -> rules.RuleSet:
        """The rule set in force today (app.rules.active(); memory only, safe on the GUI thread)."""
        return self._fixed_rule_set or self.rules.active()

    @rule_set.setter
    def rule_set(self, value: rules.RuleSet | None) -> None:
        self._fixed_rule_set = value

    @cached_property
    def batch(self) -> Batch:
        """The batch room, made on first use (start-up speed: openpyxl and reportlab load with it)."""
        from prakerja_desktop.batch.room import Batch

        return Batch(self)

    @classmethod
    def open(cls, data_dir: str | Path | None = None, db_url: str | None = None) -> App:
        """Open the data folder and database (migrating it), and register this device.

        A read-only or full data disk opens the SQLite file read-only (rescue mode, `app.rescue`).
        """
        folder = paths.data_dir(data_dir)
        safe_files.private_umask()
        safe_files.secure_folder(folder)
        start_up.check_db_url_file(folder)
        url = paths.db_url(folder, db_url)
        database = encryption_file(url)
        stuck = rescue.detect(folder) if database is not None and database.exists() else None
        scratch.configure(folder if stuck is None else None)  # spills: DATA/scratch (encrypted), wiped here
        identity = device_store.load_or_create(folder)
        pending = start_up.recover(folder, database) if stuck is None else None
        try:
            if stuck is not None and database is not None:
                db = cls._open_read_only(folder, database, stuck)
            else:
                db = open_database(url)
        except EnvironmentProblem as problem:
            if problem.kind is not ProblemKind.CORRUPT:
                raise
            from prakerja_desktop.backups import backup as backup_files

            raise backup_files.corrupt_problem(folder, url, problem) from problem  # names the backup
        app = cls(db=db, device=identity, data_dir=folder)
        if db.rescue is None:
            app._register_device()
        if pending is not None and pending.audit is not None:
            from prakerja_desktop.backups import backup as backup_files

            backup_files.after_restore(app, pending.audit)  # a restore killed before it was audited
        logger.info("opened %s as device %s%s", safe_url(db.url), identity.code,
                    f" read-only ({db.rescue.kind})" if db.rescue else "")
        return app

    @staticmethod
    def _open_read_only(folder: Path, database: Path, kind: ProblemKind) -> Database:
        """The database opened read-only for rescue mode (refused if it would first need a migration)."""
        mode = rescue.source_mode(database)
        db = open_database(rescue.read_only_url(database, mode), migrate=False)
        if current_revision(db.engine) != head_revision():  # a newer program cannot use it unmigrated
            db.dispose()
            raise EnvironmentProblem(kind, "rescue mode: schema behind")
        db.rescue = Rescue(kind, folder, mode)
        return db

    @property
    def rescue(self) -> Rescue | None:
        """Why this app is read-only (a read-only or full data disk), or None when it can write."""
        return self.db.rescue

    @classmethod
    def restore(cls, backup_file: str | Path, data_dir: str | Path | None = None, db_url: str | None = None,
                passphrase: str | None = None) -> RestoreResult:
        """Restore a backup into the data folder, then open it once to migrate, renumber and audit.

        PASSPHRASE (the office recovery passphrase) opens a backup made on another machine.
        """
        from prakerja_desktop.backups import backup as backup_files

        folder = paths.data_dir(data_dir)
        result = backup_files.restore_files(backup_file, folder, db_url, passphrase)
        app = cls.open(folder, db_url)  # finds the restore's journal: audits it and renumbers this device
        try:
            code = app.device.code
        finally:
            app.close()
        return replace(result, device_code=code)

    @staticmethod
    def restore_target(data_dir: str | Path | None = None, db_url: str | None = None) -> Path:
        """The SQLite file a restore would replace (BackupRefused on an office server)."""
        from prakerja_desktop.storage.backup import sqlite_path

        return sqlite_path(paths.db_url(paths.data_dir(data_dir), db_url))

    @staticmethod
    def backup_file_info(backup_file: str | Path) -> BackupInfo | None:
        """What a backup file's manifest says (made when, how many records), None if it has none."""
        from prakerja_desktop.storage.backup import read_info

        return read_info(Path(backup_file))

    @classmethod
    def salvage(cls, target_dir: str | Path, data_dir: str | Path | None = None,
                progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None,
                by: str | None = None) -> list[TableSalvage]:
        """Copy every readable row of a damaged database into a new data folder (storage/salvage.py).

        The new database gets a "database.salvaged" audit event (counts per table, nothing personal) by
        BY (a staff uuid; None: "system", which the command line records as the OS user). Cancelled:
        SalvageCancelled, and the new folder holds no database.
        """
        from prakerja_desktop.storage import salvage

        results = salvage.salvage(paths.data_dir(data_dir), Path(target_dir), progress, cancelled)
        app = cls.open(target_dir)
        try:
            with app.db.write() as session:
                audit.append(session, device_id=app.device.id, actor=by or "system", action="database.salvaged",
                             details={"copied": sum(r.copied for r in results), "lost": sum(r.lost for r in results),
                                      "tables": {r.table: [r.copied, r.lost] for r in results if r.copied or r.lost}})
        finally:
            app.close()
        logger.info("salvaged into a new data folder: %d rows copied, %d lost",
                    sum(r.copied for r in results), sum(r.lost for r in results))
        return results

    @staticmethod
    def share_file(path: str | Path) -> None:
        """A saved receipt, checklist or office report gets the user's usual permissions, not 0600 (safe_files)."""
        safe_files.shareable(Path(path))

    @staticmethod
    def record_as(actor: str | None) -> None:
        """Audit events this process writes as "system" name ACTOR instead (the command line: "os:<user>")."""
        audit.set_unattended_actor(actor)

    @staticmethod
    def unattended_events() -> int:
        """How many audit events this process wrote under that name (the command line says so)."""
        return audit.unattended_events()

    @staticmethod
    def unlock(passphrase: str, data_dir: str | Path | None = None, db_url: str | None = None) -> None:
        """Open a locked database with the recovery passphrase for this process (before App.open)."""
        from prakerja_desktop.keys import management as key_management

        key_management.unlock(passphrase, data_dir, db_url)

    def close(self) -> None:
        """Release the database."""
        self.db.dispose()

    @property
    def is_office_server(self) -> bool:
        """True when the data lives on an office server (PostgreSQL), not in a file on this PC."""
        return not self.db.is_sqlite

    @property
    def db_url(self) -> str:
        """The database address (with any password in it: never log it, use info() for that)."""
        return self.db.url

    def info(self) -> dict[str, str]:
        """Facts for `main.py info` and the About box: no personal data."""
        database = safe_url(self.db.url)
        if self.rescue is not None:  # the read-only URI says less than the file and why
            database = f"{encryption_file(self.db.url)} (read-only: {self.rescue.kind})"
        return {
            "version": __version__,
            "data_dir": str(self.data_dir),
            "database": database,
            "schema": current_revision(self.db.engine) or "-",
            "device": self.device.code,
            "rule_set": self.rule_set.id,
            "records": str(self._record_count()),
        }

    def _record_count(self) -> int:
        """As app.records.count(), without making the records room: its module (NIK checks, drafts, the sync
        clock) was a sixth of `main.py info` (issue 20)."""
        from prakerja_desktop.storage import records as stored_records

        with self.db.read() as session:
            return stored_records.count(session)

    def _register_device(self) -> None:
        """Make sure this device has a row; pick a new code if another device has ours."""
        with self.db.write() as session:
            if session.get(Device, self.device.id) is not None:
                return
            code = self.device.code
            while session.execute(select(Device.id).where(Device.code == code)).first() is not None or \
                    session.execute(select(PairingPrefix.id).where(PairingPrefix.prefix == code)).first() is not None:
                code = random_code(device_store.DEVICE_CODE_LENGTH)  # nor a prefix the office gave a laptop
            session.add(Device(id=self.device.id, code=code, next_receipt=1))
            audit.append(session, device_id=self.device.id, actor="system", action="device.registered",
                         subject=str(self.device.id), details={"code": code})
        if code != self.device.code:
            self.device = device_store.DeviceIdentity(self.device.id, code)
            device_store.save(self.data_dir, self.device)
