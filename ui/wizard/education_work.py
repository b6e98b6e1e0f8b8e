"""Education and work: last education, work status now, and training interests (lists in resources/)."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Applicant, Draft
from prakerja_desktop.domain.options import load_options
from prakerja_desktop.i18n import _
from ui.widgets.choice import CheckRow, OptionButtons
from ui.wizard.page import WizardPage


class EducationWorkPage(WizardPage):
    """Two single choices as big buttons and a few optional interests to tick."""

    step = flow.EDUCATION_WORK

    def __init__(self, context, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(context, parent)
        options = load_options()
        self.education_choice = self._choice(options.education.pairs(), _("Pendidikan terakhir Anda"),
                                             "educationChoice")
        self.layout_.addSpacing(8)
        self.employment_choice = self._choice(options.employment.pairs(), _("Pekerjaan Anda sekarang"),
                                              "employmentChoice")
        self.layout_.addSpacing(8)
        question = _("Pelatihan apa yang Anda minati? Boleh pilih lebih dari satu, boleh juga tidak memilih.")
        self.add_text(question, "interestsQuestion").setProperty("class", "fieldLabel")
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        self.interest_rows: dict[str, CheckRow] = {}
        for index, (code, label) in enumerate(options.training_interests.pairs()):
            row = CheckRow(label, self)
            row.setObjectName(f"interest_{code}")
            row.toggled.connect(lambda _checked: self.changed.emit())
            grid.addWidget(row, index // 2, index % 2)
            self.interest_rows[code] = row
        self.layout_.addLayout(grid)
        self.layout_.addStretch(1)
        self.targets.update({"education": self.education_choice, "employment": self.employment_choice})

    def _choice(self, pairs: list[tuple[str, str]], label: str, name: str) -> OptionButtons:
        choice = OptionButtons(pairs, label, columns=2, parent=self)
        choice.setObjectName(name)
        self.add_field_label(label, choice)
        self.layout_.addWidget(choice)
        choice.changed.connect(self.changed.emit)
        return choice

    def title(self) -> str:
        """The heading."""
        return _("Pendidikan dan pekerjaan")

    def load(self, draft: Draft) -> None:
        """Show earlier answers (codes no longer on the lists are simply not shown as chosen)."""
        applicant = draft.applicant
        self.education_choice.set_value(applicant.education)
        self.employment_choice.set_value(applicant.employment)
        chosen = set(applicant.training_interests)
        for code, row in self.interest_rows.items():
            row.setChecked(code in chosen)

    def apply(self, applicant: Applicant) -> None:
        """Store the codes of the answers, interests in the order of the list."""
        applicant.education = self.education_choice.value()
        applicant.employment = self.employment_choice.value()
        applicant.training_interests = [code for code, row in self.interest_rows.items() if row.isChecked()]
