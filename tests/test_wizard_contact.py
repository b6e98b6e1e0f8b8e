"""The contact page, driven like a person: mobile number, SIM, email with "did you mean", no email."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Applicant, Consent, Draft
from tests.conftest import ROOT
from tests.factories import make_nik
from ui.wizard.contact import ContactPage
from ui.wizard.host import WizardHost
from ui.wizard.pages import PAGE_CLASSES

pytestmark = pytest.mark.gui
SCREENSHOTS = ROOT / "out" / "screenshots"
BEFORE_CONTACT = [flow.WELCOME, flow.ABOUT, flow.CONSENT, flow.ELIGIBILITY, flow.IDENTITY, flow.FAMILY]


def _host(qtbot, wizard_context, applicant: Applicant | None = None) -> WizardHost:  # type: ignore[no-untyped-def]
    """A host on the contact step of a consenting applicant (the next page is the address page)."""
    host = WizardHost(wizard_context, {s: PAGE_CLASSES[s] for s in (flow.CONTACT, flow.ADDRESS)})
    qtbot.addWidget(host)
    applicant = applicant or Applicant(
        nik=make_nik(date(2000, 5, 17)), consent=Consent(store_record=True, text_version="2026-1"))
    host.start(Draft(applicant=applicant, step=flow.CONTACT, visited=list(BEFORE_CONTACT)))
    return host


def _page(host: WizardHost) -> ContactPage:
    page = host.current_page()
    assert isinstance(page, ContactPage)
    return page


def _next_and_wait_saved(qtbot, host: WizardHost, wizard_context) -> Draft:  # type: ignore[no-untyped-def]
    """Click Next like a person; return the draft as the database holds it."""
    with qtbot.waitSignal(host.draft_saved, timeout=10_000) as saved:
        qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    stored = wizard_context.app.drafts.resume(saved.args[0])
    assert stored is not None
    return stored


def test_a_mobile_number_is_shown_normalised_with_its_operator(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    assert not host.next_ready()
    qtbot.keyClicks(page.phone_edit, "0812-3456-7890")
    shown = page.phone_feedback.text()
    assert "Nomor Anda: 0812-3456-7890" in shown and "Telkomsel" in shown
    assert "Perlu diperbaiki" not in shown
    qtbot.mouseClick(page.sim_choice.button("yes"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.has_email_choice.button("no"), Qt.MouseButton.LeftButton)
    assert host.next_ready()
    stored = _next_and_wait_saved(qtbot, host, wizard_context)
    assert host.draft.step == flow.ADDRESS
    assert stored.applicant.phone_e164 == "+6281234567890"
    assert stored.applicant.readiness.sim_in_hand is True


def test_a_landline_is_an_error_beside_the_field_and_next_stays_off(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    qtbot.mouseClick(page.has_email_choice.button("no"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.phone_edit, "021 555 1234")
    assert page.phone_feedback.isVisibleTo(page)
    assert "Perlu diperbaiki" in page.phone_feedback.text()
    assert "bukan nomor HP" in page.phone_feedback.text()
    assert not host.next_ready()
    assert "bukan nomor HP" in host.hint_label.text()
    qtbot.keyClick(page.phone_edit, Qt.Key.Key_Return)  # Enter = Next, but not while it is wrong
    assert host.draft.step == flow.CONTACT


def test_the_email_suggestion_button_fixes_the_typo(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    host.resize(1024, 768)
    host.show()
    page = _page(host)
    qtbot.keyClicks(page.phone_edit, "081234567890")
    qtbot.mouseClick(page.sim_choice.button("yes"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.has_email_choice.button("yes"), Qt.MouseButton.LeftButton)
    assert page.email_edit.isVisible() and not page.no_email_box.isVisible()
    qtbot.keyClicks(page.email_edit, "budi@gmial.com")
    assert page.suggestion_button.isVisible()
    assert page.suggestion_button.text() == "Ya, pakai budi@gmail.com"
    assert "Maksudnya budi@gmail.com?" in page.email_feedback.text()
    qtbot.mouseClick(page.inbox_choice.button("yes"), Qt.MouseButton.LeftButton)
    assert host.next_ready()  # a suggestion explains, it does not block
    _save_screenshot(host, "contact.png")
    host.resize(1920, 1080)
    _save_screenshot(host, "contact_1920.png")
    host.resize(1024, 768)
    _assert_no_horizontal_overflow(host)

    qtbot.mouseClick(page.suggestion_button, Qt.MouseButton.LeftButton)
    assert page.email_edit.text() == "budi@gmail.com"
    assert not page.suggestion_button.isVisible()
    stored = _next_and_wait_saved(qtbot, host, wizard_context)
    assert stored.applicant.has_email is True
    assert stored.applicant.email == "budi@gmail.com"
    assert stored.applicant.readiness.email_inbox_ok is True


def test_a_malformed_email_blocks_next(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    qtbot.keyClicks(page.phone_edit, "081234567890")
    qtbot.mouseClick(page.sim_choice.button("yes"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.has_email_choice.button("yes"), Qt.MouseButton.LeftButton)
    assert not host.next_ready()
    assert "Isi alamat email" in host.hint_label.text()
    qtbot.keyClicks(page.email_edit, "budi gmail.com")
    assert "spasi" in page.email_feedback.text()
    assert not host.next_ready()
    page.email_edit.clear()
    qtbot.keyClicks(page.email_edit, "Budi.Santoso@Gmail.COM")
    assert not host.next_ready() and "kotak masuk" in host.hint_label.text()  # every question is answered
    qtbot.mouseClick(page.inbox_choice.button("yes"), Qt.MouseButton.LeftButton)
    assert host.next_ready()
    stored = _next_and_wait_saved(qtbot, host, wizard_context)
    assert stored.applicant.email == "Budi.Santoso@gmail.com"


def test_without_email_the_page_explains_what_to_do_and_records_it(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    host.resize(1024, 768)
    host.show()
    page = _page(host)
    qtbot.keyClicks(page.phone_edit, "+62 857 1234 5678")
    qtbot.mouseClick(page.sim_choice.button("no"), Qt.MouseButton.LeftButton)
    assert "OTP tidak akan sampai" in page.sim_feedback.text()
    qtbot.mouseClick(page.has_email_choice.button("yes"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.email_edit, "budi@gmail.com")  # typed, then they say they have none after all
    qtbot.mouseClick(page.has_email_choice.button("no"), Qt.MouseButton.LeftButton)
    assert page.no_email_box.isVisible() and not page.email_box.isVisible()
    guide = " ".join(label.text() for label in page.no_email_box.findChildren(QLabel))
    assert "petugas" in guide and "kata sandi" in guide and "milik Anda sendiri" in guide
    assert host.next_ready()
    _save_screenshot(host, "contact_no_email.png")
    stored = _next_and_wait_saved(qtbot, host, wizard_context)
    applicant = stored.applicant
    assert applicant.phone_e164 == "+6285712345678"
    assert applicant.has_email is False and applicant.email is None
    assert applicant.readiness.email_inbox_ok is False
    assert applicant.readiness.sim_in_hand is False


def test_back_keeps_a_number_that_is_not_finished(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    page = ContactPage(wizard_context)
    qtbot.addWidget(page)
    qtbot.keyClicks(page.phone_edit, "0812 345")
    qtbot.mouseClick(page.has_email_choice.button("yes"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.email_edit, "budi@")
    applicant = Applicant()
    page.apply(applicant)  # what Back does
    assert applicant.phone_e164 == "0812 345" and applicant.email == "budi@"
    assert {f.code for f in page.problems(applicant)} >= {"phone.length", "email.incomplete"}
    again = ContactPage(wizard_context)
    qtbot.addWidget(again)
    again.load(Draft(applicant=applicant, step=flow.CONTACT))
    assert again.phone_edit.text() == "0812 345"
    assert again.email_edit.text() == "budi@"
    assert again.has_email_choice.answer() is True
    assert "Perlu diperbaiki" in again.phone_feedback.text()


def test_a_stored_number_comes_back_as_people_write_it(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    applicant = Applicant(phone_e164="+6281234567890", has_email=True, email="budi@gmail.com",
                          consent=Consent(store_record=True, text_version="2026-1"))
    applicant.readiness.sim_in_hand = True
    applicant.readiness.email_inbox_ok = False
    host = _host(qtbot, wizard_context, applicant)
    page = _page(host)
    assert page.phone_edit.text() == "0812-3456-7890"
    assert page.sim_choice.answer() is True and page.inbox_choice.answer() is False
    assert page.email_edit.text() == "budi@gmail.com"
    assert "Anda harus bisa membuka email" in page.inbox_feedback.text()
    assert host.next_ready()


def test_there_is_never_a_password_field_and_every_input_has_a_name(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    page = ContactPage(wizard_context)
    qtbot.addWidget(page)
    edits = page.findChildren(QLineEdit)
    assert edits
    assert all(edit.echoMode() is QLineEdit.EchoMode.Normal for edit in edits)
    assert {edit.accessibleName() for edit in edits} == {"Nomor HP", "Alamat email"}
    assert page.sim_choice.accessibleName().startswith("Apakah kartu SIM")
    assert page.inbox_choice.accessibleName().startswith("Bisakah Anda membuka")


def _save_screenshot(host: WizardHost, name: str) -> None:
    """Let the layouts settle (they update on posted events), then save what is on screen."""
    for _round in range(3):
        QApplication.processEvents()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert host.grab().save(str(SCREENSHOTS / name))


def _assert_no_horizontal_overflow(host: WizardHost) -> None:
    """The page fits the scroll area's width: nothing forces horizontal scrolling."""
    scroll = host._scrolls[host.draft.step]
    assert host.current_page().minimumSizeHint().width() <= scroll.viewport().width()


def test_a_long_address_does_not_widen_the_page(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    host.resize(1024, 768)
    host.show()
    page = _page(host)
    qtbot.mouseClick(page.has_email_choice.button("yes"), Qt.MouseButton.LeftButton)
    long_local = "nama.panjang.sekali.untuk.contoh.saja.tanpa.spasi.apa.pun.supaya.lebih"
    qtbot.keyClicks(page.email_edit, f"{long_local}@gmial.com")
    QApplication.processEvents()
    assert page.suggestion_button.isVisible() and "…" in page.suggestion_button.text()
    assert page.suggestion_button.text().endswith("@gmail.com")
    assert page.suggestion_button.accessibleName() == f"Ya, pakai {long_local}@gmail.com"
    _assert_no_horizontal_overflow(host)
    qtbot.mouseClick(page.suggestion_button, Qt.MouseButton.LeftButton)
    assert page.email_edit.text() == f"{long_local}@gmail.com"  # the whole address, not the shortened one
