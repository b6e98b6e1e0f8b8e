"""Display modes for people who see poorly: large text and high contrast, switchable from every screen.

One process-wide setting, remembered for the session: every wizard page and staff screen follows it
(ui/style.follow_display). It returns to normal when the next person starts (reset_display()).
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QObject, Signal


class DisplayMode(NamedTuple):
    """Large text and/or high contrast (both off: the normal look)."""

    large: bool = False
    contrast: bool = False


NORMAL = DisplayMode()


class DisplaySettings(QObject):
    """The current mode; `changed` tells every styled widget to restyle itself."""

    changed = Signal(object)  # DisplayMode

    def __init__(self) -> None:
        super().__init__()
        self._mode = NORMAL

    @property
    def mode(self) -> DisplayMode:
        """The mode in use."""
        return self._mode

    def set_mode(self, mode: DisplayMode) -> None:
        """Switch; widgets restyle at once."""
        if mode != self._mode:
            self._mode = mode
            self.changed.emit(mode)

    def set_large(self, on: bool) -> None:
        """Large text on or off."""
        self.set_mode(self._mode._replace(large=on))

    def set_contrast(self, on: bool) -> None:
        """High contrast on or off."""
        self.set_mode(self._mode._replace(contrast=on))


_settings: DisplaySettings | None = None


def display_settings() -> DisplaySettings:
    """The process-wide display setting (made on first use, after the QApplication)."""
    global _settings
    if _settings is None:
        _settings = DisplaySettings()
    return _settings


def current_mode() -> DisplayMode:
    """The mode in use."""
    return _settings.mode if _settings is not None else NORMAL


def reset_display() -> None:
    """Back to the normal look: the next person at the kiosk starts from it."""
    if _settings is not None:
        _settings.set_mode(NORMAL)
