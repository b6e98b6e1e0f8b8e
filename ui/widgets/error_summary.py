"""The error summary at the top of a step (GOV.UK style): "Ada 2 hal yang perlu diperbaiki" and one line
per problem; touching a line takes the person to that field."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from prakerja_desktop.domain.findings import Finding
from prakerja_desktop.i18n import _, ngettext


def summary_heading(count: int) -> str:
    """"Ada 2 hal yang perlu diperbaiki" (ngettext: the English says "1 thing" and "2 things")."""
    return ngettext("Ada {n} hal yang perlu diperbaiki", "Ada {n} hal yang perlu diperbaiki", count).format(n=count)


class _WrappingButton(QPushButton):
    """A flat button whose text wraps (a QPushButton's own text never wraps and would widen the page)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # the button gets the touch
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        """The height follows the width: the text wraps."""
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        """The wrapped text's height, at least a finger high."""
        return max(48, self.label.heightForWidth(max(1, width - 16)) + 8)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """The label's own wish."""
        hint = self.label.sizeHint()
        return QSize(hint.width() + 16, max(48, hint.height() + 8))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Narrow: the text wraps instead of widening the page."""
        return QSize(120, 48)


class ErrorSummary(QFrame):
    """A framed box: the heading, then a button per problem; `chosen` gives the problem's finding."""

    chosen = Signal(object)  # the Finding whose line was touched

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorSummary")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(12, 8, 12, 8)
        self._layout.setSpacing(4)
        self.heading = QLabel(self)
        self.heading.setObjectName("errorSummaryHeading")
        self.heading.setWordWrap(True)
        self.heading.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # focus lands here so a screen reader reads it
        self.heading.setProperty("class", "feedbackError")  # the error colour of each display mode
        self.heading.setStyleSheet("QLabel { font-weight: bold; }")
        self._layout.addWidget(self.heading)
        self.items: list[QPushButton] = []
        self.findings: tuple[Finding, ...] = ()
        self.setVisible(False)

    def show_findings(self, findings: Sequence[Finding]) -> None:
        """Show these problems (none: hide the box)."""
        self.findings = tuple(findings)
        for button in self.items:
            self._layout.removeWidget(button)
            button.deleteLater()
        self.items = []
        if not findings:
            self.setVisible(False)
            return
        heading = summary_heading(len(findings))
        self.heading.setText(heading)
        self.heading.setAccessibleName(heading)
        for index, finding in enumerate(findings):
            button = _WrappingButton(f"› {finding.message}", self)
            button.setObjectName(f"errorSummaryItem{index}")
            button.setProperty("class", "errorSummaryItem")
            button.setAccessibleName(finding.message)
            button.setAccessibleDescription(_("Pindah ke isian ini."))
            button.setFlat(True)
            button.clicked.connect(lambda _checked=False, found=finding: self.chosen.emit(found))
            self._layout.addWidget(button)
            self.items.append(button)
        self.setVisible(True)

    def spoken(self) -> str:
        """What read-aloud says: the heading, then each problem."""
        if not self.isVisible() or not self.findings:
            return ""
        return ". ".join([self.heading.text(), *(f.message.rstrip(".") for f in self.findings)]) + "."
