"""The education-and-work page, driven like a person: big option buttons and interests to tick."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Applicant, Consent, Draft
from prakerja_desktop.domain.options import load_options
from tests.conftest import ROOT
from tests.factories import make_nik
from ui.wizard.education_work import EducationWorkPage
from ui.wizard.host import WizardHost
from ui.wizard.page import WizardPage
from ui.wizard.pages import PAGE_CLASSES

pytestmark = pytest.mark.gui
SCREENSHOTS = ROOT / "out" / "screenshots"
BEFORE = [flow.WELCOME, flow.ABOUT, flow.CONSENT, flow.ELIGIBILITY, flow.IDENTITY, flow.FAMILY, flow.CONTACT,
          flow.ADDRESS]


class _ReadinessStandIn(WizardPage):
    """The next step, so Next has somewhere to go (the real readiness page is tested on its own)."""

    step = flow.READINESS

    def title(self) -> str:
        """The heading."""
        return "readiness"


def _host(qtbot, wizard_context, applicant: Applicant | None = None) -> WizardHost:  # type: ignore[no-untyped-def]
    host = WizardHost(wizard_context, {flow.EDUCATION_WORK: PAGE_CLASSES[flow.EDUCATION_WORK],
                                       flow.READINESS: _ReadinessStandIn})
    qtbot.addWidget(host)
    applicant = applicant or Applicant(
        nik=make_nik(date(1995, 8, 9)), consent=Consent(store_record=True, text_version="2026-1"))
    host.start(Draft(applicant=applicant, step=flow.EDUCATION_WORK, visited=list(BEFORE)))
    return host


def _page(host: WizardHost) -> EducationWorkPage:
    page = host.current_page()
    assert isinstance(page, EducationWorkPage)
    return page


def _tick(qtbot, page: EducationWorkPage, code: str) -> None:  # type: ignore[no-untyped-def]
    """Touch the words of an interest (the whole line is the target, not only the small box)."""
    label = page.interest_rows[code].label
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(10, label.height() // 2))


def test_choices_are_stored_as_codes(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    host.resize(1024, 768)
    host.show()
    page = _page(host)
    assert not host.next_ready()
    assert "pendidikan" in host.hint_label.text()
    qtbot.mouseClick(page.education_choice.button("sma"), Qt.MouseButton.LeftButton)
    assert "pekerjaan" in host.hint_label.text()
    qtbot.mouseClick(page.employment_choice.button("laid_off"), Qt.MouseButton.LeftButton)
    assert host.next_ready()  # interests are optional
    _tick(qtbot, page, "sewing")
    _tick(qtbot, page, "digital_marketing")
    assert page.interest_rows["sewing"].isChecked()
    for _round in range(3):
        QApplication.processEvents()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert host.grab().save(str(SCREENSHOTS / "education_work.png"))
    host.resize(1920, 1080)
    QApplication.processEvents()
    assert host.grab().save(str(SCREENSHOTS / "education_work_1920.png"))
    host.resize(1024, 768)
    QApplication.processEvents()
    assert page.minimumSizeHint().width() <= host._scrolls[flow.EDUCATION_WORK].viewport().width()

    with qtbot.waitSignal(host.draft_saved, timeout=10_000) as saved:
        qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    stored = wizard_context.app.drafts.resume(saved.args[0])
    assert stored is not None
    a = stored.applicant
    assert (a.education, a.employment) == ("sma", "laid_off")
    assert a.training_interests == ["digital_marketing", "sewing"]  # in the order of the list


def test_one_answer_per_question_and_a_second_touch_unticks(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = _host(qtbot, wizard_context)
    page = _page(host)
    qtbot.mouseClick(page.education_choice.button("sd"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.education_choice.button("s1"), Qt.MouseButton.LeftButton)
    assert page.education_choice.value() == "s1"
    assert not page.education_choice.button("sd").isChecked()
    _tick(qtbot, page, "culinary")
    _tick(qtbot, page, "culinary")
    applicant = Applicant()
    page.apply(applicant)
    assert applicant.education == "s1" and applicant.employment is None
    assert applicant.training_interests == []


def test_earlier_answers_are_shown_again(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    applicant = Applicant(education="diploma", employment="homemaker",
                          training_interests=["beauty", "culinary"],
                          consent=Consent(store_record=True, text_version="2026-1"))
    host = _host(qtbot, wizard_context, applicant)
    page = _page(host)
    assert page.education_choice.value() == "diploma"
    assert page.employment_choice.value() == "homemaker"
    assert {c for c, row in page.interest_rows.items() if row.isChecked()} == {"beauty", "culinary"}
    assert host.next_ready()


def test_every_option_of_the_file_is_a_named_button(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    page = EducationWorkPage(wizard_context)
    qtbot.addWidget(page)
    options = load_options()
    for code, label in options.education.pairs():
        button = page.education_choice.button(code)
        assert button.text() == label
        assert button.accessibleName() == f"Pendidikan terakhir Anda: {label}"
    assert list(page.interest_rows) == list(options.training_interests.codes())
    assert page.employment_choice.accessibleName() == "Pekerjaan Anda sekarang"
