"""The identity page, driven like a person: NIK typed digit by digit, name, place and date of birth, sex."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Applicant, Consent, Draft, EligibilityAnswers
from tests.conftest import ROOT
from tests.factories import make_nik
from ui.wizard.host import WizardHost
from ui.wizard.identity import IdentityPage
from ui.wizard.page import WizardPage
from ui.wizard.pages import PAGE_CLASSES

pytestmark = pytest.mark.gui
SCREENSHOTS = ROOT / "out" / "screenshots"
BEFORE_IDENTITY = [flow.WELCOME, flow.ABOUT, flow.CONSENT, flow.ELIGIBILITY]
FEMALE_2000 = make_nik(date(2000, 5, 17), female=True)  # 3508205705000001


class StubEligibilityPage(WizardPage):
    """Stands in for the eligibility page (its answers are already in the draft)."""

    step = flow.ELIGIBILITY

    def title(self) -> str:
        """The heading."""
        return "stub"


def _host(qtbot, wizard_context, applicant: Applicant | None = None) -> WizardHost:  # type: ignore[no-untyped-def]
    """A shown host on the identity step of a consenting applicant who answered the eligibility questions."""
    pages = {flow.ELIGIBILITY: StubEligibilityPage, flow.IDENTITY: PAGE_CLASSES[flow.IDENTITY],
             flow.PHOTO: PAGE_CLASSES[flow.PHOTO], flow.FAMILY: PAGE_CLASSES[flow.FAMILY]}
    host = WizardHost(wizard_context, pages)  # type: ignore[arg-type]
    qtbot.addWidget(host)
    applicant = applicant or Applicant(
        consent=Consent(store_record=True, text_version="2026-1"),
        eligibility=EligibilityAnswers(citizen=True, in_school=False, excluded_position="none",
                                       prior_recipient=False))
    host.resize(1024, 768)
    host.show()
    qtbot.waitExposed(host)
    host.start(Draft(applicant=applicant, step=flow.IDENTITY, visited=list(BEFORE_IDENTITY)))
    return host


def _page(host: WizardHost) -> IdentityPage:
    page = host.current_page()
    assert isinstance(page, IdentityPage)
    return page


def _click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _fill_rest(qtbot, page: IdentityPage, name: str = "Siti Aminah", place: str = "Lumajang") -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(page.name_edit, name)
    qtbot.keyClicks(page.place_edit, place)


def _next_and_wait_saved(qtbot, host: WizardHost, wizard_context) -> Draft:  # type: ignore[no-untyped-def]
    """Click Next like a person; return the draft as the database holds it."""
    with qtbot.waitSignal(host.draft_saved, timeout=10_000) as saved:
        _click(qtbot, host.next_button)
    stored = wizard_context.app.drafts.resume(saved.args[0])
    assert stored is not None
    return stored


def _shown_date(page: IdentityPage) -> tuple[str, str, str]:
    choice = page.birth_date
    return choice.day.currentText(), choice.month.currentText(), choice.year.currentText()


def test_typing_a_nik_digit_by_digit_shows_the_count_then_region_sex_and_birth_date(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    page.nik_edit.setFocus()
    qtbot.waitUntil(page.nik_edit.hasFocus)
    qtbot.keyClicks(page.nik_edit, FEMALE_2000[:12])
    assert page.nik_count.text() == "12 dari 16 angka"
    assert not page.nik_feedback.text()  # still typing: no red text yet
    assert not host.next_ready()
    assert "16 angka" in host.hint_label.text()
    assert page.birth_date.value() is None and page.sex.value() is None
    qtbot.keyClicks(page.nik_edit, FEMALE_2000[12:])
    assert page.nik_count.text() == "16 dari 16 angka"
    shown = page.nik_feedback.text()
    assert "Kec. Ranuyoso, Kab. Lumajang, Jawa Timur" in shown
    assert "Dari NIK: perempuan, lahir 17-05-2000" in shown
    assert "Perlu diperbaiki" not in shown
    assert _shown_date(page) == ("17", "Mei", "2000")  # pre-filled from the NIK
    assert page.sex.value() == "P" and page.sex.button("P").isChecked()
    assert "Umur Anda sekarang 26 tahun." in page.date_feedback.text()
    assert not host.next_ready() and "nama" in host.hint_label.text()
    _fill_rest(qtbot, page, "  Siti   Aminah ")
    assert host.next_ready()
    stored = _next_and_wait_saved(qtbot, host, wizard_context)
    assert stored.step == flow.PHOTO  # the optional photo practice follows identity
    saved = stored.applicant
    assert (saved.nik, saved.full_name, saved.birth_place) == (FEMALE_2000, "Siti Aminah", "Lumajang")
    assert (saved.birth_date, saved.sex) == (date(2000, 5, 17), "P")


def test_spaces_and_dashes_are_accepted_and_stored_clean(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    nik = make_nik(date(1995, 1, 2))
    qtbot.keyClicks(page.nik_edit, f"{nik[:6]} {nik[6:12]}-{nik[12:]}")
    assert page.nik_count.text() == "16 dari 16 angka"
    assert "Dari NIK: laki-laki, lahir 02-01-1995" in page.nik_feedback.text()
    assert page.sex.value() == "L"
    _fill_rest(qtbot, page, "Budi Santoso")
    assert _next_and_wait_saved(qtbot, host, wizard_context).applicant.nik == nik


@pytest.mark.parametrize(("typed", "expected"), [
    (FEMALE_2000[:15], "NIK harus 16 angka. Anda baru mengetik 15 angka."),
    (FEMALE_2000 + "3", "NIK harus 16 angka. Anda mengetik 17 angka, kelebihan 1."),
    ("35082O5705000001", 'NIK hanya boleh berisi angka. Ada huruf "O". Huruf O bukan angka 0.'),
])
def test_wrong_length_or_letters_give_a_plain_error_and_next_stays_off(qtbot, wizard_context, typed: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    qtbot.keyClicks(page.nik_edit, typed)
    qtbot.keyClick(page.nik_edit, Qt.Key.Key_Tab)  # the person moves on to the name
    shown = page.nik_feedback.text()
    assert page.nik_feedback.text() and f"✖ Perlu diperbaiki: {expected}" in shown
    _fill_rest(qtbot, page)
    _click(qtbot, page.sex.button("P"))
    for combo, text in ((page.birth_date.day, "17"), (page.birth_date.month, "Mei"),
                        (page.birth_date.year, "2000")):
        qtbot.keyClicks(combo, text)
    assert page.birth_date.value() == date(2000, 5, 17)
    assert not host.next_ready()
    assert host.hint_label.text() == expected
    _click(qtbot, host.next_button)
    assert host.draft.step == flow.IDENTITY


def test_a_stated_birth_date_that_differs_from_the_nik_is_explained_not_blocked(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    qtbot.keyClicks(page.nik_edit, FEMALE_2000)
    _fill_rest(qtbot, page)
    assert not page.date_feedback.text().startswith("⚠")
    qtbot.keyClicks(page.birth_date.day, "18")  # the KTP says 18 May 2000
    assert page.birth_date.value() == date(2000, 5, 18)
    warned = page.date_feedback.text()
    assert "⚠ Perhatian:" in warned and "(17-05-2000) tidak sama" in warned and "(18-05-2000)" in warned
    assert host.next_ready()
    _click(qtbot, page.sex.button("L"))
    qtbot.wait(100)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    host._scrolls[flow.IDENTITY].ensureWidgetVisible(page.sex_feedback)
    assert host.grab().save(str(SCREENSHOTS / "identity_warnings.png"))
    _click(qtbot, page.sex.button("P"))
    page.nik_edit.clear()  # typing the NIK again does not undo the person's choice of date
    qtbot.keyClicks(page.nik_edit, FEMALE_2000)
    assert page.birth_date.value() == date(2000, 5, 18)
    stored = _next_and_wait_saved(qtbot, host, wizard_context)
    assert stored.applicant.birth_date == date(2000, 5, 18) and stored.applicant.nik == FEMALE_2000


def test_back_then_next_keeps_what_was_typed(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    qtbot.keyClicks(page.nik_edit, FEMALE_2000)
    _fill_rest(qtbot, page)
    qtbot.keyClicks(page.birth_date.year, "1999")
    _next_and_wait_saved(qtbot, host, wizard_context)
    assert host.draft.step == flow.PHOTO  # the optional photo practice follows identity
    _click(qtbot, host.back_button)
    assert host.draft.step == flow.IDENTITY and host.current_page() is page
    assert page.nik_edit.text() == FEMALE_2000 and page.name_edit.text() == "Siti Aminah"
    assert page.place_edit.text() == "Lumajang" and page.birth_date.value() == date(1999, 5, 17)
    assert "tidak sama" in page.date_feedback.text()
    _click(qtbot, host.back_button)  # further back, then forward again
    _click(qtbot, host.next_button)
    assert host.draft.step == flow.IDENTITY
    assert page.nik_edit.text() == FEMALE_2000 and page.birth_date.value() == date(1999, 5, 17)
    assert page.sex.value() == "P"


def test_a_wrong_nik_typed_before_going_back_is_shown_again(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    qtbot.keyClicks(page.nik_edit, "3508 20abc")
    _click(qtbot, host.back_button)
    assert host.draft.applicant.nik == "3508 20abc"
    _click(qtbot, host.next_button)
    assert host.draft.step == flow.IDENTITY
    assert page.nik_edit.text() == "3508 20abc"
    assert 'Ada huruf "a"' in page.nik_feedback.text()


def test_a_female_nik_gives_perempuan_and_a_different_choice_is_questioned(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    nik = make_nik(date(1990, 12, 31), female=True)
    assert nik[6:8] == "71"
    qtbot.keyClicks(page.nik_edit, nik)
    assert page.sex.value() == "P"
    assert "Dari NIK: perempuan, lahir 31-12-1990" in page.nik_feedback.text()
    _click(qtbot, page.sex.button("L"))
    assert page.sex.value() == "L"
    assert "⚠ Perhatian: Menurut NIK, Anda perempuan" in page.sex_feedback.text()
    _fill_rest(qtbot, page)
    assert host.next_ready()  # a question, not a block


def test_a_young_applicant_born_2005_is_21_not_121(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    qtbot.keyClicks(page.nik_edit, make_nik(date(2005, 3, 2)))
    assert "lahir 02-03-2005" in page.nik_feedback.text()
    assert _shown_date(page) == ("2", "Maret", "2005")
    assert page.date_feedback.text() == "ℹ Umur Anda sekarang 21 tahun."


@pytest.mark.parametrize(("birth", "expected"), [
    (date(2010, 6, 1), "Umur Anda 16 tahun. Kartu Prakerja untuk orang berumur 18 tahun ke atas."),
    (date(1960, 6, 1), "Umur Anda 66 tahun. Kartu Prakerja hanya untuk orang berumur sampai 64 tahun."),
])
def test_an_age_outside_the_rule_is_told_kindly_without_blocking(qtbot, wizard_context, birth: date, expected: str) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    qtbot.keyClicks(page.nik_edit, make_nik(birth))
    shown = page.date_feedback.text()
    assert shown.startswith(f"ℹ {expected}") and "Anda tetap boleh melanjutkan" in shown
    assert "Perlu diperbaiki" not in shown and "Perhatian" not in shown
    _fill_rest(qtbot, page)
    assert host.next_ready()


def test_a_date_that_does_not_exist_blocks(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    qtbot.keyClicks(page.nik_edit, FEMALE_2000)
    _fill_rest(qtbot, page)
    qtbot.keyClicks(page.birth_date.day, "31")
    qtbot.keyClicks(page.birth_date.month, "F")  # Februari
    assert page.birth_date.parts() == (31, 2, 2000) and page.birth_date.value() is None
    assert "Tanggal 31 Februari 2000 tidak ada." in page.date_feedback.text()
    assert not host.next_ready()


def test_a_name_of_digits_only_is_refused(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    qtbot.keyClicks(page.nik_edit, FEMALE_2000)
    _fill_rest(qtbot, page, name="12345")
    assert "Nama harus ditulis dengan huruf" in page.name_feedback.text()
    assert not host.next_ready()
    page.name_edit.clear()
    qtbot.keyClicks(page.name_edit, "Siti Aminah")
    assert not page.name_feedback.text() and host.next_ready()


def test_every_field_has_its_label_as_accessible_name(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    assert page.nik_edit.accessibleName() == "NIK (16 angka di KTP)"
    assert page.name_edit.accessibleName() == "Nama lengkap (tulis persis seperti di KTP)"
    assert page.birth_date.year.accessibleName() == "Tanggal lahir: tahun"
    assert page.sex.button("P").accessibleName() == "Jenis kelamin: Perempuan"
    labels = {label.text() for label in page.findChildren(QLabel)}
    assert {"Tempat lahir", "Tanggal lahir", "Jenis kelamin"} <= labels


def test_the_hint_shows_a_drawing_of_the_ktp(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    hint = page.nik_hint
    assert not hint.drawing.isVisible() and hint.button.accessibleName() == "Di mana nomor ini?"
    _click(qtbot, hint.button)
    assert hint.drawing.isVisible() and hint.caption.isVisible()
    assert hint.drawing.renderer.isValid()
    qtbot.waitUntil(lambda: hint.drawing.height() > 250)  # scaled to the width, proportions kept
    assert hint.button.accessibleName() == "Tutup gambar"
    qtbot.keyClicks(page.nik_edit, FEMALE_2000)
    _fill_rest(qtbot, page)
    qtbot.wait(100)  # let the scroll area follow the taller page before the picture
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert host.grab().save(str(SCREENSHOTS / "identity.png"))
    scroll = host._scrolls[flow.IDENTITY]
    assert not scroll.horizontalScrollBar().isVisible()
    assert page.width() <= scroll.viewport().width()
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    qtbot.wait(50)
    assert host.grab().save(str(SCREENSHOTS / "identity_bottom.png"))
    host.resize(1920, 1080)
    qtbot.wait(100)
    assert host.grab().save(str(SCREENSHOTS / "identity_1920.png"))
    _click(qtbot, hint.button)
    assert not hint.drawing.isVisible()
