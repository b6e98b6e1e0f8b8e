"""Nothing moves under the finger: choosing an option keeps every button's size and place, a line that
appears while typing keeps the buttons below it where they were, and Next stays put when the error
summary or a hint appears."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QWidget

from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Applicant, Consent, Draft
from tests.conftest import ROOT
from tests.wizard_robot import Robot
from ui.display import DisplayMode, display_settings, reset_display
from ui.widgets.choice import OptionButtons
from ui.widgets.feedback import FeedbackLabel
from ui.widgets.language_picker import switch_language
from ui.wizard.host import WizardHost

pytestmark = pytest.mark.gui
SCREENSHOTS = ROOT / "out" / "screenshots"


def open_at(qtbot, wizard_context, step: str) -> WizardHost:  # type: ignore[no-untyped-def]
    host = WizardHost(wizard_context)
    qtbot.addWidget(host)
    host.resize(1024, 768)
    host.show()
    applicant = Applicant(consent=Consent(store_record=True, text_version="2026-1"), nik="3508201705000001")
    host.start(Draft(applicant=applicant, step=step, visited=[flow.WELCOME, flow.ABOUT, flow.CONSENT]))
    qtbot.wait(50)
    return host


def places(host: WizardHost, buttons: list[QAbstractButton]) -> dict[str, QRect]:
    """Where each button is, in the window's coordinates (what a finger aims at)."""
    return {f"{b.parentWidget().objectName()}/{b.objectName()}": QRect(b.mapTo(host, b.rect().topLeft()), b.size())
            for b in buttons}


def settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.wait(30)  # the relayout after a change


@pytest.mark.parametrize("large", [False, True])
def test_choosing_an_option_keeps_every_button_in_place(qtbot, wizard_context, large: bool) -> None:  # type: ignore[no-untyped-def]
    if large:
        display_settings().set_mode(DisplayMode(large=True))
    try:
        for step in (flow.EDUCATION_WORK, flow.IDENTITY):
            host = open_at(qtbot, wizard_context, step)
            page = host.current_page()
            groups = page.findChildren(OptionButtons)
            buttons = [b for g in groups for b in g.findChildren(QAbstractButton)] + [host.next_button]
            before = places(host, buttons)
            for group in groups:
                for value_button in group.findChildren(QAbstractButton):
                    Robot(host).click(value_button)
                    settle(qtbot)
                    assert value_button.text().startswith("✓ ")
                    after = places(host, buttons)
                    moved = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
                    assert not moved, (step, value_button.objectName(), moved)
    finally:
        reset_display()


