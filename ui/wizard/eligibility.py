"""Eligibility questions: citizen, in school, excluded position, prior recipient (age comes from the NIK).

One question per screen (issue 14, "one thing per page"): each fits at 1024×768 in large text with its
answer buttons and Next in view; Next shows the next question, and leaves the step after the last one.

An answer that makes someone not eligible is explained at once, in the rule set's own words, but never
blocks Next: the outcome is decided at the end by the eligibility engine, and they may still prepare.
"""

from __future__ import annotations

import textwrap

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QAbstractButton, QGridLayout, QScrollArea, QWidget

from prakerja_desktop.domain import eligibility, flow
from prakerja_desktop.domain.applicant import Applicant, Draft, EligibilityAnswers
from prakerja_desktop.domain.eligibility import Outcome
from prakerja_desktop.domain.findings import Finding, Severity
from prakerja_desktop.domain.rules import NO_POSITION, RuleType
from prakerja_desktop.i18n import _, pick
from ui.widgets.choice import OptionButtons, YesNo
from ui.widgets.feedback import FeedbackLabel
from ui.wizard.page import WizardPage

# Characters per line on an option button: three columns (with the tick, and the narrower padding of
# app.qss for this question) fit in 1024 px in large text, in three rows that fit at 768 px with the question.
_BUTTON_CHARS = 16
_COLUMNS = 3

# Which rule of the rule set judges which question (a rule set without that rule: no feedback).
_RULE_OF_ANSWER: dict[str, RuleType] = {
    "citizen": RuleType.CITIZEN_REQUIRED,
    "in_school": RuleType.NOT_IN_SCHOOL,
    "excluded_position": RuleType.EXCLUDED_POSITION,
    "prior_recipient": RuleType.NOT_PRIOR_RECIPIENT,
}


class EligibilityPage(WizardPage):
    """Four questions, one per screen; each answer is explained right under it when it matters."""

    step = flow.ELIGIBILITY

    def __init__(self, context, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(context, parent)
        self.begin_screen()
        self.add_text(_("Jawab dengan jujur. Program Kartu Prakerja memeriksa jawaban ini dengan data "
                        "pemerintah."))
        self.add_text(_("Umur Anda tidak ditanyakan di sini: umur diperiksa nanti dari NIK dan tanggal "
                        "lahir Anda."))
        self.citizen = self._yes_no("citizen", _("Apakah Anda Warga Negara Indonesia (WNI)?"))
        self.begin_screen()
        self.in_school = self._yes_no("in_school", _("Apakah Anda sedang sekolah, kuliah, atau belajar di madrasah "
                                                          "atau pesantren sekarang?"))
        positions = [(p.code, pick(p.label.as_dict())) for p in context.rule_set.excluded_positions]
        positions.append((NO_POSITION, _("Tidak ada")))
        question = _("Apakah Anda memegang salah satu jabatan ini?")
        self.begin_screen()
        self.position = OptionButtons(positions, question, columns=_COLUMNS, parent=self)
        self.position.setObjectName("excluded_position")
        # A button's text never wraps, so long labels are broken into lines to keep the page narrow.
        for code, label in positions:
            self.position.button(code).setText(textwrap.fill(label, _BUTTON_CHARS))
        grid = self.position.layout()
        assert isinstance(grid, QGridLayout)
        for column in range(_COLUMNS):
            grid.setColumnStretch(column, 1)
        self._add_question(question, self.position, "excluded_position")
        self.begin_screen()
        self.prior = self._yes_no("prior_recipient", _("Apakah Anda pernah menerima Kartu Prakerja (juga jika "
                                                                  "kartunya kemudian dicabut)?"))
        self.end_screens()
        self.layout_.addStretch(1)

    def title(self) -> str:
        """The heading."""
        return _("Pertanyaan syarat")

    @classmethod
    def review_screens(cls, context) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
        """Review's lines are the four questions in this order, one a screen."""
        return (0, 1, 2, 3)

    def load(self, draft: Draft) -> None:
        """Show earlier answers (Back, "Ubah", or a resumed draft)."""
        answers = draft.applicant.eligibility
        self.citizen.set_answer(answers.citizen)
        self.in_school.set_answer(answers.in_school)
        self.position.set_value(answers.excluded_position)
        self.prior.set_answer(answers.prior_recipient)
        self._explain()

    def apply(self, applicant: Applicant) -> None:
        """Write the answers (None where not answered yet)."""
        answers = applicant.eligibility
        answers.citizen = self.citizen.answer()
        answers.in_school = self.in_school.answer()
        answers.excluded_position = self.position.value()
        answers.prior_recipient = self.prior.answer()

    def focus_first(self) -> None:
        """The first answer of the question on screen."""
        shown = (self.citizen, self.in_school, self.position, self.prior)[self.screen]
        shown.findChildren(QAbstractButton)[0].setFocus()

    # --- building ---------------------------------------------------------------------------------

    def _yes_no(self, name: str, question: str) -> YesNo:
        widget = YesNo(question, self)
        widget.setObjectName(name)
        self._add_question(question, widget, name)
        return widget

    def _add_question(self, question: str, widget: OptionButtons, name: str) -> None:
        if self.layout_.count():  # not at the top of its screen
            self.layout_.addSpacing(8)
        self.add_field_label(question, widget)
        self.layout_.addWidget(widget)
        feedback = FeedbackLabel(self, reserve=True)  # an explanation appearing moves less below it
        feedback.setObjectName(f"{name}_feedback")
        self.layout_.addWidget(feedback)
        setattr(self, f"{name}_feedback", feedback)
        widget.changed.connect(self._on_answer_changed)

    # --- feedback ---------------------------------------------------------------------------------

    def _on_answer_changed(self) -> None:
        self._explain()
        self.changed.emit()
        answered = self.sender()
        feedback = getattr(self, f"{answered.objectName()}_feedback", None) if answered else None
        if feedback is not None and feedback.text():
            reveal_later(self, feedback)

    def _explain(self) -> None:
        """Run the rules engine on the answers alone (pure, no database) and explain each answer."""
        trial = Applicant(eligibility=EligibilityAnswers())
        self.apply(trial)
        result = eligibility.evaluate(self.context.rule_set, trial, today=self.context.today())
        types = {rule.id: rule.type for rule in self.context.rule_set.rules}
        for name, rule_type in _RULE_OF_ANSWER.items():
            feedback: FeedbackLabel = getattr(self, f"{name}_feedback")
            reasons = [r for r in result.reasons if types[r.rule_id] is rule_type]
            feedback.show_findings([f for r in reasons for f in _findings_of(r)])


def reveal_later(page: QWidget, widget: QWidget) -> None:
    """Once the layout has grown, scroll the page so a just-shown explanation is in view."""

    def reveal() -> None:
        # A line that kept its room grows in place (no show event): let the page and its scroll area take
        # the new size before scrolling to it.
        for _level in range(3):  # page, question screen, its line: each level's relayout asks the one above
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        parent = widget.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(widget, 0, 24)

    QTimer.singleShot(0, page, reveal)


def _findings_of(reason: eligibility.Reason) -> list[Finding]:
    """What to say under a question: the problem and its fix, or a note worth knowing."""
    if reason.case == "unanswered":
        return []
    if reason.outcome is Outcome.ELIGIBLE:
        return [Finding(Severity.INFO, f"{reason.code}.note", reason.note)] if reason.note else []
    message = " ".join(part for part in (reason.text, reason.fix) if part)
    message += " " + _("Anda tetap boleh melanjutkan untuk menyiapkan data. Hasilnya ditunjukkan di akhir.")
    return [Finding(Severity.WARNING, reason.code, message)]
