"""A label that shows findings beside a field: words and a symbol, never colour alone."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

from prakerja_desktop.domain.findings import Finding, Severity
from prakerja_desktop.i18n import _

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_CLASS = {Severity.ERROR: "feedbackError", Severity.WARNING: "feedbackWarning", Severity.INFO: "feedbackInfo"}


def _prefix(severity: Severity) -> str:
    """The word that says how serious a line is (screen readers and colour-blind people need it)."""
    return {Severity.ERROR: _("✖ Perlu diperbaiki:"), Severity.WARNING: _("⚠ Perhatian:"),
            Severity.INFO: _("ℹ")}[severity]


class FeedbackLabel(QLabel):
    """Shows the findings of a check, most serious first; hidden when there are none (unless it keeps its room)."""

    def __init__(self, parent: QWidget | None = None, *, reserve: int = 0) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(self.textFormat().PlainText)
        # reserve: lines that come and go while the person types or chooses keep this many lines' room
        # when empty, so what is below them does not jump under the finger.
        self.reserve = reserve
        self.setVisible(bool(reserve))
        self._findings: tuple[Finding, ...] = ()
        self._reserve_room()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Large text: the reserved room follows the font (a minimum height, so no Python in layouts)."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.PolishRequest):
            self._reserve_room()
        super().changeEvent(event)

    def _reserve_room(self) -> None:
        if self.reserve:
            self.setMinimumHeight(self.fontMetrics().lineSpacing() * int(self.reserve))

    def show_findings(self, findings: Iterable[Finding], *, include_info: bool = True) -> None:
        """Replace what is shown."""
        chosen = sorted((f for f in findings if include_info or f.severity is not Severity.INFO),
                        key=lambda f: _ORDER[f.severity])
        self._findings = tuple(chosen)
        text = "\n".join(f"{_prefix(f.severity)} {f.message}" for f in chosen)
        if text != self.text():
            self.setText(text)
            self.setAccessibleDescription(text)
        worst = _CLASS[chosen[0].severity if chosen else Severity.INFO]
        if self.property("class") != worst:  # re-polishing restyles the label: only when its class changes
            self.setProperty("class", worst)
            self.style().unpolish(self)
            self.style().polish(self)
        self.setVisible(bool(chosen) or bool(self.reserve))

    def show_text(self, text: str, severity: Severity = Severity.INFO) -> None:
        """Show one plain message."""
        self.show_findings([Finding(severity, "text", text)] if text else [])

    def clear_findings(self) -> None:
        """Hide the label."""
        self.show_findings([])

    @property
    def findings(self) -> tuple[Finding, ...]:
        """What is shown now."""
        return self._findings


class ReservedLine(QLabel):
    """A one-line label that keeps its line's room when empty (a live counter appearing moves nothing)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(self.fontMetrics().lineSpacing())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Large text: the line's room follows the font."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.setMinimumHeight(self.fontMetrics().lineSpacing())
        super().changeEvent(event)
