"""Outreach laptops and the office: send and receive bundles, pairing, and the review of NIKs found twice.

Three tabs. "Kirim dan terima" writes a bundle (laptop) or takes one in (office) on the worker with a
progress bar and "Batal"; "Pasangan perangkat" exchanges key files; "Tinjauan NIK ganda" shows two
records with one NIK side by side (ui/staff/sync_review.py).
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.i18n import _
from prakerja_desktop.rulebook.package import PackageResult
from prakerja_desktop.sync.ack import AckResult
from prakerja_desktop.sync.export import BundleCancelled, ExportResult, write_file
from prakerja_desktop.sync.room import ImportOutcome, ReturnResult
from ui.operations import plain_error
from ui.staff.common import STAFF_QSS, big_button, heading
from ui.staff.context import StaffContext
from ui.staff.progress import ProgressPanel, StatusLine
from ui.staff.sync_files import FileAsker
from ui.style import follow_display
from ui.widgets.choice import CheckRow

logger = logging.getLogger(__name__)


class TransferPanel(QWidget):
    """Write a bundle for the office, or take in a bundle (office) or the office's return bundle (laptop)."""

    exported = Signal(object)  # ExportResult
    imported = Signal(object)  # ImportOutcome, ReturnResult, AckResult (an old acknowledgement) or PackageResult

    def __init__(self, context: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncTransfer")
        self.context = context
        self.files = FileAsker(self)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        laptop_intro = QLabel(_("Di laptop lapangan: buat bundel berisi data baru dan data yang berubah sejak "
                                "bundel terakhir yang diterima kantor. Bundel diacak dan hanya bisa dibuka "
                                "kantor ini."), self)
        laptop_intro.setWordWrap(True)
        layout.addWidget(laptop_intro)
        self.export_button = big_button(_("Buat bundel untuk kantor…"), "exportBundle", self)
        self.export_button.clicked.connect(self.choose_export)
        layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)
        office_intro = QLabel(_("Di kantor: masukkan bundel dari laptop; kiriman balik untuk laptop (tanda terima, "
                                "keputusan, hasil gelombang, penghapusan, aturan) disimpan di sebelah bundel. "
                                "Di laptop: masukkan kiriman balik dari kantor."), self)
        office_intro.setWordWrap(True)
        layout.addWidget(office_intro)
        self.import_button = big_button(_("Masukkan bundel atau kiriman balik…"), "importBundle", self)
        self.import_button.clicked.connect(self.choose_import)
        layout.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.purge_row = CheckRow(_("Setelah kantor menerima, hapus data pribadi itu dari laptop ini"), self)
        self.purge_row.setObjectName("purgeAfterAck")
        self.purge_row.setEnabled(False)  # until the stored setting is shown
        layout.addWidget(self.purge_row)
        self.progress = ProgressPanel(self, name="syncProgress")
        layout.addWidget(self.progress)
        self.message = StatusLine(self)
        self.message.setObjectName("syncMessage")
        layout.addWidget(self.message)
        layout.addStretch(1)
        sync = context.app.sync
        context.run(sync.purge_after_ack, self._on_purge_loaded, owner=self)

    def _on_purge_loaded(self, value: bool) -> None:
        self.purge_row.setChecked(bool(value))
        self.purge_row.setEnabled(True)
        self.purge_row.toggled.connect(self._on_purge_toggled)

    def _on_purge_toggled(self, value: bool) -> None:
        sync, staff = self.context.app.sync, self.context.staff
        self.context.run(lambda: sync.set_purge_after_ack(value, staff), lambda _r: None, self._on_failed, owner=self)

    def _busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        self.import_button.setEnabled(not busy)

    # --- export ---------------------------------------------------------------------------------

    def choose_export(self) -> None:
        """Ask where the bundle goes."""
        code = self.context.app.device.code
        self.files.save_file(_("Simpan bundel untuk kantor"), f"prakerja-{code}-{date.today():%Y%m%d}.pkjb",
                             self.start_export)

    def start_export(self, path: Path) -> None:
        """Write the bundle on the worker."""
        if self.progress.isVisible():
            return
        self._busy(True)
        self.message.clear_findings()
        panel, sync, staff = self.progress, self.context.app.sync, self.context.staff
        stop = panel.start(_("Sedang membuat bundel…"))
        self.context.run(lambda: sync.export_bundle(path, staff, panel.report, stop.is_set),
                         self._on_exported, self._on_failed, owner=self)

    def _on_exported(self, result: ExportResult) -> None:
        self.progress.finish()
        self._busy(False)
        counts = result.counts
        self.message.show_text(_("✔ Bundel {n} tersimpan di {path}: {records} data, {drafts} draf, {outcomes} hasil "
                                 "gelombang. Bawa ke kantor.").format(
            n=result.sequence, path=result.path, records=counts["records"], drafts=counts["drafts"],
            outcomes=counts["wave_outcomes"]))
        self.exported.emit(result)

    # --- import ---------------------------------------------------------------------------------

    def choose_import(self) -> None:
        """Ask for a bundle or a return bundle (an old acknowledgement or office package still works)."""
        self.files.open_file(_("Pilih bundel (.pkjb) atau kiriman balik dari kantor (.pkja)"),
                             [_("Bundel dan kiriman balik (*.pkjb *.pkja *.pkjo)")], self.start_import)

    def start_import(self, path: Path) -> None:
        """Check and merge on the worker; at the office the return bundle is written next to the bundle."""
        if self.progress.isVisible():
            return
        self._busy(True)
        self.message.clear_findings()
        panel, sync, staff = self.progress, self.context.app.sync, self.context.staff
        stop = panel.start(_("Sedang memeriksa dan memasukkan {name}…").format(name=path.name))

        def work() -> tuple[ImportOutcome | ReturnResult | AckResult | PackageResult, Path | None]:
            outcome = sync.import_file(path, staff, panel.report, stop.is_set)
            if isinstance(outcome, ImportOutcome):
                answer_path = path.with_suffix(".pkja")  # the return bundle (rules and status are inside)
                write_file(answer_path, outcome.ack)
                return outcome, answer_path
            return outcome, None

        self.context.run(work, self._on_imported, self._on_failed, owner=self)

    def _on_imported(self, done: tuple[ImportOutcome | ReturnResult | AckResult | PackageResult, Path | None]) -> None:
        outcome, ack_path = done
        self.progress.finish()
        self._busy(False)
        if isinstance(outcome, PackageResult):
            text = _("Paket kantor ini sudah pernah diterapkan.") if outcome.already else _(
                "✔ Paket kantor diterapkan: aturan dan status pendaftaran kini sama dengan kantor.")
        elif isinstance(outcome, ReturnResult):
            text = _return_text(outcome)
        elif isinstance(outcome, AckResult):
            text = _("Tanda terima ini sudah pernah dicatat.") if outcome.already else _(
                "✔ Bundel {n} sudah diterima kantor. Dihapus dari laptop ini: {records} data, {drafts} draf.").format(
                n=outcome.sequence, records=outcome.purged_records, drafts=outcome.purged_drafts)
        elif outcome.result.already_imported:
            text = _("Bundel ini sudah pernah dimasukkan; tidak ada yang berubah. Kiriman balik untuk laptop: "
                     "{path}").format(path=ack_path)
        else:
            result = outcome.result
            text = _("✔ Bundel {n} dari {device} masuk: {added} data baru, {review} NIK ganda menunggu tinjauan. "
                     "Bawa kiriman balik ke laptop: {path}").format(
                n=result.sequence, device=result.device_code, added=result.added.get("records", 0),
                review=result.review, path=ack_path)
            if result.erased:
                text += " " + _("Dihapus di sini karena sudah dihapus di laptop: {n} data.").format(n=result.erased)
        self.message.show_text(text)
        self.imported.emit(outcome)

    def _on_failed(self, exc: Exception) -> None:
        self.progress.finish()
        self._busy(False)
        if isinstance(exc, BundleCancelled):
            self.message.show_text(_("Dibatalkan; tidak ada yang berubah."), Severity.WARNING)
            return
        self.message.show_text(plain_error(exc, "a bundle"), Severity.ERROR)


