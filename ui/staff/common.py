"""Small helpers shared by the staff shell's dialogs and screens."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from prakerja_desktop.errors import UserInputError, classify
from prakerja_desktop.i18n import _
from ui.tasks import TaskRunner

logger = logging.getLogger(__name__)


def plain_error(exc: Exception, doing: str) -> str:
    """The message a person sees for a failure; bugs are logged and get a short apology."""
    if isinstance(exc, UserInputError):
        return str(exc)
    problem = classify(exc)
    if problem is not None:
        return problem.user_message
    logger.error("%s failed", doing, exc_info=exc)
    return _("Maaf, terjadi kesalahan program. Minta petugas melihat berkas log.")


def run_owned(tasks: TaskRunner, owner: QObject, function: Callable[[], Any],
              on_done: Callable[[Any], None], on_error: Callable[[Exception], None]) -> None:
    """Run on the worker; the callbacks are dropped if the owner was deleted meanwhile."""
    tasks.submit(function, lambda result: on_done(result) if shiboken6.isValid(owner) else None,
                 lambda exc: on_error(exc) if shiboken6.isValid(owner) else None)


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
QWidget#staffNav { background: #eef2f7; }
QPushButton.navButton { text-align: left; padding: 4px 16px 4px 16px; min-width: 180px; min-height: 40px; }
QWidget#receiptLayout QPushButton, QWidget#officeLanguage QPushButton { min-width: 200px; }
QWidget#settingsScreen QPushButton.choice { min-width: 48px; padding: 4px 12px; }  /* its rows fit 1024 px */
QPushButton.navButton:checked { background: #1d5fa8; color: white; }
QLabel#whoLabel { font-size: 16px; color: #333; padding: 8px 4px; }
QTableWidget { font-size: 18px; }
QHeaderView::section { font-size: 17px; font-weight: bold; padding: 6px; }
"""
