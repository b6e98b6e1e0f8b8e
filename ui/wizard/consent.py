"""Consent (UU PDP): per purpose, what is kept and for how long; nothing personal is stored without it."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

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
        self.layout_.addStretch(1)
        # The question and its answers stay in view under the text (pinned by the host): in large text
        # at 1024×768 the text alone is taller than the screen, and "Setuju" must never be below the fold.
        self.pinned = QFrame(self)
        self.pinned.setObjectName("pinnedAnswers")
        self.pinned.setFrameShape(QFrame.Shape.NoFrame)
        answers = QVBoxLayout(self.pinned)
        answers.setContentsMargins(0, 4, 0, 0)
        answers.setSpacing(8)
        line = QFrame(self.pinned)
        line.setFrameShape(QFrame.Shape.HLine)  # where the scrolling text ends
        answers.addWidget(line)
        self.choice = OptionButtons(
            (("agree", _("Setuju")), ("decline", _("Tidak setuju"))), self.text.store_record, parent=self.pinned)
        self.choice.setObjectName("consentChoice")
        question = QLabel(self.text.store_record, self.pinned)
        question.setProperty("class", "fieldLabel")
        question.setWordWrap(True)
        question.setBuddy(self.choice)
        answers.addWidget(question)
        answers.addWidget(self.choice)
        self.follow_up = CheckRow(self.text.follow_up_contact, self.pinned)
        self.follow_up.setObjectName("followUpConsent")
        answers.addWidget(self.follow_up)
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
