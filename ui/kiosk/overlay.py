"""A card over a dimmed window: the kiosk's questions never open a separate window a person could move."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ui.style import follow_display

OVERLAY_QSS = """
QWidget#kioskOverlay { background: rgba(10, 20, 35, 170); }
QFrame#kioskCard { background-color: @surface@; border: 3px solid @control@; border-radius: 16px; }
QLabel#kioskTitle { font-size: 40px; font-weight: bold; }
QLabel#kioskText { font-size: 22px; }
QLabel#kioskCountdown { font-size: 110px; font-weight: bold; color: @primary@; }
QLabel#kioskFeedback { font-size: 20px; color: @error@; }
QPushButton#continueButton { min-height: 84px; font-size: 30px; font-weight: bold; padding: 8px 48px;
                             background-color: @primary@; color: @on_primary@; border: 3px solid @primary@;
                             border-radius: 10px; }
QPushButton#continueButton:focus { border-color: @focus_ring@; }
QPushButton.pinKey { min-width: 110px; min-height: 76px; font-size: 32px; }
QPushButton.pinOk { background-color: @primary@; color: @on_primary@; font-weight: bold; }
QPushButton.pinOk:disabled { color: @disabled@; background-color: @page@; border: 2px dashed @disabled@; }
QPushButton.kioskAction { min-height: 64px; font-size: 22px; }
QLineEdit#kioskPin { min-height: 60px; font-size: 34px; qproperty-alignment: AlignCenter; }
"""


class Overlay(QWidget):
    """Covers its window (and follows its size); the card in the middle holds the content."""

    def __init__(self, window: QWidget, name: str) -> None:
        super().__init__(window)
        # Set before anything can deliver an event to eventFilter (follow_display may filter events for us).
        self._window = window
        self.setObjectName("kioskOverlay")
        self.setAccessibleName(name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        follow_display(self, OVERLAY_QSS)  # our colours in every display mode, restyled when it changes
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card = QFrame(self)
        self.card.setObjectName("kioskCard")
        self.card.setMinimumWidth(min(720, max(window.width() - 80, 480)))
        self.card_layout = QVBoxLayout(self.card)
        self.card_layout.setContentsMargins(40, 32, 40, 32)
        self.card_layout.setSpacing(18)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignCenter)
        window.installEventFilter(self)
        self.hide()

    def popup(self) -> None:
        """Cover the window now; what is under it cannot be touched or typed into meanwhile."""
        self.setGeometry(self._window.rect())
        central = getattr(self._window, "centralWidget", lambda: None)()
        if central is not None:
            central.setEnabled(False)
        self.show()
        self.raise_()

    def dismiss(self) -> None:
        """Uncover the window."""
        if not self.isVisible():
            return
        self.hide()
        central = getattr(self._window, "centralWidget", lambda: None)()
        if central is not None:
            central.setEnabled(True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Follow the window's size."""
        # The window is our parent: asked here rather than from a Python attribute, which a wrapper that
        # Shiboken re-creates for this C++ object late in a test run was seen not to have.
        window = self.parentWidget()
        if window is not None and watched is window and event.type() == QEvent.Type.Resize:
            self.setGeometry(window.rect())
        return False
