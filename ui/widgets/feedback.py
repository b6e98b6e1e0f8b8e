"""A label that shows findings beside a field: words and a symbol, never colour alone."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize
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
    """Shows the findings of a check, most serious first; empty and hidden when there are none."""

    def __init__(self, parent: QWidget | None = None, *, reserve: int = 0) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(self.textFormat().PlainText)
        # reserve: lines that come and go while the person types or chooses keep this many lines' room
        # when empty, so what is below them does not jump under the finger.
        self.reserve = reserve
        self.setVisible(reserve)
        self._findings: tuple[Finding, ...] = ()

    def _line(self) -> int:
        return self.fontMetrics().lineSpacing() * int(self.reserve)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """At least one line high when it reserves its room."""
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), self._line()))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """At least one line high when it reserves its room."""
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), self._line()))

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        """The wrapped text's height, at least one line when it reserves its room."""
        return max(super().heightForWidth(width), self._line())

    def show_findings(self, findings: Iterable[Finding], *, include_info: bool = True) -> None:
        """Replace what is shown."""
        chosen = sorted((f for f in findings if include_info or f.severity is not Severity.INFO),
                        key=lambda f: _ORDER[f.severity])
        self._findings = tuple(chosen)
        self.setText("\n".join(f"{_prefix(f.severity)} {f.message}" for f in chosen))
        worst = chosen[0].severity if chosen else Severity.INFO
        self.setProperty("class", _CLASS[worst])
        self.style().unpolish(self)
        self.style().polish(self)
        self.setAccessibleDescription(self.text())
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

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """At least one line high."""
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), self.fontMetrics().lineSpacing()))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """At least one line high."""
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), self.fontMetrics().lineSpacing()))
