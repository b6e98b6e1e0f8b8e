"""The on-screen keyboard: number fields ask for digits, and the typed field is never under the keyboard.

The real Qt Virtual Keyboard runs in a child process (Qt reads QT_IM_MODULE once per process); the
room-making logic is also tested here in-process with a keyboard rectangle like the real one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QLabel, QWidget

from prakerja_desktop.domain import flow
from tests.conftest import ROOT
from tests.wizard_robot import Person, Robot
from ui.keyboard import KeyboardRoom, overlap, scroll_needed
from ui.wizard.host import WizardHost

pytestmark = pytest.mark.gui


def open_step(qtbot, wizard_context, step: str, size: tuple[int, int] = (1024, 768)) -> WizardHost:  # type: ignore[no-untyped-def]
    host = WizardHost(wizard_context)
    qtbot.addWidget(host)
    host.resize(*size)
    host.show()
    host.start()
    robot = Robot(host)
    robot.next()
    robot.run_to(Person(), step)
    robot.fill(Person())
    return host


def test_number_fields_ask_the_keyboard_for_digits(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_step(qtbot, wizard_context, flow.IDENTITY)
    assert host.current_page().nik_edit.inputMethodHints() & Qt.InputMethodHint.ImhDigitsOnly
    Robot(host).next()
    Robot(host).next()  # past the optional photo practice
    assert host.current_page().kk_edit.inputMethodHints() & Qt.InputMethodHint.ImhDigitsOnly
    Robot(host).fill(Person())
    Robot(host).next()
    assert host.current_page().phone_edit.inputMethodHints() & Qt.InputMethodHint.ImhDialableCharactersOnly


def test_geometry_helpers() -> None:
    assert overlap(QRect(0, 100, 800, 600), QRect(0, 550, 800, 250)) == 150
    assert overlap(QRect(0, 100, 800, 400), QRect(0, 550, 800, 250)) == 0
    assert scroll_needed(QRect(0, 500, 100, 50), visible_bottom=520, gap=10) == 39
    assert scroll_needed(QRect(0, 100, 100, 50), visible_bottom=520) == 0


def test_the_focused_field_is_scrolled_above_a_keyboard(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_step(qtbot, wizard_context, flow.CONTACT)
    scroll = host._scrolls[flow.CONTACT]
    scroll.verticalScrollBar().setValue(0)
    edit = host.current_page().email_edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    viewport = scroll.viewport()
    top_left = viewport.mapToGlobal(viewport.rect().topLeft())
    keyboard = QRect(top_left.x(), top_left.y() + viewport.height() - 300, viewport.width(), 300)
    assert edit.mapToGlobal(edit.rect().bottomLeft()).y() >= keyboard.top()  # covered at first
    room = KeyboardRoom(host, lambda: scroll)
    assert room.adjust(keyboard) > 0
    assert edit.mapToGlobal(edit.rect().bottomLeft()).y() < keyboard.top()
    assert room.adjust(QRect()) == 0  # the keyboard went away: the extra room goes too
    assert host.current_page().contentsMargins().bottom() == 0


def test_the_real_keyboard_is_indonesian_and_never_covers_the_field(data_dir: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.pop("QT_IM_MODULE", None)
    run = subprocess.run([sys.executable, "-m", "tests.keyboard_child", str(data_dir), flow.CONTACT, "emailEdit"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    assert run.returncode == 0 and lines, run.stderr[-2000:]
    seen = json.loads(lines[-1])
    assert seen["locale"] == "id_ID"
    keyboard_top = seen["keyboard"][1]
    assert seen["keyboard"][3] > 0
    before_bottom = seen["before"][1] + seen["before"][3]
    after_bottom = seen["after"][1] + seen["after"][3]
    assert before_bottom > keyboard_top, "the field should start under the keyboard for this test to mean much"
    assert after_bottom <= keyboard_top


@pytest.mark.sqlite_only("read from the SQLite file before Qt starts; the next test covers an office server")
def test_an_admin_switches_the_keyboard_on_in_the_settings_screen(qtbot, app, admin, tasks, data_dir) -> None:  # type: ignore[no-untyped-def]
    from prakerja_desktop import onscreen_keyboard
    from tests.staff_gui import show_staff_screen
    from ui.staff.context import StaffContext
    from ui.staff.settings_screen import SettingsScreen

    screen = show_staff_screen(qtbot, StaffContext(app, tasks, admin), "settings", SettingsScreen)
    row = screen.findChild(QWidget, "keyboardSetting")
    qtbot.waitUntil(row.choice.isEnabled, timeout=10_000)
    assert row.choice.answer() is False
    Robot.click(None, row.choice.button("yes"))  # type: ignore[arg-type]
    qtbot.waitUntil(row.feedback.isVisible, timeout=10_000)
    assert onscreen_keyboard.wanted_at_start(data_dir) is True


@pytest.mark.postgres_only("the office server in force")
def test_on_an_office_server_the_settings_screen_says_each_pc_chooses(qtbot, app, admin, tasks) -> None:  # type: ignore[no-untyped-def]
    from tests.staff_gui import show_staff_screen
    from ui.staff.context import StaffContext
    from ui.staff.settings_screen import SettingsScreen

    screen = show_staff_screen(qtbot, StaffContext(app, tasks, admin), "settings", SettingsScreen)
    row = screen.findChild(QWidget, "keyboardSetting")
    assert not row.choice.isVisible()
    note = row.findChild(QLabel, "keyboardServerNote")
    assert note is not None and note.isVisible() and "PRAKERJA_ONSCREEN_KEYBOARD=1" in note.text()
