"""What the staff screens read and do beyond StaffRecords: one person's view, audited NIK views and
exports, checked edits, filter choices, and a report that can be stopped. No Qt here.

The record view gets NIK and KK masked; the full numbers only come through reveal_nik(), which writes
"nik.viewed" to the audit log.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from prakerja_desktop import clock
from prakerja_desktop.domain import regions, rules
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.reports import aggregate, counts, export
from prakerja_desktop.staff.records import MIN_REASON, RecordFilter, RecordListRow, StaffRecords
from prakerja_desktop.staff.session import StaffSession
from prakerja_desktop.storage import audit, records
from prakerja_desktop.storage.models import RecordChange, RecordRow, WaveOutcome

if TYPE_CHECKING:
    from prakerja_desktop.app import App

logger = logging.getLogger(__name__)

MASKED_IN_HISTORY = frozenset(("nik", "kk_number"))


class Cancelled(Exception):
    """The person pressed "Batal" while long work was running."""


def field_labels() -> dict[str, str]:
    """Plain labels of the record's editable fields (history lines and error messages): the catalogue's."""
    from prakerja_desktop.domain import fields  # with every validator: not for a report (issue 20)

    return fields.labels()


@dataclass(frozen=True)
class ChangeLine:
    """One line of "Riwayat perubahan": who changed what, when and why (NIK/KK masked)."""

    at: datetime
    by: str
    field: str
    label: str
    old: str
    new: str
    reason: str


@dataclass(frozen=True)
class RecordDetail:
    """Everything the record view shows about one person; NIK and KK masked."""

    uuid: uuid.UUID
    values: dict[str, Any]  # the record's columns, nik/kk_number masked
    reasons: list[str]
    readiness: list[tuple[str, bool | None]]
    history: list[ChangeLine] = field(default_factory=list)
    outcomes: list[WaveOutcome] = field(default_factory=list)
    kk_others: int = 0  # other people here with the same KK number
    zone: str = clock.DEFAULT_ZONE  # the office's time zone: times are shown in it

    def __getitem__(self, name: str) -> Any:
        return self.values.get(name)


def _text(value: Any) -> str:
    """A stored value as short text."""
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    return str(value)


def _history_value(name: str, value: str | None) -> str | None:
    """A stored old or new value in words (NIK and KK masked); None stays None."""
    from prakerja_desktop.domain import fields

    if not value:
        return None
    if name in MASKED_IN_HISTORY:
        return fields.mask(name, value)
    return fields.display(name, value) if name in fields.CATALOGUE else value


def reason_lines(rule_set_id: str, reasons: list[dict[str, str]],
                 in_force: rules.RuleSet | None = None) -> list[str]:
    """The stored pre-check reasons as plain words (problems only), in the words of the set they were
    checked under; a record without one is read with the office's set in force (else the newest shipped)."""
    lines = []
    fallback = in_force or rules.load_rule_set()
    for reason in reasons or []:
        if reason.get("outcome") == "eligible":
            continue
        case = aggregate.case_label(reason.get("case", ""))
        try:
            rule_set = rules.load_rule_set(rule_set_id) if rule_set_id else fallback
            text = rule_set.rule(reason.get("rule", "")).text.current()
        except (KeyError, ValueError, rules.RuleSetError, FileNotFoundError):
            text = reason.get("rule", "")
        lines.append(f"{text} ({case})")
    return lines


def _readiness(rule_set_id: str, stored: dict[str, Any],
               in_force: rules.RuleSet | None = None) -> list[tuple[str, bool | None]]:
    """Each checklist item with its label and answer (the record's set; else the office's set in force)."""
    fallback = in_force or rules.load_rule_set()
    try:
        items = rules.load_rule_set(rule_set_id).readiness_items if rule_set_id else fallback.readiness_items
    except (rules.RuleSetError, FileNotFoundError):
        items = fallback.readiness_items
    return [(item.label.current(), stored.get(item.field)) for item in items]


