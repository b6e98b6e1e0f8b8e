"""A shared PC outside kiosk mode: idle countdown and wipe, a question before closing mid-wizard; a kiosk
without an admin shows only "Kiosk belum disiapkan"."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QMessageBox

from prakerja_desktop import settings_registry
from prakerja_desktop.app import App
from prakerja_desktop.domain import flow
from tests.kiosk_gui import _close_kiosks, open_kiosk  # noqa: F401 - the autouse fixture closes the kiosks
from tests.wizard_robot import Person, Robot, wait_until
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def open_window(qtbot, data_dir: Path, idle_ms: int | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
    """An ordinary (not kiosk) window with its database open."""
    window = MainWindow(data_dir)
    window.wizard_idle_ms = idle_ms
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    with qtbot.waitSignal(window.app_ready, timeout=20_000):
        window.open_app()
    return window


def message_box(name: str) -> QMessageBox:
    """The open message box with this object name."""
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.objectName() == name
             and w.isVisible()]
    assert len(boxes) == 1
    return boxes[0]


def test_the_default_idle_time_is_five_minutes() -> None:
    assert settings_registry.spec("wizard_idle_minutes").default == 5


def test_an_idle_shared_pc_counts_down_and_wipes_keeping_the_draft(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, data_dir, idle_ms=400)
    guard = window.shared_pc
    assert guard is not None
    guard.countdown.seconds = 1
    QApplication.processEvents()
    qtbot.wait(700)
    assert not guard.countdown.counting  # Welcome with nothing typed: nobody to protect
    robot, person = Robot(window.wizard), Person()
    robot.next()
    robot.run_to(person, flow.IDENTITY)
    robot.fill(person)
    wait_until(lambda: window.wizard.draft.code is not None)
    code, old = window.wizard.draft.code, window.wizard
    qtbot.waitUntil(lambda: guard.countdown.counting, timeout=5_000)
    qtbot.waitUntil(lambda: window.wizard is not old, timeout=5_000)
    assert window.wizard.draft.step == flow.WELCOME
    assert person.nik not in " ".join(label.text() for label in window.wizard.findChildren(QLabel))
    wait_until(lambda: window.tasks.pending == 0)
    kept = window.app.drafts.resume(code)
    assert kept is not None and kept.applicant.nik == person.nik  # typed on the page, kept with consent
    window.close()


def test_closing_mid_wizard_asks_to_keep_with_the_code(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, data_dir)
    robot, person = Robot(window.wizard), Person()
    robot.next()
    robot.run_to(person, flow.CONTACT)
    wait_until(lambda: window.wizard.draft.code is not None and window.tasks.pending == 0)
    code = window.wizard.draft.code
    app = window.app
    assert window.ask_before_closing()  # what the X button or Alt+F4 does
    box = message_box("closeMidWizardBox")
    assert code in box.text()
    keep = box.findChild(QAbstractButton, "keepDraftButton")
    assert code in keep.text()
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(window) or not window.isVisible(), timeout=10_000)
    check = App.open(data_dir)
    try:
        assert check.drafts.resume(code) is not None
    finally:
        check.close()
    del app


def test_closing_mid_wizard_can_discard_or_be_cancelled(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, data_dir)
    robot, person = Robot(window.wizard), Person()
    robot.next()
    robot.run_to(person, flow.CONTACT)
    wait_until(lambda: window.wizard.draft.code is not None and window.tasks.pending == 0)
    code = window.wizard.draft.code
    assert window.ask_before_closing()
    qtbot.mouseClick(message_box("closeMidWizardBox").findChild(QAbstractButton, "cancelCloseButton"),
                     Qt.MouseButton.LeftButton)
    assert window.isVisible() and window.wizard.draft.step == flow.CONTACT
    assert window.ask_before_closing()
    qtbot.mouseClick(message_box("closeMidWizardBox").findChild(QAbstractButton, "discardDraftButton"),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    check = App.open(data_dir)
    try:
        assert check.drafts.resume(code) is None
    finally:
        check.close()


def test_welcome_does_not_ask_before_closing(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, data_dir)
    assert not window.ask_before_closing()
    window.close()


def test_a_kiosk_without_an_admin_shows_only_that_it_is_not_set_up(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.staff.first_run import FirstRunDialog

    window, controller = open_kiosk(qtbot, data_dir)
    assert window.has_staff is False
    qtbot.waitUntil(lambda: window.not_set_up_panel is not None, timeout=5_000)
    assert "Kiosk belum disiapkan" in window.not_set_up_panel.text()
    assert window.centralWidget() is window.not_set_up_panel
    assert window.wizard is None or not window.wizard.isVisible()
    assert not any(isinstance(w, FirstRunDialog) and w.isVisible() for w in QApplication.topLevelWidgets())
    controller.wipe_session()  # an idle wipe does not bring the wizard back either
    assert window.centralWidget() is window.not_set_up_panel


def test_a_kiosk_restarted_after_a_crash_without_an_admin_offers_no_set_up(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from ui.staff.first_run import FirstRunDialog

    window, _controller = open_kiosk(qtbot, data_dir, crashed_at=datetime(2026, 11, 28, 8, 0))
    qtbot.waitUntil(lambda: window.not_set_up_panel is not None, timeout=5_000)
    assert not any(isinstance(w, FirstRunDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_a_code_left_typed_on_welcome_is_wiped_too(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, data_dir, idle_ms=300)
    guard = window.shared_pc
    guard.countdown.seconds = 1
    old = window.wizard
    Robot(old).type("draftCode", "QKHYP7")
    qtbot.waitUntil(lambda: window.wizard is not old, timeout=5_000)
    assert all(edit.text() == "" for edit in window.wizard.findChildren(QLineEdit))
    window.close()


def test_an_ordinary_window_opens_maximised(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.app import _show_window

    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    _show_window(window, kiosk=False)
    qtbot.waitExposed(window)
    assert window.isMaximized()
    screen = window.screen().availableGeometry()
    qtbot.waitUntil(lambda: window.frameGeometry().width() >= screen.width() - 2, timeout=5_000)
    window.close()
