"""Review: every answer on one screen, grouped by step with an "Ubah" button each, and the live pre-check.

The NIK and KK number are shown in full here (it is the applicant's own review and they must check them
digit by digit), grouped in fours for reading. Printouts mask them; this screen does not.
"""

from __future__ import annotations

import copy
import logging
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from prakerja_desktop.domain import flow, review_lines
from prakerja_desktop.domain.applicant import Applicant, Draft
from prakerja_desktop.domain.eligibility import EligibilityResult
from prakerja_desktop.domain.findings import Finding
from prakerja_desktop.domain.nik import parse_nik
from prakerja_desktop.i18n import _
from ui.style import follow_display
from ui.widgets.feedback import FeedbackLabel
from ui.wizard.done import PAGE_STYLE, OutcomeView, add_heading, plain_label
from ui.wizard.page import WizardPage
from ui.wizard.pages import page_class

logger = logging.getLogger(__name__)


class ReviewPage(WizardPage):
    """Everything at a glance before it is stored."""

    prechecked = Signal()  # the pre-check is on screen (the host lays Done out with it meanwhile)

    step = flow.REVIEW

    def __init__(self, context, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(context, parent)
        follow_display(self, PAGE_STYLE, base=False)
        self.add_text(_("Periksa sekali lagi semua isian Anda. Jika ada yang salah, tekan \"Ubah\". "
                        "NIK dan nomor KK harus sama persis dengan KTP dan KK: cocokkan angka demi angka."))
        self.missing = FeedbackLabel(self)
        self.missing.setObjectName("reviewMissing")
        self.layout_.addWidget(self.missing)
        add_heading(self, _("Hasil pemeriksaan awal"))
        self.outcome = OutcomeView(self, with_notes=False, with_warnings=False)  # notes: on Done
        self.layout_.addWidget(self.outcome)
        self.bodies: dict[str, QWidget] = {}  # a section's lines (accessible name: all of them)
        self.edit_buttons: dict[str, QPushButton] = {}
        # Steps of several question screens: each line's own label and "Ubah", which opens its screen.
        self.line_labels: dict[str, list[QLabel]] = {}
        self.line_buttons: dict[str, list[QPushButton]] = {}
        self.section_warnings: dict[str, FeedbackLabel] = {}
        for step in flow.REVIEW_STEPS:  # the sections and their lines come from the step table
            entry = flow.step_entry(step)
            self._add_section(step, entry.heading() if entry.heading else step, editable=entry.editable)
        self.layout_.addStretch(1)
        self._precheck_serial = 0
        # The last pre-check shown (result, warnings by step): Done is laid out with it while the record
        # is stored (the stored result replaces it there if it differs).
        self.checked: tuple[EligibilityResult, dict[str, list[Finding]]] | None = None

    def title(self) -> str:
        """The heading."""
        return _("Periksa data Anda")

    def next_text(self) -> str | None:
        """Next stores the record here."""
        return _("Simpan dan selesai ›")

    def load(self, draft: Draft) -> None:
        """Fill every section from the draft and start the pre-check on the worker."""
        applicant = draft.applicant
        for step in flow.REVIEW_STEPS:
            pairs = review_lines.lines(flow.step_entry(step).review, applicant, self.context.rule_set)
            # Values in bold: they are what the person checks. Escaped: names are typed by people.
            lines = [f"<p style='margin:0; line-height:135%'>{escape(label)}: <b>{escape(value)}</b></p>"
                     for label, value in pairs]
            body = self.bodies[step]
            if isinstance(body, QLabel):
                body.setText("".join(lines))
            shown = zip(self.line_labels.get(step, []), self.line_buttons.get(step, []), lines, pairs, strict=False)
            for line_label, button, line, (label, value) in shown:
                line_label.setText(line)
                line_label.setAccessibleName(f"{label}: {value}")
                button.setAccessibleName(_("Ubah {section}").format(section=label))
            body.setAccessibleName("\n".join(f"{label}: {value}" for label, value in pairs))
        blocking = [*flow.can_leave(flow.REVIEW, applicant).errors, *self.problems(applicant)]
        self.missing.show_findings(blocking)
        self._start_precheck(draft)

    def problems(self, applicant: Applicant) -> list[Finding]:
        """A NIK that cannot be right blocks storing (submit would refuse it anyway)."""
        if not applicant.nik:
            return []  # "not filled in" is the flow's message
        checked = parse_nik(applicant.nik, stated_birth_date=applicant.birth_date, today=self.context.today())
        return list(checked.errors)

    def _add_section(self, step: str, heading: str, *, editable: bool) -> None:
        screens = page_class(step).review_screens(self.context) if editable else None
        row = QHBoxLayout()
        row.setSpacing(24)
        label = plain_label(self, heading, "sectionHeading")
        label.setWordWrap(False)  # a short heading; wrapping would squeeze it beside its button
        row.addWidget(label)
        if editable and not screens:  # the button sits right beside its heading: on a wide screen near the text
            button = QPushButton(_("Ubah"), self)
            button.setObjectName(f"edit_{step}")
            button.setAccessibleName(_("Ubah {section}").format(section=heading))
            button.clicked.connect(lambda _checked=False, step=step: self.jump_requested.emit(step))
            row.addWidget(button)
            self.edit_buttons[step] = button
        row.addStretch(1)
        self.layout_.addSpacing(10)
        self.layout_.addLayout(row)
        body: QWidget = self._lines_with_ubah(step, screens) if screens else QLabel(self)
        body.setObjectName(f"section_{step}")
        if isinstance(body, QLabel):
            body.setWordWrap(True)
            body.setTextFormat(Qt.TextFormat.RichText)
        self.layout_.addWidget(body)
        self.bodies[step] = body
        warned = FeedbackLabel(self)  # what this step warned about, again (filled in by the pre-check)
        warned.setObjectName(f"warnings_{step}")
        self.layout_.addWidget(warned)
        self.section_warnings[step] = warned

    def _lines_with_ubah(self, step: str, screens: tuple[int, ...]) -> QWidget:
        """A section whose lines are on different question screens: each line with an "Ubah" of its own
        that opens its screen (the heading's "Ubah" opens the first)."""
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        labels, buttons = [], []
        for number, screen in enumerate(screens):
            row = QHBoxLayout()
            row.setSpacing(16)
            # The button first, right beside its line (at the far end of a wide screen it would be far
            # from the text), in the same place on every line.
            button = QPushButton(_("Ubah"), body)
            button.setObjectName(f"edit_{step}_{number + 1}")
            button.clicked.connect(lambda _checked=False, screen=screen: self.screen_jump_requested.emit(step, screen))
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
            label = QLabel(body)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            row.addWidget(label, 1)
            column.addLayout(row)
            labels.append(label)
            buttons.append(button)
        self.line_labels[step], self.line_buttons[step] = labels, buttons
        return body

    def _start_precheck(self, draft: Draft) -> None:
        self._precheck_serial += 1
        serial = self._precheck_serial
        self.checked = None
        context, snapshot, today = self.context, copy.deepcopy(draft), self.context.today()
        self.outcome.show_message(_("Sedang memeriksa syarat…"))
        self.context.run(lambda: (context.app.records.precheck(snapshot, today),
                                  context.app.records.warnings(snapshot, today)),
                         lambda result: self._on_precheck_done(serial, result),
                         lambda exc: self._on_precheck_failed(serial, exc), owner=self)

    def _on_precheck_done(self, serial: int, checked: tuple[EligibilityResult, dict[str, list[Finding]]]) -> None:
        if serial != self._precheck_serial:  # an older check finishing late must not win
            return
        result, warnings = checked
        self.checked = checked
        for step, label in self.section_warnings.items():
            label.show_findings(warnings.get(step, []))
        self.outcome.show_result(result, [f for found in warnings.values() for f in found])
        self.prechecked.emit()

    def _on_precheck_failed(self, serial: int, exc: Exception) -> None:
        if serial != self._precheck_serial:
            return
        logger.warning("the eligibility pre-check failed: %s", type(exc).__name__)
        self.outcome.show_message(_("Pemeriksaan awal belum bisa dilakukan sekarang. Data Anda tetap bisa "
                                    "disimpan; hasilnya diperiksa lagi saat disimpan."))
