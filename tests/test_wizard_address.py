"""The address page, driven like a person: pre-filled from the NIK, chained lists, village, RT/RW."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from prakerja_desktop.domain import flow, regions
from prakerja_desktop.domain.applicant import Applicant, Consent, Draft
from prakerja_desktop.domain.fields import parse_rt_rw as check_rt_rw
from tests.conftest import ROOT
from tests.factories import DISTRICT, make_nik
from ui.wizard.address import AddressPage, RegionCombo
from ui.wizard.host import WizardHost
from ui.wizard.pages import PAGE_CLASSES

# Lists and their pop-ups: the offscreen platform (no screen) cannot raise a pop-up or grab the keyboard
# for it, and says so; that is the test platform, not a problem of ours.
pytestmark = [pytest.mark.gui,
              pytest.mark.qt_log_ignore("This plugin does not support raise", "does not support grabbing")]
SCREENSHOTS = ROOT / "out" / "screenshots"
BEFORE_ADDRESS = [flow.WELCOME, flow.ABOUT, flow.CONSENT, flow.ELIGIBILITY, flow.IDENTITY, flow.FAMILY,
                  flow.CONTACT]


def _host(qtbot, wizard_context, applicant: Applicant | None = None) -> WizardHost:  # type: ignore[no-untyped-def]
    host = WizardHost(wizard_context, {s: PAGE_CLASSES[s] for s in (flow.ADDRESS, flow.EDUCATION_WORK)})
    qtbot.addWidget(host)
    applicant = applicant or Applicant(
        nik=make_nik(date(1990, 3, 2)), consent=Consent(store_record=True, text_version="2026-1"))
    host.start(Draft(applicant=applicant, step=flow.ADDRESS, visited=list(BEFORE_ADDRESS)))
    return host


def _page(host: WizardHost) -> AddressPage:
    page = host.current_page()
    assert isinstance(page, AddressPage)
    return page


def _choose_by_typing(qtbot, combo: RegionCombo, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type part of a name, then pick the place from the list that appears (arrow keys, Enter)."""
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), text)
    popup = combo.completer().popup()
    assert popup.isVisible()
    names = [popup.model().index(row, 0).data() for row in range(popup.model().rowCount())]
    wanted = next(row for row, name in enumerate(names) if name.casefold().startswith(text.casefold())
                  or name.casefold() == text.casefold())
    for _step in range(wanted + 1):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert not popup.isVisible()


def _save_screenshot(host: WizardHost, name: str) -> None:
    for _round in range(3):
        QApplication.processEvents()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert host.grab().save(str(SCREENSHOTS / name))


