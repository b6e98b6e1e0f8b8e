"""Next is never a dead button: with problems it shows what to fix at the top, each line leading to its
field, the field's own message beside it, and read-aloud says the summary first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from prakerja_desktop import i18n
from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Applicant, Consent, Draft
from tests.conftest import ROOT
from tests.wizard_robot import Person, Robot, type_text
from ui.widgets.error_summary import summary_heading
from ui.widgets.feedback import FeedbackLabel
from ui.wizard.host import WizardHost

pytestmark = pytest.mark.gui
SCREENSHOTS = ROOT / "out" / "screenshots"


def open_at(qtbot, wizard_context, step: str) -> WizardHost:  # type: ignore[no-untyped-def]
    host = WizardHost(wizard_context)
    qtbot.addWidget(host)
    host.resize(1024, 768)
    host.show()
    applicant = Applicant(consent=Consent(store_record=True, text_version="2026-1"))
    host.start(Draft(applicant=applicant, step=step, visited=[flow.WELCOME, flow.ABOUT, flow.CONSENT]))
    host.activateWindow()  # focus moves only in the active window
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return host


def focused_inside(widget: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is widget or widget.isAncestorOf(focus))


def test_next_with_unanswered_questions_lists_them_and_each_line_leads_to_its_field(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    # Eligibility shows one question per screen now (issue 14), so the summary of several questions is
    # tried on contact, a step whose questions share one screen.
    host = open_at(qtbot, wizard_context, flow.CONTACT)
    page, robot = host.current_page(), Robot(host)
    robot.answer("simInHand", True)
    assert host.next_button.isEnabled()  # never a dead button
    assert not host.error_summary.isVisible()
    robot.click(host.next_button)
    assert host.draft.step == flow.CONTACT  # nothing skipped
    summary = host.error_summary
    assert summary.isVisible()
    assert summary.heading.text() == "Ada 2 hal yang perlu diperbaiki"
    assert [item.accessibleName() for item in summary.items] == [
        "Isi nomor HP yang aktif.", "Jawab: apakah Anda punya alamat email?"]
    assert QApplication.focusWidget() is summary.heading  # a screen reader starts with the summary
    # Each field says it too, right under it.
    own = page.findChild(FeedbackLabel, "hasEmail_error")
    assert own is not None and own.isVisible() and "alamat email" in own.text()
    assert page.findChild(FeedbackLabel, "simInHand_error") is None  # answered: nothing said
    # Read-aloud reads the summary first.
    spoken = host.spoken_instructions()
    assert spoken.startswith("Ada 2 hal yang perlu diperbaiki. Isi nomor HP yang aktif")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    qtbot.wait(50)
    assert host.grab().save(str(SCREENSHOTS / "wizard_error_summary.png"))
    # Touching a line moves the focus to that question, scrolled into view.
    for index, name in enumerate(("phoneEdit", "hasEmail")):
        robot.click(summary.items[index])
        target = page.findChild(QWidget, name)
        assert focused_inside(target), (name, QApplication.focusWidget())
        viewport = host._scrolls[flow.CONTACT].viewport()
        top = target.mapTo(viewport, target.rect().topLeft()).y()
        assert 0 <= top < viewport.height(), (name, top)
    # Answered: the next Next moves on and the summary is gone.
    robot.type("phoneEdit", Person().phone)
    robot.answer("hasEmail", False)
    robot.next()
    assert host.draft.step == flow.ADDRESS
    assert not host.error_summary.isVisible()


def test_a_question_screen_lists_its_own_question_and_a_line_leads_to_an_earlier_screen(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_at(qtbot, wizard_context, flow.ELIGIBILITY)
    page, robot = host.current_page(), Robot(host)
    robot.click(host.next_button)
    summary = host.error_summary
    assert host.draft.step == flow.ELIGIBILITY and page.screen == 0  # nothing skipped
    assert summary.heading.text() == "Ada 1 hal yang perlu diperbaiki"  # only the question on screen
    assert [item.accessibleName() for item in summary.items] == ["Jawab: apakah Anda Warga Negara Indonesia (WNI)?"]
    own = page.findChild(FeedbackLabel, "citizen_error")
    assert own is not None and own.isVisible()
    # A draft that lost an earlier answer (the last screen reached with Back): the line opens that screen.
    host.draft.applicant.eligibility.in_school = False
    host.draft.applicant.eligibility.excluded_position = "none"
    host.draft.step, host.draft.visited = flow.IDENTITY, [*host.draft.visited, flow.ELIGIBILITY]
    host.start(host.draft)
    robot.back()
    assert host.draft.step == flow.ELIGIBILITY and page is not host.current_page()
    page = host.current_page()
    assert page.screen == 3
    robot.answer("prior_recipient", False)
    robot.click(host.next_button)
    assert [item.accessibleName() for item in host.error_summary.items] == [
        "Jawab: apakah Anda Warga Negara Indonesia (WNI)?"]
    robot.click(host.error_summary.items[0])
    assert page.screen == 0 and host.question_label.text() == "Pertanyaan 1 dari 4"
    assert focused_inside(page.findChild(QWidget, "citizen")), QApplication.focusWidget()
    robot.answer("citizen", True)
    assert host.next_ready()  # the others are answered: Next leaves the step...
    robot.next()
    assert page.screen == 1  # ...after showing the questions in between again, in order


def test_a_wrong_nik_is_in_the_summary_and_its_line_puts_the_cursor_in_the_nik(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_at(qtbot, wizard_context, flow.IDENTITY)
    robot = Robot(host)
    robot.type("nik", "350820170500000")  # 15 digits
    robot.type("fullName", "Budi Santoso")
    robot.click(host.next_button)
    summary = host.error_summary
    assert host.draft.step == flow.IDENTITY and summary.isVisible()
    messages = [f.message for f in summary.findings]
    assert any("16" in m for m in messages), messages
    assert summary.heading.text() == summary_heading(len(messages))
    nik = host.current_page().findChild(QLineEdit, "nik")
    robot.click(summary.items[0])
    assert QApplication.focusWidget() is nik


def test_the_heading_counts_in_english_with_plurals(qtbot) -> None:  # type: ignore[no-untyped-def]
    from ui.widgets.language_picker import switch_language

    switch_language("en")
    try:
        assert summary_heading(1) == "There is 1 thing to fix"
        assert summary_heading(2) == "There are 2 things to fix"
    finally:
        switch_language(i18n.DEFAULT_LANGUAGE)


def test_enter_on_an_incomplete_step_shows_the_summary_too(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_at(qtbot, wizard_context, flow.IDENTITY)
    nik = host.current_page().findChild(QLineEdit, "nik")
    nik.setFocus()
    type_text(nik, "3508201705000001")
    qtbot.keyClick(host, Qt.Key.Key_Return)
    assert host.draft.step == flow.IDENTITY
    assert host.error_summary.isVisible()
    assert Person().name not in host.error_summary.heading.text()


def test_on_review_a_summary_line_opens_the_step_to_fix(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import make_applicant

    applicant = make_applicant()
    applicant.phone_e164 = None  # e.g. a draft saved by an older version
    host = WizardHost(wizard_context)
    qtbot.addWidget(host)
    host.resize(1024, 768)
    host.show()
    host.start(Draft(applicant=applicant, step=flow.REVIEW, visited=list(flow.MAIN_PATH[:-2])))
    robot = Robot(host)
    robot.click(host.next_button)
    assert host.draft.step == flow.REVIEW and host.error_summary.isVisible()
    assert [f.code for f in host.error_summary.findings] == ["flow.contact.phone"]
    robot.click(host.error_summary.items[0])
    assert host.draft.step == flow.CONTACT  # "Ubah" for that step: its Next comes back to Review
    assert not host.error_summary.isVisible()
