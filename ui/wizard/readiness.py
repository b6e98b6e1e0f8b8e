"""Readiness checklist: one yes/no per thing the online registration needs; "Tidak" says what to do.

One item per screen (issue 14, "one thing per page"), the introduction with the first, so each screen fits
at 1024×768 in large text with its answer buttons, its "what to do" lines and Next in view; Next shows the
next screen, and leaves the step after the last one.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Applicant, Draft
from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.domain.rules import ReadinessItem
from prakerja_desktop.i18n import _, pick
from ui.widgets.choice import YesNo
from ui.widgets.feedback import FeedbackLabel
from ui.wizard.eligibility import reveal_later
from ui.wizard.page import WizardPage

# Asked so they can check it before going online; the answer is never the name itself.
MOTHER_NAME_FIELD = "knows_mother_maiden_name"
# Items shown with the item before them: the SIM question (mostly answered on the contact page already)
# fits with the camera question, "what to do" lines included, in large text at 1024×768; no other pair does.
SHARES_THE_SCREEN_BEFORE = frozenset({"sim_in_hand"})


class ReadinessPage(WizardPage):
    """Each item of the rule set's checklist, answered yes or no ("no" is fine: we say what to do)."""

    step = flow.READINESS

    def __init__(self, context, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(context, parent)
        self.begin_screen()
        self.add_text(_("Untuk mendaftar online nanti, Anda perlu hal-hal di bawah ini. Jawab \"Ya\" jika "
                        "sudah siap. Menjawab \"Tidak\" juga boleh: kami beri tahu apa yang perlu "
                        "disiapkan."))
        self.items: tuple[ReadinessItem, ...] = context.rule_set.readiness_items
        self.answers: dict[str, YesNo] = {}
        self.feedback: dict[str, FeedbackLabel] = {}
        for number, item in enumerate(self.items):
            if number and item.field not in SHARES_THE_SCREEN_BEFORE:
                self.begin_screen()
            self._add_item(item)
        self.end_screens()
        self.layout_.addStretch(1)

    def title(self) -> str:
        """The heading."""
        return _("Yang perlu disiapkan")

    @classmethod
    def review_screens(cls, context) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
        """Review's lines are the rule set's items in order; the screen each is shown on."""
        screens, screen = [], 0
        for number, item in enumerate(context.rule_set.readiness_items):
            if number and item.field not in SHARES_THE_SCREEN_BEFORE:
                screen += 1
            screens.append(screen)
        return tuple(screens)

    def load(self, draft: Draft) -> None:
        """Show the answers so far (the contact page already answers the SIM and email items)."""
        readiness = draft.applicant.readiness
        for item in self.items:
            self.answers[item.field].set_answer(getattr(readiness, item.field))
            self._explain(item)

    def apply(self, applicant: Applicant) -> None:
        """Write every answer (None where not answered yet)."""
        for item in self.items:
            setattr(applicant.readiness, item.field, self.answers[item.field].answer())

    def focus_first(self) -> None:
        """The first unanswered item on screen, else its first."""
        shown = [w for w in self.answers.values() if self.screen_of(w) == self.screen]
        unanswered = [w for w in shown if w.answer() is None]
        widget = (unanswered or shown)[0]
        widget.button("yes").setFocus()

    def _add_item(self, item: ReadinessItem) -> None:
        label = pick(item.label.as_dict())
        widget = YesNo(label, self)
        widget.setObjectName(item.field)
        if self.layout_.count():  # not at the top of its screen
            self.layout_.addSpacing(8)
        self.add_field_label(label, widget)
        if item.field == MOTHER_NAME_FIELD:
            self.add_text(_("Kami tidak menyimpan nama ibu; ini hanya pengingat."), "fieldNote")
        self.layout_.addWidget(widget)
        feedback = FeedbackLabel(self, reserve=True)  # a "what to do" appearing moves less below it
        feedback.setObjectName(f"{item.field}_feedback")
        self.layout_.addWidget(feedback)
        self.answers[item.field] = widget
        self.feedback[item.field] = feedback
        widget.changed.connect(lambda item=item: self._on_answer_changed(item))

    def _on_answer_changed(self, item: ReadinessItem) -> None:
        self._explain(item)
        self.changed.emit()
        if self.feedback[item.field].text():
            reveal_later(self, self.feedback[item.field])

    def _explain(self, item: ReadinessItem) -> None:
        """Under a "Tidak": what to do to get it ready."""
        if self.answers[item.field].answer() is False:
            self.feedback[item.field].show_text(pick(item.missing.as_dict()), Severity.WARNING)
        else:
            self.feedback[item.field].clear_findings()