def test_the_nik_region_is_filled_in_and_stored(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    assert make_nik(date(1990, 3, 2)).startswith(DISTRICT)
    host = _host(qtbot, wizard_context)
    host.resize(1024, 768)
    host.show()
    page = _page(host)
    assert page.province_combo.currentText() == "Jawa Timur"
    assert page.regency_combo.currentText() == "Kab. Lumajang"
    assert page.district_combo.currentText() == "Ranuyoso"
    assert page.from_nik_note.isVisible() and page.from_nik_note.text()
    assert "Sudah diisi dari NIK" in page.from_nik_note.text()
    assert host.focusWidget() is page.village_edit  # places are there: the village comes first
    assert not host.next_ready()
    assert "desa" in host.hint_label.text()
    qtbot.keyClicks(page.village_edit, "Ranuyoso")
    qtbot.keyClicks(page.street_edit, "Jl. Melati 3")
    qtbot.keyClicks(page.rt_edit, "2")
    qtbot.keyClicks(page.rw_edit, "15")
    assert host.next_ready()
    _save_screenshot(host, "address.png")
    host.resize(1920, 1080)
    _save_screenshot(host, "address_1920.png")
    host.resize(1024, 768)
    scroll = host._scrolls[flow.ADDRESS]
    assert page.minimumSizeHint().width() <= scroll.viewport().width()

    with qtbot.waitSignal(host.draft_saved, timeout=10_000) as saved:
        qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    stored = wizard_context.app.drafts.resume(saved.args[0])
    assert stored is not None and stored.step == flow.EDUCATION_WORK
    a = stored.applicant
    assert (a.province_code, a.regency_code, a.district_code) == ("35", "3508", DISTRICT)
    assert (a.village, a.street, a.rt, a.rw) == ("Ranuyoso", "Jl. Melati 3", "002", "015")


def test_changing_the_province_refreshes_the_lists_below(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    qtbot.keyClicks(page.village_edit, "Sumberrejo")
    _choose_by_typing(qtbot, page.province_combo, "jawa tengah")
    assert page.province_combo.currentText() == "Jawa Tengah"
    assert page.regency_combo.currentText() == "" and page.district_combo.currentText() == ""
    regency_codes = [page.regency_combo.itemData(i) for i in range(page.regency_combo.count())]
    assert regency_codes and all(code.startswith("33") for code in regency_codes)
    assert page.district_combo.count() == 0
    assert not page.from_nik_note.text()
    assert not host.next_ready()
    assert "kabupaten" in host.hint_label.text()

    _choose_by_typing(qtbot, page.regency_combo, "Kab. Semarang")
    regency = page.regency_combo.code()
    assert regency is not None and regency.startswith("33")
    district_codes = [page.district_combo.itemData(i) for i in range(page.district_combo.count())]
    assert district_codes and all(code.startswith(regency) for code in district_codes)
    first_district = page.district_combo.itemText(0)
    _choose_by_typing(qtbot, page.district_combo, first_district)
    assert host.next_ready()
    page.apply(host.draft.applicant)
    assert host.draft.applicant.district_code == district_codes[0]

    # A different regency throws away the district chosen in the old one.
    _choose_by_typing(qtbot, page.regency_combo, "Kota Semarang")
    assert page.district_combo.currentText() == ""
    assert not host.next_ready()
    page.apply(host.draft.applicant)
    assert host.draft.applicant.district_code is None
    assert host.draft.applicant.regency_code == "3374"


def test_typing_part_of_a_name_offers_matching_places(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    host.show()
    page = _page(host)
    combo = page.regency_combo
    host.activateWindow()
    combo.lineEdit().setFocus()
    qtbot.waitUntil(combo.lineEdit().hasFocus)
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "lumaj")  # the middle of "Kab. Lumajang", any case
    completer = combo.completer()
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "Kab. Lumajang"
    completer.popup().hide()
    assert "tidak ada di daftar" not in page.region_feedback.text()  # still typing: not yet wrong
    page.village_edit.setFocus()  # they leave the list: now "lumaj" itself is not a place
    qtbot.waitUntil(page.village_edit.hasFocus)
    assert "tidak ada di daftar" in page.region_feedback.text()
    assert not host.next_ready()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "kab. lumajang")
    assert combo.code() == "3508"  # the whole name, in any case, counts
    assert not page.region_feedback.text()


def test_a_name_that_is_not_on_the_list_is_an_error(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    qtbot.keyClicks(page.village_edit, "Ranuyoso")
    assert host.next_ready()
    page.district_combo.lineEdit().selectAll()
    qtbot.keyClicks(page.district_combo.lineEdit(), "Kecamatan Entah")
    assert "Perlu diperbaiki" in page.region_feedback.text()
    assert "kecamatan" in page.region_feedback.text()
    assert not host.next_ready()


def test_rt_with_letters_is_an_error_beside_the_field(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    qtbot.keyClicks(page.village_edit, "Ranuyoso")
    qtbot.keyClicks(page.rt_edit, "2a")
    assert page.rt_rw_feedback.isVisibleTo(page)
    assert "RT hanya boleh angka" in page.rt_rw_feedback.text()
    assert not host.next_ready()
    assert "RT hanya boleh angka" in host.hint_label.text()
    qtbot.keyClick(page.rt_edit, Qt.Key.Key_Backspace)
    assert not page.rt_rw_feedback.isVisibleTo(page)
    assert host.next_ready()


def test_rt_rw_rule() -> None:
    assert check_rt_rw("2", "RT").value == "002"
    assert check_rt_rw(" 15 ", "RW").value == "015"
    assert check_rt_rw("", "RT").ok is False and check_rt_rw("", "RT").errors == ()
    assert check_rt_rw("١٢", "RT").errors  # digits of another script are not accepted silently
    assert check_rt_rw("1234", "RW").errors
    assert check_rt_rw("02/05", "RT").codes() == {"address.rt"}


def test_a_stored_address_comes_back_and_back_keeps_bad_input(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    applicant = Applicant(nik=make_nik(date(1990, 3, 2)), province_code="33", regency_code="3374",
                          district_code=regions.districts("3374")[0][0], village="Tembalang", rt="007",
                          consent=Consent(store_record=True, text_version="2026-1"))
    host = _host(qtbot, wizard_context, applicant)
    page = _page(host)
    assert page.province_combo.currentText() == "Jawa Tengah"
    assert page.regency_combo.currentText() == "Kota Semarang"
    assert page.district_combo.currentText() == regions.districts("3374")[0][1]
    assert not page.from_nik_note.text()
    assert page.rt_edit.text() == "007" and page.rw_edit.text() == ""
    page.rw_edit.setText("x1")
    page.apply(applicant)  # what Back does
    assert applicant.rw == "x1"
    again = AddressPage(wizard_context)
    qtbot.addWidget(again)
    again.load(Draft(applicant=applicant, step=flow.ADDRESS))
    assert again.rw_edit.text() == "x1"
    assert "RW hanya boleh angka" in again.rt_rw_feedback.text()
    assert {f.code for f in again.problems(applicant)} == {"address.rw"}


def test_a_finger_on_the_field_opens_the_whole_list(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    host.resize(1024, 768)
    host.show()
    page = _page(host)
    combo = page.province_combo
    finger = QTest.createTouchDevice()
    middle = QPointF(combo.lineEdit().rect().center())
    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
        event = QMouseEvent(kind, middle, combo.lineEdit().mapToGlobal(middle), Qt.MouseButton.LeftButton,
                            Qt.MouseButton.LeftButton if kind == QEvent.Type.MouseButtonPress
                            else Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, finger)
        QApplication.sendEvent(combo.lineEdit(), event)
    qtbot.waitUntil(combo.view().isVisible, timeout=2_000)
    assert combo.view().sizeHintForRow(0) >= 48  # rows big enough for a finger
    combo.hidePopup()
    # A mouse click only puts the cursor there, for typing.
    qtbot.mouseClick(combo.lineEdit(), Qt.MouseButton.LeftButton)
    assert not combo.view().isVisible()


def test_without_a_usable_nik_nothing_is_chosen(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context, Applicant(nik="99", consent=Consent(store_record=True,
                                                                            text_version="2026-1")))
    page = _page(host)
    assert page.province_combo.currentText() == ""
    assert page.regency_combo.count() == 0
    assert not page.from_nik_note.text()
    assert "provinsi" in host.hint_label.text()
