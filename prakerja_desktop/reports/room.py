"""The reports room: the office report over a date range, its export, and the record export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from prakerja_desktop import clock
from prakerja_desktop.reports import aggregate, export
from prakerja_desktop.reports.aggregate import Report
from prakerja_desktop.reports.export import write_report
from prakerja_desktop.room import Room, use_case
from prakerja_desktop.staff import views


class Reports(Room):
    """Aggregates over the records, and files made from them."""

    build = use_case(views.build_report)
    export_records = use_case(views.export_records)
    districts_present = use_case(views.districts_present)
    villages_present = use_case(views.villages_present)
    export_waiting_list = use_case(views.export_waiting_list)

    def office_zone(self) -> str:
        """The office's time zone: WIB, WITA or WIT (chosen, else from its region)."""
        with self.app.db.read() as session:
            return aggregate.office_zone(session)

    def office_today(self) -> date:
        """Today in the office (not this computer's clock zone)."""
        return clock.office_today(self.office_zone())

    def data_version(self) -> tuple[object, ...]:
        """A cheap fingerprint that changes whenever records, outcomes or the audit log change (index
        lookups only), so a dashboard can rebuild itself when, and only when, something happened."""
        from sqlalchemy import func, select

        from prakerja_desktop.storage.models import AuditEvent, RecordRow, WaveOutcome

        with self.app.db.read() as session:
            return tuple(session.execute(select(
                select(func.max(RecordRow.id)).scalar_subquery(), select(func.max(RecordRow.hlc)).scalar_subquery(),
                select(func.max(WaveOutcome.hlc)).scalar_subquery(),
                select(func.max(AuditEvent.id)).scalar_subquery())).one())

    def waiting_members(self) -> list[str]:
        """Receipt numbers of everyone on the waiting list."""
        with self.app.db.read() as session:
            return export.waiting_members(session)

    def write(self, report: Report, path: Path, fmt: str) -> Path:
        """Write a built report as CSV, XLSX or PDF, headed with the office name."""
        return write_report(report, path, fmt, self._office_name())

    def _office_name(self) -> str:
        """The office name as receipts print it (receipts' office_settings()), without loading the receipts
        room and its field checks: `main.py report` starts faster (issue 20)."""
        from prakerja_desktop import settings_registry
        from prakerja_desktop.i18n import _

        with self.app.db.read() as session:
            name = settings_registry.read(session, "office_name")
        return str(name or _("Dinas Tenaga Kerja"))