def record_detail(app: App, record_uuid: uuid.UUID) -> RecordDetail:
    """One person, with history, wave outcomes and how many others share the KK."""
    from prakerja_desktop.domain import fields

    with app.db.read() as session:
        row = records.by_uuid(session, record_uuid)
        if row is None:
            raise UserInputError(_("Data tidak ditemukan; mungkin sudah dihapus."))
        values = {c.name: getattr(row, c.name) for c in RecordRow.__table__.columns if c.name != "name_norm"}
        values["nik"] = fields.mask("nik", row.nik)
        values["kk_number"] = fields.mask("kk_number", row.kk_number) or None
        zone = aggregate.office_zone(session)
        values["submitted_shown"] = clock.shown(row.submitted_at, zone)
        labels = field_labels()
        history = []
        for change in session.execute(select(RecordChange).where(RecordChange.record_id == row.id)
                                      .order_by(RecordChange.id)).scalars():
            old, new = (_history_value(change.field, v) for v in (change.old_value, change.new_value))
            history.append(ChangeLine(change.created_at, change.changed_by_name or "-", change.field,
                                      labels.get(change.field, change.field), _text(old), _text(new),
                                      change.reason))
        outcomes = list(session.execute(select(WaveOutcome).where(WaveOutcome.record_id == row.id)
                                        .order_by(WaveOutcome.wave)).scalars())
        others = records.count_kk(session, row.kk_number, exclude_nik=row.nik) if row.kk_number else 0
    in_force = app.rule_set
    return RecordDetail(record_uuid, values, reason_lines(row.rule_set_id, row.eligibility_reasons, in_force),
                        _readiness(row.rule_set_id, row.readiness or {}, in_force), history, outcomes, others, zone)


def reveal_nik(app: App, record_uuid: uuid.UUID, staff: StaffSession) -> tuple[str, str | None]:
    """The full NIK and KK number of one person; the look is written to the audit log."""
    with app.db.write() as session:
        row = records.by_uuid(session, record_uuid)
        if row is None:
            raise UserInputError(_("Data tidak ditemukan; mungkin sudah dihapus."))
        audit.append(session, device_id=app.device.id, actor=str(staff.uuid), action="nik.viewed",
                     subject=str(record_uuid))
        return row.nik, row.kk_number


def family_of(app: App, record_uuid: uuid.UUID) -> list[RecordListRow]:
    """Everyone recorded here with the same KK number as this person (the person included)."""
    with app.db.read() as session:
        row = records.by_uuid(session, record_uuid)
        kk = row.kk_number if row is not None else None
    if not kk:
        return []
    return StaffRecords(app).page(RecordFilter(text=kk), limit=100)


@dataclass(frozen=True)
class EditResult:
    """What an edit did: the fields changed, or per-field messages when nothing was saved."""

    changed: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # field name (or "reason") -> message


def edit_record(app: App, record_uuid: uuid.UUID, changes: dict[str, Any], reason: str,
                staff: StaffSession, today: date | None = None) -> EditResult:
    """Check every field on its own (so each message can sit beside its field), then save with history."""
    finder = StaffRecords(app)
    errors: dict[str, str] = {}
    if len((reason or "").strip()) < MIN_REASON:
        errors["reason"] = _("Tulis alasan perubahan (minimal {n} huruf).").format(n=MIN_REASON)
    with app.db.read() as session:
        row = records.by_uuid(session, record_uuid)
        if row is None:
            raise UserInputError(_("Data tidak ditemukan; mungkin sudah dihapus."))
        for name, value in changes.items():
            try:
                finder._clean(name, value, row, session, today)  # the same checks edit() makes
            except UserInputError as exc:
                errors[name] = str(exc)
    if errors:
        return EditResult(errors=errors)
    return EditResult(changed=finder.edit(record_uuid, changes, reason, staff, today))


def districts_present(app: App) -> list[tuple[str, str]]:
    """(code, "Kec. X, Kab. Y") for every district that has records, by name."""
    with app.db.read() as session:
        codes = session.execute(select(RecordRow.district_code).distinct()
                                .where(RecordRow.district_code.is_not(None))).scalars().all()
    found: list[tuple[str, str]] = []
    for code in codes:
        if code is None:  # the query leaves these out; this tells the type checker
            continue
        region = regions.lookup(code)
        found.append((code, f"Kec. {region.district}, {region.regency}" if region else code))
    return sorted(found, key=lambda item: item[1].casefold())


