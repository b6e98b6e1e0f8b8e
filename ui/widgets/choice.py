"""Big touch-friendly choices: yes/no buttons and a list of options as buttons."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QCheckBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from prakerja_desktop.i18n import _


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
            button = QPushButton(label, self)
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
        self._labels = [label for _value, label in options]  # by the button's id in the group
        self._group.idToggled.connect(self._mark)  # a bound method: no lambda holding self
        self._group.buttonClicked.connect(lambda _button: self.changed.emit())

    def _mark(self, index: int, on: bool) -> None:
        """A tick beside the chosen option: the choice is not shown by colour alone."""
        label = self._labels[index]
        self._group.button(index).setText(f"✓ {label}" if on else label)

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
