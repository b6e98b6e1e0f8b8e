"""Review (every answer, "Ubah", the live pre-check), submit, Done, and the checklist after declining."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Applicant, Draft
from tests.factories import make_applicant
from tests.test_wizard_eligibility import pages, screenshot
from ui.widgets.choice import OptionButtons
from ui.wizard.host import WizardHost

pytestmark = pytest.mark.gui
BEFORE_REVIEW = list(flow.MAIN_PATH[: flow.MAIN_PATH.index(flow.REVIEW)])


def open_review(qtbot, wizard_context, applicant: Applicant, size=(1024, 768)) -> WizardHost:  # type: ignore[no-untyped-def]
    host = WizardHost(wizard_context, pages(flow.CONTACT, flow.READINESS, flow.REVIEW, flow.DONE))
    qtbot.addWidget(host)
    host.resize(*size)
    host.show()
    host.start(Draft(applicant=applicant, step=flow.REVIEW, visited=BEFORE_REVIEW[:]))
    return host


def outcome_text(host: WizardHost) -> str:
    return "\n".join(host.current_page().outcome.texts())


def wait_for_outcome(qtbot, host: WizardHost) -> str:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: host.current_page().outcome.result is not None, timeout=10_000)
    return outcome_text(host)


def test_review_shows_every_section_with_an_ubah_button(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_review(qtbot, wizard_context, make_applicant())
    page = host.current_page()
    assert host.title_label.text() == "Periksa data Anda"
    assert host.counter_label.text() == "Langkah 10 dari 10"
    assert host.next_button.text() == "Simpan dan selesai ›"
    assert host.next_ready()
    # A step of several question screens has an "Ubah" on each line instead of one beside its heading.
    assert sorted(page.line_buttons) == [flow.ELIGIBILITY, flow.READINESS]
    assert sorted(page.edit_buttons) == sorted(set(flow.EDITABLE_STEPS) - set(page.line_buttons))
    assert len(page.line_buttons[flow.READINESS]) == len(wizard_context.rule_set.readiness_items)
    assert page.edit_buttons[flow.CONTACT].accessibleName() == "Ubah Kontak"
    body = {step: label.accessibleName() for step, label in page.bodies.items()}
    assert "Data disimpan di kantor ini: Setuju" in body[flow.CONSENT]
    assert "Memegang jabatan yang dilarang: Tidak ada" in body[flow.ELIGIBILITY]
    assert "NIK: 3508 2017 0500 0001" in body[flow.IDENTITY]  # in full, grouped for checking
    assert "Nama lengkap: Budi Santoso" in body[flow.IDENTITY]
    assert "Tanggal lahir: 17 Mei 2000" in body[flow.IDENTITY]
    assert "Jenis kelamin: Laki-laki" in body[flow.IDENTITY]
    assert body[flow.FAMILY] == "Nomor KK: 3508 2012 0315 0007"
    assert "Nomor HP: 0812-3456-7890" in body[flow.CONTACT]
    assert "Email: budi.santoso@gmail.com" in body[flow.CONTACT]
    for line in ("Provinsi: Jawa Timur", "Kabupaten/Kota: Kab. Lumajang", "Kecamatan: Ranuyoso",
                 "Desa/Kelurahan: Ranuyoso", "RT/RW: 002/005"):
        assert line in body[flow.ADDRESS]
    assert "Pendidikan terakhir: SMA / SMK / sederajat" in body[flow.EDUCATION_WORK]  # the catalogue's label
    assert "sma" not in body[flow.EDUCATION_WORK]  # labels, not codes
    assert "e-KTP asli ada di tangan: Ya" in body[flow.READINESS]
    assert not page.missing.isVisible()

    text = wait_for_outcome(qtbot, host)
    assert "Anda memenuhi syarat" in text
    assert "Umur Anda 26 tahun" in text
    screenshot(qtbot, host, "review")
    scroll = page.parentWidget().parentWidget()
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum() // 2)
    screenshot(qtbot, host, "review_middle")
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    screenshot(qtbot, host, "review_bottom")
    host.resize(1920, 1080)
    screenshot(qtbot, host, "review_1920")


def test_someone_born_in_2010_sees_why_they_are_not_eligible(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_review(qtbot, wizard_context, make_applicant(birth=date(2010, 3, 4)))
    text = wait_for_outcome(qtbot, host)
    assert "Anda tidak memenuhi syarat Kartu Prakerja" in text
    assert "✖ Umur Anda 16 tahun. Kartu Prakerja untuk orang berumur 18 tahun ke atas." in text
    assert "Yang bisa dilakukan: Anda bisa mendaftar mulai tanggal 4 Maret 2028" in text
    assert host.next_ready()  # they may still keep the record and be helped later


def test_a_missing_answer_blocks_saving_and_is_listed(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    applicant = make_applicant()
    applicant.village = None
    host = open_review(qtbot, wizard_context, applicant)
    page = host.current_page()
    assert not host.next_ready()
    assert host.hint_label.text() == "Isi nama desa atau kelurahan."
    assert page.missing.isVisible() and "Isi nama desa atau kelurahan." in page.missing.text()
    assert "Desa/Kelurahan: (belum diisi)" in page.bodies[flow.ADDRESS].accessibleName()


def test_a_nik_that_cannot_be_right_blocks_saving(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    applicant = make_applicant()
    applicant.nik = applicant.nik[:12] + "0000"
    host = open_review(qtbot, wizard_context, applicant)
    assert not host.next_ready()
    assert "0000" in host.hint_label.text()
    assert "0000" in host.current_page().missing.text()


def test_typed_text_is_shown_as_typed_never_as_markup(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_review(qtbot, wizard_context, make_applicant(name="Siti <b>Aminah</b>"))
    body = host.current_page().bodies[flow.IDENTITY]
    assert "Nama lengkap: Siti <b>Aminah</b>" in body.accessibleName()
    assert "Siti &lt;b&gt;Aminah&lt;/b&gt;" in body.text()


def test_ubah_opens_the_contact_step_and_next_comes_back(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_review(qtbot, wizard_context, make_applicant())
    qtbot.mouseClick(host.current_page().edit_buttons[flow.CONTACT], Qt.MouseButton.LeftButton)
    assert host.draft.step == flow.CONTACT
    assert host.draft.visited[-1] == flow.REVIEW
    qtbot.waitUntil(host.next_ready, timeout=10_000)
    qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    assert host.draft.step == flow.REVIEW
    assert "Nomor HP: 0812-3456-7890" in host.current_page().bodies[flow.CONTACT].accessibleName()


def test_ubah_on_a_question_line_opens_its_screen_and_next_comes_back(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    # Eligibility and readiness show their questions one a screen: each of their Review lines has an
    # "Ubah" of its own that opens that question's screen, and its Next comes straight back.
    host = WizardHost(wizard_context)
    qtbot.addWidget(host)
    host.resize(1024, 768)
    host.show()
    host.start(Draft(applicant=make_applicant(), step=flow.REVIEW, visited=BEFORE_REVIEW[:]))
    review = host.current_page()
    assert len(review.line_buttons[flow.ELIGIBILITY]) == 4
    third = review.line_buttons[flow.ELIGIBILITY][2]
    assert third.accessibleName() == "Ubah Memegang jabatan yang dilarang"
    qtbot.mouseClick(third, Qt.MouseButton.LeftButton)
    page = host.current_page()
    assert host.draft.step == flow.ELIGIBILITY and page.screen == 2
    assert host.question_label.text() == "Pertanyaan 3 dari 4" and page.position.isVisible()
    qtbot.mouseClick(page.position.button("village_head"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    assert host.draft.step == flow.REVIEW
    assert "Memegang jabatan yang dilarang: Kepala desa" in review.bodies[flow.ELIGIBILITY].accessibleName()

    # Readiness: the SIM line opens the screen it shares with the camera; Back also returns to Review.
    sim = [b for b in review.line_buttons[flow.READINESS] if "SMS" in b.accessibleName()][0]
    qtbot.mouseClick(sim, Qt.MouseButton.LeftButton)
    page = host.current_page()
    assert host.draft.step == flow.READINESS and page.screen == 1 and page.answers["sim_in_hand"].isVisible()
    qtbot.mouseClick(host.back_button, Qt.MouseButton.LeftButton)
    assert host.draft.step == flow.REVIEW
    qtbot.wait(50)
    host._scrolls[flow.REVIEW].ensureWidgetVisible(review.line_buttons[flow.ELIGIBILITY][3], 0, 40)
    screenshot(qtbot, host, "review_question_lines")


def test_submit_stores_the_record_and_done_shows_the_receipt(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_review(qtbot, wizard_context, make_applicant())
    wait_for_outcome(qtbot, host)
    with qtbot.waitSignal(host.submitted, timeout=10_000):
        qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    app = wizard_context.app
    assert app.records.count() == 1
    receipt = app.records.search_names("Budi")[0].receipt_number
    assert host.draft.step == flow.DONE
    page = host.current_page()
    assert host.title_label.text() == "Selesai"
    assert page.receipt_label.text() == f"Nomor tanda terima: {receipt}"
    assert "Anda memenuhi syarat" in "\n".join(page.outcome.texts())
    missing = "\n".join(page.checklist.texts())
    assert "☐ Akun 3 (nanti): rekening bank (BNI)" in missing  # make_applicant has no payout account yet
    assert "Yang perlu dilakukan: Buka rekening BNI" in missing
    assert "e-KTP asli" not in missing
    assert page.print_button.isEnabled()  # opens the receipt preview (tests/test_gui_receipt_preview.py)
    assert page.print_button.text() == "Cetak tanda terima"
    assert not host.back_button.isVisible()
    assert host.next_button.text() == "Selesai"
    screenshot(qtbot, host, "done")
    scroll = page.parentWidget().parentWidget()
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum() // 2)
    screenshot(qtbot, host, "done_middle")
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    screenshot(qtbot, host, "done_bottom")
    with qtbot.waitSignal(host.finished, timeout=2_000):
        qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)


def test_done_is_shown_only_once_the_record_is_stored(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    """Done is laid out while the worker stores the record, but the person sees it (and "Data Anda sudah
    disimpan") only after the commit; a submit that is refused never shows it."""
    import threading

    host = open_review(qtbot, wizard_context, make_applicant())
    wait_for_outcome(qtbot, host)
    release = threading.Event()
    wizard_context.tasks.submit(lambda: release.wait(10), lambda _r: None)  # the worker is busy first
    qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    qtbot.wait(200)
    done = host.page(flow.DONE)
    assert host.draft.step == flow.REVIEW and host.current_page() is not done and not done.isVisible()
    assert host.busy and not host.next_button.isEnabled()
    assert wizard_context.app.records.count() == 0
    assert not done.print_button.isEnabled()  # laid out ahead: no receipt to print yet
    with qtbot.waitSignal(host.submitted, timeout=10_000):
        release.set()
    receipt = wizard_context.app.records.search_names("Budi")[0].receipt_number
    assert host.current_page() is done and done.isVisible()
    assert done.receipt_label.text() == f"Nomor tanda terima: {receipt}" and done.print_button.isEnabled()
    assert "Anda memenuhi syarat" in "\n".join(done.outcome.texts())
    host.start(Draft(applicant=make_applicant(), step=flow.REVIEW, visited=BEFORE_REVIEW[:]))  # the same NIK
    wait_for_outcome(qtbot, host)
    qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(host.banner.isVisible, timeout=10_000)  # refused: already recorded
    assert host.draft.step == flow.REVIEW and not host.page(flow.DONE).isVisible()
    assert "sudah tercatat" in host.banner.text()
    assert wizard_context.app.records.count() == 1


def test_done_explains_why_someone_too_young_is_not_eligible(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_review(qtbot, wizard_context, make_applicant(birth=date(2010, 3, 4)))
    with qtbot.waitSignal(host.submitted, timeout=10_000):
        qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    text = "\n".join(host.current_page().outcome.texts())
    assert "Anda tidak memenuhi syarat" in text
    assert "Anda bisa mendaftar mulai tanggal 4 Maret 2028" in text
    assert wizard_context.app.records.count() == 1
    screenshot(qtbot, host, "done_not_eligible")


def test_declining_consent_gives_a_blank_checklist_and_stores_nothing(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = WizardHost(wizard_context, pages(flow.WELCOME, flow.ABOUT, flow.CONSENT, flow.ELIGIBILITY,
                                            flow.CHECKLIST_ONLY))
    qtbot.addWidget(host)
    host.resize(1024, 768)
    host.show()
    host.start(Draft())
    qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)  # Mulai
    qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)  # past About
    assert host.draft.step == flow.CONSENT
    choice = host.current_page().pinned.findChild(OptionButtons, "consentChoice")  # kept in view under the text
    qtbot.mouseClick(choice.button("decline"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    assert host.draft.step == flow.CHECKLIST_ONLY
    page = host.current_page()
    assert host.title_label.text() == "Daftar persiapan"
    checklist = "\n".join(page.checklist.texts())
    for item in wizard_context.rule_set.readiness_items:
        assert item.label.id in checklist and item.missing.id in checklist
    assert page.print_button.isEnabled()  # the blank checklist: nothing personal
    assert page.print_button.text() == "Cetak daftar persiapan"
    assert host.next_button.text() == "Selesai"
    qtbot.waitUntil(lambda: wizard_context.tasks.pending == 0, timeout=10_000)
    assert wizard_context.app.drafts.latest() is None
    assert wizard_context.app.records.count() == 0
    screenshot(qtbot, host, "checklist_only")
    scroll = page.parentWidget().parentWidget()
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    screenshot(qtbot, host, "checklist_only_bottom")
    with qtbot.waitSignal(host.finished, timeout=2_000):
        qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
