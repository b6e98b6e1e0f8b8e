"""Backup use cases: where backups go, when one is due, restoring, and what to offer a damaged database.

storage/backup.py and storage/restore.py do the file work; this module adds the office settings, the
audit trail and the receipt-number safety after a restore. No Qt, no personal data in logs or audit.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from prakerja_desktop import device as device_store
from prakerja_desktop import paths, settings_registry
from prakerja_desktop.backups.retention import cutoff as retention_cutoff
from prakerja_desktop.domain.codes import random_code
from prakerja_desktop.errors import CorruptDatabase, EnvironmentProblem, UserInputError
from prakerja_desktop.storage import asides, audit, encryption, swap
from prakerja_desktop.storage.backup import BackupInfo, backup_to, list_backups, sqlite_path
from prakerja_desktop.storage.models import AuditEvent, Device, PairingPrefix
from prakerja_desktop.storage.restore import RestoreResult, restore_from

if TYPE_CHECKING:
    from prakerja_desktop.app import App
    from prakerja_desktop.staff.session import StaffSession

logger = logging.getLogger(__name__)


def backup_folder(app: App) -> Path:
    """Where backups go: the office setting, else the default folder in the data folder."""
    configured = app.settings.get("backup_folder")  # a path (a USB stick); unset: <data folder>/backups
    return Path(configured).expanduser() if configured else paths.backups_dir(app.data_dir)


def make_backup(app: App, folder: str | Path | None = None,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None, by: StaffSession | None = None) -> BackupInfo:
    """Back up the database (online, verified) and note it in the settings and the audit log."""
    target = Path(folder).expanduser() if folder else backup_folder(app)
    if not folder and target == paths.backups_dir(app.data_dir):
        target.mkdir(parents=True, exist_ok=True)
    elif target.is_dir():
        # Leftovers of killed backups in another folder go here, not at start (a network drive may be
        # slow or absent), and by age only: the folder may be shared by several PCs.
        swap.remove_orphans(target, local=False)
    info = backup_to(app.db, target, progress, cancelled, device=app.device.code,
                     device_id=str(app.device.id))
    with app.db.bookkeeping("backup.made") as session:  # rescue mode: the copy counts, the note cannot be kept
        if session is None:
            return info
        settings_registry.write(session, "backup_last_at", info.created_at)
        audit.append(session, device_id=app.device.id, actor=str(by.uuid) if by else "system",
                     action="backup.made", subject=info.path.name,
                     details={"records": info.records, "schema": info.schema, "bytes": info.size})
    return info


def restore_files(backup_file: str | Path, folder: Path, db_url: str | None = None,
                  passphrase: str | None = None) -> RestoreResult:
    """Swap the backup in as the data folder's database (App.restore then opens it once).

    PASSPHRASE (the office recovery passphrase) opens a backup made on another machine.
    """
    return restore_from(backup_file, folder, db_path=sqlite_path(paths.db_url(folder, db_url)),
                        passphrase=passphrase)


def after_restore(app: App, details: dict[str, Any]) -> str:
    """Give this device a new receipt code, audit the restore and prune aside copies; returns the new code.

    Receipt numbers handed out after the backup was made may be on paper already while their records
    are not in the backup: with a fresh code, no number can ever be given to two people. DETAILS come
    from the swap journal (storage/swap.py), so a restore killed before this ran is finished at the
    next start; the journal goes only once the event is in the restored database.
    """
    with app.db.write() as session:
        if _already_audited(session, details.get("restore_id")):
            code = app.device.code
        else:
            row = session.get(Device, app.device.id)
            code = random_code(device_store.DEVICE_CODE_LENGTH)
            while session.execute(select(Device.id).where(Device.code == code)).first() is not None or \
                    session.execute(select(PairingPrefix.id).where(PairingPrefix.prefix == code)).first() is not None:
                code = random_code(device_store.DEVICE_CODE_LENGTH)  # nor a prefix the office gave a laptop
            if row is not None:
                row.code = code
            audit.append(session, device_id=app.device.id, actor="system", action="backup.restored",
                         subject=str(details.get("backup")),
                         details={"schema": details.get("schema"), "records": details.get("records"),
                                  "device_code": code, "backup_created_at": details.get("backup_created_at"),
                                  "restore_id": details.get("restore_id"),
                                  # what the replaced database's log held (it stays in the aside copy):
                                  "replaced_events": details.get("replaced_events"),
                                  "replaced_head": details.get("replaced_head"),
                                  "earlier_restores": details.get("earlier_restores") or []})
    app.device = device_store.DeviceIdentity(app.device.id, code)
    device_store.save(app.data_dir, app.device)
    database = encryption.database_file(app.db.url)
    if database is not None:
        prune_asides(app, database)
        swap.finish(database)
    logger.info("restored %s; this device now numbers receipts as %s", details.get("backup"), code)
    return code


def prune_asides(app: App, database: Path) -> int:
    """Keep at most `restore_asides_kept` aside copies, none older than the retention period."""
    months = int(app.settings.get("retention_months"))
    oldest = retention_cutoff(months, datetime.now())  # aside names carry local time
    return asides.prune(database, int(app.settings.get("restore_asides_kept")), oldest)


def _already_audited(session: Session, restore_id: object) -> bool:
    """True when this restore's event is already in the database (killed after it, before the journal went)."""
    if not restore_id:
        return False
    recent = session.execute(select(AuditEvent.details).where(AuditEvent.action == "backup.restored")
                             .order_by(AuditEvent.id.desc()).limit(20)).scalars()
    return any(isinstance(d, dict) and d.get("restore_id") == restore_id for d in recent)


