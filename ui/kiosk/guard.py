"""Keeps the kiosk window in place: no closing, no Alt+F4 or Escape, and the staff gesture.

One application-wide event filter: a close of the window is refused, Alt+F4 and Escape aimed at the
window are swallowed, and Ctrl+Alt+P or a long press (3 s) in the top-left corner asks for staff.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTouchEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget

HOLD_MS = 3000
CORNER_PX = 96
_PRESS = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin})
_RELEASE = frozenset({QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel})
_MOVE = frozenset({QEvent.Type.MouseMove, QEvent.Type.TouchUpdate})


class KioskGuard(QObject):
    """The event filter; `staff_gesture` when staff ask to get out."""

    staff_gesture = Signal()

    def __init__(self, window: QWidget, hold_ms: int = HOLD_MS, corner_px: int = CORNER_PX) -> None:
        super().__init__(window)
        self.window = window
        self.corner_px = corner_px
        self.allow_close = False
        self.blocked: list[str] = []  # what was refused, for the log and the tests
        self._hold = QTimer(self)
        self._hold.setSingleShot(True)
        self._hold.setInterval(hold_ms)
        self._hold.timeout.connect(self._emit_gesture)

    def install(self) -> None:
        """Start guarding."""
        QApplication.instance().installEventFilter(self)

    def uninstall(self) -> None:
        """Stop guarding."""
        self._hold.stop()
        QApplication.instance().removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Refuse what would take the kiosk away; never swallow ordinary input."""
        kind = event.type()
        if kind == QEvent.Type.Close and self._is_window(watched):
            if self.allow_close:
                return False
            event.ignore()
            self.blocked.append("close")
            return True
        if kind == QEvent.Type.WindowStateChange and watched is self.window and not self.allow_close:
            if not self.window.isFullScreen():  # minimised or restored by the desktop: back to fullscreen
                QTimer.singleShot(0, self.window.showFullScreen)
            return False
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._on_key(watched, event)
        if kind in _PRESS or kind in _RELEASE or kind in _MOVE:
            self._follow_press(kind, event)
        return False

    def _is_window(self, watched: QObject) -> bool:
        handle = self.window.windowHandle()
        return watched is self.window or (isinstance(watched, QWindow) and watched is handle)

    def _aimed_at_window(self, watched: QObject) -> bool:
        if isinstance(watched, QWidget):
            return watched.window() is self.window
        return self._is_window(watched)

    def _on_key(self, watched: QObject, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        ctrl_alt = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        if key == Qt.Key.Key_F4 and mods & Qt.KeyboardModifier.AltModifier:
            self.blocked.append("alt+f4")
            return True
        if key == Qt.Key.Key_P and (mods & ctrl_alt) == ctrl_alt:
            if not event.isAutoRepeat():
                QTimer.singleShot(0, self._emit_gesture)  # after this event, not inside it
            return True
        if key == Qt.Key.Key_Escape and self._aimed_at_window(watched):
            self.blocked.append("escape")
            return True
        return False

    def _follow_press(self, kind: QEvent.Type, event: QEvent) -> None:
        """A press that stays in the corner for HOLD_MS is the staff gesture; release or leave cancels."""
        if kind in _RELEASE:
            self._hold.stop()
            return
        point = self._global_point(event)
        if point is None:
            return
        corner = QRect(self.window.mapToGlobal(QPoint(0, 0)), self.window.mapToGlobal(
            QPoint(self.corner_px, self.corner_px)))
        inside = self.window.isVisible() and corner.contains(point)
        if kind in _PRESS and inside and not self._hold.isActive():
            self._hold.start()
        elif not inside:
            self._hold.stop()

    @staticmethod
    def _global_point(event: QEvent) -> QPoint | None:
        if isinstance(event, QMouseEvent):
            return event.globalPosition().toPoint()
        if isinstance(event, QTouchEvent) and event.points():
            return event.points()[0].globalPosition().toPoint()
        return None

    def _emit_gesture(self) -> None:
        self.staff_gesture.emit()