def _return_text(outcome: ReturnResult) -> str:
    """What a return bundle did on this laptop, in one message."""
    done = outcome.ack
    if done.already:
        text = _("Kiriman balik ini sudah pernah dimasukkan; tidak ada yang berubah.")
    else:
        text = _("✔ Bundel {n} sudah diterima kantor. Dihapus dari laptop ini: {records} data, {drafts} draf.").format(
            n=done.sequence, records=done.purged_records, drafts=done.purged_drafts)
    news = (outcome.erased, outcome.decisions, outcome.outcomes, outcome.corrections)
    if any(news):
        text += " " + _("Dari kantor: {erased} data dihapus, {decisions} keputusan tinjauan, {outcomes} hasil "
                        "gelombang, {corrections} perbaikan data.").format(
            erased=outcome.erased, decisions=outcome.decisions, outcomes=outcome.outcomes,
            corrections=outcome.corrections)
    if outcome.rules_applied:
        text += " " + _("Aturan dan status pendaftaran kini sama dengan kantor.")
    return text


class SyncScreen(QWidget):
    """The staff screen for outreach laptops and the office."""

    def __init__(self, context: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncScreen")
        follow_display(self, STAFF_QSS)
        from ui.staff.sync_pairing import PairingPanel
        from ui.staff.sync_review import ReviewPanel

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(heading(_("Laptop lapangan dan kantor"), self))
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("syncTabs")
        self.transfer = TransferPanel(context, self.tabs)
        self.pairing = PairingPanel(context, self.tabs)
        self.review = ReviewPanel(context, self.tabs)
        self.tabs.addTab(self.transfer, _("Kirim dan terima"))
        self.tabs.addTab(self.review, _("Tinjauan NIK ganda"))
        self.tabs.addTab(self.pairing, _("Pasangan perangkat"))
        self.tabs.setStyleSheet("QTabBar::tab { min-height: 48px; padding: 4px 18px; font-size: 17px; }")
        self.tabs.setUsesScrollButtons(False)  # arrows are too small to touch: the page scrolls sideways instead
        layout.addWidget(self.tabs, 1)
        self.transfer.imported.connect(lambda _outcome: self.review.reload())
        self.review.count_changed.connect(self._on_review_count)

    def _on_review_count(self, count: int) -> None:
        label = _("Tinjauan NIK ganda ({n})").format(n=count) if count else _("Tinjauan NIK ganda")
        self.tabs.setTabText(self.tabs.indexOf(self.review), label)
