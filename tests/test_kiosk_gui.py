"""Kiosk mode with real widgets: the window cannot be left without the PIN; staff settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from prakerja_desktop.app import App
from prakerja_desktop.kiosk import mode as kiosk
from tests.conftest import ROOT
from tests.kiosk_gui import OPEN, PIN, _close_kiosks, kiosk_window_fixture, open_kiosk, press_pin  # noqa: F401 - fixtures
from ui.kiosk.controller import KioskController
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui
SCREENSHOTS = ROOT / "out" / "screenshots"


class KeyRecorder(QObject):
    """Notes the keys that reach a widget."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[int] = []

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        modifiers = (Qt.Key.Key_Alt, Qt.Key.Key_Control, Qt.Key.Key_Shift)
        if event.type() == QEvent.Type.KeyPress and event.key() not in modifiers:  # type: ignore[attr-defined]
            self.keys.append(event.key())  # type: ignore[attr-defined]
        return False



def test_the_kiosk_window_is_fullscreen_frameless_and_refuses_to_close(qtbot, kiosk_window) -> None:  # type: ignore[no-untyped-def]
    window, controller = kiosk_window
    assert window.isFullScreen()
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert not window.staff_bar.isVisible()  # no "Petugas" button for the public
    assert window.close() is False
    assert window.windowHandle().close() is False  # what the window manager's close button does
    assert window.isVisible() and controller.guard.blocked.count("close") == 2
    window.showNormal()  # the desktop tries to take it out of fullscreen
    qtbot.waitUntil(window.isFullScreen, timeout=5_000)


def test_alt_f4_and_escape_never_reach_the_window(qtbot, kiosk_window) -> None:  # type: ignore[no-untyped-def]
    window, controller = kiosk_window
    edit = window.wizard.current_page().findChild(QLineEdit, "draftCode")
    recorder = KeyRecorder()
    edit.installEventFilter(recorder)
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(edit, Qt.Key.Key_Escape)
    QTest.keyClick(edit, Qt.Key.Key_A)  # ordinary keys still arrive
    assert recorder.keys == [Qt.Key.Key_A]
    assert edit.text() == "a"
    assert {"alt+f4", "escape"} <= set(controller.guard.blocked)
    assert window.isVisible() and window.isFullScreen()
    edit.removeEventFilter(recorder)


