"""A yes/no question that does not block the event loop: our own button words, "No" as the default."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from prakerja_desktop.i18n import _


def ask_to_confirm(parent: QWidget, title: str, text: str, yes_text: str, on_yes: Callable[[], None],
                   object_name: str) -> QMessageBox:
    """Open a question box; ON_YES runs only when the person presses YES_TEXT (Batal is the default)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setObjectName(object_name)
    box.button(QMessageBox.StandardButton.Yes).setText(yes_text)
    box.button(QMessageBox.StandardButton.No).setText(_("Batal"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.finished.connect(box.deleteLater)
    box.accepted.connect(on_yes)
    box.open()
    return box
