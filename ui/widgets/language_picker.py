"""A language chooser: one big button per language with a catalogue, each named in its own language.

Choosing one switches the whole program (ui.translation.apply_language); every screen that shows text
listens to `language_notifier().changed` and shows itself again in the new language.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

from prakerja_desktop import i18n
from prakerja_desktop.i18n import _


class LanguageNotifier(QObject):
    """Tells every open screen that the language changed."""

    changed = Signal(str)  # the new language code


_notifier: LanguageNotifier | None = None


def language_notifier() -> LanguageNotifier:
    """The one notifier of the program."""
    global _notifier
    if _notifier is None:
        _notifier = LanguageNotifier()
    return _notifier


def switch_language(language: str) -> None:
    """Speak `language` everywhere: the core, Qt's own texts, then every screen that listens."""
    from ui.translation import apply_language

    if language == i18n.current_language():
        return
    apply_language(language)
    language_notifier().changed.emit(language)


class LanguagePicker(QWidget):
    """Buttons "Bahasa Indonesia | English | …" (the list comes from the catalogue folders)."""

    chosen = Signal(str)  # after the program switched to it

    def __init__(self, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("languagePicker")
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        # Bold whether chosen or not: the chosen one (bold in the app style) must not outgrow its place.
        # One sheet for all the buttons: a sheet of each button's own cost the first paint a style each.
        style = "font-weight: bold;"
        if compact:
            style += " min-width: 0; min-height: 40px; padding: 4px 14px; font-size: 17px;"
        self.setStyleSheet(f"QPushButton {{ {style} }}")
        for language in i18n.available_languages():
            # Each name in its own language: someone who cannot read the current one still finds theirs.
            button = QPushButton(i18n.language_name(language), self)
            button.setObjectName(f"language_{language}")
            button.setCheckable(True)
            button.setProperty("class", "choice")
            button.setMinimumHeight(48)  # a finger-sized target even in the small header version
            self._group.addButton(button)
            self.buttons[language] = button
            layout.addWidget(button)
            button.clicked.connect(lambda _checked=False, code=language: self._on_clicked(code))
        self.refresh()
        language_notifier().changed.connect(self.refresh)

    def refresh(self, _language: str | None = None) -> None:
        """Mark the language in force; the accessible name says what the buttons do."""
        self.setAccessibleName(_("Bahasa"))
        current = i18n.current_language()
        for language, button in self.buttons.items():
            button.setChecked(language == current)
            button.setAccessibleName(f"{_('Bahasa')}: {button.text()}")

    def _on_clicked(self, language: str) -> None:
        switch_language(language)
        self.refresh()
        self.chosen.emit(language)
