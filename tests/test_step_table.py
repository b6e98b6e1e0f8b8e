"""The step table is the one place a wizard step is known, and a warning raised on a step is not forgotten:
Review (in its section), Done and the receipt show it again, made again from the stored answers."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest
from PySide6.QtCore import Qt

from prakerja_desktop.domain import flow, review_lines
from prakerja_desktop.domain.applicant import Draft
from prakerja_desktop.domain.eligibility import age_finding, kk_records_finding
from prakerja_desktop.domain.rules import load_rule_set
from prakerja_desktop.domain.step_warnings import Facts
from tests.factories import make_applicant, make_draft
from tests.test_wizard_eligibility import screenshot
from tests.test_wizard_review_done import open_review, wait_for_outcome

TODAY = date(2026, 11, 28)
PLAIN_OK = "✔ Anda memenuhi syarat"
MISMATCH = "tidak sama dengan tanggal lahir yang diisi"
PHONE_SHARED = "Nomor HP ini sudah dipakai orang lain yang tercatat di kantor ini"


def flat(text: str) -> str:
    """Whitespace made single spaces (PDF text wraps anywhere)."""
    return " ".join(text.split())


def stated_date_differs():  # type: ignore[no-untyped-def]
    """Born 17 May 2000 by the NIK, but 18 May 2000 as stated."""
    applicant = make_applicant()
    applicant.birth_date = date(2000, 5, 18)
    return applicant


# --- the table -------------------------------------------------------------------------------------------


def test_every_review_line_is_a_known_field() -> None:
    for step in flow.REVIEW_STEPS:
        assert set(flow.step_entry(step).review) <= review_lines.known_keys(), step
    assert flow.REVIEW_STEPS == flow.EDITABLE_STEPS


def test_the_effect_of_leaving_each_step() -> None:
    consenting = Draft(applicant=make_applicant())
    declining = Draft(applicant=make_applicant(consent=False))
    effects = {}
    for step in flow.STEPS:
        consenting.step = declining.step = step
        effects[step] = (flow.leave_effect(consenting), flow.leave_effect(declining))
    assert effects[flow.WELCOME] == (flow.Effect.SAVE_DRAFT, flow.Effect.NOTHING)  # nothing before consent
    assert effects[flow.CONSENT] == (flow.Effect.SAVE_DRAFT, flow.Effect.DISCARD_DRAFT)
    assert effects[flow.IDENTITY][0] is flow.Effect.SAVE_DRAFT
    assert effects[flow.REVIEW][0] is flow.Effect.SUBMIT
    assert effects[flow.DONE][0] is effects[flow.CHECKLIST_ONLY][0] is flow.Effect.FINISH


def test_numbering_and_ends_come_from_the_table() -> None:
    assert flow.NUMBERED_STEPS[0] == flow.ABOUT and flow.NUMBERED_STEPS[-1] == flow.REVIEW
    assert flow.TERMINAL_STEPS == {flow.DONE, flow.CHECKLIST_ONLY}


@pytest.mark.gui
def test_every_step_has_exactly_one_page_module() -> None:
    from ui.wizard.pages import page_class

    for step in flow.STEPS:
        assert page_class(step).step == step


# --- the explanations live in the core -------------------------------------------------------------------


def test_the_age_rule_explains_itself() -> None:
    rule_set = load_rule_set()
    assert age_finding(rule_set, date(2000, 5, 17), TODAY).code == "identity.age"
    too_young = age_finding(rule_set, date(2010, 3, 4), TODAY)
    assert too_young.code == "identity.age_too_young"
    assert "4 Maret 2028" in too_young.message


def test_the_kk_rule_explains_itself() -> None:
    rule_set = load_rule_set()
    assert kk_records_finding(rule_set, 0).code == "family.kk_none"
    assert kk_records_finding(rule_set, 1).code == "family.kk_some"
    assert kk_records_finding(rule_set, 2) is None  # at the limit: the catalogue's kk.limit warning


# --- warnings, from the answers --------------------------------------------------------------------------


def test_warnings_are_made_again_from_the_answers() -> None:
    rule_set = load_rule_set()
    assert flow.warnings_by_step(make_applicant(), rule_set, Facts(TODAY, 0, 0)) == {}
    found = flow.warnings_by_step(stated_date_differs(), rule_set, Facts(TODAY, kk_others=2, phone_others=1))
    assert {step: [f.code for f in findings] for step, findings in found.items()} == {
        flow.IDENTITY: ["nik.birth_date_mismatch"], flow.FAMILY: ["kk.limit"], flow.CONTACT: ["phone.shared"]}
    # Done and the receipt leave out the KK limit: the pre-check's own reason explains it there.
    assert [f.code for f in flow.all_warnings(stated_date_differs(), rule_set, Facts(TODAY, 2, 1))] == [
        "nik.birth_date_mismatch", "phone.shared"]


def test_the_receipt_of_a_record_shows_the_warning(app) -> None:  # type: ignore[no-untyped-def]
    draft = make_draft()
    draft.applicant.birth_date = date(2000, 5, 18)
    submitted = app.records.submit(draft, today=TODAY)
    assert [f.code for f in submitted.warnings] == ["nik.birth_date_mismatch"]
    text = flat("\n".join(p.extract_text() for p in
                          pypdf.PdfReader(io.BytesIO(app.receipts.pdf(submitted.record_uuid))).pages))
    assert MISMATCH in text
    assert PLAIN_OK not in text
    assert "ada yang perlu Anda periksa lagi" in text


def test_the_receipt_names_a_phone_shared_with_another_record(app) -> None:  # type: ignore[no-untyped-def]
    app.records.submit(make_draft(serial=7, name="Ani Lestari", kk="3508201203150009"), today=TODAY)
    submitted = app.records.submit(make_draft(), today=TODAY)  # the same phone number as Ani
    assert [f.code for f in submitted.warnings] == ["phone.shared"]
    text = flat("\n".join(p.extract_text() for p in
                          pypdf.PdfReader(io.BytesIO(app.receipts.pdf(submitted.record_uuid))).pages))
    assert PHONE_SHARED in text


# --- warnings, on screen ---------------------------------------------------------------------------------


@pytest.mark.gui
def test_a_birth_date_that_differs_from_the_nik_reaches_review_and_done(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_review(qtbot, wizard_context, stated_date_differs())
    page = host.current_page()
    outcome = wait_for_outcome(qtbot, host)
    assert MISMATCH in page.section_warnings[flow.IDENTITY].text()  # in its own section
    assert page.section_warnings[flow.IDENTITY].isVisible()
    assert not page.section_warnings[flow.CONTACT].isVisible()
    assert PLAIN_OK not in outcome
    assert "ada yang perlu Anda periksa lagi" in outcome
    screenshot(qtbot, host, "review_with_warning")
    page.parentWidget().parentWidget().ensureWidgetVisible(page.section_warnings[flow.IDENTITY])
    screenshot(qtbot, host, "review_with_warning_section")

    with qtbot.waitSignal(host.submitted, timeout=10_000):
        qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    assert host.draft.step == flow.DONE
    done = "\n".join(host.current_page().outcome.texts())
    assert MISMATCH in done
    assert PLAIN_OK not in done
    screenshot(qtbot, host, "done_with_warning")


@pytest.mark.gui
def test_a_phone_shared_with_another_record_reaches_review_and_done(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    wizard_context.app.records.submit(make_draft(serial=7, name="Ani Lestari", kk="3508201203150009"), today=TODAY)
    host = open_review(qtbot, wizard_context, make_applicant())
    page = host.current_page()
    wait_for_outcome(qtbot, host)
    assert PHONE_SHARED in page.section_warnings[flow.CONTACT].text()
    with qtbot.waitSignal(host.submitted, timeout=10_000):
        qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    assert PHONE_SHARED in "\n".join(host.current_page().outcome.texts())


@pytest.mark.gui
def test_the_contact_step_itself_warns_about_a_shared_phone(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    from tests.test_wizard_eligibility import pages
    from ui.wizard.host import WizardHost

    wizard_context.app.records.submit(make_draft(serial=7, name="Ani Lestari", kk="3508201203150009"), today=TODAY)
    host = WizardHost(wizard_context, pages(flow.CONTACT, flow.ADDRESS))
    qtbot.addWidget(host)
    host.resize(1024, 768)
    host.show()
    visited = list(flow.MAIN_PATH[: flow.MAIN_PATH.index(flow.CONTACT)])
    host.start(Draft(applicant=make_applicant(), step=flow.CONTACT, visited=visited))
    shared = host.current_page().phone_feedback
    qtbot.waitUntil(lambda: PHONE_SHARED in shared.text(), timeout=10_000)
    assert host.next_ready()  # a warning: the person may go on
    screenshot(qtbot, host, "contact_phone_shared")
    host.current_page().phone_edit.setText("0813-1111-2222")  # their own number: the warning goes
    qtbot.waitUntil(lambda: "Nomor Anda: 0813-1111-2222" in shared.text(), timeout=10_000)
    assert PHONE_SHARED not in shared.text()
