"""Kiosk idle sessions with real widgets: "Masih di sana?", the wipe, and the draft after a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from prakerja_desktop.app import App
from prakerja_desktop.clock import utcnow
from prakerja_desktop.domain.applicant import Draft
from prakerja_desktop.kiosk import mode as kiosk
from tests.kiosk_gui import _close_kiosks, kiosk_window_fixture, open_kiosk  # noqa: F401 - fixtures
from tests.wizard_robot import Person, Robot

pytestmark = pytest.mark.gui


def test_idle_asks_masih_di_sana_and_continue_keeps_the_session(qtbot, kiosk_window) -> None:  # type: ignore[no-untyped-def]
    window, controller = kiosk_window
    controller.countdown.seconds = 30
    host = window.wizard
    robot = Robot(host)
    robot.next()  # "Mulai": a session has begun
    controller.set_idle_ms(1_000)
    qtbot.waitUntil(controller.countdown.isVisible, timeout=5_000)
    assert controller.countdown.title_label.text() == "Masih di sana?"
    assert controller.countdown.continue_button.height() >= 48
    assert not host.isEnabled()  # nothing under the question can be touched meanwhile
    qtbot.mouseClick(controller.countdown.continue_button, Qt.MouseButton.LeftButton)
    assert not controller.countdown.isVisible() and host.isEnabled()
    assert window.wizard is host and host.draft.step == "about"
    qtbot.waitUntil(controller.countdown.isVisible, timeout=5_000)  # and it asks again later
    controller.countdown.cancel()


def texts_of(widget: QWidget) -> list[str]:
    """Every text a widget shows or keeps: contents, placeholder, title, names, items, completions."""
    found = [widget.windowTitle(), widget.accessibleName(), widget.toolTip()]
    if isinstance(widget, (QLabel, QLineEdit, QAbstractButton)):
        found.append(widget.text())
    if isinstance(widget, QLineEdit):
        found.append(widget.placeholderText())
        completer = widget.completer()
        if completer is not None:
            found.append(completer.completionPrefix())
            model = completer.model()
            found.extend(str(model.index(row, 0).data()) for row in range(model.rowCount()))
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        found.extend([widget.toPlainText(), widget.placeholderText()])
    if isinstance(widget, QComboBox):
        found.append(widget.currentText())
        found.extend(widget.itemText(i) for i in range(widget.count()))
    return found


def traces_of(values: list[str]) -> list[str]:
    """Texts of live widgets that contain any of the values."""
    hits = []
    for widget in QApplication.allWidgets():
        for text in texts_of(widget):
            if any(value.lower() in (text or "").lower() for value in values):
                hits.append(f"{type(widget).__name__}#{widget.objectName()}: {text!r}")
    return hits


def test_idle_expiry_wipes_every_trace_and_keeps_the_draft_with_consent(qtbot, kiosk_window,  # type: ignore[no-untyped-def]
                                                                         app: App) -> None:
    window, controller = kiosk_window
    host = window.wizard
    person = Person(name="Sulastri Wibisono", email="sulastri.wibi@gmail.com", phone="0813-9876-5432",
                    kk="3508201203150099")
    robot = Robot(host)
    robot.run_to(person, "contact")
    robot.fill(person)  # phone and email typed, never saved with Next
    email_edit = robot.find("emailEdit", QLineEdit)
    email_edit.selectAll()
    QTest.keyClick(email_edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)  # the person copies it
    assert QGuiApplication.clipboard().text() == person.email
    typed = [person.name, person.nik, person.kk, "9876", person.email]
    assert traces_of(typed)  # the check can see them while they are on screen

    controller.set_idle_ms(1_000)
    with qtbot.waitSignal(controller.wiped, timeout=10_000) as wiped:
        pass
    assert wiped.args == ["saved"]
    qtbot.waitUntil(lambda: not shiboken6.isValid(host), timeout=5_000)  # the old wizard is gone
    assert window.wizard is not host and window.wizard.draft.step == "welcome"
    assert window.centralWidget() is window.wizard and window.wizard.isEnabled()
    assert traces_of(typed) == []
    assert QGuiApplication.clipboard().text() == ""
    assert not controller.countdown.isVisible() and window.isFullScreen()
    # With consent the answers are kept, the unsaved email too, for the person to continue by code.
    qtbot.waitUntil(lambda: window.tasks.pending == 0, timeout=10_000)
    saved = app.drafts.latest()
    assert saved is not None and saved.applicant.full_name == person.name
    assert saved.applicant.email == person.email and saved.step == "contact"
    # The next person is not offered it.
    qtbot.waitUntil(lambda: window.tasks.pending == 0, timeout=10_000)
    assert not window.wizard.current_page().offer_button.isVisible()


def test_idle_expiry_without_consent_keeps_nothing(qtbot, kiosk_window, app: App) -> None:  # type: ignore[no-untyped-def]
    window, controller = kiosk_window
    host = window.wizard
    person = Person(name="Rahmat Hidayat")
    robot = Robot(host)
    robot.run_to(person, "family")  # identity saved with Next, with consent
    qtbot.waitUntil(lambda: app.drafts.latest() is not None, timeout=10_000)
    while host.draft.step != "consent":
        robot.back()
    robot.choose("consentChoice", "decline")  # changes their mind, then walks away
    controller.set_idle_ms(1_000)
    with qtbot.waitSignal(controller.wiped, timeout=10_000) as wiped:
        pass
    assert wiped.args == ["discarded"]
    qtbot.waitUntil(lambda: not shiboken6.isValid(host), timeout=5_000)
    assert traces_of([person.name, person.nik]) == []
    qtbot.waitUntil(lambda: window.tasks.pending == 0, timeout=10_000)
    assert app.drafts.latest() is None


def test_after_a_crash_only_the_interrupted_draft_is_offered_and_only_once(qtbot, data_dir: Path,  # type: ignore[no-untyped-def]
                                                                           app: App, admin) -> None:
    draft = Draft()
    draft.step = "contact"
    draft.applicant.full_name = "Dewi Lestari"
    draft.applicant.consent.store_record = True
    saved = app.drafts.save(draft)
    other = Draft()
    other.step = "identity"
    other.applicant.consent.store_record = True
    app.drafts.save(other)  # saved later: the plain "latest draft" would be this one
    kiosk.remember_session_draft(data_dir, saved.id)
    window, controller = open_kiosk(qtbot, data_dir, crashed_at=utcnow())
    welcome = window.wizard.current_page()
    qtbot.waitUntil(welcome.offer_button.isVisible, timeout=10_000)
    assert saved.code in welcome.offer_button.text()
    qtbot.mouseClick(welcome.offer_button, Qt.MouseButton.LeftButton)
    assert window.wizard.draft.id == saved.id and window.wizard.draft.step == "contact"
    controller.wipe_session()
    qtbot.waitUntil(lambda: window.tasks.pending == 0, timeout=10_000)
    assert not window.wizard.current_page().offer_button.isVisible()
    assert not (data_dir / kiosk.SESSION_FILE).exists()
    controller.release()
    window.close()


def test_a_normal_kiosk_start_offers_no_draft(qtbot, data_dir: Path, app: App, admin) -> None:  # type: ignore[no-untyped-def]
    draft = Draft()
    draft.step = "contact"
    draft.applicant.consent.store_record = True
    app.drafts.save(draft)
    window, controller = open_kiosk(qtbot, data_dir)
    qtbot.waitUntil(lambda: window.tasks.pending == 0, timeout=10_000)
    assert not window.wizard.current_page().offer_button.isVisible()
    controller.release()
    window.close()


def test_a_day_of_wipes_leaves_no_widgets_behind(qtbot, kiosk_window) -> None:  # type: ignore[no-untyped-def]
    """Each wipe gives the next person a new wizard; the old one's pages, pop-ups and overlays must all go,
    or a kiosk running all day grows (bench/soak.py measures the day; this keeps the count from creeping)."""
    window, controller = kiosk_window
    alive: list[int] = []
    for n in range(4):
        host = window.wizard
        Robot(host).run_to(Person(name=f"Orang Ke {n}", phone=f"08122000{n:04d}"), "contact")
        controller.wipe_session()
        qtbot.waitUntil(lambda host=host: not shiboken6.isValid(host), timeout=5_000)
        qtbot.waitUntil(lambda: window.tasks.pending == 0, timeout=10_000)
        qtbot.wait(50)  # the event loop runs the wiped pages' deferred deletes, as the kiosk's own loop does
        alive.append(len(QApplication.allWidgets()))
    assert alive[0] < 1_000
    assert alive[-1] <= alive[1], alive  # (the first wipe may still build what stays for the day)
