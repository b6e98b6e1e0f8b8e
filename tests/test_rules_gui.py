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


def test_admin_checks_and_loads_region_codes_then_goes_back(qtbot, app: App, admin, tasks: TaskRunner,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    from prakerja_desktop.domain import regions
    from tests.test_region_data import HEADER, office_copy

    screen = show_staff_screen(qtbot, StaffContext(app, tasks, admin), "settings", SettingsScreen, hosted=True)
    section = screen.rules
    click(section.open_button)
    panel = section.regions
    qtbot.waitUntil(lambda: clipped_texts(panel) == [], timeout=5_000)
    assert small_targets(panel) == [] and unnamed_controls(panel) == []
    assert "kepmendagri-300.2.2-2138-2025+2430 (bawaan program)" in panel.summary.text()
    assert "7285 kecamatan" in panel.summary.text() and not panel.shipped_button.isVisible()

    broken = tmp_path / "rusak.csv"
    broken.write_text(HEADER + "35;Jawa Timur\n35.08.20;Ranuyoso\n", encoding="utf-8")
    panel.check_file(broken)
    qtbot.waitUntil(lambda: "Baris 4:" in panel.feedback.text(), timeout=10_000)
    assert "Tidak ada yang berubah." in panel.feedback.text() and not panel.import_button.isEnabled()

    try:
        panel.check_file(office_copy(tmp_path))
        qtbot.waitUntil(panel.import_button.isEnabled, timeout=10_000)
        assert "kode baru: 1" in panel.differences.text() and "350899" in panel.differences.text()
        assert regions.data_version() != "uji-kantor"  # checking changed nothing
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        panel.grab().save(str(SCREENSHOTS / "settings_regions_checked.png"))
        click(panel.import_button)
        qtbot.waitUntil(lambda: "uji-kantor" in panel.feedback.text(), timeout=10_000)
        assert regions.data_version() == "uji-kantor" and "dimuat kantor" in panel.summary.text()
        assert panel.shipped_button.isVisible()
        click(panel.shipped_button)
        qtbot.waitUntil(lambda: "bawaan program" in panel.summary.text(), timeout=10_000)
        assert regions.data_version() == "kepmendagri-300.2.2-2138-2025+2430"
    finally:
        regions.use_data(None)
