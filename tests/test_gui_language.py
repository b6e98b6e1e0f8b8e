"""Switching language on screen: every answer stays, texts change, Qt's own buttons follow."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QLabel, QMessageBox, QWidget

from prakerja_desktop import i18n
from prakerja_desktop.app import App
from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Applicant
from tests.conftest import ROOT
from tests.wizard_robot import Person, Robot, wait_until
from ui.translation import QT_TEXTS
from ui.widgets.language_picker import switch_language
from ui.wizard.host import WizardHost

pytestmark = pytest.mark.gui
SHOTS = ROOT / "out" / "screenshots" / "language"


@pytest.fixture(autouse=True)
def _indonesian_again(qtbot) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Each test ends in Indonesian, whatever happened in it."""
    yield
    switch_language(i18n.DEFAULT_LANGUAGE)


def visible_text(widget: QWidget) -> str:
    """Every text a person can see."""
    parts = [w.text() for w in widget.findChildren(QLabel) if w.isVisible()]
    parts += [w.text() for w in widget.findChildren(QAbstractButton) if w.isVisible()]
    return "\n".join(parts)


def on_screen(host: WizardHost) -> Applicant:
    """What the page on screen holds, as answers (read the way Next would read them)."""
    applicant = copy.deepcopy(host.draft.applicant)
    host.current_page().apply(applicant)
    return applicant


def choose_language(robot: Robot, host: WizardHost, language: str) -> None:
    """Touch a language in the header (or on Welcome), like a person."""
    picker = host.language_picker if host.language_picker.isVisible() else host.current_page().language_picker
    robot.click(picker.buttons[language])


def shot(widget: QWidget, name: str) -> None:
    """Save what the person sees, once the new page is laid out."""
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def test_switching_language_mid_flow_keeps_every_answer(host: WizardHost, wizard_context) -> None:  # type: ignore[no-untyped-def]
    robot, person = Robot(host), Person()
    assert set(host.current_page().language_picker.buttons) >= {"id", "en"}
    shot(host, "welcome-id")
    robot.next()  # Mulai
    robot.run_to(person, flow.CONTACT)
    robot.fill(person)  # typed and answered, Next not pressed yet
    assert host.title_label.text() == "Nomor HP dan email"
    typed = on_screen(host)
    assert typed.phone_e164 == "+6281234567890" and typed.email == person.email

    choose_language(robot, host, "en")
    assert i18n.current_language() == "en"
    assert host.title_label.text() == "Mobile number and email"
    assert host.next_button.text() == "Next ›" and host.back_button.text() == "‹ Back"
    assert host.counter_label.text().startswith("Step ")
    assert "Do you have an email address?" in visible_text(host)
    assert on_screen(host) == typed  # every answer of this page is still in its widgets
    assert host.next_ready()
    shot(host, "contact-en")

    assert robot.back() == flow.FAMILY
    assert robot.back() == flow.PHOTO  # the optional photo practice (no answers)
    assert robot.back() == flow.IDENTITY
    identity = on_screen(host)
    assert (identity.nik, identity.full_name, identity.birth_place) == (person.nik, person.name, person.birth_place)
    assert identity.birth_date is not None and identity.sex == "L"
    assert "Full name (write it exactly as on the KTP)" in visible_text(host)
    shot(host, "identity-en")

    choose_language(robot, host, "id")
    assert host.title_label.text() == "Data diri sesuai KTP"
    assert on_screen(host) == identity
    assert "Nama lengkap (tulis persis seperti di KTP)" in visible_text(host)

    robot.run_to(person, flow.REVIEW)
    assert host.draft.applicant.phone_e164 == "+6281234567890"
    assert host.draft.applicant.email == person.email
    choose_language(robot, host, "en")  # the receipt will speak the language chosen at the end
    assert host.next_button.text() == "Save and finish ›"
    assert robot.next() == flow.DONE, host.banner.text()
    result = host.context.last_result
    app: App = wizard_context.app
    record = app.records.get(result.record_uuid)
    assert (record.nik, record.full_name, record.phone_e164, record.email) == (
        person.nik, person.name, "+6281234567890", person.email)
    assert record.consent["language"] == "en"
    assert "Your data has been saved at this office." in visible_text(host)


