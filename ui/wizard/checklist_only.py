"""Checklist only (consent declined): nothing personal is stored; a blank list of what to prepare."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from prakerja_desktop.domain import flow
from prakerja_desktop.i18n import _
from ui.wizard.done import PAGE_STYLE, ChecklistView, add_heading, add_print_row, add_steps
from ui.wizard.page import WizardPage


class ChecklistOnlyPage(WizardPage):
    """What anyone needs for the online registration, and the steps; no answers are asked or kept."""

    step = flow.CHECKLIST_ONLY

    def __init__(self, context, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(context, parent)
        self.setStyleSheet(PAGE_STYLE)
        self.add_text(_("Anda tidak setuju data disimpan, jadi tidak ada data pribadi Anda yang disimpan di "
                        "sini. Anda tetap bisa mendaftar sendiri secara online."))
        # No receipt number exists here, so the note asks them to write the list down instead.
        self.print_button = add_print_row(
            self, _("Pencetakan tersedia di versi berikutnya; catat atau foto daftar ini dengan HP Anda."))
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
