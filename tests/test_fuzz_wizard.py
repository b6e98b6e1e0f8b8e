"""Random input on every wizard page, through the real widgets: never an unhandled exception, never a
Qt warning; Next either moves on (the draft is saved) or the footer says what is missing."""

from __future__ import annotations

import copy
import os
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton

from prakerja_desktop import i18n
from prakerja_desktop.domain import flow
from tests.wizard_robot import Person, Robot, type_text, wait_until
from ui.widgets.choice import OptionButtons
from ui.widgets.language_picker import switch_language
from ui.wizard.host import WizardHost

pytestmark = pytest.mark.gui
# PRAKERJA_FUZZ_EXAMPLES=500 hunts longer with fresh random input; the default run is short and repeatable.
HUNT = int(os.environ.get("PRAKERJA_FUZZ_EXAMPLES", "0"))

STEPS = [flow.WELCOME, flow.ABOUT, flow.CONSENT, flow.ELIGIBILITY, flow.IDENTITY, flow.FAMILY, flow.CONTACT,
         flow.ADDRESS, flow.EDUCATION_WORK, flow.READINESS, flow.REVIEW]
DATABASE_DEPENDENT = {"resumeLatestButton"}
TEXT_STEPS = {flow.WELCOME, flow.IDENTITY, flow.FAMILY, flow.CONTACT, flow.ADDRESS}

# What people (and their phones' keyboards, and copy-paste from chats) put into fields.
NASTY = st.sampled_from([
    "\x00", "\u202e", "\u200b", "\ufeff", "\r\n", "\t", "ملف محمد", "שלום", "😀👍🏽‍🔥", "🇮🇩", "Z̵̡̛a̷l̶g̸o̶",
    "０８１２３４５６７８９０", "٠١٢٣٤٥٦٧٨٩", "३५०८", "3508201705000001", "3508201203150007", "+62 812-3456-7890",
    "budi@gmail.com", "a@b", "@", "..", "%s%n{0}{name}", "<b>x</b>", "' OR 1=1 --", "İı", "ß", "ǅ", "\U0010ffff",
    "Ranuyoso", "Lumajang", "-", " ", "17-05-2000", "NaN", "1e309", "9" * 40,
])
PIECE = st.one_of(NASTY, st.text(max_size=24),
                  st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=4),
                  st.text(alphabet=st.characters(min_codepoint=0x0590, max_codepoint=0x06FF), max_size=12))
TEXT = st.one_of(st.lists(PIECE, max_size=5).map("".join), st.text(min_size=300, max_size=3000))


def type_like_a_person(edit: QLineEdit, text: str) -> None:
    """Clear the field, type the start key by key, then paste the whole text (what Ctrl+V does)."""
    edit.setFocus()
    edit.selectAll()
    QTest.keyClick(edit, Qt.Key.Key_Backspace)
    type_text(edit, text[:12])
    if len(text) > 12:
        edit.selectAll()
        edit.insert(text)  # the path QLineEdit.paste() takes: maxLength and validators apply


def settle(host: WizardHost) -> None:
    """Wait until the worker has answered every save, submit and lookup."""
    wait_until(lambda: host.context.tasks.pending == 0, timeout=30)


def scramble_page(host: WizardHost, data: st.DataObject) -> list[str]:
    """Random text into every visible text field, random choices in every button group and list;
    returns the names of the text fields that were typed into."""
    page = host.current_page()
    typed: list[str] = []
    pinned = page.pinned.findChildren(OptionButtons) if page.pinned is not None else []  # answers kept in view
    for group in page.findChildren(OptionButtons) + pinned:
        if group.isVisible() and data.draw(st.booleans(), label="touch " + group.objectName()):
            buttons = [b for b in group.findChildren(QPushButton) if b.isVisible() and b.isEnabled()]
            if buttons:
                QTest.mouseClick(data.draw(st.sampled_from(buttons)), Qt.MouseButton.LeftButton)
    # Buttons shown or not by what the database holds (Welcome's "continue your draft" offer) would make
    # an example draw differently when hypothesis replays it: they are left out.
    loose = [b for b in page.findChildren(QPushButton)
             if b.isVisible() and b.isEnabled() and not isinstance(b.parent(), OptionButtons)
             and b.objectName() not in DATABASE_DEPENDENT]
    if loose:  # "Ubah" on the review, "Lanjutkan" on Welcome, hints: touched in a random order
        for button in data.draw(st.lists(st.sampled_from(loose), max_size=2), label="other buttons"):
            if button.isVisible() and button.isEnabled():
                QTest.mouseClick(button, Qt.MouseButton.LeftButton)
                settle(host)
        if host.current_page() is not page:
            return typed  # a button opened another step: that is the page now on show
    for combo in page.findChildren(QComboBox):
        if combo.isVisible() and combo.isEnabled() and combo.count() and not combo.isEditable():
            combo.setCurrentIndex(data.draw(st.integers(-1, combo.count() - 1), label=combo.objectName()))
    for edit in page.findChildren(QLineEdit):
        if edit.isVisible() and edit.isEnabled() and not edit.isReadOnly():
            name = edit.objectName() or "field"
            how = data.draw(st.sampled_from(["replace", "append", "keep"]), label="how " + name)
            if how == "keep":  # a valid answer stays, so Next opens and odd text elsewhere gets saved
                continue
            junk = data.draw(TEXT, label=name)
            type_like_a_person(edit, junk if how == "replace" else edit.text() + junk)
            typed.append(name)
    return typed


