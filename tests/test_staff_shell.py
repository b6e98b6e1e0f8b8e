"""The staff shell, clicked and typed like a person: first run, login, lockout, accounts, settings, idle."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QLineEdit, QWidget

from prakerja_desktop.app import App
from prakerja_desktop.domain import flow
from prakerja_desktop.staff import accounts as staff_accounts
from tests.conftest import ROOT
from tests.wizard_robot import TODAY, Person, Robot, wait_until
from ui.main_window import MainWindow
from ui.staff.accounts import AccountsScreen
from ui.staff.assist import AssistScreen
from ui.staff.first_run import FirstRunDialog
from ui.staff.idle import IdleWatcher
from ui.staff.login import LoginDialog
from ui.staff.settings_screen import SettingsScreen
from ui.staff.window import StaffArea
from ui.wizard.address import RegionCombo

pytestmark = pytest.mark.gui
SHOTS = ROOT / "out" / "screenshots"
ADMIN_SECRET = "rahasia-123"
STAFF_SECRET = "654321"
OPEN_WINDOWS: list[MainWindow] = []


def seed_accounts(data_dir: Path) -> None:
    """An admin (Siti Rahma) and a staff member (Rina Wati)."""
    app = App.open(data_dir)
    admin = app.staff.create("admin", "Siti Rahma", "admin", ADMIN_SECRET)
    app.staff.create("rina", "Rina Wati", "staff", STAFF_SECRET, by=admin)
    app.close()


@pytest.fixture(autouse=True)
def _close_windows() -> Iterator[None]:
    """Close every window a test opened (closing stops its worker thread and database)."""
    yield
    while OPEN_WINDOWS:
        OPEN_WINDOWS.pop().close()


def open_window(qtbot, data_dir: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """The main window at 1024×768 with its database open and the staff check done."""
    window = MainWindow(data_dir)
    OPEN_WINDOWS.append(window)
    window.context.today = lambda: TODAY
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    with qtbot.waitSignal(window.app_ready, timeout=20_000):
        window.open_app()
    qtbot.waitUntil(lambda: window.has_staff is not None, timeout=10_000)
    return window


def click(qtbot, button: QAbstractButton) -> None:  # type: ignore[no-untyped-def]
    """Touch a button."""
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, parent: QWidget, name: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Clear a field found by object name and type into it key by key."""
    edit = parent.findChild(QLineEdit, name)
    assert edit is not None, name
    edit.setFocus()
    edit.clear()
    qtbot.keyClicks(edit, text)


