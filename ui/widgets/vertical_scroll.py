"""A scroll area that scrolls up and down only, and asks for the width its content needs.

A plain QScrollArea with the sideways bar off cuts its content's right side when the content is wider
than the window (large text); this one makes its screen as wide as the content instead, so the staff
page around it scrolls sideways and nothing is lost.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class VerticalScroll(QScrollArea):
    """Up-and-down scrolling; at least as wide as its content wants."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """The content's preferred width (buttons below it would cut their text) and the bar beside it."""
        hint = super().minimumSizeHint()
        content = self.widget()
        if content is None:
            return hint
        wanted = max(content.minimumSizeHint().width(), content.sizeHint().width())
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), wanted + bar + 2 * self.frameWidth()), hint.height())

    def event(self, event: QEvent) -> bool:
        """When the content relays itself out (large text, another language), the screen resizes too."""
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().event(event)
