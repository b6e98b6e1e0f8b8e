"""The dashboard's exports: the report (CSV/XLSX/PDF), the waiting list (CSV/XLSX, with a privacy note;
audited) and, for admins, the people (CSV/XLSX, NIK masked unless "Tampilkan NIK lengkap" is ticked, which
the audit log records), with progress and "Batal". File names carry the office's local time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.i18n import _, ngettext
from prakerja_desktop.reports.aggregate import Report
from prakerja_desktop.reports.export import stamp
from prakerja_desktop.staff import views as staff_views
from ui.operations import plain_error
from ui.staff.common import big_button
from ui.staff.context import StaffContext
from ui.staff.progress import ProgressPanel, StatusLine
from ui.staff.record_actions import SaveFileChooser, with_suffix
from ui.widgets.choice import CheckRow
from ui.widgets.flow_layout import FlowLayout


class ExportPanel(QWidget):
    """"Ekspor laporan" and "Ekspor data orang" (admin only)."""

    def __init__(self, context: StaffContext, report: Callable[[], Report | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportPanel")
        self.context = context
        self._report = report
        self.last_path: Path | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = FlowLayout()  # wraps in large text or English rather than widening the screen
        self.report_button = big_button(_("Ekspor laporan"), "exportReport", self)
        self.report_button.clicked.connect(self.ask_report_file)
        row.addWidget(self.report_button)
        self.waiting_button = big_button(_("Ekspor daftar tunggu"), "exportWaitingList", self)
        self.waiting_button.clicked.connect(self.ask_waiting_file)
        row.addWidget(self.waiting_button)
        layout.addLayout(row)
        people = QHBoxLayout()  # the people's export and its full-NIK choice on their own row
        self.records_button = big_button(_("Ekspor data orang"), "exportRecords", self)
        self.records_button.clicked.connect(self.ask_records_file)
        people.addWidget(self.records_button)
        self.full_nik = CheckRow(_("Tampilkan NIK lengkap"), self)
        self.full_nik.setObjectName("fullNik")
        self.full_nik.toggled.connect(self._on_full_nik)
        people.addWidget(self.full_nik, 1)
        layout.addLayout(people)
        self.warning = StatusLine(self)
        self.warning.setObjectName("fullNikWarning")
        layout.addWidget(self.warning)
        for widget in (self.records_button, self.full_nik):
            widget.setVisible(context.is_admin)
        self.progress = ProgressPanel(self, name="exportProgress")
        layout.addWidget(self.progress)
        self.status = StatusLine(self)
        self.status.setObjectName("exportStatus")
        layout.addWidget(self.status)

    def _on_full_nik(self, ticked: bool) -> None:
        text = _("Berkas akan berisi NIK, nomor KK dan nomor HP lengkap. Simpan di tempat aman. "
                 "Ekspor ini dicatat atas nama Anda.")
        self.warning.show_text(text if ticked else "", Severity.WARNING)

    # --- the report -----------------------------------------------------------------------------

    def ask_report_file(self) -> None:
        """Ask where to save the report (CSV, XLSX or PDF)."""
        if self._report() is None:
            self.status.show_text(_("Tampilkan laporan dulu."), Severity.WARNING)
            return
        SaveFileChooser.ask(self, _("Simpan laporan"), f"laporan-prakerja-{stamp(self._zone())}.xlsx",
                            [_("Excel (*.xlsx)"), _("CSV (*.csv)"), _("PDF satu halaman (*.pdf)")],
                            self.save_report_to)

    def save_report_to(self, path: Path, chosen_filter: str = "") -> None:
        """Write the report shown on the worker."""
        report = self._report()
        if report is None:
            return
        target, fmt = with_suffix(path, chosen_filter, ("xlsx", "csv", "pdf"))
        app = self.context.app
        self.status.show_text(_("Sedang menyimpan laporan…"))

        def write() -> Path:
            return app.reports.write(report, target, fmt)

        self.context.run(write, self._on_saved, self._on_failed, owner=self)

    def _zone(self) -> str:
        """The office's zone (from the report shown; WIB before the first one)."""
        report = self._report()
        return report.zone if report is not None else "WIB"

    # --- the waiting list -----------------------------------------------------------------------

    def ask_waiting_file(self) -> None:
        """Ask where to save the waiting list (CSV or XLSX)."""
        SaveFileChooser.ask(self, _("Simpan daftar tunggu"), f"daftar-tunggu-{stamp(self._zone())}.xlsx",
                            [_("Excel (*.xlsx)"), _("CSV (*.csv)")], self.save_waiting_list_to)

    def save_waiting_list_to(self, path: Path, chosen_filter: str = "") -> None:
        """Write the waiting list on the worker (audited)."""
        target, fmt = with_suffix(path, chosen_filter, ("xlsx", "csv"))
        context = self.context
        self.status.show_text(_("Sedang menyimpan daftar tunggu…"))

        def write() -> staff_views.ExportResult:
            return context.app.reports.export_waiting_list(target, fmt, context.staff)

        context.run(write, lambda result: self._on_saved(result.path, ngettext(
            "✔ {n} orang di daftar tunggu tersimpan: {path}. Berisi nomor HP: simpan di tempat aman.",
            "✔ {n} orang di daftar tunggu tersimpan: {path}. Berisi nomor HP: simpan di tempat aman.",
            result.count).format(n=f"{result.count:,}".replace(",", "."), path=result.path)),
            self._on_failed, owner=self)

    # --- the people -----------------------------------------------------------------------------

    def ask_records_file(self) -> None:
        """Admin only: ask where to save the list of people (CSV or XLSX)."""
        if not self.context.is_admin:
            return
        SaveFileChooser.ask(self, _("Simpan data orang"), f"data-orang-{stamp(self._zone())}.xlsx",
                            [_("Excel (*.xlsx)"), _("CSV (*.csv)")], self.export_records_to)

    def export_records_to(self, path: Path, chosen_filter: str = "") -> None:
        """Write every record on the worker, with progress and "Batal"."""
        target, fmt = with_suffix(path, chosen_filter, ("xlsx", "csv"))
        context, full, panel = self.context, self.full_nik.isChecked(), self.progress
        self.status.clear_findings()
        stop = panel.start(_("Sedang mengekspor data orang…"))
        self.records_button.setEnabled(False)

        def export() -> staff_views.ExportResult:
            return context.app.reports.export_records(target, fmt, context.staff, full_nik=full,
                                                 progress=panel.report, cancelled=stop.is_set)

        context.run(export, self._on_exported, self._on_failed, owner=self)

    def _on_exported(self, result: staff_views.ExportResult) -> None:
        self.progress.finish()
        self.records_button.setEnabled(True)
        if result.cancelled:
            self.status.show_text(_("Ekspor dibatalkan; berkas yang setengah jadi sudah dihapus."),
                                  Severity.WARNING)
            return
        self._on_saved(result.path, ngettext("✔ {n} orang tersimpan: {path}", "✔ {n} orang tersimpan: {path}", result.count).format(
            n=f"{result.count:,}".replace(",", "."), path=result.path))

    def _on_saved(self, path: Path, text: str | None = None) -> None:
        self.last_path = path
        self.status.show_text(text or _("✔ Laporan tersimpan: {path}").format(path=path))

    def _on_failed(self, exc: Exception) -> None:
        self.progress.finish()
        self.records_button.setEnabled(True)
        self.status.show_text(plain_error(exc, "exporting"), Severity.ERROR)
