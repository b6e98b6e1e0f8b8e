"""Big touch-friendly choices: yes/no buttons and a list of options as buttons."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from prakerja_desktop.i18n import _

TICK = "✓ "


def _tick_room(button: ChoiceButton, size: QSize) -> QSize:
    """A checkable button's size with room for its tick kept always: choosing it never makes it wider.

    Qt's own size of the text is worked out again for the text with its tick, whether the tick is shown
    now or not (as QPushButton.sizeHint does, without its cache), so the size is the same before and
    after the choice."""
    text = button.text()
    plain = text[len(TICK):] if text.startswith(TICK) else text
    wanted = button.measured.get(plain)
    if wanted is None:  # layouts ask often; the style sheet's measure is not cheap
        option = QStyleOptionButton()
        button.initStyleOption(option)
        option.text = TICK + plain
        contents = button.fontMetrics().size(Qt.TextFlag.TextShowMnemonic, option.text)
        wanted = button.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option, contents, button)
        button.measured[plain] = wanted
    return QSize(max(size.width(), wanted.width()), max(size.height(), wanted.height()))


class ChoiceButton(QPushButton):
    """A checkable button that reserves the width of its "✓ " (shown when chosen) from the start."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[call-overload]
        self.measured: dict[str, QSize] = {}  # text -> size with the tick, until the font or style changes

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """A new font or style (large text, contrast) measures again."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.measured.clear()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """The text's size plus the tick's, chosen or not."""
        return _tick_room(self, super().sizeHint())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """As sizeHint: the text with its tick must fit."""
        return _tick_room(self, super().minimumSizeHint())


class OptionButtons(QWidget):
    """Mutually exclusive options shown as big buttons (no hover, no double-click)."""

    changed = Signal()

    def __init__(self, options: Sequence[tuple[str, str]], accessible_name: str, *, columns: int = 0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[str, QPushButton] = {}
        layout: QGridLayout | QHBoxLayout
        layout = QGridLayout(self) if columns else QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for index, (value, label) in enumerate(options):
            button = ChoiceButton(label, self)
            button.setCheckable(True)
            button.setProperty("class", "choice")
            button.setObjectName(f"choice_{value}")
            button.setAccessibleName(f"{accessible_name}: {label}")
            self._group.addButton(button, index)
            self._buttons[value] = button
            if isinstance(layout, QGridLayout):
                layout.addWidget(button, index // columns, index % columns)
            else:
                layout.addWidget(button)
        if isinstance(layout, QHBoxLayout):
            layout.addStretch(1)
        self._group.idToggled.connect(self._mark)  # a bound method: no lambda holding self
        self._group.buttonClicked.connect(lambda _button: self.changed.emit())

    def _mark(self, index: int, on: bool) -> None:
        """A tick beside the chosen option: the choice is not shown by colour alone."""
        button = self._group.button(index)
        text = button.text()  # as shown (a page may have wrapped a long label into lines)
        plain = text[len(TICK):] if text.startswith(TICK) else text
        button.setText(f"{TICK}{plain}" if on else plain)

    def value(self) -> str | None:
        """The chosen option's value, or None."""
        for value, button in self._buttons.items():
            if button.isChecked():
                return value
        return None

    def set_value(self, value: str | None) -> None:
        """Choose an option (None clears the choice)."""
        self._group.setExclusive(False)
        for option, button in self._buttons.items():
            button.setChecked(option == value)
        self._group.setExclusive(True)

    def button(self, value: str) -> QPushButton:
        """The button of one option (tests click it like a person)."""
        return self._buttons[value]


class YesNo(OptionButtons):
    """A yes/no question answered with two big buttons; None until answered."""

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__((("yes", _("Ya")), ("no", _("Tidak"))), accessible_name, parent=parent)

    def answer(self) -> bool | None:
        """True, False, or None when not answered."""
        value = self.value()
        return None if value is None else value == "yes"

    def set_answer(self, answer: bool | None) -> None:
        """Show a stored answer."""
        self.set_value(None if answer is None else ("yes" if answer else "no"))


class _ClickableLabel(QLabel):
    """A wrapped label that toggles its check box when touched."""

    clicked = Signal()

    def mouseReleaseEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        """A touch on the text counts as a touch on the box."""
        self.clicked.emit()
        super().mouseReleaseEvent(event)


class _TouchCheckBox(QCheckBox):
    """A check box that toggles wherever its 48 px touch target is touched, not only on the small tick square."""

    def hitButton(self, pos: QPoint) -> bool:  # noqa: N802 - Qt's name
        """The whole widget counts (the style's minimum size makes it wider than the indicator)."""
        return self.rect().contains(pos)


class CheckRow(QWidget):
    """A check box whose long text wraps (QCheckBox's own text never wraps and widens the page)."""

    toggled = Signal(bool)

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.box = _TouchCheckBox(self)
        self.box.setAccessibleName(text)
        self.label = _ClickableLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setBuddy(self.box)
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        self.label.clicked.connect(lambda: self.box.setChecked(not self.box.isChecked()) if self.box.isEnabled() else None)
        self.box.toggled.connect(self.toggled.emit)

    def isChecked(self) -> bool:  # noqa: N802 - mirrors QCheckBox
        """True when ticked."""
        return self.box.isChecked()

    def setChecked(self, checked: bool) -> None:  # noqa: N802 - mirrors QCheckBox
        """Tick or untick."""
        self.box.setChecked(checked)
