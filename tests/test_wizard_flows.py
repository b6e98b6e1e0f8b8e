"""Whole flows through the wizard, typed and clicked like a person; each checks screen and database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QWidget

from prakerja_desktop.app import App
from prakerja_desktop.domain import flow
from tests.conftest import ROOT
from tests.factories import make_draft
from tests.wizard_robot import TODAY, Person, Robot, main_path_screens, wait_until
from ui.main_window import MainWindow
from ui.wizard.host import WizardHost

pytestmark = pytest.mark.gui
SHOTS = ROOT / "out" / "screenshots" / "flow"


def visible_text(widget: QWidget) -> str:
    """Every text a person can see on the widget and its children."""
    parts = [w.text() for w in widget.findChildren(QLabel) if w.isVisible()]
    parts += [w.text() for w in widget.findChildren(QAbstractButton) if w.isVisible()]
    return "\n".join(parts)


def finish(robot: Robot, person: Person) -> None:
    """Go from Welcome to Done."""
    robot.next()  # Welcome: Mulai
    robot.run_to(person, flow.REVIEW)
    assert robot.next() == flow.DONE, robot.host.banner.text()


def test_an_eligible_applicant_gets_a_receipt_number(host: WizardHost, wizard_context) -> None:  # type: ignore[no-untyped-def]
    robot, person = Robot(host), Person()
    finish(robot, person)
    result = host.context.last_result
    assert result is not None
    screen = visible_text(host)
    assert result.receipt_number in screen
    app: App = wizard_context.app
    record = app.records.get(result.record_uuid)
    assert record.eligibility_outcome == "eligible"
    assert (record.nik, record.full_name, record.kk_number) == (person.nik, person.name, person.kk)
    assert record.birth_date == date(2000, 5, 17) and record.sex == "L"
    assert record.phone_e164 == "+6281234567890" and record.email == person.email
    assert (record.province_code, record.regency_code, record.district_code) == ("35", "3508", "350820")
    assert record.village == "Ranuyoso" and record.education == "sma" and record.employment == "unemployed"
    assert record.readiness["payout_account"] is False and record.readiness["has_ektp"] is True
    assert record.consent["store_record"] is True and record.consent["text_version"]
    assert record.entered_by_name == ""  # kiosk self-service
    # Selesai: back to a fresh Welcome with nothing of this person in any widget.
    finished = []
    host.finished.connect(lambda: finished.append(True))
    robot.next()
    assert finished == [True]


def test_someone_under_18_is_told_and_recorded_not_eligible(host: WizardHost, wizard_context) -> None:  # type: ignore[no-untyped-def]
    robot = Robot(host)
    person = Person(nik="3508201503100001", name="Andi Muda")  # born 15-03-2010: 16 years old
    robot.next()
    robot.run_to(person, flow.IDENTITY)
    robot.fill(person)
    assert "16 tahun" in visible_text(host)
    robot.next()
    robot.run_to(person, flow.REVIEW)
    robot.next()
    assert host.draft.step == flow.DONE
    record = wizard_context.app.records.get(host.context.last_result.record_uuid)
    assert record.eligibility_outcome == "not_eligible"
    assert "18" in visible_text(host)


def test_a_third_person_from_the_same_kk_is_warned_and_needs_a_check(host: WizardHost, wizard_context) -> None:  # type: ignore[no-untyped-def]
    kk = "3508201203150007"
    for serial in (11, 12):
        wizard_context.app.records.submit(make_draft(serial=serial, kk=kk), today=TODAY)
    robot, person = Robot(host), Person(kk=kk)
    robot.next()
    robot.run_to(person, flow.FAMILY)
    robot.fill(person)
    wait_until(lambda: "sudah tercatat 2 orang lain dari KK Anda" in visible_text(host))
    assert host.next_ready()  # advisory: it does not block
    robot.next()
    robot.run_to(person, flow.REVIEW)
    robot.next()
    record = wizard_context.app.records.get(host.context.last_result.record_uuid)
    assert record.eligibility_outcome == "needs_check"
    assert wizard_context.app.records.kk_count(kk) == 3


def test_a_mistyped_email_takes_the_suggestion(host: WizardHost, wizard_context) -> None:  # type: ignore[no-untyped-def]
    robot = Robot(host)
    person = Person(email="budi@gmial.com", take_email_suggestion=True)
    robot.next()
    robot.run_to(person, flow.CONTACT)
    robot.fill(person)
    assert robot.find("emailEdit", QLineEdit).text() == "budi@gmail.com"
    robot.next()
    robot.run_to(person, flow.REVIEW)
    assert "budi@gmail.com" in visible_text(host)
    robot.next()
    assert wizard_context.app.records.get(host.context.last_result.record_uuid).email == "budi@gmail.com"


def test_back_never_loses_what_was_typed(host: WizardHost) -> None:
    robot, person = Robot(host), Person()
    robot.next()
    robot.run_to(person, flow.CONTACT)
    robot.fill(person)
    assert robot.back() == flow.FAMILY
    assert robot.back() == flow.PHOTO
    assert robot.back() == flow.IDENTITY
    assert robot.find("nik", QLineEdit).text().replace(" ", "") == person.nik
    assert robot.find("fullName", QLineEdit).text() == person.name
    robot.next()
    robot.next()
    robot.next()
    assert robot.find("phoneEdit", QLineEdit).text().replace("-", "").replace(" ", "") == "081234567890"


def test_enter_is_next_for_keyboard_users(host: WizardHost) -> None:
    robot, person = Robot(host), Person()
    QTest.keyClick(host, Qt.Key.Key_Return)
    assert host.draft.step == flow.ABOUT
    robot.run_to(person, flow.IDENTITY)
    robot.fill(person)
    QTest.keyClick(robot.find("birthPlace", QLineEdit), Qt.Key.Key_Return)
    assert host.draft.step == flow.PHOTO  # the optional photo practice follows identity


def test_staff_assisted_records_who_entered_it(host: WizardHost, wizard_context) -> None:  # type: ignore[no-untyped-def]
    app = wizard_context.app
    wizard_context.staff = app.staff.create("rina", "Rina Petugas", "admin", "rahasia-123")
    finish(Robot(host), Person())
    record = app.records.get(host.context.last_result.record_uuid)
    assert record.entered_by_name == "Rina Petugas"


def test_declining_consent_stores_nothing(host: WizardHost, wizard_context) -> None:  # type: ignore[no-untyped-def]
    robot = Robot(host)
    robot.next()
    robot.run_to(Person(consent=False), flow.CHECKLIST_ONLY)
    assert wizard_context.app.drafts.latest() is None
    assert wizard_context.app.records.count() == 0


def test_a_new_window_shows_nobody_and_resumes_only_by_code(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """A shared PC: the next person at a new window (not a kiosk) sees no code, name or NIK of anyone."""
    person = Person()
    first = MainWindow(data_dir)
    qtbot.addWidget(first)
    first.show()
    with qtbot.waitSignal(first.app_ready, timeout=20_000):
        first.open_app()
    robot = Robot(first.wizard)
    robot.next()
    robot.run_to(person, flow.CONTACT)
    wait_until(lambda: first.wizard.draft.code is not None and first.tasks.pending == 0)
    code = first.wizard.draft.code
    # After consent the code is on screen at every step, with "Lanjutkan nanti" beside it.
    assert first.wizard.code_label.isVisible() and code in first.wizard.code_label.text()
    assert first.wizard.later_button.isVisible()
    first.close()  # as if the power went: what was saved on the last Next is all that remains

    second = MainWindow(data_dir)
    qtbot.addWidget(second)
    second.show()
    with qtbot.waitSignal(second.app_ready, timeout=20_000):
        second.open_app()
    wait_until(lambda: second.tasks.pending == 0)
    QTest.qWait(50)  # let any queued callback reach the screen
    screen = visible_text(second)
    for secret in (code, person.name, person.nik, person.name.split()[0]):
        assert secret not in screen
    offer = second.wizard.current_page().findChild(QAbstractButton, "resumeLatestButton")
    assert not offer.isVisible()
    # The person who has the code gets their answers back.
    robot = Robot(second.wizard)
    robot.type("draftCode", code)
    robot.click(robot.find("resumeButton", QAbstractButton))
    wait_until(lambda: second.wizard.draft.step == flow.CONTACT)
    assert robot.back() == flow.FAMILY
    assert robot.find("kkNumber", QLineEdit).text().replace(" ", "") == person.kk
    second.close()


def test_resume_by_typed_code(host: WizardHost, wizard_context) -> None:  # type: ignore[no-untyped-def]
    draft = make_draft()
    draft.step, draft.visited = flow.ADDRESS, ["welcome", "about", "consent", "eligibility", "identity",
                                               "family", "contact"]
    wizard_context.app.drafts.save(draft)
    robot = Robot(host)
    robot.type("draftCode", (draft.code or "").lower())
    robot.click(robot.find("resumeButton", QAbstractButton))
    wait_until(lambda: host.draft.step == flow.ADDRESS)
    assert robot.find("villageEdit", QLineEdit).text() == "Ranuyoso"
    assert robot.back() == flow.CONTACT


def test_a_wrong_draft_code_is_explained(host: WizardHost) -> None:
    robot = Robot(host)
    robot.type("draftCode", "ZZZZZZ")
    robot.click(robot.find("resumeButton", QAbstractButton))
    wait_until(lambda: "tidak ditemukan" in visible_text(host))
    assert host.draft.step == flow.WELCOME


@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)])
def test_every_screen_fits_has_names_and_is_saved_as_a_picture(qtbot, wizard_context, size) -> None:  # type: ignore[no-untyped-def]
    host = WizardHost(wizard_context)
    qtbot.addWidget(host)
    host.resize(*size)
    host.show()
    host.start()
    robot, person = Robot(host), Person()
    SHOTS.mkdir(parents=True, exist_ok=True)
    seen = []
    while True:
        step = host.draft.step
        robot.fill(person)
        qtbot.wait(20)
        seen.append(step)
        page = host.current_page()
        viewport = host._scrolls[step].viewport()
        # Unclipped: nothing forces the page wider than its scroll area (no sideways scrolling).
        assert page.minimumSizeHint().width() <= viewport.width(), step
        for control in page.findChildren(QWidget):
            if control.isVisible() and control.focusPolicy() != Qt.FocusPolicy.NoFocus and \
                    isinstance(control, (QAbstractButton, QLineEdit, QComboBox)):
                assert control.accessibleName().strip(), f"{step}: {control.objectName()} has no name"
        assert host.grab().save(str(SHOTS / f"{size[0]}x{size[1]}_{len(seen):02d}_{step}.png"))
        if step == flow.DONE:
            break
        robot.next()
    assert seen == main_path_screens()  # every step, once per question screen


def test_a_recorded_nik_is_stopped_at_the_kiosk_without_revealing_the_receipt(host: WizardHost, wizard_context) -> None:  # type: ignore[no-untyped-def]
    existing = wizard_context.app.records.submit(make_draft(serial=1), today=TODAY)
    robot, person = Robot(host), Person()  # the same NIK as make_draft(serial=1)
    robot.next()
    robot.run_to(person, flow.IDENTITY)
    robot.fill(person)
    wait_until(lambda: "sudah tercatat di kantor ini" in visible_text(host))
    assert existing.receipt_number not in visible_text(host)
    assert not host.next_ready()
    assert not robot.find("openExistingRecord", QAbstractButton).isVisible()
    assert wizard_context.app.records.count() == 1


def test_staff_assisted_wizard_opens_the_existing_record(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    from ui.staff.context import StaffContext
    from ui.staff.window import StaffArea
    from ui.tasks import TaskRunner

    existing = app.records.submit(make_draft(serial=1), today=TODAY)
    admin = app.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    tasks = TaskRunner()
    area = StaffArea(StaffContext(app=app, tasks=tasks, staff=admin), today=lambda: TODAY)
    qtbot.addWidget(area)
    area.resize(1280, 800)
    area.show()
    assist = area.show_screen("assist")
    host = assist.wizard
    robot, person = Robot(host), Person()
    robot.next()
    robot.run_to(person, flow.IDENTITY)
    robot.fill(person)
    wait_until(lambda: existing.receipt_number in visible_text(host))
    button = robot.find("openExistingRecord", QAbstractButton)
    assert button.isVisible() and not host.next_ready()
    robot.click(button)
    assert area.current_name() == "records"
    records_screen = area.screens["records"]
    wait_until(lambda: records_screen.record_view is not None and "Budi Santoso" in visible_text(records_screen))
    tasks.shutdown()