def test_wrong_pin_keeps_the_kiosk_and_is_counted_right_pin_lets_staff_quit(qtbot, kiosk_window,  # type: ignore[no-untyped-def]
                                                                           app: App) -> None:
    window, controller = kiosk_window
    QTest.keyClick(window.wizard.next_button, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(controller.pin.isVisible, timeout=5_000)
    assert controller.pin.pin_edit.echoMode() == QLineEdit.EchoMode.Password
    press_pin(qtbot, controller, "135790")
    qtbot.waitUntil(lambda: controller.pin.feedback.text() == "PIN salah.", timeout=10_000)
    assert controller.pin.pages.currentIndex() == 0 and controller.pin.pin_edit.text() == ""
    assert kiosk.pin_failures(app) == 1
    assert window.close() is False and window.isVisible()
    press_pin(qtbot, controller, PIN)
    qtbot.waitUntil(lambda: controller.pin.pages.currentIndex() == 1, timeout=10_000)
    assert kiosk.pin_failures(app) == 0
    assert controller.pin.login_button.isVisible() and controller.pin.quit_button.isVisible()
    with qtbot.waitSignal(controller.quit_requested, timeout=5_000) as quit_signal:
        qtbot.mouseClick(controller.pin.quit_button, Qt.MouseButton.LeftButton)
    assert quit_signal.args == [0]
    assert not window.isVisible() and window.app is None  # closed, database closed
    with app.db.read() as session:
        from sqlalchemy import select

        from prakerja_desktop.storage.models import AuditEvent

        actions = [a for (a,) in session.execute(select(AuditEvent.action))]
    assert actions.count("kiosk.pin_failed") == 1 and "kiosk.unlocked" in actions and "kiosk.quit" in actions


def test_a_long_press_in_the_corner_opens_the_pin_pad_a_short_one_does_not(qtbot, kiosk_window) -> None:  # type: ignore[no-untyped-def]
    window, controller = kiosk_window
    corner = window.centralWidget()
    qtbot.mouseClick(corner, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    qtbot.wait(600)  # twice the hold time: a tap is not the gesture
    assert not controller.pin.isVisible()
    qtbot.mousePress(corner, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    qtbot.waitUntil(controller.pin.isVisible, timeout=5_000)
    qtbot.mouseRelease(corner, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    qtbot.mouseClick(controller.pin.cancel_button, Qt.MouseButton.LeftButton)
    assert not controller.pin.isVisible() and window.isFullScreen()


def test_the_pin_locks_after_five_wrong_tries(qtbot, kiosk_window, app: App) -> None:  # type: ignore[no-untyped-def]
    window, controller = kiosk_window
    controller.guard.staff_gesture.emit()
    qtbot.waitUntil(controller.pin.isVisible, timeout=5_000)
    for attempt in range(5):
        press_pin(qtbot, controller, "111222")
        qtbot.waitUntil(lambda: bool(controller.pin.feedback.text()) and controller.pin.keys["ok"].isEnabled(),
                        timeout=10_000)
        if attempt < 4:
            controller.pin.feedback.clear()
    assert "Terlalu banyak" in controller.pin.feedback.text()
    controller.pin.feedback.clear()
    press_pin(qtbot, controller, PIN)  # even the right PIN waits out the lock
    qtbot.waitUntil(lambda: "Terlalu banyak" in controller.pin.feedback.text(), timeout=10_000)
    assert controller.pin.pages.currentIndex() == 0 and window.isVisible()


def test_screenshots_of_the_countdown_and_the_pin_pad(qtbot, data_dir: Path, app: App, admin) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    controller = KioskController(window, idle_ms=60_000, countdown_seconds=30)
    window.resize(1024, 768)
    window.staff_bar.setVisible(False)  # as in kiosk mode
    window.show()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    controller.countdown.begin()
    qtbot.wait(50)
    assert window.grab().save(str(SCREENSHOTS / "kiosk_countdown.png"))
    controller.countdown.cancel()
    controller.pin.ask_pin()
    controller.pin.pin_edit.setText("2468")
    controller.pin.feedback.setText("PIN salah.")
    qtbot.wait(50)
    assert window.grab().save(str(SCREENSHOTS / "kiosk_pin.png"))
    controller.pin.show_menu()
    qtbot.wait(50)
    assert controller.pin.card.height() < 600  # sized to the menu, not to the PIN pad
    assert window.grab().save(str(SCREENSHOTS / "kiosk_menu.png"))
    controller.pin.close_pad()
    window.close()


def test_without_a_pin_staff_use_their_account_set_the_pin_and_quit_from_the_staff_area(  # type: ignore[no-untyped-def]
        qtbot, data_dir: Path, app: App, admin) -> None:
    from prakerja_desktop.staff import accounts as staff_accounts
    from tests.test_staff_shell import click, log_in, shoot, type_into
    from ui.staff.login import LoginDialog
    from ui.staff.settings_screen import SettingsScreen

    staff_accounts.save_office(app, {"name": "Disnaker Kabupaten Lumajang", "regency_code": "3508",
                                          "timezone": "WIB", "receipt_layout": "a4"}, admin)
    window, controller = open_kiosk(qtbot, data_dir)
    controller.guard.staff_gesture.emit()  # no kiosk PIN yet: the staff login instead of the pad
    qtbot.waitUntil(lambda: window.findChild(LoginDialog) is not None and window.findChild(LoginDialog).isVisible(),
                    timeout=10_000)
    assert not controller.pin.isVisible()
    log_in(qtbot, window, "admin", "rahasia-123")
    assert window.staff_area is not None and not controller.idle.running
    click(qtbot, window.staff_area.nav_buttons["settings"])
    screen = window.staff_area.findChild(SettingsScreen)
    section = screen.kiosk_section
    qtbot.waitUntil(lambda: screen.loaded and section.loaded, timeout=10_000)
    assert section.enabled_choice.value() == "off" and "Belum diatur" in section.pin_status.text()
    click(qtbot, section.enabled_choice.button("on"))
    click(qtbot, section.idle_choice.button("120"))
    type_into(qtbot, section, "kioskNewPin", "13579")  # too short: refused with a reason
    type_into(qtbot, section, "kioskRepeatPin", "13579")
    click(qtbot, screen.save_button)
    assert "6 sampai 12" in screen.feedback.text()
    type_into(qtbot, section, "kioskNewPin", PIN)
    type_into(qtbot, section, "kioskRepeatPin", PIN)
    click(qtbot, screen.save_button)
    qtbot.waitUntil(lambda: "tersimpan" in screen.feedback.text(), timeout=10_000)
    qtbot.waitUntil(lambda: "Sudah diatur" in section.pin_status.text(), timeout=10_000)
    assert section.pin_edit.text() == "" and section.repeat_edit.text() == ""
    assert kiosk.kiosk_settings(app) == kiosk.KioskSettings(True, 120, True)
    assert kiosk.check_pin(app, PIN).ok
    from PySide6.QtWidgets import QScrollArea

    screen.findChild(QScrollArea).ensureWidgetVisible(section.repeat_edit)
    shoot(window, "settings_kiosk")
    # A logged-in staff member gets the menu at once, without "Masuk petugas".
    QTest.keyClick(screen, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(controller.pin.isVisible, timeout=5_000)
    assert controller.pin.pages.currentIndex() == 1 and not controller.pin.login_button.isVisible()
    click(qtbot, controller.pin.menu_cancel_button)
    click(qtbot, window.staff_area.logout_button)
    qtbot.waitUntil(lambda: window.staff_area is None, timeout=5_000)
    assert not window.staff_bar.isVisible() and window.isFullScreen() and controller.idle.running
    controller.release()
    window.close()


def test_the_kiosk_setting_turns_a_plain_start_into_a_kiosk(qtbot, data_dir: Path, app: App,  # type: ignore[no-untyped-def]
                                                           admin) -> None:
    from prakerja_desktop.domain.applicant import Draft
    from ui.kiosk.launch import follow_kiosk_setting

    kiosk.save_kiosk_settings(app, True, 60, admin, PIN, PIN)
    left_open = Draft()
    left_open.step = "contact"
    left_open.applicant.consent.store_record = True
    app.drafts.save(left_open)  # a staff laptop would offer it; a kiosk must not
    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    window.show()
    follow_kiosk_setting(window)
    with qtbot.waitSignal(window.app_ready, timeout=20_000):
        window.open_app()
    qtbot.waitUntil(lambda: getattr(window, "kiosk", None) is not None, timeout=10_000)
    controller = window.kiosk
    OPEN.append((window, controller))
    assert controller.active and window.isFullScreen() and not window.staff_bar.isVisible()
    qtbot.waitUntil(lambda: controller.idle.timeout_ms == 60_000, timeout=10_000)  # the office's idle time
    assert window.close() is False
    qtbot.waitUntil(lambda: window.tasks.pending == 0, timeout=10_000)
    assert not window.wizard.current_page().offer_button.isVisible()


def test_a_kiosk_whose_database_cannot_be_opened_can_be_closed(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                postgres_run: bool) -> None:
    from PySide6.QtWidgets import QMessageBox

    folder = tmp_path / "corrupt"
    folder.mkdir()
    (folder / "prakerja.sqlite3").write_bytes(b"garbage" * 500)
    # SQLite: a damaged file. PostgreSQL: an office server that cannot be reached (nothing listens on port 1).
    window = MainWindow(folder, "postgresql://prakerja@127.0.0.1:1/prakerja" if postgres_run else None)
    qtbot.addWidget(window)
    controller = KioskController(window)
    OPEN.append((window, controller))
    controller.activate()
    assert window.close() is False
    with qtbot.waitSignal(window.app_failed, timeout=20_000):
        window.open_app()
    assert not controller.active
    window.findChild(QMessageBox, "open_failed_box").close()
    assert window.close() is True
