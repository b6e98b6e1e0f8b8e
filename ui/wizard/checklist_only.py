"""Checklist only (consent declined): nothing personal is stored; a blank list of what to prepare."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from prakerja_desktop.domain import flow
from prakerja_desktop.i18n import _
from ui.style import follow_display
from ui.wizard.done import PAGE_STYLE, ChecklistView, add_heading, add_print_row, add_steps
from ui.wizard.page import WizardPage

if TYPE_CHECKING:
    from ui.receipts.documents import PrintableDocument


class ChecklistOnlyPage(WizardPage):
    """What anyone needs for the online registration, and the steps; no answers are asked or kept."""

    step = flow.CHECKLIST_ONLY

    def __init__(self, context, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(context, parent)
        follow_display(self, PAGE_STYLE, base=False)
        self.add_text(_("Anda tidak setuju data disimpan, jadi tidak ada data pribadi Anda yang disimpan di "
                        "sini. Anda tetap bisa mendaftar sendiri secara online."))
        # Nothing personal: the blank list of what anyone needs, rendered by the core.
        self.print_row = add_print_row(self, _("Cetak daftar persiapan"), self._checklist_job,
                                       _("Catat atau foto daftar ini dengan HP Anda."))
        self.print_button = self.print_row.button
        add_heading(self, _("Yang perlu disiapkan"))
        self.checklist = ChecklistView(self)
        self.checklist.show_items(list(context.rule_set.readiness_items))
        self.layout_.addWidget(self.checklist)
        add_steps(self, context.rule_set)
        self.layout_.addStretch(1)

    def title(self) -> str:
        """The heading."""
        return _("Daftar persiapan")

    def next_text(self) -> str | None:
        """Next ends the session here."""
        return _("Selesai")

    def _checklist_job(self) -> Callable[[], PrintableDocument]:
        """The worker's job for the print button: render the blank checklist."""
        from ui.receipts.documents import checklist_document

        context = self.context
        return lambda: checklist_document(context.app)
