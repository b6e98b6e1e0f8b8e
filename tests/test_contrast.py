"""WCAG 2.2 AA contrast of our own look, computed from the colours the style sheets really use, in all four
display modes: text 4.5:1, control boundaries and the focus ring 3:1 against what they touch."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ui.display import DisplayMode
from ui.style import PALETTES, palette, styled

MODES = [DisplayMode(False, False), DisplayMode(True, False), DisplayMode(False, True), DisplayMode(True, True)]
HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")

# (foreground, background): text read on that background.
TEXT_PAIRS = [
    ("ink", "page"), ("ink", "surface"), ("ink", "hover"), ("ink", "pressed"), ("muted", "page"),
    ("on_primary", "primary"), ("on_focus", "focus"), ("ink", "focus_field"), ("ink", "banner"),
    ("error", "page"), ("warning", "page"), ("info", "page"), ("error", "surface"), ("warning", "surface"),
    ("ink", "tint"), ("muted", "tint"), ("ink", "mark"), ("on_primary", "error"),
]
# (boundary, what it touches): a control's edge, the focus ring, a chosen option's fill.
CONTROL_PAIRS = [
    ("control", "page"), ("control", "surface"), ("focus_ring", "page"), ("focus_ring", "surface"),
    ("focus_ring", "focus"), ("focus_ring", "focus_field"), ("primary", "page"), ("primary", "surface"),
    ("primary", "tint"), ("success", "page"), ("error", "surface"), ("banner_border", "banner"),
    ("warning", "banner"),
]
# Colours that are not the look's and why: data colours and a camera's picture, the same in both modes.
OWN_COLOURS = {
    "ui/staff/dashboard_charts.py": "colour-blind-safe (Okabe-Ito) bar colours, each bar labelled with its number",
    "ui/photo/practice.py": "the camera picture's dark frame (white on #222, 15.9:1) in every mode",
}
ROOT = Path(__file__).resolve().parent.parent


def every_sheet() -> str:
    """Every style sheet of ui/ (module constants passed to follow_display), joined."""
    from ui.kiosk.overlay import OVERLAY_QSS  # the kiosk's countdown and PIN pad, seen by the public
    from ui.main_window import MAIN_WINDOW_QSS, RESCUE_BANNER_QSS
    from ui.receipts.preview import PREVIEW_STYLE
    from ui.staff.common import STAFF_QSS
    from ui.staff.dashboard import DASHBOARD_QSS
    from ui.staff.receipt_check import RESULT_QSS
    from ui.staff.records import RECORDS_QSS
    from ui.wizard.done import PAGE_STYLE
    from ui.wizard.save_later import SAVE_LATER_QSS

    return "\n".join((OVERLAY_QSS, MAIN_WINDOW_QSS, PREVIEW_STYLE, STAFF_QSS, DASHBOARD_QSS, RESULT_QSS,
                      RECORDS_QSS, PAGE_STYLE, SAVE_LATER_QSS, RESCUE_BANNER_QSS))


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.2) of #rgb or #rrggbb."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(one: str, two: str) -> float:
    """The contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_ratio_formula_matches_known_values() -> None:
    assert ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-failing grey


@pytest.mark.parametrize("mode", MODES, ids=["normal", "large", "contrast", "large+contrast"])
def test_the_sheet_uses_only_palette_colours(mode: DisplayMode) -> None:
    sheet = styled(every_sheet(), mode)
    assert "@" not in sheet.replace("@IMAGES@", "")  # every token filled
    used = {c.lower() for c in HEX.findall(sheet)}
    assert used <= {c.lower() for c in palette(mode).values()}, used - set(palette(mode).values())


@pytest.mark.parametrize("mode", MODES, ids=["normal", "large", "contrast", "large+contrast"])
def test_text_reaches_4_5_and_controls_3(mode: DisplayMode) -> None:
    colours = palette(mode)
    low_text = [(f, b, round(ratio(colours[f], colours[b]), 2)) for f, b in TEXT_PAIRS
                if ratio(colours[f], colours[b]) < 4.5]
    low_controls = [(f, b, round(ratio(colours[f], colours[b]), 2)) for f, b in CONTROL_PAIRS
                    if ratio(colours[f], colours[b]) < 3.0]
    assert not low_text and not low_controls


def test_both_palettes_name_the_same_tokens() -> None:
    assert PALETTES[False].keys() == PALETTES[True].keys()


def test_no_colour_is_written_outside_the_palette() -> None:
    """A colour written into a screen's code would not follow high contrast: every colour is a palette token
    (@primary@ in a sheet, palette(mode)["mark"] in code), apart from the few listed with their reason."""
    found = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name == "ui/style.py" or name in OWN_COLOURS:
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{name}: {colour}" for colour in HEX.findall(text)]
        found += [f"{name}: {word}" for word in re.findall(r"color:\s*(white|black)\b", text)]
    assert not found
    assert all((ROOT / name).exists() for name in OWN_COLOURS)  # an exception names a real file
