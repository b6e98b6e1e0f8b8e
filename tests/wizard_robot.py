"""A person at the kiosk, as code: clicks and types through the wizard with real widgets.

Shared by the end-to-end flow tests and bench/wizard.py. Only public Qt input is used (QTest key
clicks and mouse clicks), so the widgets see what they would see from a person.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWidget

from prakerja_desktop.domain import flow
from ui.widgets.choice import OptionButtons
from ui.wizard.host import WizardHost


@dataclass
class Person:
    """What a made-up applicant answers."""

    nik: str = "3508201705000001"  # Ranuyoso, Lumajang; born 17-05-2000; male
    name: str = "Budi Santoso"
    birth_place: str = "Lumajang"
    kk: str = "3508201203150007"
    phone: str = "0812-3456-7890"
    email: str | None = "budi.santoso@gmail.com"
    take_email_suggestion: bool = False
    village: str = "Ranuyoso"
    consent: bool = True
    in_school: bool = False
    readiness_no: set[str] = field(default_factory=lambda: {"payout_account"})


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Process Qt events until the condition holds (the worker answers by signal)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not reach the expected state in time")
        QCoreApplication.processEvents()
        time.sleep(0.001)


def type_text(widget: QWidget, text: str) -> None:
    """Type key by key; beyond printable ASCII (which QTest asserts on) send what a keyboard layout or an
    input method sends: a key event carrying the character."""
    if text.isascii() and text.isprintable():
        QTest.keyClicks(widget, text)
        return
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier,
                                                         character))


class Robot:
    """Drives a WizardHost as a person would."""

    def __init__(self, host: WizardHost) -> None:
        self.host = host
        self.taps = 0  # buttons touched (Next included)
        self.fields_typed = 0  # text fields typed into (one touch each to put the cursor there)
        self.screens: list[str] = []  # the steps shown, in order (Robot.next records the one it reaches)

    def find(self, name: str, kind: type = QWidget) -> QWidget:
        """A widget of the current page by object name."""
        page = self.host.current_page()
        widget = page.findChild(kind, name)
        if widget is None and page.pinned is not None:  # the answers kept in view under the page
            widget = page.pinned.findChild(kind, name)
        if widget is None:
            raise LookupError(f"no {kind.__name__} named {name!r} on step {self.host.draft.step!r}")
        return widget

    def click(self, button: QAbstractButton) -> None:
        """Touch a button."""
        button.ensurePolished()
        if isinstance(self, Robot):  # some tests call Robot.click(None, button)
            self.taps += 1
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    def type(self, name: str, text: str) -> None:
        """Focus a field, clear it and type, key by key."""
        edit = self.find(name, QLineEdit)
        self.fields_typed += 1
        edit.setFocus()
        edit.selectAll()
        QTest.keyClick(edit, Qt.Key.Key_Backspace)
        type_text(edit, text)

    def choose(self, name: str, value: str) -> None:
        """Touch one option of an OptionButtons/YesNo group."""
        group = self.find(name, OptionButtons)
        self.click(group.button(value))  # type: ignore[attr-defined]

    def answer(self, name: str, yes: bool) -> None:
        """Answer a yes/no question."""
        self.choose(name, "yes" if yes else "no")

    def next(self) -> str:
        """Touch Next and wait until the next step (or question screen of the same step) is on screen;
        returns the step."""
        before = self.host.draft.step
        button = self.host.next_button
        if not self.host.next_ready():
            raise AssertionError(f"Next would not move on from {before!r}: {self.host.hint_label.text()!r}")
        self.click(button)
        if before == "review":
            wait_until(lambda: self.host.draft.step != "review" or self.host.banner.isVisible())
        return self.host.draft.step

    def back(self) -> str:
        """Touch Back."""
        self.click(self.host.back_button)
        return self.host.draft.step

    # --- one function per step ------------------------------------------------------------------

    def fill(self, person: Person) -> None:
        """Answer the current step for this person."""
        getattr(self, f"_fill_{self.host.draft.step}", lambda _p: None)(person)

    def _fill_consent(self, person: Person) -> None:
        self.choose("consentChoice", "agree" if person.consent else "decline")

    def _fill_eligibility(self, person: Person) -> None:
        """The question on screen (one per screen)."""
        answers = {"citizen": "yes", "in_school": "yes" if person.in_school else "no", "excluded_position": "none",
                   "prior_recipient": "no"}
        for group in self._shown_groups():
            self.choose(group.objectName(), answers[group.objectName()])

    def _fill_identity(self, person: Person) -> None:
        self.type("nik", person.nik)
        self.type("fullName", person.name)
        self.type("birthPlace", person.birth_place)

    def _fill_family(self, person: Person) -> None:
        self.type("kkNumber", person.kk)

    def _fill_contact(self, person: Person) -> None:
        self.type("phoneEdit", person.phone)
        self.answer("simInHand", True)
        self.answer("hasEmail", person.email is not None)
        if person.email is not None:
            self.type("emailEdit", person.email)
            if person.take_email_suggestion:
                suggestion = self.find("emailSuggestion", QAbstractButton)
                wait_until(suggestion.isVisible)
                self.click(suggestion)  # type: ignore[arg-type]
            self.answer("inboxOk", True)

    def _fill_address(self, person: Person) -> None:
        self.type("villageEdit", person.village)

    def _fill_education_work(self, person: Person) -> None:
        self.choose("educationChoice", "sma")
        self.choose("employmentChoice", "unemployed")

    def _fill_readiness(self, person: Person) -> None:
        """The items on screen not answered yet (the contact page answered some)."""
        for group in self._shown_groups():
            name = group.objectName()
            if group.value() is None:
                self.answer(name, name not in person.readiness_no)

    def _shown_groups(self) -> list[OptionButtons]:
        """The questions of the screen shown (a step may show its questions a few at a time)."""
        page = self.host.current_page()
        return [g for g in page.findChildren(OptionButtons) if page.screen_of(g) in (None, page.screen)]

    def answer_step(self, person: Person) -> str:
        """Answer every question screen of the current step and press Next until the step is left."""
        step = self.host.draft.step
        while self.host.draft.step == step:
            self.fill(person)
            self.next()
        return self.host.draft.step

    def run_to(self, person: Person, stop_at: str) -> None:
        """From the current step, answer and press Next until `stop_at` is on screen."""
        guard = 0
        while self.host.draft.step != stop_at:
            self.fill(person)
            self.next()
            guard += 1
            if guard > 40:  # 10 steps, some of several question screens
                raise AssertionError(f"never reached {stop_at!r}")


TODAY = date(2026, 11, 28)
# Steps that show their questions one a screen, and how many screens (the standard rule set; the SIM item
# shares the camera item's screen).
QUESTION_SCREENS = {flow.ELIGIBILITY: 4, flow.READINESS: 5}


def main_path_screens() -> list[str]:
    """The steps a consenting person sees, one entry per screen (a step of question screens repeats)."""
    return [step for step in flow.MAIN_PATH for _ in range(QUESTION_SCREENS.get(step, 1))]
