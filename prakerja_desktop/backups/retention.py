"""Retention: records older than the promised period are purged, with an audit entry and nothing left behind.

The consent text promises applicants that their data is kept "at most N years, then deleted"
(resources/consent.toml, `retention_years`). That promise is the default and the upper limit of the
`retention_months` setting; an office may choose a shorter period, never a longer one, and never "off".
A purge deletes the records submitted before the cut-off with their change history and wave outcomes
(ON DELETE CASCADE) and their name-search entries, abandoned drafts (no consent was given for them),
then rewrites the search index and the file (FTS5 'optimize', VACUUM, WAL truncated) so that no
deleted value stays in free pages or old index segments. `secure_delete` is on for every connection.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import CursorResult, Delete, delete, func, select, text
from sqlalchemy.orm import Session

from prakerja_desktop import settings_registry
from prakerja_desktop.clock import utcnow
from prakerja_desktop.domain.consent_text import load_consent_text
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.storage import asides, audit, encryption, search_index
from prakerja_desktop.storage.models import DraftRow, RecordChange, RecordRow, WaveOutcome

if TYPE_CHECKING:
    from prakerja_desktop.app import App
    from prakerja_desktop.staff.session import StaffSession

logger = logging.getLogger(__name__)

DRAFT_DAYS = 30  # an unfinished draft never got consent: it goes much sooner than records


@dataclass(frozen=True)
class PurgeResult:
    """What a purge removed (counts only: the audit entry holds the same)."""

    cutoff: datetime
    records: int
    changes: int
    outcomes: int
    drafts: int


def promised_months() -> int:
    """The retention period promised in the consent text, in months."""
    return int(load_consent_text().retention_years) * 12


def retention_months(app: App) -> int:
    """The period in force: the setting, never longer than the promise (unset or bad: the promise)."""
    return int(app.settings.get("retention_months"))  # default and maximum: settings_registry


def put_retention_months(app: App, months: int, by: StaffSession) -> None:
    """Set the retention period (admin only; 1 month up to the consent promise)."""
    if not by.is_admin:
        raise UserInputError(_("Hanya admin yang boleh mengubah lama penyimpanan data."))
    promised = promised_months()
    if not settings_registry.spec("retention_months").in_bounds(months):
        raise UserInputError(_("Lama penyimpanan harus 1 sampai {n} bulan (sesuai janji di persetujuan).")
                             .format(n=promised))
    app.settings.put("retention_months", months, by)


def cutoff(months: int, now: datetime | None = None) -> datetime:
    """The moment MONTHS calendar months before NOW (the 31st becomes the month's last day)."""
    moment = now or utcnow()
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = moment.day
    while True:
        try:
            return moment.replace(year=year, month=month + 1, day=day)
        except ValueError:
            day -= 1


def due_count(app: App, now: datetime | None = None) -> int:
    """How many records a purge with the retention period would remove now."""
    return due_count_before(app, cutoff(retention_months(app), now))


def due_count_before(app: App, limit: datetime) -> int:
    """How many records were submitted before LIMIT."""
    with app.db.read() as session:
        return int(session.execute(select(func.count()).select_from(RecordRow)
                                   .where(RecordRow.submitted_at < limit)).scalar_one())


def purge(app: App, *, older_than: datetime | None = None, by: StaffSession | None = None,
          now: datetime | None = None) -> PurgeResult:
    """Delete records submitted before the cut-off (default: the retention period) and compact the file."""
    if by is not None and not by.is_admin:
        raise UserInputError(_("Hanya admin yang boleh menghapus data lama."))
    moment = now or utcnow()
    limit = older_than or cutoff(retention_months(app), moment)
    stale_drafts = moment - timedelta(days=DRAFT_DAYS)
    with app.db.write() as session:
        old_ids = select(RecordRow.id).where(RecordRow.submitted_at < limit)
        changes = _count(session, select(func.count()).select_from(RecordChange)
                         .where(RecordChange.record_id.in_(old_ids)))
        outcomes = _count(session, select(func.count()).select_from(WaveOutcome)
                          .where(WaveOutcome.record_id.in_(old_ids)))
        from prakerja_desktop.sync import tombstones  # the purge travels to every copy (issue 19)

        tombstones.record(session, session.execute(select(RecordRow.uuid, RecordRow.device_id).where(
            RecordRow.submitted_at < limit)).all(), "retention", app.device.id)
        records = _deleted(session, delete(RecordRow).where(RecordRow.submitted_at < limit))
        drafts = _deleted(session, delete(DraftRow).where(DraftRow.updated_at < stale_drafts))
        if app.db.is_sqlite and records:
            # Deleted names stay in old FTS5 segments until they are merged: merge them all now.
            session.execute(text(f"INSERT INTO {search_index.FTS_TABLE}({search_index.FTS_TABLE}) "
                                 "VALUES ('optimize')"))
        settings_registry.write(session, "retention_last_purge_at", moment)
        audit.append(session, device_id=app.device.id, actor=str(by.uuid) if by else "system",
                     action="records.purged", details={
                         "cutoff": limit.date().isoformat(), "records": records, "changes": changes,
                         "outcomes": outcomes, "drafts": drafts})
    if app.db.is_sqlite:
        compact(app)
        _purge_asides(app, removed_rows=records + drafts > 0)
    logger.info("purged %d records and %d drafts older than %s", records, drafts, limit.date())
    return PurgeResult(limit, records, changes, outcomes, drafts)


def _purge_asides(app: App, *, removed_rows: bool) -> None:
    """Aside copies hold the purged rows: all go when rows went, else those older than the period."""
    database = encryption.database_file(app.db.url)
    if database is None:
        return
    if removed_rows:
        asides.remove_all(database, "retention purge")
    else:
        asides.prune(database, int(app.settings.get("restore_asides_kept")),
                     cutoff(retention_months(app), datetime.now()))  # aside names carry local time


def _deleted(session: Session, statement: Delete) -> int:
    """Run a DELETE in the session; the number of rows it removed."""
    result = session.execute(statement)
    assert isinstance(result, CursorResult), "a DELETE returns a cursor result"
    return result.rowcount


def compact(app: App) -> None:
    """VACUUM the file and empty the WAL, so freed pages and old page copies are gone from the disk."""
    raw = app.db.engine.raw_connection()
    try:
        connection = raw.driver_connection
        assert connection is not None, "a checked-out connection has its driver connection"
        connection.execute("VACUUM")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


def _count(session: Any, query: Any) -> int:
    return int(session.execute(query).scalar_one())
