"""The on-screen keyboard (Qt Virtual Keyboard): switched on before Qt starts, kept off the typed field.

In a widget application the keyboard is a window of its own along the bottom of the screen, over ours.
KeyboardRoom keeps the focused field of a scroll area above it: it adds room under the page and
scrolls the field up whenever the keyboard appears, moves or the focus changes.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QLocale, QObject, QRect, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

IM_MODULE = "qtvirtualkeyboard"
KEYBOARD_LOCALE = "id_ID"  # Qt Virtual Keyboard ships an Indonesian layout
GAP = 12  # pixels between the field and the keyboard's top edge


def enable_onscreen_keyboard() -> None:
    """Ask Qt for the virtual keyboard with the Indonesian layout (call before the QApplication exists)."""
    os.environ["QT_IM_MODULE"] = IM_MODULE
    # The keyboard takes its layout from the default locale (there is no variable for it); the app's own
    # texts and dates do not depend on it.
    QLocale.setDefault(QLocale(KEYBOARD_LOCALE))


def keyboard_in_use() -> bool:
    """True when Qt was started with the on-screen keyboard."""
    return os.environ.get("QT_IM_MODULE") == IM_MODULE


def overlap(area: QRect, keyboard: QRect) -> int:
    """How many pixels at the bottom of `area` the keyboard covers (both in screen coordinates)."""
    if keyboard.isEmpty() or not area.intersects(keyboard):
        return 0
    return max(0, area.bottom() - keyboard.top() + 1)


def scroll_needed(field: QRect, visible_bottom: int, gap: int = GAP) -> int:
    """How far to scroll down so the field's bottom sits `gap` px above `visible_bottom` (0 if it does)."""
    return max(0, field.bottom() + gap - visible_bottom)


def keyboard_rect() -> QRect:
    """The on-screen keyboard in screen coordinates (empty when hidden)."""
    method = QGuiApplication.inputMethod()
    if not method.isVisible():
        return QRect()
    return method.keyboardRectangle().toAlignedRect()


class KeyboardRoom(QObject):
    """Keeps the focused field inside `scroll_for()`'s scroll area above the on-screen keyboard."""

    def __init__(self, owner: QWidget, scroll_for) -> None:  # type: ignore[no-untyped-def]
        super().__init__(owner)
        self._owner = owner
        self._scroll_for = scroll_for  # () -> QScrollArea | None: the scroll area on screen
        self._padded: QScrollArea | None = None
        method = QGuiApplication.inputMethod()
        method.visibleChanged.connect(self.schedule)
        method.keyboardRectangleChanged.connect(self.schedule)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    def _on_focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        self.schedule()

    def schedule(self) -> None:
        """Adjust once the keyboard and the layout have settled."""
        QTimer.singleShot(0, self, self.adjust)

    def adjust(self, keyboard: QRect | None = None) -> int:
        """Make room and scroll; returns how far the page was scrolled (tests pass a keyboard rectangle)."""
        scroll = self._scroll_for()
        if scroll is None or scroll.widget() is None:
            return 0
        keyboard = keyboard_rect() if keyboard is None else keyboard
        viewport = scroll.viewport()
        area = QRect(viewport.mapToGlobal(viewport.rect().topLeft()), viewport.size())
        covered = overlap(area, keyboard)
        page = scroll.widget()
        margins = page.contentsMargins()
        if margins.bottom() != covered:  # room under the last field, so it can scroll above the keyboard
            page.setContentsMargins(margins.left(), margins.top(), margins.right(), covered)
            page.adjustSize() if not scroll.widgetResizable() else None
            QApplication.sendPostedEvents()
        focus = QApplication.focusWidget()
        if covered == 0 or focus is None or not page.isAncestorOf(focus):
            return 0
        field = QRect(focus.mapTo(viewport, focus.rect().topLeft()), focus.size())
        delta = scroll_needed(field, viewport.height() - covered)
        if delta:
            bar = scroll.verticalScrollBar()
            bar.setMaximum(max(bar.maximum(), bar.value() + delta))
            bar.setValue(bar.value() + delta)
        return delta