@pytest.mark.parametrize("step", STEPS)
def test_random_input_on_every_page(step: str, qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = WizardHost(wizard_context)
    qtbot.addWidget(host)
    host.resize(1024, 768)
    host.show()
    host.start()
    Robot(host).run_to(Person(), step)
    settle(host)
    base = copy.deepcopy(host.draft)
    examples = HUNT or (25 if step in TEXT_STEPS else 10)
    touched: list[str] = []

    @settings(max_examples=examples, deadline=None, derandomize=not HUNT,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=st.data())
    def one_person(data: st.DataObject) -> None:
        switch_language(i18n.DEFAULT_LANGUAGE)  # a language button touched last time must not carry over
        host.start(copy.deepcopy(base))
        settle(host)  # Welcome's look-up of a draft to offer has answered
        assert host.draft.step == step
        with qtbot.capture_exceptions() as exceptions:
            touched.extend(scramble_page(host, data))
            if host.draft.step == step and data.draw(st.booleans(), label="press Next"):
                if host.next_ready():
                    screen = host.current_page().screen
                    QTest.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
                    settle(host)
                    # On: the next step, the step's next question screen, or a banner saying why not.
                    assert (host.draft.step != step or host.current_page().screen != screen
                            or host.banner.isVisible())
                    if host.back_button.isVisible() and host.back_button.isEnabled():
                        QTest.mouseClick(host.back_button, Qt.MouseButton.LeftButton)
                elif host.next_button.isVisible():
                    # The hint says why beforehand, except on a question screen (the question shown says it).
                    assert host.hint_label.text().strip() or host.current_page().screen_count() > 1, \
                        "Next would not move on without saying why"
                    QTest.mouseClick(host.next_button, Qt.MouseButton.LeftButton)  # never a dead button:
                    assert host.error_summary.isVisible() and host.error_summary.items  # it says what to fix
            elif host.back_button.isVisible() and host.back_button.isEnabled():
                QTest.mouseClick(host.back_button, Qt.MouseButton.LeftButton)
            settle(host)
        assert not exceptions, exceptions
        assert "kesalahan program" not in host.banner.text()

    try:
        one_person()
    finally:
        switch_language(i18n.DEFAULT_LANGUAGE)
    if step in TEXT_STEPS:  # the fuzzer really reached the fields
        assert touched


NAME_TEXT = st.lists(PIECE, min_size=1, max_size=4).map("".join)


@pytest.mark.slow
def test_odd_names_and_places_go_all_the_way_to_a_receipt(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    """Whatever is typed as name, birth place and village: a clear message, or a record and its receipt."""
    host = WizardHost(wizard_context)
    qtbot.addWidget(host)
    host.resize(1024, 768)
    host.show()
    app = wizard_context.app
    outcomes = {"receipt": 0, "message": 0}

    @settings(max_examples=HUNT or 15, deadline=None, derandomize=not HUNT,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(name=NAME_TEXT, place=NAME_TEXT, village=st.one_of(NAME_TEXT, st.just("Ranuyoso")),
           serial=st.integers(1, 9999))
    def one_person(name: str, place: str, village: str, serial: int) -> None:
        from tests.factories import make_nik

        nik = make_nik(date(2000, 5, 17), serial=serial)
        person = Person(nik=nik, name=name, birth_place=place, village=village)
        host.start()
        robot = Robot(host)
        with qtbot.capture_exceptions() as exceptions:
            while host.draft.step not in (flow.DONE, flow.REVIEW):
                robot.fill(person)
                settle(host)
                if not host.next_ready():
                    assert host.hint_label.text().strip(), f"Next disabled on {host.draft.step} without a reason"
                    outcomes["message"] += 1
                    break
                robot.next()
                settle(host)
            if host.draft.step == flow.REVIEW:
                robot.next()
                settle(host)
                if host.result is not None:
                    pdf = app.receipts.pdf(host.result.record_uuid)
                    assert pdf.startswith(b"%PDF")
                    outcomes["receipt"] += 1
                else:
                    assert host.banner.text().strip() and "kesalahan program" not in host.banner.text()
                    outcomes["message"] += 1
        assert not exceptions, exceptions

    one_person()
    assert outcomes["receipt"] + outcomes["message"] > 0


def test_the_harness_sees_an_exception_raised_in_a_slot(qtbot) -> None:  # type: ignore[no-untyped-def]
    """capture_exceptions really collects what a Qt slot raises (else the fuzzers above would miss it)."""
    button = QPushButton("x")
    qtbot.addWidget(button)
    button.show()

    def broken() -> None:
        raise RuntimeError("a bug in a slot")

    button.clicked.connect(broken)
    with qtbot.capture_exceptions() as exceptions:
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(exceptions) == 1 and "a bug in a slot" in str(exceptions[0][1])
