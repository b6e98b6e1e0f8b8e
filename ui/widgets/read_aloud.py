"""Buttons that read aloud: a step's instructions, or a typed number in groups; hidden without a voice."""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from prakerja_desktop.domain.spoken import NumberKind, spoken_digits
from prakerja_desktop.i18n import _
from ui.speech import Speaker, speaker
from ui.widgets.accessible import describe


class ReadAloudButton(QPushButton):
    """Says what `text_source` returns when touched; only visible while the system has a voice."""

    def __init__(self, label: str, name: str, description: str, text_source: Callable[[], str],
                 parent: QWidget | None = None, *, voice: Speaker | None = None) -> None:
        super().__init__(label, parent)
        self.setObjectName(name)
        describe(self, label, description)
        # A method of the screen is held weakly: no reference cycle between the screen and its button.
        self._source = weakref.WeakMethod(text_source) if inspect.ismethod(text_source) else text_source
        self.last_spoken = ""
        self.clicked.connect(self.read)
        self.voice = voice = voice or speaker()
        voice.availability_changed.connect(self._show_if)
        self._wanted = True
        self._show_if(voice.available)

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt's name
        """Shown only when wanted and there is a voice."""
        if hasattr(self, "_wanted"):
            self._wanted = visible
            visible = visible and self.voice.available
        super().setVisible(visible)

    def _show_if(self, available: bool) -> None:
        super().setVisible(self._wanted and available)

    def read(self) -> None:
        """Speak now."""
        source = self._source() if isinstance(self._source, weakref.WeakMethod) else self._source
        text = source() if source is not None else ""
        if self.voice.say(text):
            self.last_spoken = text


def number_read_back(edit: QLineEdit, kind: NumberKind, parent: QWidget) -> ReadAloudButton:
    """"Dengarkan angka": the digits typed so far, read in groups so a typo is heard."""
    return ReadAloudButton(_("Dengarkan angka"), f"{edit.objectName()}ReadBack",
                           _("Membacakan angka yang sudah diketik, per kelompok."),
                           lambda: spoken_digits(edit.text(), kind), parent)
