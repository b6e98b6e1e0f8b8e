"""The base of every wizard page: thin, it shows a step and reports edits."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QLabel, QLayout, QLineEdit, QVBoxLayout, QWidget

from prakerja_desktop.domain.applicant import Applicant, Draft
from prakerja_desktop.domain.findings import Finding
from prakerja_desktop.domain.spoken import NumberKind
from ui.widgets.feedback import FeedbackLabel
from ui.wizard.context import WizardContext


class WizardPage(QWidget):
    """One step. Subclasses build widgets, then implement load(), apply() and, if needed, problems()."""

    step: ClassVar[str] = ""
    changed = Signal()  # any edit: the host re-checks whether Next is allowed
    start_requested = Signal(object)  # a Draft to continue (Welcome's "continue a saved draft")
    jump_requested = Signal(str)  # a step to change (Review's "Ubah" buttons)
    screen_jump_requested = Signal(str, int)  # a step and its question screen to change (Review's lines)
    next_requested = Signal()  # a page's own big button that means Next (Welcome's "Mulai")

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName(f"page_{self.step}")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(14)
        # Answers shown under the scrolling page, always in view (the host places them); None: none.
        self.pinned: QWidget | None = None
        self.targets: dict[str, QWidget] = {}  # finding code (or its first/last part) -> its field
        self._field_errors: dict[QWidget, FeedbackLabel] = {}
        # Question screens (one thing per page): a page may show its questions one small group at a time
        # within its step. The host shows the next group on Next and the previous one on Back; only the
        # last group's Next leaves the step. No groups: the whole page is one screen.
        self.screens: list[QWidget] = []
        self.screen = 0

    # --- what subclasses provide ----------------------------------------------------------------

    def title(self) -> str:
        """The heading of the step."""
        raise NotImplementedError

    def load(self, draft: Draft) -> None:
        """Show the draft's answers in the widgets."""

    def apply(self, applicant: Applicant) -> None:
        """Write the widgets' values into the applicant (must not fail on any input)."""

    def problems(self, applicant: Applicant) -> list[Finding]:
        """Blocking problems beyond "not answered" (e.g. a NIK that cannot be right)."""
        return []

    def app_ready(self) -> None:
        """Called once the database is open, if this page was already on screen."""

    def next_text(self) -> str | None:
        """A special label for Next on this step (None keeps "Lanjut")."""
        return None

    def focus_first(self) -> None:
        """Put the keyboard focus on the first thing to fill in."""
        for child in self.findChildren(QLineEdit):
            if child.isVisible() and child.isEnabled():
                child.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    # --- question screens -------------------------------------------------------------------------

    def begin_screen(self) -> QWidget:
        """Start the next group of questions: what is added from now on goes into it (end_screens stops)."""
        if not self.screens:
            self._page_layout = self.layout_
        screen = QWidget(self)
        screen.setObjectName(f"screen_{len(self.screens) + 1}")
        box = QVBoxLayout(screen)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(12)  # a little closer than the page's 14: two questions fit in large text with contrast
        self._page_layout.addWidget(screen)
        self.screens.append(screen)
        self.layout_ = box
        return screen

    def end_screens(self) -> None:
        """Back to adding to the page itself (below every group)."""
        self.layout_ = self._page_layout

    @classmethod
    def review_screens(cls, context: WizardContext) -> tuple[int, ...] | None:
        """For a step of several question screens: the screen of each of its Review lines (Review gives
        each line an "Ubah" of its own that opens that screen); None for a step of one screen."""
        return None

    def screen_count(self) -> int:
        """How many screens this step shows (1 without groups)."""
        return max(1, len(self.screens))

    def show_screen(self, index: int) -> None:
        """Show one group of questions (a negative index counts from the end, as Back into the step does)."""
        count = self.screen_count()
        self.screen = min(max(index % count if index < 0 else index, 0), count - 1)
        for number, screen in enumerate(self.screens):
            screen.setVisible(number == self.screen)

    def screen_of(self, widget: QWidget | None) -> int | None:
        """The group a widget is in (None: not in any group)."""
        while widget is not None and widget is not self:
            if widget in self.screens:
                return self.screens.index(widget)
            widget = widget.parentWidget()
        return None

    # --- problems after Next (the error summary) --------------------------------------------------

    def target_of(self, finding: Finding) -> QWidget | None:
        """The field a problem is about: by its code in `targets`, else a child named like the code's
        last part ("flow.eligibility.citizen" -> "citizen") or first part ("nik.length" -> "nik")."""
        parts = finding.code.split(".")
        for key in (finding.code, parts[-1], parts[0]):
            widget = self.targets.get(key) or self.findChild(QWidget, key)
            if widget is not None:
                return widget
        return None

    def show_field_errors(self, findings: list[Finding]) -> None:
        """Each problem's message beside its field too, unless the field's own feedback already says it."""
        for label in self._field_errors.values():
            label.clear_findings()
        shown = {f.code for label in self.findChildren(FeedbackLabel)
                 if label.isVisibleTo(self) and label not in self._field_errors.values() for f in label.findings}
        by_target: dict[QWidget, list[Finding]] = {}
        for finding in findings:
            target = self.target_of(finding)
            if target is not None and finding.code not in shown:
                by_target.setdefault(target, []).append(finding)
        for target, found in by_target.items():
            label = self._field_errors.get(target) or self._field_error_label(target)
            if label is not None:
                label.show_findings(found)

    def _field_error_label(self, target: QWidget) -> FeedbackLabel | None:
        """A feedback line right under the field, made the first time it is needed."""
        parent = target.parentWidget()
        layout = parent.layout() if parent is not None else None
        found = _box_holding(layout, target) if layout is not None else None
        if found is None:
            return None
        box, index = found
        label = FeedbackLabel(parent)
        label.setObjectName(f"{target.objectName() or 'field'}_error")
        box.insertWidget(index + 1, label)
        self._field_errors[target] = label
        return label

    # --- helpers for subclasses -----------------------------------------------------------------

    def add_text(self, text: str, object_name: str = "pageIntro") -> QLabel:
        """A paragraph of plain text."""
        label = QLabel(text, self)
        label.setObjectName(object_name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAccessibleName(text)
        self.layout_.addWidget(label)
        return label

    def add_read_back(self, edit: QLineEdit, kind: NumberKind) -> QWidget:
        """A "Dengarkan angka" button under a number field (hidden when the system has no voice)."""
        from ui.widgets.read_aloud import number_read_back  # the speech engine loads on first use

        button = number_read_back(edit, kind, self)
        self.layout_.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        return button

    def add_field_label(self, text: str, buddy: QWidget) -> QLabel:
        """A field's visible label, which is also its accessible name."""
        label = QLabel(text, self)
        label.setProperty("class", "fieldLabel")
        label.setWordWrap(True)
        label.setBuddy(buddy)
        buddy.setAccessibleName(text)
        self.layout_.addWidget(label)
        return label

    def line_edit(self, label: str, object_name: str, *, max_length: int = 200,
                  digits: bool = False) -> QLineEdit:
        """A labelled text field that reports every edit."""
        edit = QLineEdit(self)
        edit.setObjectName(object_name)
        edit.setMaxLength(max_length)
        if digits:
            edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.add_field_label(label, edit)
        self.layout_.addWidget(edit)
        edit.textChanged.connect(lambda _text: self.changed.emit())
        return edit


def _box_holding(layout: QLayout, widget: QWidget) -> tuple[QBoxLayout, int] | None:
    """The box layout (searched through nested layouts) that holds the widget, and its index there."""
    index = layout.indexOf(widget)
    if index >= 0:
        return (layout, index) if isinstance(layout, QBoxLayout) else None
    for i in range(layout.count()):
        inner = layout.itemAt(i).layout()
        if inner is not None and (found := _box_holding(inner, widget)) is not None:
            return found
    return None
