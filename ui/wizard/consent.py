"""Consent (UU PDP): per purpose, what is kept and for how long; nothing personal is stored without it."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from prakerja_desktop.clock import utcnow
from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Applicant, Draft
from prakerja_desktop.domain.consent_text import load_consent_text
from prakerja_desktop.i18n import _
from ui.widgets.choice import CheckRow, OptionButtons
from ui.wizard.page import WizardPage


class ConsentPage(WizardPage):
    """Agree or not, per purpose."""

    step = flow.CONSENT

    def __init__(self, context, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(context, parent)
        self.text = load_consent_text()
        self.add_text(self.text.intro)
        self.add_text(self.text.kept)
        self.add_text(self.text.how_long)
        self.choice = OptionButtons(
            (("agree", _("Setuju")), ("decline", _("Tidak setuju"))), self.text.store_record, parent=self)
        self.choice.setObjectName("consentChoice")
        self.add_field_label(self.text.store_record, self.choice)
        self.layout_.addWidget(self.choice)
        self.follow_up = CheckRow(self.text.follow_up_contact, self)
        self.follow_up.setObjectName("followUpConsent")
        self.layout_.addWidget(self.follow_up)
        self.layout_.addStretch(1)
        self.choice.changed.connect(self._on_choice_changed)
        self.follow_up.toggled.connect(lambda _checked: self.changed.emit())
        self.targets.update({"choice": self.choice, "follow_up_without_record": self.follow_up})

    def title(self) -> str:
        """The heading."""
        return _("Persetujuan penyimpanan data")

    def load(self, draft: Draft) -> None:
        """Show an earlier choice (when they come back to change it)."""
        consent = draft.applicant.consent
        if consent.text_version is None:
            self.choice.set_value(None)
        else:
            self.choice.set_value("agree" if consent.store_record else "decline")
        self.follow_up.setChecked(consent.follow_up_contact)
        self._on_choice_changed()

    def apply(self, applicant: Applicant) -> None:
        """Record the explicit choice and the text version agreed to (proof of consent)."""
        value = self.choice.value()
        if value is None:
            return
        flow.choose_consent(applicant, store_record=value == "agree",
                            follow_up_contact=self.follow_up.isChecked(), text_version=self.text.version,
                            now=utcnow())

    def _on_choice_changed(self) -> None:
        agreed = self.choice.value() == "agree"
        self.follow_up.setEnabled(agreed)
        if not agreed:
            self.follow_up.setChecked(False)
        self.changed.emit()
