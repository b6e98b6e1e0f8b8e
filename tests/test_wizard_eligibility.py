"""The eligibility questions, answered like a person: clicks on big buttons, then Next."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Applicant, Consent, Draft, EligibilityAnswers
from tests.conftest import ROOT
from tests.wizard_robot import Robot
from ui.widgets.choice import OptionButtons
from ui.wizard.host import WizardHost
from ui.wizard.pages import PAGE_CLASSES

pytestmark = pytest.mark.gui
SCREENSHOTS = ROOT / "out" / "screenshots"
BEFORE = [flow.WELCOME, flow.ABOUT, flow.CONSENT]


def pages(*steps: str) -> dict:  # type: ignore[type-arg]
    """The real pages of these steps only (Next into a missing step would fail loudly)."""
    return {step: PAGE_CLASSES[step] for step in steps}


def consented() -> Applicant:
    """An applicant who agreed to the storage of their data (the step before eligibility)."""
    return Applicant(consent=Consent(store_record=True, text_version="2026-1"))


def open_host(qtbot, wizard_context, draft: Draft) -> WizardHost:  # type: ignore[no-untyped-def]
    host = WizardHost(wizard_context, pages(*BEFORE, flow.ELIGIBILITY, flow.IDENTITY))
    qtbot.addWidget(host)
    host.resize(1024, 768)
    host.show()
    host.start(draft)
    return host


def screenshot(qtbot, host: WizardHost, name: str) -> None:  # type: ignore[no-untyped-def]
    """Save what the person sees, once the layout has settled after the last click."""
    qtbot.wait(50)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert host.grab().save(str(SCREENSHOTS / f"{name}.png"))


def click(qtbot, page, name: str, value: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.findChild(OptionButtons, name).button(value), Qt.MouseButton.LeftButton)


def wait_for_saves(wizard_context) -> None:  # type: ignore[no-untyped-def]
    """Let the saves made on the way finish (each question screen's Next keeps the answers so far)."""
    from tests.wizard_robot import wait_until

    wait_until(lambda: wizard_context.tasks.pending == 0)


def test_next_waits_for_every_answer_and_the_answers_are_saved(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    # One question per screen (issue 14): Next waits for the question on screen, then shows the next one.
    host = open_host(qtbot, wizard_context, Draft(applicant=consented(), step=flow.ELIGIBILITY, visited=BEFORE[:]))
    page = host.current_page()
    assert host.title_label.text() == "Pertanyaan syarat"
    assert host.counter_label.text() == "Langkah 3 dari 10"
    assert any("umur diperiksa nanti dari NIK" in label.text() for label in page.findChildren(QLabel))
    questions = (("citizen", "yes", "Warga Negara Indonesia"), ("in_school", "no", "sekolah atau kuliah"),
                 ("excluded_position", "none", "jabatan"), ("prior_recipient", "no", "pernah menerima Kartu Prakerja"))
    for number, (name, value, message) in enumerate(questions):
        assert host.question_label.text() == f"Pertanyaan {number + 1} dari 4"
        assert page.findChild(OptionButtons, name).isVisible()
        assert not host.next_ready()
        # No hint beside Next on a question screen (the question shown says it); Next explains.
        assert host.hint_label.text() == ""
        qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
        assert page.screen == number and [f.message for f in host.error_summary.findings] == [
            next(f.message for f in flow.can_leave(flow.ELIGIBILITY, Applicant()).errors if message in f.message)]
        click(qtbot, page, name, value)
        assert host.next_ready()
        assert host.hint_label.text() == ""
        if number < 3:
            qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
            assert host.draft.step == flow.ELIGIBILITY and page.screen == number + 1
            assert not page.findChild(OptionButtons, name).isVisible()  # one question on screen at a time

    wait_for_saves(wizard_context)
    with qtbot.waitSignal(host.draft_saved, timeout=10_000) as saved:
        qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    assert host.draft.step == flow.IDENTITY
    assert not host.question_label.isVisible()
    stored = wizard_context.app.drafts.resume(saved.args[0])
    assert stored is not None and stored.step == flow.IDENTITY
    assert stored.applicant.eligibility == EligibilityAnswers(citizen=True, in_school=False,
                                                              excluded_position="none", prior_recipient=False)


def next_screen(qtbot, host: WizardHost) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)


def test_an_answer_that_rules_them_out_is_explained_but_does_not_block(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_host(qtbot, wizard_context, Draft(applicant=consented(), step=flow.ELIGIBILITY, visited=BEFORE[:]))
    page = host.current_page()
    click(qtbot, page, "citizen", "no")
    assert "hanya untuk Warga Negara Indonesia" in page.citizen_feedback.text()
    assert host.next_ready()  # the engine decides at the end; they may still prepare
    next_screen(qtbot, host)
    assert not page.in_school_feedback.text()

    click(qtbot, page, "in_school", "yes")
    text = page.in_school_feedback.text()
    assert text.startswith("⚠ Perhatian:")
    assert "masih sekolah, kuliah, atau belajar di madrasah atau pesantren tidak dapat mendaftar" in text  # the rule set's own words
    assert "setelah lulus" in text  # what they can do
    assert "tetap boleh melanjutkan" in text
    screenshot(qtbot, host, "eligibility_not_eligible")
    next_screen(qtbot, host)

    click(qtbot, page, "excluded_position", "asn")
    assert "Aparatur Sipil Negara (ASN)" in page.excluded_position_feedback.text()
    next_screen(qtbot, host)
    click(qtbot, page, "prior_recipient", "yes")
    assert "tidak dapat mendaftar lagi" in page.prior_recipient_feedback.text()
    assert host.next_ready()

    qtbot.mouseClick(host.back_button, Qt.MouseButton.LeftButton)  # Back: the previous question
    qtbot.mouseClick(host.back_button, Qt.MouseButton.LeftButton)
    assert page.screen == 1 and host.draft.step == flow.ELIGIBILITY
    click(qtbot, page, "in_school", "no")
    assert "Perhatian" not in page.in_school_feedback.text()
    assert "baru lulus" in page.in_school_feedback.text()  # the rule's note for recent graduates
    next_screen(qtbot, host)
    click(qtbot, page, "excluded_position", "none")
    assert not page.excluded_position_feedback.text()


def test_earlier_answers_are_shown_and_back_keeps_new_ones(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    applicant = consented()
    applicant.eligibility = EligibilityAnswers(citizen=True, in_school=False, excluded_position="tni",
                                               prior_recipient=False)
    host = open_host(qtbot, wizard_context, Draft(applicant=applicant, step=flow.ELIGIBILITY, visited=BEFORE[:]))
    page = host.current_page()
    assert page.citizen.answer() is True and page.in_school.answer() is False
    assert page.position.value() == "tni" and page.position.button("tni").isChecked()
    assert "Anggota TNI" in page.excluded_position_feedback.text()
    assert host.next_ready()

    next_screen(qtbot, host)
    next_screen(qtbot, host)
    click(qtbot, page, "excluded_position", "none")
    for number in (2, 1):
        qtbot.mouseClick(host.back_button, Qt.MouseButton.LeftButton)
        assert host.draft.step == flow.ELIGIBILITY and host.question_label.text() == f"Pertanyaan {number} dari 4"
    qtbot.mouseClick(host.back_button, Qt.MouseButton.LeftButton)
    assert host.draft.step == flow.CONSENT
    assert host.draft.applicant.eligibility.excluded_position == "none"
    Robot(host).choose("consentChoice", "agree")
    next_screen(qtbot, host)  # back into the step: its first question again
    assert host.draft.step == flow.ELIGIBILITY and page.screen == 0


def test_back_from_the_next_step_lands_on_the_last_question(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    applicant = consented()
    applicant.eligibility = EligibilityAnswers(citizen=True, in_school=False, excluded_position="none",
                                               prior_recipient=False)
    host = open_host(qtbot, wizard_context, Draft(applicant=applicant, step=flow.IDENTITY,
                                                  visited=[*BEFORE, flow.ELIGIBILITY]))
    qtbot.mouseClick(host.back_button, Qt.MouseButton.LeftButton)
    assert host.draft.step == flow.ELIGIBILITY
    assert host.current_page().screen == 3 and host.question_label.text() == "Pertanyaan 4 dari 4"
    assert host.current_page().prior.isVisible()


def test_screenshot(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_host(qtbot, wizard_context, Draft(applicant=consented(), step=flow.ELIGIBILITY, visited=BEFORE[:]))
    page = host.current_page()
    assert page.width() <= host.width()  # no horizontal scrolling: every text wraps
    screenshot(qtbot, host, "eligibility")
    robot = Robot(host)
    robot.answer("citizen", True)
    robot.next()
    robot.answer("in_school", False)
    robot.next()
    click(qtbot, page, "excluded_position", "soe_board")
    screenshot(qtbot, host, "eligibility_position")
    robot.next()
    click(qtbot, page, "prior_recipient", "no")
    qtbot.wait(50)
    assert page.prior_recipient_feedback.visibleRegion().isEmpty() is False  # in view
    screenshot(qtbot, host, "eligibility_bottom")


def test_a_question_screen_keeps_its_place_in_another_language_and_is_read_aloud(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    from prakerja_desktop import i18n
    from ui.widgets.language_picker import switch_language

    host = open_host(qtbot, wizard_context, Draft(applicant=consented(), step=flow.ELIGIBILITY, visited=BEFORE[:]))
    robot = Robot(host)
    robot.answer("citizen", True)
    robot.next()
    assert host.spoken_instructions() == ("Pertanyaan syarat. Apakah Anda sedang sekolah, kuliah, atau belajar di "
                                          "madrasah atau pesantren sekarang?")
    try:
        switch_language("en")
        assert host.draft.step == flow.ELIGIBILITY and host.current_page().screen == 1
        assert host.question_label.text() == "Question 2 of 4"
        assert host.current_page().citizen.answer() is True  # the answer on the screen before is kept
    finally:
        switch_language(i18n.DEFAULT_LANGUAGE)