def villages_present(app: App, district_code: str | None = None, limit: int = 500) -> list[str]:
    """Village names that have records (in one district, or anywhere), by name."""
    query = select(RecordRow.village).distinct().where(RecordRow.village.is_not(None))
    if district_code:
        query = query.where(RecordRow.district_code == district_code)
    with app.db.read() as session:
        names = session.execute(query.limit(limit)).scalars().all()
    return sorted((n for n in names if n), key=str.casefold)


@contextlib.contextmanager
def _stoppable(session: Session, cancelled: Callable[[], bool] | None) -> Iterator[None]:
    """On SQLite, let a running query stop when cancelled() turns true (else it stops between steps)."""
    raw = None
    if cancelled is not None and session.get_bind().dialect.name == "sqlite":
        raw = session.connection().connection.driver_connection
        assert raw is not None, "a checked-out connection has its driver connection"
        raw.set_progress_handler(lambda: 1 if cancelled() else 0, 20_000)
    try:
        yield
    except Exception:
        if cancelled is not None and cancelled():
            raise Cancelled() from None
        raise
    finally:
        if raw is not None:
            raw.set_progress_handler(None, 0)
    if cancelled is not None and cancelled():
        raise Cancelled()


def build_report(app: App, date_from: date, date_to: date,
                 cancelled: Callable[[], bool] | None = None) -> aggregate.Report:
    """The dashboard's numbers for a date range; raises Cancelled when stopped."""
    if app.db.rescue is None:  # recount the days changed since their counts were made (read-only: scanned)
        # A week per write: kiosks submitting meanwhile wait for one write, never for a whole import's days.
        done = counts.DAYS_PER_REFRESH
        while done == counts.DAYS_PER_REFRESH:
            if cancelled is not None and cancelled():
                raise Cancelled()
            with app.db.write() as session:
                done = counts.refresh(session, max_days=counts.DAYS_PER_REFRESH)
    with app.db.read() as session, _stoppable(session, cancelled):
        return aggregate.build_report(session, date_from, date_to, rule_set=app.rule_set)


@dataclass(frozen=True)
class ExportResult:
    """How an export of records ended."""

    path: Path
    count: int
    cancelled: bool = False


def export_records(app: App, path: Path, fmt: str, staff: StaffSession, *, full_nik: bool = False,
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> ExportResult:
    """Every record to CSV/XLSX (admin only), NIK masked unless full_nik; audited, the full NIK choice too."""
    if not staff.is_admin:
        raise UserInputError(_("Hanya admin yang boleh mengekspor data orang."))
    if fmt not in ("csv", "xlsx"):
        raise UserInputError(_("Format ekspor harus CSV atau XLSX."))
    with app.db.read() as session:
        total = int(session.execute(select(func.count()).select_from(RecordRow)).scalar_one())
        count = export.export_records(session, path, fmt, full_nik=full_nik,
                                      progress=(lambda n: progress(n, total)) if progress else None,
                                      cancelled=cancelled)
    stopped = bool(cancelled and cancelled()) and count < total
    if stopped:
        path.unlink(missing_ok=True)  # half a list is worse than none
    with app.db.bookkeeping("records.exported") as session:
        if session is not None:  # rescue mode: the export to another drive is the point
            audit.append(session, device_id=app.device.id, actor=str(staff.uuid), action="records.exported",
                         details={"format": fmt, "count": count, "full_nik": full_nik, "cancelled": stopped})
    if progress is not None and not stopped:
        progress(total, total)
    return ExportResult(path, count, stopped)


def export_waiting_list(app: App, path: Path, fmt: str, staff: StaffSession | None) -> ExportResult:
    """The waiting list (people to call when registration opens) to CSV/XLSX, with a privacy note; audited."""
    if fmt not in ("csv", "xlsx"):
        raise UserInputError(_("Format ekspor harus CSV atau XLSX."))
    with app.db.read() as session:
        count = export.export_waiting_list(session, path, fmt, rule_set=app.rule_set)
    with app.db.bookkeeping("waiting_list.exported") as session:
        if session is not None:
            actor = str(staff.uuid) if staff is not None else "command-line"
            audit.append(session, device_id=app.device.id, actor=actor, action="waiting_list.exported",
                         details={"format": fmt, "count": count})
    return ExportResult(path, count)
