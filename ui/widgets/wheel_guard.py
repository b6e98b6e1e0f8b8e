"""No scroll wheel or touchpad ever changes an answer: the wheel over a value control scrolls the page.

Qt lets a wheel turn over a drop-down, a spin box, a date or a slider change its value, even without
focus: scrolling down a long page then silently turns "Jawa Timur" into "Kalimantan Barat" or 1998 into
1999. One application-wide event filter (installed once, `install_wheel_guard()`) takes every wheel
event aimed at such a control (or at a part of it, like an editable drop-down's text field) and gives
it to the nearest scroll area around it instead, so the page scrolls as the person meant. An open
drop-down list is a list view of its own and still scrolls with the wheel.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

_VALUE_CONTROLS = (QComboBox, QAbstractSpinBox, QAbstractSlider)  # QDateEdit is a QAbstractSpinBox


def value_control(widget: QObject | None) -> QWidget | None:
    """The drop-down, spin box, date or slider that `widget` is (or is part of), else None."""
    while isinstance(widget, QWidget):
        if isinstance(widget, _VALUE_CONTROLS) and not isinstance(widget, QScrollBar):
            return widget
        if isinstance(widget, QAbstractScrollArea) or widget.isWindow():
            return None  # a list (an open drop-down's list included) or a window: its own wheel
        widget = widget.parentWidget()
    return None


def page_scroll_area(control: QWidget) -> QAbstractScrollArea | None:
    """The nearest scroll area around a control (the page it sits on)."""
    parent = control.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return parent if isinstance(parent, QAbstractScrollArea) else None


class WheelGuard(QObject):
    """The filter: a wheel over a value control goes to the page's scroll bar, never to the value."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Redirect wheel events aimed at value controls; everything else passes untouched."""
        if not isinstance(event, QWheelEvent):  # every event passes here: isinstance is the cheap test
            return False
        control = value_control(watched)
        if control is None:
            return False
        area = page_scroll_area(control)
        if area is not None:
            bar = area.verticalScrollBar()
            if bar is not None and bar.isVisible() and bar.isEnabled():
                QCoreApplication.sendEvent(bar, event)  # the page scrolls as if the wheel were over it
        event.accept()
        return True  # the control never sees it: its value stays


_guard: WheelGuard | None = None


def install_wheel_guard() -> WheelGuard:
    """Install the filter on the application (once; later calls return the same guard)."""
    global _guard
    app = QApplication.instance()
    if app is None:
        raise RuntimeError("install_wheel_guard() needs a QApplication")
    if _guard is None:
        _guard = WheelGuard(app)
        app.installEventFilter(_guard)
    return _guard
