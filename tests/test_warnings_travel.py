"""Warnings travel (issue 14): a warning raised on a step is on Review in its section, on Done and on the
receipt, each time with what to do. Issue 13 covered the birth date and a shared phone
(tests/test_step_table.py); these are the other step warnings: a sex that differs from the NIK and no email."""

from __future__ import annotations

import io

import pypdf
import pytest
from PySide6.QtCore import Qt

from prakerja_desktop.domain import flow
from tests.factories import make_applicant
from tests.test_wizard_eligibility import screenshot
from tests.test_wizard_review_done import open_review, wait_for_outcome

pytestmark = pytest.mark.gui
SEX_DIFFERS = "Menurut NIK, Anda laki-laki"
SEX_WHAT_TO_DO = "Periksa lagi NIK atau pilihan ini"
NO_EMAIL = "Email belum diisi"
NO_EMAIL_WHAT_TO_DO = "petugas membantu membuatnya saat kunjungan"


def flat(text: str) -> str:
    """Whitespace made single spaces (PDF text wraps anywhere)."""
    return " ".join(text.split())


def applicant_with_two_warnings():  # type: ignore[no-untyped-def]
    """A man by his NIK who chose "perempuan", without an email address."""
    applicant = make_applicant()
    applicant.sex = "P"
    applicant.has_email = False
    applicant.email = None
    return applicant


def test_the_sex_and_email_warnings_reach_review_done_and_the_receipt(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_review(qtbot, wizard_context, applicant_with_two_warnings())
    page = host.current_page()
    wait_for_outcome(qtbot, host)
    qtbot.waitUntil(lambda: SEX_DIFFERS in page.section_warnings[flow.IDENTITY].text(), timeout=10_000)
    identity = page.section_warnings[flow.IDENTITY].text()
    assert SEX_WHAT_TO_DO in identity and NO_EMAIL not in identity  # each in its own section
    contact = page.section_warnings[flow.CONTACT].text()
    assert NO_EMAIL in contact and NO_EMAIL_WHAT_TO_DO in contact
    screenshot(qtbot, host, "review_sex_and_email_warnings")

    with qtbot.waitSignal(host.submitted, timeout=10_000) as submitted:
        qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    assert host.draft.step == flow.DONE
    done = flat("\n".join(host.current_page().outcome.texts()))
    for text in (SEX_DIFFERS, SEX_WHAT_TO_DO, NO_EMAIL, NO_EMAIL_WHAT_TO_DO):
        assert text in done
    result = submitted.args[0]
    pdf = wizard_context.app.receipts.pdf(result.record_uuid)
    receipt = flat("\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))
    for text in (SEX_DIFFERS, SEX_WHAT_TO_DO, NO_EMAIL, NO_EMAIL_WHAT_TO_DO):
        assert text in receipt
