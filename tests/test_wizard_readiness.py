"""The readiness checklist: "Tidak" says what to do; answers from the contact page are already shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Draft, Readiness
from tests.factories import make_applicant
from tests.test_wizard_eligibility import pages, screenshot
from ui.wizard.host import WizardHost

pytestmark = pytest.mark.gui
BEFORE = list(flow.MAIN_PATH[: flow.MAIN_PATH.index(flow.READINESS)])


def open_host(qtbot, wizard_context, readiness: Readiness) -> WizardHost:  # type: ignore[no-untyped-def]
    applicant = make_applicant()
    applicant.readiness = readiness
    host = WizardHost(wizard_context, pages(flow.EDUCATION_WORK, flow.READINESS, flow.REVIEW))
    qtbot.addWidget(host)
    host.resize(1024, 768)
    host.show()
    host.start(Draft(applicant=applicant, step=flow.READINESS, visited=BEFORE[:]))
    return host


def click(qtbot, page, field: str, value: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.answers[field].button(value), Qt.MouseButton.LeftButton)


def test_answers_from_the_contact_page_are_shown(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_host(qtbot, wizard_context, Readiness(sim_in_hand=True, email_inbox_ok=False))
    page = host.current_page()
    assert host.title_label.text() == "Yang perlu disiapkan"
    assert page.answers["sim_in_hand"].button("yes").isChecked()
    assert page.answers["email_inbox_ok"].button("no").isChecked()
    assert "Buat email baru" in page.feedback["email_inbox_ok"].text()
    assert not page.feedback["sim_in_hand"].text()
    assert page.answers["has_ektp"].answer() is None
    assert not host.next_ready()
    qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)  # Next explains what is missing
    assert [f.message for f in host.error_summary.findings] == ["Jawab ya atau tidak untuk setiap hal di daftar ini."]
    assert host.question_label.text() == "Pertanyaan 1 dari 5"


def test_no_shows_what_to_do_and_every_answer_is_needed(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    # One item per screen (issue 14, one thing per page; the SIM item shares the camera's): Next waits for
    # the item on screen.
    host = open_host(qtbot, wizard_context, Readiness(sim_in_hand=True, email_inbox_ok=True))
    page = host.current_page()
    assert host.question_label.text() == "Pertanyaan 1 dari 5"
    assert not page.feedback["has_ektp"].text()
    click(qtbot, page, "has_ektp", "no")
    feedback = page.feedback["has_ektp"]
    assert feedback.text()
    assert "Siapkan e-KTP asli" in feedback.text() and feedback.text().startswith("⚠")
    click(qtbot, page, "has_ektp", "yes")
    assert not feedback.text()

    notes = [label.text() for label in page.findChildren(QLabel)]
    assert "Kami tidak menyimpan nama ibu; ini hanya pengingat." in notes

    assert host.next_ready()
    qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    assert host.question_label.text() == "Pertanyaan 2 dari 5"
    assert page.answers["sim_in_hand"].isVisible()  # answered on the contact page, shown with the camera
    assert not host.next_ready()
    click(qtbot, page, "has_camera_phone", "no")
    assert host.next_ready()
    qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    assert host.question_label.text() == "Pertanyaan 3 dari 5"
    assert page.answers["email_inbox_ok"].isVisible() and host.next_ready()  # answered on the contact page
    qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    click(qtbot, page, "payout_account", "no")
    qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    assert host.question_label.text() == "Pertanyaan 5 dari 5"
    assert not host.next_ready()
    click(qtbot, page, "knows_mother_maiden_name", "no")
    assert "nama ibu di Kartu Keluarga" in page.feedback["knows_mother_maiden_name"].text()
    assert host.next_ready()  # "Tidak" is a fine answer: the receipt says what to do
    qtbot.wait(50)
    assert not page.feedback["knows_mother_maiden_name"].visibleRegion().isEmpty()  # in view
    screenshot(qtbot, host, "readiness_bottom")

    qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    assert host.draft.step == flow.REVIEW
    assert host.draft.applicant.readiness == Readiness(
        has_ektp=True, has_camera_phone=False, sim_in_hand=True, email_inbox_ok=True, payout_account=False,
        knows_mother_maiden_name=False)
    review = host.current_page()
    assert "HP berkamera untuk foto e-KTP dan foto wajah: Tidak" in review.bodies[flow.READINESS].accessibleName()


def test_back_keeps_the_answers(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_host(qtbot, wizard_context, Readiness())
    page = host.current_page()
    screenshot(qtbot, host, "readiness")
    click(qtbot, page, "has_ektp", "no")
    qtbot.mouseClick(host.back_button, Qt.MouseButton.LeftButton)
    assert host.draft.step == flow.EDUCATION_WORK
    assert host.draft.applicant.readiness.has_ektp is False
