"""One person: every field grouped, NIK/KK masked until "Lihat NIK lengkap" (audited), "Ubah" with a
reason, "Riwayat perubahan", outcomes per wave, reprint, a copy for the person, and erasure (admin)."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from prakerja_desktop import clock
from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.i18n import _, ngettext
from prakerja_desktop.staff.views import RecordDetail
from ui.operations import plain_error
from ui.staff.common import big_button, heading
from ui.staff.context import StaffContext
from ui.staff.progress import StatusLine
from ui.staff.record_actions import EraseDialog, FamilyDialog, SaveFileChooser, with_suffix
from ui.staff.record_edit import RecordEditForm
from ui.staff.record_outcomes import OutcomePanel
from ui.staff.record_sections import DetailSections

logger = logging.getLogger(__name__)


def grouped(digits: str | None) -> str:
    """"3508 2017 0500 0001"."""
    return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4)) if digits else "-"


def shown_rect(widget: QWidget) -> QRect:
    """The part of a widget inside every widget around it and the window, in its own coordinates."""
    window = widget.window()
    origin = widget.mapTo(window, QPoint(0, 0))
    rect = QRect(origin, widget.size())
    parent = widget.parentWidget()
    while parent is not None:
        rect = rect.intersected(QRect(parent.mapTo(window, QPoint(0, 0)) if parent is not window else QPoint(0, 0),
                                      parent.size()))
        parent = parent.parentWidget()
    return rect.translated(-origin)


class RecordView(QWidget):
    """Everything about one person, and what staff can do with it."""

    closed = Signal()
    open_other = Signal(object)  # uuid.UUID of another record (from the KK list)
    loaded = Signal()
    erased = Signal()

    def __init__(self, context: StaffContext, record_uuid: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordView")
        self.context = context
        self.record_uuid = record_uuid
        self.detail: RecordDetail | None = None
        self.revealed: tuple[str, str | None] | None = None
        self.changed = False  # the list must be read again
        self._keep_at_outcome: int | None = None  # page position to keep after saving a wave outcome
        self.edit_form: RecordEditForm | None = None
        self.preview = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        top = QHBoxLayout()
        self.back_button = big_button(_("‹ Kembali ke daftar"), "backToList", self)
        self.back_button.clicked.connect(self.closed.emit)
        self.title = heading(_("Memuat…"), self)
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        layout.addLayout(top)
        actions = QGridLayout()
        self.edit_button = big_button(_("Ubah"), "editRecord", self)
        self.reprint_button = big_button(_("Cetak ulang tanda terima"), "reprintReceipt", self)
        self.copy_button = big_button(_("Salin data orang ini"), "copyPerson", self)
        self.erase_button = big_button(_("Hapus data orang ini"), "erasePerson", self)
        self.erase_button.setVisible(context.is_admin)
        for n, (button, slot) in enumerate(((self.edit_button, self.start_edit),
                                            (self.reprint_button, self.reprint),
                                            (self.copy_button, self.copy_person),
                                            (self.erase_button, self.ask_erase))):
            button.clicked.connect(slot)
            button.setEnabled(False)
            actions.addWidget(button, n // 2, n % 2)
        actions.setColumnStretch(2, 1)
        layout.addLayout(actions)
        self.status = StatusLine(self)
        self.status.setObjectName("recordStatus")
        layout.addWidget(self.status)
        self.kk_banner = QFrame(self)
        self.kk_banner.setObjectName("banner")
        banner = QHBoxLayout(self.kk_banner)
        self.kk_label = QLabel(self.kk_banner)
        self.kk_label.setWordWrap(True)
        self.kk_button = big_button(_("Lihat orang dengan KK ini"), "showFamily", self.kk_banner)
        self.kk_button.clicked.connect(self.show_family)
        banner.addWidget(self.kk_label, 1)
        banner.addWidget(self.kk_button)
        self.kk_banner.setVisible(False)
        layout.addWidget(self.kk_banner)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self.scroll)
        self.body_layout = QVBoxLayout(body)
        self.sections = DetailSections(body)
        self.sections.reveal_requested.connect(self.reveal_nik)
        self.outcomes = OutcomePanel(context, record_uuid, body)
        self.outcomes.saved.connect(self._on_outcome_saved)
        self.history_box = QVBoxLayout()
        for widget in (self.sections, self.outcomes, heading(_("Riwayat perubahan"), body, "sectionHeading")):
            self.body_layout.addWidget(widget)
        self.body_layout.addLayout(self.history_box)
        self.body_layout.addStretch(1)
        self.scroll.setWidget(body)
        layout.addWidget(self.scroll, 1)
        self.load()

    # --- loading --------------------------------------------------------------------------------

    def load(self) -> None:
        """Read the person again on the worker."""
        context, record_uuid = self.context, self.record_uuid
        context.run(lambda: context.app.staff.record_detail(record_uuid), self._on_loaded,
                    self._on_load_failed, owner=self)

    def _on_loaded(self, detail: RecordDetail) -> None:
        self.detail = detail
        name = detail["full_name"] or "-"
        self.title.setText(name)
        self.title.setAccessibleName(name)
        self.sections.show_detail(detail)
        if self.revealed:
            self._show_revealed()
        self.outcomes.show_outcomes(detail.outcomes)
        self._show_history(detail)
        if self._keep_at_outcome is not None:
            QTimer.singleShot(0, self._back_to_outcome)  # once the rebuilt sections have their sizes
        if detail.kk_others:
            text = ngettext("⚠ Nomor KK ini juga tercatat untuk {n} orang lain di sini. Paling banyak 2 orang per "
                            "Kartu Keluarga bisa menerima Kartu Prakerja.",
                            "⚠ Nomor KK ini juga tercatat untuk {n} orang lain di sini. Paling banyak 2 orang per "
                            "Kartu Keluarga bisa menerima Kartu Prakerja.", detail.kk_others).format(n=detail.kk_others)
            self.kk_label.setText(text)
            self.kk_label.setAccessibleName(text)
        self.kk_banner.setVisible(bool(detail.kk_others))
        for button in (self.edit_button, self.reprint_button, self.copy_button, self.erase_button):
            button.setEnabled(True)
        self.loaded.emit()

    def _on_load_failed(self, exc: Exception) -> None:
        self.title.setText(_("Data tidak bisa dibuka"))
        self.status.show_text(plain_error(exc, "opening a record"), Severity.ERROR)

    def _show_history(self, detail: RecordDetail) -> None:
        while self.history_box.count():
            item = self.history_box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        lines = [_("{at}: {by} mengubah {field} dari \"{old}\" menjadi \"{new}\". Alasan: {reason}").format(
            at=clock.shown(c.at, detail.zone), by=c.by, field=c.label, old=c.old, new=c.new, reason=c.reason)
            for c in reversed(detail.history)] or [_("Belum pernah diubah.")]
        for n, text in enumerate(lines):
            label = QLabel(text, self)
            label.setObjectName(f"history_{n}")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAccessibleName(text)
            self.history_box.addWidget(label)

    def history_texts(self) -> list[str]:
        """What "Riwayat perubahan" says, newest first."""
        return [self.history_box.itemAt(i).widget().text() for i in range(self.history_box.count())]

    # --- NIK ------------------------------------------------------------------------------------

    def reveal_nik(self) -> None:
        """Show the full NIK and KK (written to the audit log)."""
        context, record_uuid = self.context, self.record_uuid
        context.run(lambda: context.app.staff.reveal_nik(record_uuid, context.staff),
                    self._on_revealed, lambda exc: self.status.show_text(plain_error(exc, "showing a NIK"),
                                                                         Severity.ERROR), owner=self)

    def _on_revealed(self, numbers: tuple[str, str | None]) -> None:
        self.revealed = numbers
        self._show_revealed()

    def _show_revealed(self) -> None:
        nik, kk = self.revealed or ("", None)
        self.sections.set_value("nik", grouped(nik))
        if kk:
            self.sections.set_value("kk_number", grouped(kk))
        if self.sections.reveal_button is not None:
            self.sections.reveal_button.setEnabled(False)
            self.sections.reveal_button.setText(_("NIK lengkap ditampilkan"))

    # --- edit -----------------------------------------------------------------------------------

    def start_edit(self) -> None:
        """Switch the fields to "Ubah" mode."""
        if self.detail is None or self.edit_form is not None:
            return
        body = self.sections.parentWidget()
        self.edit_form = RecordEditForm(self.context, self.detail, self.revealed, body)
        self.edit_form.saved.connect(self._on_edited)
        self.edit_form.cancelled.connect(self.stop_edit)
        self.body_layout.insertWidget(0, self.edit_form)
        self.sections.setVisible(False)
        self.edit_button.setEnabled(False)
        self.scroll.verticalScrollBar().setValue(0)
        self.edit_form.edits["full_name"].setFocus()

    def stop_edit(self) -> None:
        """Back to reading."""
        if self.edit_form is not None:
            self.edit_form.setVisible(False)
            self.body_layout.removeWidget(self.edit_form)
            self.edit_form.deleteLater()
            self.edit_form = None
        self.sections.setVisible(True)
        self.edit_button.setEnabled(True)

    def _on_edited(self, fields: list[str]) -> None:
        self.stop_edit()
        self.changed = True
        if {"nik", "kk_number"} & set(fields):
            self.revealed = None  # the old full numbers are no longer right
        self.status.show_text(_("✔ Perubahan tersimpan.") if fields else _("Tidak ada yang berubah."))
        self.load()

    def _on_outcome_saved(self, _wave: int) -> None:
        self.changed = True
        # The reload rebuilds the sections above: keep the page where it is, the confirmation is here.
        self._keep_at_outcome = self.scroll.verticalScrollBar().value()
        self.load()

    def _back_to_outcome(self, final: bool = False) -> None:
        """After a reload, show the outcome form's confirmation where the person was looking (again a
        moment later: the rebuilt lists above may still grow once their texts are laid out)."""
        position = self._keep_at_outcome
        if position is None:
            return
        body = self.scroll.widget()
        if body.layout() is not None:
            body.layout().activate()  # the rebuilt sections get their sizes before we measure
        bar, message = self.scroll.verticalScrollBar(), self.outcomes.message
        if not final:
            bar.setValue(position)
        self.scroll.horizontalScrollBar().setValue(0)  # the labels' left edge in view (a click may slide it)
        top = message.mapTo(body, QPoint(0, 0)).y()
        # The part of the page really on screen: the staff area's own scrolling may cut the bottom off.
        room = shown_rect(self.scroll.viewport()).height()
        bottom = top + message.height() + 24
        if bottom > bar.value() + room:  # only up and down: the page never slides sideways
            bar.setValue(bottom - room)
        elif top < bar.value():
            bar.setValue(max(0, top - 24))
        if final:
            self._keep_at_outcome = None
        else:
            # With self as the context the timer dies with the view (an erased record closes it at once).
            QTimer.singleShot(150, self, lambda: self._back_to_outcome(final=True))

    # --- receipt, copy, erase, family -----------------------------------------------------------

    def reprint(self) -> None:
        """Make the receipt again (marked as a reprint) and preview it."""
        from ui.receipts.documents import receipt_document

        if self.detail is None:
            return
        context, record_uuid, number = self.context, self.record_uuid, self.detail["receipt_number"]
        self.status.show_text(_("Sedang membuat tanda terima…"))
        context.run(lambda: receipt_document(context.app, record_uuid, number, reprint=True),
                    self._on_receipt, lambda exc: self.status.show_text(plain_error(exc, "reprinting"),
                                                                        Severity.ERROR), owner=self)

    def _on_receipt(self, document: object) -> None:
        from ui.receipts.preview import ReceiptPreview

        self.status.clear_findings()
        self.preview = ReceiptPreview(document, self.context, parent=self)  # type: ignore[arg-type]
        self.preview.open()

    def copy_person(self) -> None:
        """Ask where to save the person's copy (PDF or JSON)."""
        if self.detail is None:
            return
        suggested = f"data-{self.detail['receipt_number']}.pdf"
        SaveFileChooser.ask(self, _("Simpan salinan data orang ini"), suggested,
                            [_("PDF (*.pdf)"), _("JSON (*.json)")], self.save_copy_to)

    def save_copy_to(self, path: Path, chosen_filter: str = "") -> None:
        """Write the copy on the worker (the export is audited)."""
        target, _fmt = with_suffix(path, chosen_filter, ("pdf", "json"))
        context, record_uuid = self.context, self.record_uuid

        def write() -> Path:
            return context.app.staff.export_person_copy(record_uuid, context.staff, target)

        context.run(write,
                    lambda done: self.status.show_text(_("✔ Salinan tersimpan: {path}").format(path=done)),
                    lambda exc: self.status.show_text(plain_error(exc, "saving a copy"), Severity.ERROR),
                    owner=self)

    def ask_erase(self) -> None:
        """Admin only: confirm by typing HAPUS."""
        if self.detail is None or not self.context.is_admin:
            return
        dialog = EraseDialog(self.detail["full_name"], self.detail["receipt_number"], self)
        dialog.confirmed.connect(self.erase)
        self.erase_dialog = dialog
        dialog.open()

    def erase(self) -> None:
        """Erase the person on the worker, then go back to the list."""
        context, record_uuid = self.context, self.record_uuid
        context.run(lambda: context.records.erase(record_uuid, context.staff), self._on_erased,
                    lambda exc: self.status.show_text(plain_error(exc, "erasing"), Severity.ERROR),
                    owner=self)

    def _on_erased(self, _done: bool) -> None:
        self.changed = True
        self.erased.emit()
        self.closed.emit()

    def show_family(self) -> None:
        """List everyone with this KK number."""
        context, record_uuid = self.context, self.record_uuid
        context.run(lambda: context.app.staff.family_of(record_uuid), self._on_family,
                    lambda exc: self.status.show_text(plain_error(exc, "listing a family"), Severity.ERROR),
                    owner=self)

    def _on_family(self, people: list) -> None:
        dialog = FamilyDialog(people, self)
        dialog.chosen.connect(self.open_other.emit)
        self.family_dialog = dialog
        dialog.open()