def test_lines_that_appear_while_typing_do_not_move_the_buttons_below(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_at(qtbot, wizard_context, flow.CONTACT)
    page, robot = host.current_page(), Robot(host)
    buttons = [b for g in page.findChildren(OptionButtons) for b in g.findChildren(QAbstractButton)
               if b.isVisible()] + [host.next_button, host.back_button]
    before = places(host, buttons)
    robot.type("phoneEdit", "0812-3456-7890")  # the operator line appears under the number
    settle(qtbot)
    assert page.findChild(QWidget, "phoneFeedback").text()
    robot.answer("simInHand", False)  # "Tidak": what to do appears under the question
    settle(qtbot)
    assert page.findChild(QWidget, "simFeedback").text()
    after = places(host, buttons)
    # The SIM's "what to do" is longer than one line: the question below may move down, but never the SIM
    # buttons themselves, Back or Next.
    for name in ("simInHand/choice_yes", "simInHand/choice_no", "/nextButton", "/backButton"):
        key = next(k for k in before if k.endswith(name))
        assert before[key] == after[key], (key, before[key], after[key])
    robot.type("phoneEdit", "0812-3456-789")  # fewer digits: the line changes, the SIM buttons stay
    settle(qtbot)
    assert places(host, buttons)["simInHand/choice_yes"] == before["simInHand/choice_yes"]


def test_next_stays_in_place_when_the_error_summary_and_the_hint_appear(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_at(qtbot, wizard_context, flow.ELIGIBILITY)
    robot = Robot(host)
    robot.answer("citizen", True)
    robot.next()  # one question per screen: the second one, not answered yet
    settle(qtbot)
    before = places(host, [host.next_button, host.back_button])
    robot.click(host.next_button)
    settle(qtbot)
    assert host.error_summary.isVisible()
    assert places(host, [host.next_button, host.back_button]) == before
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert host.grab().save(str(SCREENSHOTS / "wizard_next_with_problems.png"))


@pytest.mark.parametrize("language", ["id", "en"])
def test_consent_answers_and_next_are_in_view_in_large_text_at_1024x768(qtbot, wizard_context,  # type: ignore[no-untyped-def]
                                                                        language: str) -> None:
    from prakerja_desktop import i18n
    from ui.widgets.language_picker import switch_language

    display_settings().set_mode(DisplayMode(large=True))
    switch_language(language)
    try:
        host = WizardHost(wizard_context)
        qtbot.addWidget(host)
        host.resize(1024, 768)
        host.show()
        host.start(Draft(step=flow.CONSENT, visited=[flow.WELCOME, flow.ABOUT]))
        qtbot.wait(50)
        page = host.current_page()
        wanted = [page.choice.button("agree"), page.choice.button("decline"), page.follow_up.box, host.next_button]
        for widget in wanted:
            shown = widget.visibleRegion().boundingRect()
            assert shown == widget.rect(), (widget.objectName(), shown, widget.rect())  # whole, no scrolling
        if language == "id":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            assert host.grab().save(str(SCREENSHOTS / "wizard_consent_large.png"))
        Robot(host).choose("consentChoice", "agree")
        assert Robot(host).next() == flow.ELIGIBILITY
    finally:
        switch_language(i18n.DEFAULT_LANGUAGE)
        reset_display()


def test_the_nik_counter_counts_every_character_and_names_what_is_not_a_digit(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_at(qtbot, wizard_context, flow.IDENTITY)
    page, robot = host.current_page(), Robot(host)
    robot.type("nik", "35082017050O0001")  # a letter O among sixteen characters
    assert page.nik_count.text() == "16 karakter, 1 bukan angka: O"
    robot.type("nik", "3508 2017 0500 0001")  # spaces are separators, not characters of the number
    assert page.nik_count.text() == "16 dari 16 angka"
    robot.type("nik", "35O82O17")
    assert page.nik_count.text() == "8 karakter, 2 bukan angka: O"
    robot.type("nik", "3508201705000001x")
    assert page.nik_count.text() == "17 karakter, 1 bukan angka: x"
    robot.type("nik", "35082017050000012")
    assert page.nik_count.text() == "17 angka, harus 16"
    robot.type("nik", "35082017050O0001")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    qtbot.wait(30)
    assert host.grab().save(str(SCREENSHOTS / "wizard_nik_counter_letter.png"))


def test_the_kk_counter_names_what_is_not_a_digit_too() -> None:
    from prakerja_desktop.domain.digits import count_line

    assert count_line("", 16) == ""
    assert count_line("3508-2012-0315-0007", 16) == "16 dari 16 angka"
    assert count_line("350820120315OOO7", 16) == "16 karakter, 3 bukan angka: O"
    assert count_line("35l8", 16) == "4 karakter, 1 bukan angka: l"
    assert count_line("3508\u200b2012", 16) == "8 dari 16 angka"  # an invisible space from a chat app


# What shows the longest explanation under each question: the answers that rule someone out, and "Tidak".
_LONGEST_ANSWER = {"citizen": "no", "in_school": "yes", "excluded_position": "soe_board", "prior_recipient": "yes"}


def whole(widget: QWidget) -> bool:
    """The widget is on screen in full (not cut by the scroll area's window)."""
    return widget.visibleRegion().boundingRect() == widget.rect()


@pytest.mark.parametrize(("language", "contrast"), [("id", False), ("id", True), ("en", False)])
@pytest.mark.parametrize("step", [flow.ELIGIBILITY, flow.READINESS])
def test_every_question_screen_fits_in_large_text_at_1024x768(qtbot, wizard_context, step: str,  # type: ignore[no-untyped-def]
                                                               language: str, contrast: bool) -> None:
    """One thing per page: each question screen shows its answer buttons and Next whole, without scrolling,
    and after the answer that brings the longest explanation that explanation fits too. The one exception:
    under the nine positions in large text, the explanation of a position that rules someone out (five
    lines) needs the page scrolled a little; it is brought into view with the chosen button and Next.
    English too: its longer words once made the positions screen scroll 88 px before any answer."""
    display_settings().set_mode(DisplayMode(large=True, contrast=contrast))
    switch_language(language)
    try:
        host = open_at(qtbot, wizard_context, step)
        page, robot, scroll = host.current_page(), Robot(host), host._scrolls[step]
        assert page.screen_count() > 1
        for number in range(page.screen_count()):
            assert page.screen == number and host.question_label.isVisible()
            groups = [g for g in page.findChildren(OptionButtons) if g.isVisible()]
            assert groups, (step, number)
            assert scroll.verticalScrollBar().maximum() == 0, (step, number)  # nothing to scroll to
            wanted = [b for g in groups for b in g.findChildren(QAbstractButton)] + [host.next_button]
            assert all(whole(w) for w in wanted), (step, number, [w.objectName() for w in wanted if not whole(w)])
            for group in groups:
                robot.choose(group.objectName(), _LONGEST_ANSWER.get(group.objectName(), "no"))
                settle(qtbot)
            explained = [f for f in page.findChildren(FeedbackLabel) if f.isVisible() and f.text()]
            assert explained, (step, number)
            if groups[0].objectName() == "excluded_position":
                chosen = groups[0].button(_LONGEST_ANSWER["excluded_position"])
                assert all(whole(w) for w in [*explained, chosen, host.next_button]), (step, number, [(w.objectName(), w.visibleRegion().boundingRect(), w.rect()) for w in [*explained, chosen]], scroll.verticalScrollBar().value())
            else:
                assert scroll.verticalScrollBar().maximum() == 0, (step, number)  # the explanations fit too
                assert all(whole(w) for w in [*wanted, *explained]), (step, number)
            if not contrast:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                suffix = "" if language == "id" else f"_{language}"
                assert host.grab().save(str(SCREENSHOTS / f"wizard_{step}_{number + 1}_large{suffix}.png"))
            robot.click(host.next_button)
            settle(qtbot)
        assert host.draft.step != step  # the last screen's Next left the step
    finally:
        reset_display()
        switch_language("id")
