"""What a person who reads slowly, sees poorly or uses only a finger needs from a screen, as checks.

Each check walks the visible widgets of a screen and returns a list of problems (empty: all good), so
a test can collect them over many screens and modes and fail once with the whole list.
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTextEdit,
    QWidget,
)

MIN_TARGET = 48  # logical pixels, each way
TOUCH_CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox)
NAMED_CONTROLS = (*TOUCH_CONTROLS, QAbstractItemView, QTextEdit)


def _name(widget: QWidget) -> str:
    return widget.objectName() or type(widget).__name__


def _inside_compound(widget: QWidget) -> bool:
    """The line edit inside a combo or spin box, the buttons of a scroll bar: part of another control."""
    parent = widget.parentWidget()
    return isinstance(parent, (QComboBox, QAbstractSpinBox)) or isinstance(widget, QHeaderView)


def visible_controls(root: QWidget, kinds: tuple[type, ...]) -> list[QWidget]:
    """Controls a person can see and use under root."""
    return [w for w in root.findChildren(QWidget)
            if isinstance(w, kinds) and w.isVisibleTo(root) and w.isVisible() and not _inside_compound(w)
            and w.window() is root.window()]


def small_targets(root: QWidget) -> list[str]:
    """Controls smaller than 48 × 48 px."""
    return [f"{_name(w)} {w.width()}×{w.height()}" for w in visible_controls(root, TOUCH_CONTROLS)
            if w.height() < MIN_TARGET or w.width() < MIN_TARGET]


def _has_label_buddy(widget: QWidget, labels: list[QLabel]) -> bool:
    return any(label.buddy() is widget and label.isVisible() and label.text().strip() for label in labels)


def unnamed_controls(root: QWidget) -> list[str]:
    """Controls a screen reader could not name: no accessible name and no visible label pointing at them."""
    labels = root.findChildren(QLabel)
    return [_name(w) for w in visible_controls(root, NAMED_CONTROLS)
            if not w.accessibleName().strip() and not _has_label_buddy(w, labels)]


def _label_clipped(label: QLabel) -> str | None:
    text = label.text()
    if not text.strip() or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    rect = label.contentsRect().adjusted(label.margin(), label.margin(), -label.margin(), -label.margin())
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        return f"needs {needed} px high, has {label.height()}" if needed > label.height() + 1 else None
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text))
    if rich:
        hint = label.sizeHint()
        if hint.width() > label.width() + 1 or hint.height() > label.height() + 1:
            return f"needs {hint.width()}×{hint.height()}, has {label.width()}×{label.height()}"
        return None
    metrics = QFontMetrics(label.font())
    indent = max(label.indent(), 0)
    widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
    high = metrics.lineSpacing() * len(text.split("\n"))
    if widest > rect.width() - indent + 1 or high > rect.height() + 2:
        return f"needs {widest}×{high}, has {rect.width() - indent}×{rect.height()}"
    return None


def _button_clipped(button: QAbstractButton) -> str | None:
    # Qt sizes a button by its plain font: a style that makes ":checked" bold is not seen here, so the
    # stylesheets mark a checked button by colour and a "✓", never by a bolder font.
    if not button.text().strip():
        return None
    hint = button.sizeHint()
    if hint.width() > button.width() + 1 or hint.height() > button.height() + 1:
        return f"needs {hint.width()}×{hint.height()}, has {button.width()}×{button.height()}"
    return None


def clipped_texts(root: QWidget) -> list[str]:
    """Labels and buttons whose text does not fit their rectangle."""
    found = []
    for widget in visible_controls(root, (QLabel, QPushButton, QCheckBox, QRadioButton)):
        problem = _label_clipped(widget) if isinstance(widget, QLabel) else _button_clipped(widget)
        if problem:
            found.append(f"{_name(widget)} {widget.text()[:40]!r}: {problem}")
    return found


def layout_settled(qtbot, root: QWidget, timeout_ms: int = 3_000) -> None:  # type: ignore[no-untyped-def]
    """Wait (at most timeout_ms) until no text of root is cut off: the relayout after a change takes a few
    event-loop passes. It never fails: the caller's clipped_texts() then reports what stayed cut off."""
    try:
        qtbot.waitUntil(lambda: not clipped_texts(root), timeout=timeout_ms)
    except qtbot.TimeoutError:
        pass


def hover_only(root: QWidget) -> list[str]:
    """Widgets that tell something only on hover (a tooltip): a finger cannot hover."""
    return [f"{_name(w)} {w.toolTip()[:40]!r}" for w in root.findChildren(QWidget)
            if w.isVisible() and w.toolTip().strip()]


def cut_by_scroll_area(root: QWidget) -> list[str]:
    """Scroll areas without a sideways bar whose content is wider than their window: its right side is lost."""
    return [f"{_name(area)} content {area.widget().width()} px wide in {area.viewport().width()} px"
            for area in visible_controls(root, (QScrollArea,))
            if area.widget() is not None
            and area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
            and area.widget().width() > area.viewport().width() + 1]
