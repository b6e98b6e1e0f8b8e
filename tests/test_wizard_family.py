"""The family-card page, driven like a person: KK number, its checks, and the count of this KK's records."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Applicant, Draft
from tests.conftest import ROOT
from tests.factories import make_applicant, make_draft, make_nik
from ui.wizard.family import FamilyPage
from ui.wizard.host import WizardHost
from ui.wizard.page import WizardPage
from ui.wizard.pages import PAGE_CLASSES

pytestmark = pytest.mark.gui
SCREENSHOTS = ROOT / "out" / "screenshots"
BEFORE_FAMILY = [flow.WELCOME, flow.ABOUT, flow.CONSENT, flow.ELIGIBILITY, flow.IDENTITY]
KK = "3508201203150007"  # issued in Kec. Ranuyoso on 12-03-2015
TODAY = date(2026, 11, 28)


class StubContactPage(WizardPage):
    """Stands in for the contact page, which is not under test here."""

    step = flow.CONTACT

    def title(self) -> str:
        """The heading."""
        return "stub"


def _applicant(serial: int = 4) -> Applicant:
    """A consenting applicant who has passed the identity step, before the KK is asked."""
    return make_applicant(serial=serial, kk=None)


def _host(qtbot, wizard_context, applicant: Applicant | None = None) -> WizardHost:  # type: ignore[no-untyped-def]
    """A shown host on the family step (identity before it, contact after it)."""
    pages = {flow.IDENTITY: PAGE_CLASSES[flow.IDENTITY], flow.PHOTO: PAGE_CLASSES[flow.PHOTO],
             flow.FAMILY: PAGE_CLASSES[flow.FAMILY],
             flow.CONTACT: StubContactPage}
    host = WizardHost(wizard_context, pages)  # type: ignore[arg-type]
    qtbot.addWidget(host)
    host.resize(1024, 768)
    host.show()
    qtbot.waitExposed(host)
    host.start(Draft(applicant=applicant or _applicant(), step=flow.FAMILY, visited=list(BEFORE_FAMILY)))
    return host


def _page(host: WizardHost) -> FamilyPage:
    page = host.current_page()
    assert isinstance(page, FamilyPage)
    return page


def _click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _seed(wizard_context, *serials: int, kk: str = KK) -> None:  # type: ignore[no-untyped-def]
    """Submitted records of other people from the same KK (set-up, not the person under test)."""
    for serial in serials:
        wizard_context.app.records.submit(make_draft(serial=serial, kk=kk), today=TODAY)


def _records_text(qtbot, page: FamilyPage) -> str:  # type: ignore[no-untyped-def]
    """What the page says about this KK's records, once the worker has answered."""
    qtbot.waitUntil(page.records_feedback.isVisible, timeout=10_000)
    return page.records_feedback.text()


