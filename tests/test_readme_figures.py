"""README.md's figures for a person's way through the wizard are the robot's, not a guess from last month.

The robot's standard applicant (tests/wizard_robot.py, counted the same way by bench/wizard.py) goes
through the wizard here; the README's "N screens with M touches: T button taps (X of them Next …) and F
text fields" must match what it did, and every screenshot the README shows must exist.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from prakerja_desktop import photo
from prakerja_desktop.domain import flow
from tests.wizard_robot import Person, Robot, wait_until
from ui.wizard.host import WizardHost

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def stated() -> dict[str, int]:
    """The counts README.md states for the standard applicant."""
    found = re.search(r"\*\*(\d+) screens with (\d+) touches\*\*: (\d+) button taps\s+\((\d+) of them Next.*?"
                      r"(\d+) text fields", README, re.S)
    assert found, "README.md no longer states the standard applicant's screens and taps"
    screens, touches, taps, nexts, fields = (int(n) for n in found.groups())
    assert touches == taps + fields, "README.md's touches are not its taps plus its fields"
    return {"screens": screens, "taps": taps, "nexts": nexts, "fields": fields}


def test_the_readme_counts_the_screens_and_taps_the_robot_needs(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = WizardHost(wizard_context)
    qtbot.addWidget(host)
    host.resize(1024, 768)
    host.show()
    host.start()
    robot, person = Robot(host), Person()
    screens, nexts = 1, 0
    while host.draft.step != flow.DONE:
        robot.fill(person)
        wait_until(lambda: wizard_context.tasks.pending == 0)
        robot.next()
        nexts += 1
        screens += 1
    counted = {"screens": screens, "taps": robot.taps, "nexts": nexts, "fields": robot.fields_typed}
    expected = stated()
    if not photo.library_available():  # no OpenCV here: the README says one screen and one Next fewer
        expected = {**expected, "screens": expected["screens"] - 1, "taps": expected["taps"] - 1,
                    "nexts": expected["nexts"] - 1}
    assert counted == expected


def test_every_screenshot_the_readme_shows_exists() -> None:
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)
    assert len(pictures) >= 4, pictures
    missing = [p for p in pictures if not (ROOT / p).is_file()]
    assert not missing, missing
