"""About Kartu Prakerja: the benefits and the online steps, from the active rule set."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Draft
from prakerja_desktop.i18n import _, pick
from ui.wizard.page import WizardPage
from ui.wizard.registration_status import show_registration


class AboutPage(WizardPage):
    """Benefits and the registration steps in simple words."""

    step = flow.ABOUT

    def __init__(self, context, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(context, parent)
        rule_set = context.rule_set
        self.add_text(_("Kartu Prakerja adalah program pemerintah untuk pelatihan kerja. Yang Anda dapat:"))
        for benefit in rule_set.benefits:
            self.add_text(f"•  {pick(benefit.as_dict())}", "bullet")
        self.add_text(_("Nanti Anda mendaftar sendiri secara online dengan langkah-langkah ini:"))
        for number, step_text in enumerate(rule_set.registration_steps, start=1):
            self.add_text(f"{number}.  {pick(step_text.as_dict())}", "bullet")
        self.add_text(_("Di sini kita siapkan semuanya dulu, supaya pendaftaran online Anda tidak gagal."))
        self.registration_label = self.add_text("", "registrationStatus")
        self.registration_label.setVisible(False)
        self.layout_.addStretch(1)

    def load(self, draft: Draft) -> None:
        """The registration status as the office declared it (memory only)."""
        show_registration(self.registration_label, self.context)

    def title(self) -> str:
        """The heading."""
        return _("Tentang Kartu Prakerja")
