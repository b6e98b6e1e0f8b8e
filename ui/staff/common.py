"""Small helpers shared by the staff shell's dialogs and screens."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

logger = logging.getLogger(__name__)


def big_button(text: str, name: str, parent: QWidget, *, default: bool = False) -> QPushButton:
    """A touch-sized button whose accessible name is its label."""
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAccessibleName(text)
    button.setMinimumHeight(52)
    button.setDefault(default)
    button.setAutoDefault(default)
    return button


def secret_edit(name: str, parent: QWidget) -> QLineEdit:
    """A password or PIN field: hidden while typed, no autocompletion, no copying out."""
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(128)
    edit.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhNoPredictiveText
                             | Qt.InputMethodHint.ImhSensitiveData)
    return edit


def heading(text: str, parent: QWidget, name: str = "staffHeading") -> QLabel:
    """A screen or section heading."""
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    label.setIndent(0)  # with stylesheet margins QLabel would otherwise indent its text
    return label


STAFF_QSS = """
QLabel#staffHeading { font-size: 26px; font-weight: bold; }
QLabel#sectionHeading { font-size: 22px; font-weight: bold; margin-top: 12px; }
QWidget#staffNav { background: @tint@; }
QPushButton.navButton { text-align: left; padding: 4px 16px 4px 16px; min-width: 180px; min-height: 40px; }
QWidget#officeLanguage QPushButton { min-width: 200px; }
QWidget#receiptLayout QPushButton { min-width: 140px; }  /* three sizes side by side since roll58 */
QWidget#settingsScreen QPushButton.choice { min-width: 48px; padding: 4px 12px; }  /* its rows fit 1024 px */
QPushButton.navButton:checked { background: @primary@; color: @on_primary@; }
QLabel#whoLabel { font-size: 16px; color: @muted@; padding: 8px 4px; }
QTableWidget { font-size: 18px; }
QHeaderView::section { font-size: 17px; font-weight: bold; padding: 6px; }
"""