def choose_place(qtbot, combo: RegionCombo, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type part of a place name, then pick it from the list that appears."""
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), text)
    popup = combo.completer().popup()
    names = [popup.model().index(row, 0).data() for row in range(popup.model().rowCount())]
    wanted = next(row for row, name in enumerate(names) if name.casefold() == text.casefold())
    for _step in range(wanted + 1):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)


def button(parent: QWidget, name: str) -> QAbstractButton:
    """A button by object name."""
    found = parent.findChild(QAbstractButton, name)
    assert found is not None, name
    return found


def shoot(widget: QWidget, name: str) -> None:
    """Save what the widget shows at 1024×768."""
    for _round in range(3):
        QApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SHOTS / f"staff_{name}.png"))


def log_in(qtbot, window: MainWindow, username: str, secret: str) -> LoginDialog:  # type: ignore[no-untyped-def]
    """Touch "Petugas", type the user name and password, touch "Masuk"; returns the dialog."""
    if window.findChild(LoginDialog) is None or not window.findChild(LoginDialog).isVisible():
        click(qtbot, window.staff_button)
    dialog = window.findChild(LoginDialog)
    qtbot.waitUntil(dialog.isVisible)
    type_into(qtbot, dialog, "loginUsername", username)
    type_into(qtbot, dialog, "loginSecret", secret)
    click(qtbot, dialog.login_button)
    qtbot.waitUntil(lambda: window.staff_area is not None or dialog.feedback.isVisible()
                    and dialog.login_button.isEnabled(), timeout=10_000)
    return dialog


def test_first_run_sets_up_the_office_and_the_first_admin(qtbot, data_dir: Path, tmp_path: Path,
                                                         postgres_run: bool) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, data_dir)
    assert window.has_staff is False
    qtbot.waitUntil(lambda: window.findChild(FirstRunDialog) is not None)
    dialog = window.findChild(FirstRunDialog)
    assert dialog.isVisible() and not dialog.isModal()  # the kiosk keeps working behind it
    dialog.resize(1024, 768)
    form = dialog.office_form
    type_into(qtbot, dialog, "officeName", "Disnaker Kab. Lumajang")
    choose_place(qtbot, form.province_combo, "Jawa Timur")
    choose_place(qtbot, form.regency_combo, "Kab. Lumajang")
    type_into(qtbot, dialog, "officeAddress", "Jl. Kyai Ilyas 12, Lumajang")
    type_into(qtbot, dialog, "officePhone", "0334 881234")
    type_into(qtbot, dialog, "officeHours", "Senin-Jumat 08.00-15.00")
    click(qtbot, form.timezone.button("WIB"))
    click(qtbot, form.receipt_layout.button("roll80"))
    logo = tmp_path / "logo.png"
    image = QImage(120, 120, QImage.Format.Format_RGB32)
    image.fill(QColor("#1d5fa8"))
    assert image.save(str(logo))
    click(qtbot, form.logo_button)
    chooser = form.findChild(QFileDialog, "logoFileDialog")
    qtbot.waitUntil(chooser.isVisible)
    chooser.selectFile(str(logo))
    chooser.accept()
    assert form.logo_source == str(logo) and form.logo_label.text() == "logo.png"
    type_into(qtbot, dialog, "adminUsername", "admin")
    type_into(qtbot, dialog, "adminDisplayName", "Siti Rahma")
    shoot(dialog, "first_run")

    # Two different passwords: a plain message, nothing stored.
    type_into(qtbot, dialog, "adminSecret", "rahasia-123")
    type_into(qtbot, dialog, "adminSecretRepeat", "rahasia-124")
    click(qtbot, dialog.save_button)
    assert "tidak sama" in dialog.feedback.text()
    # Too short: the app' own rule, in plain words.
    type_into(qtbot, dialog, "adminSecret", "123")
    type_into(qtbot, dialog, "adminSecretRepeat", "123")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: "minimal 6" in dialog.feedback.text(), timeout=10_000)
    assert not window.app.staff.has_staff()

    type_into(qtbot, dialog, "adminSecret", ADMIN_SECRET)
    type_into(qtbot, dialog, "adminSecretRepeat", ADMIN_SECRET)
    # Optional, and only for the encrypted SQLite file here (it opens backups elsewhere): an office
    # server has its own protection, so the section is not shown there.
    assert dialog.recovery_section.isVisible() is not postgres_run
    if not postgres_run:
        type_into(qtbot, dialog, "recoveryPassphrase", "kopi tubruk di balai desa")
        type_into(qtbot, dialog, "recoveryPassphraseRepeat", "kopi tubruk di balai desa")
    # Backups by default: where they go is asked here; a folder that is not there is said plainly.
    type_into(qtbot, dialog, "firstRunBackupFolder", str(tmp_path / "no-stick"))
    click(qtbot, dialog.save_button)
    assert "Folder cadangan tidak ada" in dialog.feedback.text() and not window.app.staff.has_staff()
    usb = tmp_path / "usb"
    usb.mkdir()
    type_into(qtbot, dialog, "firstRunBackupFolder", str(usb))
    with qtbot.waitSignal(window.staff_entered, timeout=30_000) as entered:
        click(qtbot, dialog.save_button)
    admin = entered.args[0]
    assert admin.is_admin and admin.username == "admin" and admin.display_name == "Siti Rahma"
    assert isinstance(window.centralWidget(), StaffArea)
    app = window.app
    office = app.receipts.office_settings()
    assert office["name"] == "Disnaker Kab. Lumajang" and office["phone"] == "0334 881234"
    assert office["address"] == "Jl. Kyai Ilyas 12, Lumajang" and office["hours"] == "Senin-Jumat 08.00-15.00"
    assert office["timezone"] == "WIB" and office["receipt_layout"] == "roll80"
    assert Path(office["logo_path"]).parent == data_dir and Path(office["logo_path"]).read_bytes() == logo.read_bytes()
    assert staff_accounts.office_values(app)["regency_code"] == "3508"
    schedule, _last = app.backups.load_schedule()
    assert schedule.folder == str(usb) and schedule.daily_at is not None  # daily backups to the stick
    assert app.staff.login("admin", ADMIN_SECRET).staff is not None
    from prakerja_desktop.keys import management as key_management

    assert key_management.status(app).has_passphrase is not postgres_run


def test_closing_first_run_keeps_the_kiosk_and_petugas_reopens_it(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, data_dir)
    qtbot.waitUntil(lambda: window.findChild(FirstRunDialog) is not None)
    click(qtbot, button(window.findChild(FirstRunDialog), "laterButton"))
    qtbot.waitUntil(lambda: window.findChild(FirstRunDialog) is None)
    assert Robot(window.wizard).next() == flow.ABOUT  # an applicant can still use the kiosk
    assert window.staff_button.accessibleName() == "Masuk petugas" and window.staff_button.height() >= 48
    click(qtbot, window.staff_button)
    qtbot.waitUntil(lambda: window.findChild(FirstRunDialog) is not None)
    assert window.findChild(FirstRunDialog).isVisible() and window.findChild(LoginDialog) is None


def test_login_wrong_then_right_opens_the_staff_area(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    seed_accounts(data_dir)
    window = open_window(qtbot, data_dir)
    assert window.has_staff is True and window.findChild(FirstRunDialog) is None
    dialog = log_in(qtbot, window, "admin", "salah-sekali")
    assert "salah" in dialog.feedback.text() and window.staff_area is None
    assert dialog.secret_edit.text() == ""  # a wrong secret is not left in the field
    type_into(qtbot, dialog, "loginUsername", "admin")
    type_into(qtbot, dialog, "loginSecret", "x")
    dialog.resize(640, dialog.sizeHint().height())
    shoot(dialog, "login")
    log_in(qtbot, window, "admin", ADMIN_SECRET)
    area = window.staff_area
    assert isinstance(area, StaffArea) and window.centralWidget() is area
    assert not window.staff_bar.isVisible() and "Siti Rahma" in area.who_label.text()
    labels = [b.text() for b in area.nav_buttons.values()]
    assert labels == ["Data orang", "Bantu pendaftaran", "Laporan", "Cek daftar desa", "Laptop dan kantor",
                      "Cadangan data", "Akun petugas", "Pengaturan kantor"]
    assert all(b.height() >= 48 and b.accessibleName() == b.text() for b in area.nav_buttons.values())
    shoot(window, "area_admin")
    # "Keluar": back to a fresh Welcome.
    with qtbot.waitSignal(window.staff_left):
        click(qtbot, area.logout_button)
    assert window.centralWidget() is window.wizard and window.wizard.draft.step == flow.WELCOME
    assert window.staff_bar.isVisible()


def test_five_wrong_passwords_lock_the_account_with_the_time(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    seed_accounts(data_dir)
    window = open_window(qtbot, data_dir)
    for attempt in range(5):
        dialog = log_in(qtbot, window, "rina", f"salah-{attempt}")
    assert "dikunci sampai pukul" in dialog.feedback.text() and "WIB" in dialog.feedback.text()
    dialog = log_in(qtbot, window, "rina", STAFF_SECRET)  # even the right PIN waits for the lock
    assert window.staff_area is None and "dikunci" in dialog.feedback.text()


def test_a_staff_member_sees_no_admin_screens(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    seed_accounts(data_dir)
    window = open_window(qtbot, data_dir)
    log_in(qtbot, window, "rina", STAFF_SECRET)
    area = window.staff_area
    labels = [b.text() for b in area.nav_buttons.values()]
    assert "Akun petugas" not in labels and "Pengaturan kantor" not in labels
    assert area.findChild(AccountsScreen) is None and area.findChild(SettingsScreen) is None
    assert "Data orang" in labels and "Bantu pendaftaran" in labels


def test_admin_creates_an_account_that_can_log_in_and_switches_one_off(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    seed_accounts(data_dir)
    window = open_window(qtbot, data_dir)
    log_in(qtbot, window, "admin", ADMIN_SECRET)
    area = window.staff_area
    click(qtbot, area.nav_buttons["accounts"])
    screen = area.findChild(AccountsScreen)
    qtbot.waitUntil(lambda: screen.table.rowCount() == 2)
    type_into(qtbot, screen, "newUsername", "dodi")
    type_into(qtbot, screen, "newDisplayName", "Dodi Prasetyo")
    type_into(qtbot, screen, "newSecret", "112233")
    type_into(qtbot, screen, "newSecretRepeat", "112233")
    click(qtbot, screen.create_button)
    qtbot.waitUntil(lambda: screen.table.rowCount() == 3, timeout=10_000)
    assert "dibuat" in screen.create_feedback.text() and screen.secret_edit.text() == ""
    shown = [[screen.table.item(r, c).text() for c in range(4)] for r in range(3)]
    assert ["dodi", "Dodi Prasetyo", "Petugas", "Aktif"] in shown
    assert not any("$argon2" in cell for row in shown for cell in row)
    # Switch Rina off.
    rina_row = next(r for r, row in enumerate(shown) if row[0] == "rina")
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=screen.table.visualRect(screen.table.model().index(rina_row, 0)).center())
    assert screen.toggle_button.text() == "Nonaktifkan akun"
    click(qtbot, screen.toggle_button)
    qtbot.waitUntil(lambda: "dinonaktifkan" in screen.list_feedback.text(), timeout=10_000)
    qtbot.waitUntil(lambda: any(a.username == "rina" and not a.active for a in screen.accounts))
    shoot(window, "accounts")

    click(qtbot, area.logout_button)
    dialog = log_in(qtbot, window, "rina", STAFF_SECRET)
    assert window.staff_area is None and "salah" in dialog.feedback.text()
    log_in(qtbot, window, "dodi", "112233")
    assert window.staff_area is not None and window.staff_area.context.staff.display_name == "Dodi Prasetyo"


def test_admin_edits_the_office_settings(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    seed_accounts(data_dir)
    window = open_window(qtbot, data_dir)
    log_in(qtbot, window, "admin", ADMIN_SECRET)
    click(qtbot, window.staff_area.nav_buttons["settings"])
    screen = window.staff_area.findChild(SettingsScreen)
    qtbot.waitUntil(lambda: screen.loaded)
    assert screen.idle_choice.value() == "10"
    type_into(qtbot, screen, "officeName", "Disnaker Kota Jayapura")
    choose_place(qtbot, screen.office_form.province_combo, "Papua")
    choose_place(qtbot, screen.office_form.regency_combo, "Kota Jayapura")
    click(qtbot, screen.office_form.timezone.button("WIT"))
    click(qtbot, screen.idle_choice.button("5"))
    shoot(window, "settings")
    click(qtbot, screen.save_button)
    qtbot.waitUntil(lambda: "tersimpan" in screen.feedback.text(), timeout=10_000)
    app = window.app
    office = app.receipts.office_settings()
    assert office["name"] == "Disnaker Kota Jayapura" and office["timezone"] == "WIT"
    assert office["receipt_layout"] == "a4"
    assert staff_accounts.office_values(app)["regency_code"] == "9171"
    assert staff_accounts.idle_minutes(app) == 5


def test_idle_logout_returns_to_a_fresh_welcome(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    seed_accounts(data_dir)
    window = open_window(qtbot, data_dir)
    window.idle_timeout_ms = 400
    log_in(qtbot, window, "admin", ADMIN_SECRET)
    assert window.staff_area is not None
    with qtbot.waitSignal(window.staff_left, timeout=5_000):
        pass
    qtbot.waitUntil(lambda: not window.findChildren(StaffArea) and not window.findChildren(AccountsScreen))
    assert window.centralWidget() is window.wizard and window.wizard.isVisible()
    assert window.wizard.draft.step == flow.WELCOME and window.wizard.title_label.text() == "Selamat datang"
    from sqlalchemy import select

    from prakerja_desktop.storage.models import AuditEvent

    def actions() -> list[str]:
        with window.app.db.read() as session:
            return list(session.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars())
    qtbot.waitUntil(lambda: actions()[-1] == "logout.idle", timeout=5_000)


def test_input_keeps_the_staff_area_open(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    watcher = IdleWatcher(600)
    fired: list[bool] = []
    watcher.timed_out.connect(lambda: fired.append(True))
    watcher.start()
    for _round in range(10):  # a key every 120 ms for 1.2 s: never 600 ms without input
        qtbot.wait(120)
        qtbot.keyClick(field, Qt.Key.Key_A)
    assert not fired and watcher.running
    qtbot.waitUntil(lambda: fired == [True], timeout=3_000)
    assert not watcher.running


def test_assisted_registration_records_the_staff_member(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    seed_accounts(data_dir)
    window = open_window(qtbot, data_dir)
    log_in(qtbot, window, "rina", STAFF_SECRET)
    click(qtbot, window.staff_area.nav_buttons["assist"])
    host = window.staff_area.findChild(AssistScreen).wizard
    assert host.context.staff.username == "rina"
    robot, person = Robot(host), Person()
    robot.next()
    robot.run_to(person, flow.REVIEW)
    assert robot.next() == flow.DONE, host.banner.text()
    record = window.app.records.get(host.context.last_result.record_uuid)
    assert record.entered_by_name == "Rina Wati" and record.full_name == person.name
    robot.next()  # Selesai: the next person starts on a fresh Welcome, still in staff mode
    wait_until(lambda: host.draft.step == flow.WELCOME)
    assert window.staff_area is not None


def test_a_screen_not_written_yet_shows_a_plain_note(qtbot, app: App) -> None:  # type: ignore[no-untyped-def]
    from ui.staff.context import StaffContext
    from ui.staff.window import ScreenSpec, lazy_screen
    from ui.tasks import TaskRunner

    admin = app.staff.create("admin", "Siti Rahma", "admin", ADMIN_SECRET)
    tasks = TaskRunner()
    screens = {"later": ScreenSpec("Contoh", lazy_screen("ui.staff.not_written_yet", "LaterScreen", "Contoh")),
               "odd": ScreenSpec("Aneh", lazy_screen("ui.staff.idle", "NoSuchScreen", "Aneh"))}
    area = StaffArea(StaffContext(app, tasks, admin), screens)
    qtbot.addWidget(area)
    area.show()
    assert "belum tersedia" in area.stack.currentWidget().text()
    click(qtbot, area.nav_buttons["odd"])
    assert area.current_name() == "odd" and "belum tersedia" in area.stack.currentWidget().text()
    tasks.shutdown()
