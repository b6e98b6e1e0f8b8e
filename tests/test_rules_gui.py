"""Pengaturan kantor: an admin sets the registration status, checks and imports a rule file, switches back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from prakerja_desktop.app import App
from tests.screen_checks import clipped_texts, layout_settled, small_targets, unnamed_controls
from tests.staff_gui import show_staff_screen
from tests.test_rule_book import lowered_copy
from ui.staff.context import StaffContext
from ui.staff.settings_screen import SettingsScreen
from ui.tasks import TaskRunner

pytestmark = pytest.mark.gui
SCREENSHOTS = Path(__file__).resolve().parent.parent / "out" / "screenshots"


def click(widget) -> None:  # type: ignore[no-untyped-def]
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_admin_imports_a_rule_file_and_switches_back(qtbot, app: App, admin, tasks: TaskRunner,  # type: ignore[no-untyped-def]
                                                     tmp_path: Path) -> None:
    screen = show_staff_screen(qtbot, StaffContext(app, tasks, admin), "settings", SettingsScreen, hosted=True)
    section = screen.rules
    assert "belum dibuka" in section.summary.text() and "2023" in section.summary.text()
    click(section.open_button)
    assert section.details.isVisible()
    # The word-wrapped labels beside the fields take a few layout passes (height for width, through the
    # scroll area) to get their height: wait for the layout to settle, then nothing may stay cut off.
    layout_settled(qtbot, section)
    assert small_targets(section) == [] and unnamed_controls(section) == [] and clipped_texts(section) == []
    assert "\u25b6 2023:" in section.sets_label.text()
    assert section.status.value() == "closed"

    broken = lowered_copy(tmp_path, name="rusak.toml")
    broken.write_text(broken.read_text(encoding="utf-8").replace('type = "kk_limit"', 'type = "kk"'), encoding="utf-8")
    section.check_file(broken)
    qtbot.waitUntil(lambda: "baris" in section.rules_feedback.text(), timeout=10_000)
    assert "rusak.toml, baris" in section.rules_feedback.text() and "Tidak ada yang berubah." in section.rules_feedback.text()
    assert not section.import_button.isEnabled()

    section.check_file(lowered_copy(tmp_path))
    qtbot.waitUntil(section.import_button.isEnabled, timeout=10_000)
    assert "umur 18 sampai 64 \u2192 umur 18 sampai 60" in section.differences.text()
    assert app.rule_set.id == "2023"  # checking changed nothing
    click(section.import_button)
    qtbot.waitUntil(lambda: "Berlaku sekarang: 2023-uji" in section.rules_feedback.text(), timeout=10_000)
    assert app.rule_set.id == "2023-uji" and "\u25b6 2023-uji:" in section.sets_label.text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    section.grab().save(str(SCREENSHOTS / "settings_rules.png"))

    click(section.choice.button("2023"))
    click(section.use_button)
    qtbot.waitUntil(lambda: "Berlaku sekarang: 2023" in section.rules_feedback.text()
                    and "2023-uji" not in section.rules_feedback.text(), timeout=10_000)
    assert app.rule_set.id == "2023"


def test_admin_opens_registration_with_a_wave(qtbot, app: App, admin, tasks: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    screen = show_staff_screen(qtbot, StaffContext(app, tasks, admin), "settings", SettingsScreen, hosted=True)
    section = screen.rules
    click(section.open_button)
    click(section.status.button("open"))
    QTest.keyClicks(section.wave, "72")
    QTest.keyClicks(section.until, "1-3-2027")
    click(section.save_status)
    assert "TTTT-BB-HH" in section.status_feedback.text() and not app.rules.registration().open
    section.until.clear()
    QTest.keyClicks(section.until, "2027-03-01")
    click(section.save_status)
    qtbot.waitUntil(lambda: "gelombang 72" in section.status_feedback.text(), timeout=10_000)
    assert app.rules.registration().open and app.rules.registration().wave == 72