def rescue_backup(data_dir: Path, db_url: str) -> BackupInfo | None:
    """The backup to offer for a damaged database: this device's newest in the set or default folder."""
    device_id = _device_id(data_dir)
    folders = [paths.backups_dir(data_dir)]
    configured = _configured_folder(db_url)
    if configured is not None and configured not in folders:
        folders.insert(0, configured)
    candidates = [info for folder in folders for info in list_backups(folder)
                  if device_id is None or info.device_id == device_id]
    return max(candidates, key=lambda info: info.created_at) if candidates else None


def corrupt_problem(data_dir: Path, db_url: str, problem: EnvironmentProblem) -> CorruptDatabase:
    """A CORRUPT problem that names the backup to restore (if any)."""
    try:
        latest = rescue_backup(data_dir, db_url)
    except Exception:  # noqa: BLE001 - looking for a backup must never hide the real problem
        logger.exception("looking for a backup to offer failed")
        latest = None
    return CorruptDatabase(problem.detail, latest.path if latest else None)


def _device_id(data_dir: Path) -> str | None:
    """This machine's device id from device.json, without creating one."""
    try:
        return str(uuid.UUID(json.loads((data_dir / device_store.DEVICE_FILENAME).read_text("utf-8"))["id"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


_OPEN_ERRORS: tuple[type[Exception], ...] = (UserInputError, *encryption.DB_ERRORS, ValueError)
_READ_ERRORS: tuple[type[Exception], ...] = (*encryption.DB_ERRORS, ValueError, TypeError)


def _configured_folder(db_url: str) -> Path | None:
    """The backup folder setting, read straight from a possibly damaged file (None if unreadable)."""
    try:
        path = sqlite_path(db_url)
        key = None if encryption.is_plaintext(path) else encryption.cached_key(path)
        connection = encryption.connect(path, key, mode="ro", timeout=1)
    except _OPEN_ERRORS:
        return None
    try:
        value = settings_registry.read_sqlite(connection, "backup_folder")
        return Path(value).expanduser() if value else None
    except _READ_ERRORS:
        return None
    finally:
        connection.close()