def test_typing_a_kk_shows_the_count_then_region_and_issue_date(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    page.kk_edit.setFocus()
    qtbot.waitUntil(page.kk_edit.hasFocus)
    qtbot.keyClicks(page.kk_edit, KK[:10])
    assert page.kk_count.text() == "10 dari 16 angka"
    assert not page.kk_feedback.text() and not host.next_ready()
    qtbot.keyClicks(page.kk_edit, KK[10:])
    shown = page.kk_feedback.text()
    assert "Kec. Ranuyoso, Kab. Lumajang, Jawa Timur" in shown and "12-03-2015" in shown
    assert "Perlu diperbaiki" not in shown
    assert _records_text(qtbot, page) == "ℹ Belum ada anggota KK ini yang tercatat di sini."
    assert host.next_ready()
    with qtbot.waitSignal(host.draft_saved, timeout=10_000) as saved:
        _click(qtbot, host.next_button)
    stored = wizard_context.app.drafts.resume(saved.args[0])
    assert stored is not None and stored.applicant.kk_number == KK and stored.step == flow.CONTACT


@pytest.mark.parametrize(("typed", "expected"), [
    (KK[:15], "Nomor KK harus 16 angka. Anda baru mengetik 15 angka."),
    (KK + "1", "Nomor KK harus 16 angka. Anda mengetik 17 angka, kelebihan 1."),
    ("3508201203I50007", 'Nomor KK hanya boleh berisi angka. Ada huruf "I". Huruf I atau l bukan angka 1.'),
])
def test_a_wrong_kk_gives_a_plain_error_and_next_stays_off(qtbot, wizard_context, typed: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    qtbot.keyClicks(page.kk_edit, typed)
    qtbot.keyClick(page.kk_edit, Qt.Key.Key_Tab)
    assert f"✖ Perlu diperbaiki: {expected}" in page.kk_feedback.text()
    assert not host.next_ready() and host.hint_label.text() == expected
    assert not page.records_feedback.isVisible()


def test_a_third_person_from_the_same_kk_is_warned_but_may_go_on(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    _seed(wizard_context, 2, 3)
    host = _host(qtbot, wizard_context)
    page = _page(host)
    qtbot.keyClicks(page.kk_edit, KK)
    shown = _records_text(qtbot, page)
    assert shown.startswith("⚠ Perhatian: Di kantor ini sudah tercatat 2 orang lain dari KK Anda.")
    assert "paling banyak boleh 2 penerima" in shown and "hanya dari data di kantor ini" in shown
    assert "Petugas akan memeriksa" in shown and "tetap boleh melanjutkan" in shown
    assert host.next_ready()  # advisory: it never blocks


def test_one_other_person_from_the_kk_is_information(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    _seed(wizard_context, 2)
    _seed(wizard_context, 3, kk="3508200101100001")  # another family
    host = _host(qtbot, wizard_context)
    page = _page(host)
    qtbot.keyClicks(page.kk_edit, f"{KK[:8]} {KK[8:]}")
    shown = _records_text(qtbot, page)
    assert shown.startswith("ℹ Di kantor ini tercatat 1 orang lain dari KK Anda (batasnya 2 penerima per KK).")


def test_the_person_own_record_is_not_counted(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    _seed(wizard_context, 4)  # this same NIK was submitted before (staff will see the duplicate at submit)
    host = _host(qtbot, wizard_context, _applicant(serial=4))
    page = _page(host)
    qtbot.keyClicks(page.kk_edit, KK)
    assert _records_text(qtbot, page) == "ℹ Belum ada anggota KK ini yang tercatat di sini."


def test_a_kk_equal_to_the_nik_must_be_fixed(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    # The catalogue's rule, the same as the batch check's: a KK number equal to the NIK is never right.
    applicant = _applicant()
    host = _host(qtbot, wizard_context, applicant)
    page = _page(host)
    assert applicant.nik == make_nik(date(2000, 5, 17), serial=4)
    qtbot.keyClicks(page.kk_edit, applicant.nik or "")
    shown = page.kk_feedback.text()
    assert "✖ Perlu diperbaiki: Nomor KK sama dengan NIK." in shown and '"No."' in shown
    assert not host.next_ready()


def test_a_womans_nik_in_the_kk_field_is_explained(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    applicant = make_applicant(female=True, kk=None)
    host = _host(qtbot, wizard_context, applicant)
    page = _page(host)
    qtbot.keyClicks(page.kk_edit, applicant.nik or "")
    shown = page.kk_feedback.text()
    assert "Mungkin ini NIK, bukan nomor KK?" in shown and "Nomor KK sama dengan NIK" in shown
    assert not host.next_ready()


def test_back_then_next_keeps_the_kk_as_typed(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    qtbot.keyClicks(page.kk_edit, "3508-2012")
    _click(qtbot, host.back_button)
    assert host.draft.step == flow.IDENTITY and host.draft.applicant.kk_number == "3508-2012"
    _click(qtbot, host.next_button)
    assert host.draft.step == flow.PHOTO  # the optional photo practice follows identity
    _click(qtbot, host.next_button)
    assert host.draft.step == flow.FAMILY
    assert page.kk_edit.text() == "3508-2012"
    qtbot.keyClicks(page.kk_edit, KK[8:])
    assert _records_text(qtbot, page).startswith("ℹ Belum ada")
    assert host.next_ready()


def test_the_hint_shows_a_drawing_of_the_family_card(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    _seed(wizard_context, 2, 3)
    host = _host(qtbot, wizard_context)
    page = _page(host)
    hint = page.kk_hint
    assert not hint.drawing.isVisible()
    _click(qtbot, hint.button)
    assert hint.drawing.isVisible() and hint.drawing.renderer.isValid()
    assert page.kk_edit.accessibleName() == "Nomor KK (16 angka)"
    qtbot.keyClicks(page.kk_edit, KK)
    _records_text(qtbot, page)
    qtbot.waitUntil(lambda: hint.drawing.height() > 250)
    qtbot.wait(100)  # let the scroll area follow the taller page before the picture
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert host.grab().save(str(SCREENSHOTS / "family.png"))
    scroll = host._scrolls[flow.FAMILY]
    assert not scroll.horizontalScrollBar().isVisible()
    host.resize(1920, 1080)
    qtbot.wait(100)
    assert host.grab().save(str(SCREENSHOTS / "family_1920.png"))
    _click(qtbot, hint.button)
    assert not hint.drawing.isVisible()
