"""Save and come back: the code on screen after consent, the "Lanjutkan nanti" slip, staff's list of drafts."""

from __future__ import annotations

import io

import pypdf
import pypdfium2
import pytest
import zxingcpp
from PySide6.QtWidgets import QAbstractButton, QLabel

from prakerja_desktop.app import App
from prakerja_desktop.domain import flow
from tests.factories import make_draft
from tests.wizard_robot import Person, Robot, wait_until
from ui.wizard.host import WizardHost

pytestmark = pytest.mark.gui


def pdf_text(pdf: bytes) -> str:
    """Every text of the PDF's pages."""
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def qr_texts(pdf: bytes) -> list[str]:
    """What a scanner reads from the PDF's first page at 200 dpi."""
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=200 / 72).to_pil()
    return [found.text for found in zxingcpp.read_barcodes(image)]


def test_the_code_is_shown_after_consent_and_the_person_can_stop_for_now(host: WizardHost, wizard_context) -> None:  # type: ignore[no-untyped-def]
    robot, person = Robot(host), Person()
    robot.next()
    robot.run_to(person, flow.CONSENT)
    assert not host.code_label.isVisible() and not host.later_button.isVisible()  # nothing stored yet
    robot.run_to(person, flow.IDENTITY)
    wait_until(lambda: host.code_label.isVisible())
    code = host.draft.code
    assert code and code in host.code_label.text() and host.later_button.isVisible()
    robot.fill(person)  # typed but not yet saved with Next: "Lanjutkan nanti" keeps it too
    finished: list[bool] = []
    host.finished.connect(lambda: finished.append(True))
    robot.click(host.later_button)
    dialog = host.later_dialog
    wait_until(dialog.isVisible)
    assert code[:3] in dialog.code_label.text() and code[3:] in dialog.code_label.text()
    assert dialog.read_button.objectName() == "readCodeButton"
    assert " ".join(code[:3]) in dialog.spoken()  # letter by letter
    robot.click(dialog.findChild(QAbstractButton, "stopForNowButton"))
    assert finished == [True]
    wait_until(lambda: wizard_context.tasks.pending == 0)
    saved = wizard_context.app.drafts.resume(code)
    assert saved is not None and saved.applicant.nik == person.nik and saved.step == flow.IDENTITY


def test_the_code_is_on_every_screen_from_consent_to_review_and_gone_on_done(host: WizardHost,  # type: ignore[no-untyped-def]
                                                                             wizard_context) -> None:
    """"After consent the draft code is on screen at every step": each screen the person sees, question
    screens included, shows the same code until the record is stored; Done shows the receipt instead."""
    robot, person = Robot(host), Person()
    robot.next()
    robot.run_to(person, flow.CONSENT)
    robot.fill(person)
    robot.next()
    wait_until(lambda: host.code_label.isVisible())
    code = host.draft.code
    seen = []
    while host.draft.step != flow.DONE:
        wait_until(lambda: wizard_context.tasks.pending == 0)
        assert host.code_label.isVisible() and code in host.code_label.text(), host.draft.step
        assert host.code_label.accessibleName() == host.code_label.text()  # read aloud too
        seen.append(host.draft.step)
        robot.fill(person)
        robot.next()
    assert seen[-1] == flow.REVIEW and flow.IDENTITY in seen and seen.count(flow.READINESS) > 1
    assert not host.code_label.isVisible() and not host.later_button.isVisible()


@pytest.mark.parametrize("layout", ["a4", "roll80"])
def test_the_slip_has_the_code_its_qr_and_nothing_personal(app: App, layout: str) -> None:
    draft = make_draft()
    draft.step = flow.ADDRESS
    app.drafts.save(draft)
    code = draft.code or ""
    pdf = app.drafts.slip_pdf(code.lower(), layout)
    text = pdf_text(pdf)
    assert f"{code[:3]} {code[3:]}" in text
    assert "prakerja.go.id" in text
    assert draft.applicant.full_name not in text and (draft.applicant.nik or "") not in text
    assert qr_texts(pdf) == [code]
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    width_mm = float(page.mediabox.width) / 72 * 25.4
    assert round(width_mm) == (210 if layout == "a4" else 80)


def test_an_unknown_code_has_no_slip(app: App) -> None:
    from prakerja_desktop.errors import UserInputError

    with pytest.raises(UserInputError):
        app.drafts.slip_pdf("ZZZZZZ")


def test_staff_see_open_drafts_on_welcome_and_the_public_does_not(qtbot, wizard_context, admin) -> None:  # type: ignore[no-untyped-def]
    draft = make_draft()
    draft.step = flow.ADDRESS
    wizard_context.app.drafts.save(draft)
    public = WizardHost(wizard_context)
    qtbot.addWidget(public)
    public.show()
    public.start()
    wait_until(lambda: wizard_context.tasks.pending == 0)
    texts = " ".join(label.text() for label in public.findChildren(QLabel) if label.isVisible())
    texts += " ".join(b.text() for b in public.findChildren(QAbstractButton) if b.isVisible())
    assert (draft.code or "") not in texts and draft.applicant.full_name not in texts

    from ui.wizard.context import WizardContext

    staff_context = WizardContext(app=wizard_context.app, tasks=wizard_context.tasks, staff=admin)
    staff = WizardHost(staff_context)
    qtbot.addWidget(staff)
    staff.resize(1024, 768)
    staff.show()
    staff.start()
    wait_until(lambda: bool(staff.current_page().findChildren(QAbstractButton, "staffDraftButton")))
    button = staff.current_page().findChildren(QAbstractButton, "staffDraftButton")[0]
    assert draft.code in button.text() and draft.applicant.full_name in button.text()
    Robot(staff).click(button)
    wait_until(lambda: staff.draft.step == flow.ADDRESS)
    assert staff.code_label.isVisible() and (draft.code or "") in staff.code_label.text()


@pytest.mark.parametrize("large, contrast", [(False, False), (True, False), (False, True), (True, True)])
def test_the_save_for_later_dialog_is_touchable_named_and_unclipped(qtbot, wizard_context, large: bool,  # type: ignore[no-untyped-def]
                                                                   contrast: bool) -> None:
    from tests.screen_checks import clipped_texts, small_targets, unnamed_controls
    from ui.display import DisplayMode, display_settings, reset_display
    from ui.wizard.save_later import SaveForLaterDialog

    display_settings().set_mode(DisplayMode(large, contrast))
    try:
        dialog = SaveForLaterDialog(wizard_context, "QKHYP7", lambda: None)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.width() <= 1024 and dialog.height() <= 768
        assert not small_targets(dialog) and not unnamed_controls(dialog) and not clipped_texts(dialog)
    finally:
        reset_display()
