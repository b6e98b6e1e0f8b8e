"""The reports room: the office report over a date range, its export, and the record export."""

from __future__ import annotations

from pathlib import Path

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

    def write(self, report: Report, path: Path, fmt: str) -> Path:
        """Write a built report as CSV, XLSX or PDF, headed with the office name."""
        return write_report(report, path, fmt, self.app.receipts.office_settings().get("name", ""))
