"""The look: one stylesheet in resources/styles, big and calm, in the display mode chosen (ui/display.py).

The sheets name their colours as tokens (@ink@, @primary@…) filled from PALETTES: one palette for the
normal look, one for high contrast, so tests/test_contrast.py computes the WCAG ratios of the colours
really drawn. Large text scales every font size of a sheet; high contrast appends
resources/styles/contrast.qss to every sheet, so it wins over page-level colours. Widgets that set a sheet
use follow_display(), which restyles them when the mode changes.
"""

from __future__ import annotations

import functools
import re

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from prakerja_desktop.paths import resources_dir
from ui.display import DisplayMode, current_mode, display_settings

LARGE_TEXT_SCALE = 1.4  # 18 px body text becomes 25 px, headings 30 → 42 px
_FONT_SIZE = re.compile(r"font-size:\s*(\d+)px")
_TOKEN = re.compile(r"@([a-z_]+)@")

# The colours of the two looks. Text pairs reach 4.5:1 and control boundaries and the focus ring 3:1
# (WCAG 2.2 AA), checked by tests/test_contrast.py. The focus is GOV.UK's: yellow fill, near-black frame.
PALETTES: dict[bool, dict[str, str]] = {
    False: {  # normal
        "ink": "#0b0c0c", "muted": "#454b52", "page": "#ffffff", "surface": "#ffffff",
        "control": "#5f6b7a", "hover": "#e8eef6", "pressed": "#d2deeb", "disabled": "#5f6670",
        "primary": "#1d5fa8", "on_primary": "#ffffff",
        "focus": "#ffdd00", "on_focus": "#0b0c0c", "focus_ring": "#0b0c0c", "focus_field": "#ffffff",
        "error": "#a40000", "warning": "#7a4b00", "info": "#1d4a7a",
        "banner": "#fff4ce", "banner_border": "#8a6d00",
        "tint": "#eef4fb", "mark": "#fff1c2", "success": "#1b7a33",
    },
    True: {  # high contrast
        "ink": "#ffffff", "muted": "#ffffff", "page": "#000000", "surface": "#000000",
        "control": "#ffffff", "hover": "#1c1c1c", "pressed": "#333333", "disabled": "#a8a8a8",
        "primary": "#ffd800", "on_primary": "#000000",
        "focus": "#000000", "on_focus": "#ffd800", "focus_ring": "#ffd800", "focus_field": "#000000",
        "error": "#ff9d9d", "warning": "#ffd800", "info": "#9ddcff",
        "banner": "#000000", "banner_border": "#ffd800",
        "tint": "#000000", "mark": "#333333", "success": "#8fe39a",
    },
}


def palette(mode: DisplayMode) -> dict[str, str]:
    """The colour tokens of a display mode."""
    return PALETTES[mode.contrast]


def fill_tokens(sheet: str, colours: dict[str, str]) -> str:
    """Every @token@ of a sheet replaced by its colour (an unknown token is a bug: KeyError)."""
    return _TOKEN.sub(lambda m: colours[m.group(1)], sheet)


@functools.cache
def _read(name: str) -> str:
    return (resources_dir() / "styles" / name).read_text(encoding="utf-8")


def scale_fonts(sheet: str, factor: float) -> str:
    """Every `font-size: Npx` in a sheet multiplied by factor."""
    return _FONT_SIZE.sub(lambda m: f"font-size: {round(int(m.group(1)) * factor)}px", sheet)


@functools.cache
def styled(extra: str = "", mode: DisplayMode | None = None, *, base: bool = True) -> str:
    """The base sheet (unless base=False) plus `extra`, in a display mode (default: the current one)."""
    mode = mode or current_mode()
    sheet = (_read("app.qss") if base else "") + extra
    if mode.large:
        sheet = scale_fonts(sheet, LARGE_TEXT_SCALE)
    if mode.contrast:
        sheet += "\n" + _read("contrast.qss").replace("@IMAGES@", (resources_dir() / "images").as_posix())
    return fill_tokens(sheet, palette(mode))


def load_stylesheet() -> str:
    """The application's Qt stylesheet in the current display mode."""
    return styled("")


class _StyleFollower(QObject):
    """A child of the styled widget: restyles it on a mode change, and dies with it."""

    def __init__(self, widget: QWidget, extra: str, base: bool) -> None:
        super().__init__(widget)  # the widget is found as the parent: no Python reference cycle
        self.setObjectName("styleFollower")
        self._extra, self._base = extra, base
        display_settings().changed.connect(self.restyle)

    def restyle(self, mode: DisplayMode | None = None) -> None:
        """Apply the sheet for the mode."""
        widget = self.parent()
        if isinstance(widget, QWidget):
            widget.setStyleSheet(styled(self._extra, mode or current_mode(), base=self._base))


def follow_display(widget: QWidget, extra: str = "", *, base: bool = True) -> None:
    """Style a widget with the base sheet (unless base=False) and `extra`, now and after every mode change.

    `extra` must use selectors ("QLabel#x { … }"): the contrast rules are appended to it.
    """
    _StyleFollower(widget, extra, base).restyle()