def test_a_new_person_at_the_kiosk_starts_in_the_office_language(host: WizardHost) -> None:
    robot = Robot(host)
    choose_language(robot, host, "en")
    assert host.title_label.text() == "Welcome"
    shot(host, "welcome-en")
    robot.next()
    host.start()  # the person left (Selesai, or the kiosk wiped the screen)
    assert i18n.current_language() == "id"
    assert host.title_label.text() == "Selamat datang"


def test_the_kiosk_takes_the_office_language_once_the_database_is_open(host: WizardHost, wizard_context) -> None:  # type: ignore[no-untyped-def]
    wizard_context.app.settings.put("office_language", "en")
    host.notify_app_ready()
    wait_until(lambda: host.title_label.text() == "Welcome")
    assert wizard_context.language == "en"
    robot = Robot(host)
    choose_language(robot, host, "id")  # the person prefers Indonesian
    robot.next()
    host.start()  # the next person starts in the office's language again
    assert host.title_label.text() == "Welcome"


def test_qt_standard_buttons_speak_our_language(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.translation import apply_language

    apply_language("id")

    def texts() -> tuple[str, str, str]:
        box = QMessageBox(QMessageBox.Icon.Question, "t", "q",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        qtbot.addWidget(buttons)
        return (box.button(QMessageBox.StandardButton.Yes).text(), box.button(QMessageBox.StandardButton.No).text(),
                buttons.button(QDialogButtonBox.StandardButton.Cancel).text())

    assert texts() == ("&Ya", "&Tidak", "Batal")
    # Qt's other texts stay Qt's own (a translator answering "" would blank them all).
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Look in:"
    assert QCoreApplication.translate("QPrintDialog", "%1 x %2") == "%1 x %2"
    switch_language("en")
    assert texts() == ("&Yes", "&No", "Cancel")


def test_qt_source_texts_are_really_qts() -> None:
    """Each (context, text) we translate exists in Qt's own catalogue, so Qt really asks for it."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    german = QTranslator()
    if not german.load("qtbase_de", folder):
        pytest.skip(reason=f"Qt's German catalogue is not installed in {folder}")
    unknown = [key for key in QT_TEXTS if not german.translate(*key)]
    assert not unknown


def test_the_staff_area_switches_language_and_keeps_the_assisted_answers(qtbot, app: App, admin) -> None:  # type: ignore[no-untyped-def]
    from ui.staff.context import StaffContext
    from ui.staff.window import StaffArea
    from ui.tasks import TaskRunner

    tasks = TaskRunner()
    try:
        area = StaffArea(StaffContext(app=app, tasks=tasks, staff=admin))
        qtbot.addWidget(area)
        area.resize(1280, 800)
        area.show()
        assert area.nav_buttons["records"].text() == "Data orang"
        assist = area.show_screen("assist")
        robot = Robot(assist.wizard)
        robot.next()
        robot.run_to(Person(), flow.IDENTITY)
        robot.fill(Person())
        typed = on_screen(assist.wizard)
        robot.click(area.language_picker.buttons["en"])
        assert area.nav_buttons["records"].text() == "People"
        assert area.logout_button.text() == "Log out"
        assert area.current_name() == "assist" and area.screens["assist"] is assist
        assert assist.wizard.title_label.text() == "Personal details as on the KTP"
        assert on_screen(assist.wizard) == typed
        assert assist.wizard.language_picker.buttons["en"].isChecked()
        shot(area, "staff-en")
        records = area.show_screen("records")
        wait_until(lambda: "People" in visible_text(records) or "Find people" in visible_text(records))
    finally:
        tasks.shutdown()

