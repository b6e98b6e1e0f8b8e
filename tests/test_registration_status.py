"""The registration status (closed by default) on Done and the receipt; it and the rules travel to laptops."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from prakerja_desktop.app import App
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.rulebook.registration import RegistrationStatus
from prakerja_desktop.sync.bundle_format import BundleRejected
from tests.factories import make_applicant, make_draft
from tests.sync_support import open_device, pair
from tests.test_receipts import flat, pdf_text
from tests.test_rule_book import BIRTH_62, lowered_copy
from tests.test_wizard_eligibility import screenshot
from tests.test_wizard_review_done import open_review, wait_for_outcome

TODAY = date(2026, 11, 28)
A_WAVE_PROMISE = re.compile(r"gelombang\s*\d|gelombang berikutnya dibuka|\d{1,2} (Januari|Februari|Maret|April|Mei|"
                            r"Juni|Juli|Agustus|September|Oktober|November|Desember) 20\d\d", re.IGNORECASE)


def test_closed_is_the_default_and_says_so_with_a_note(app: App) -> None:
    status = app.rules.registration()
    assert not status.open
    assert status.headline(TODAY) == "Pendaftaran Kartu Prakerja belum dibuka."
    assert "Kemnaker" in status.explanation(TODAY)
    lines = " ".join(status.lines(TODAY, follow_up=True))
    assert "akan menghubungi Anda saat pendaftaran dibuka" in lines
    assert not A_WAVE_PROMISE.search(lines)
    assert "akan menghubungi" not in " ".join(status.lines(TODAY, follow_up=False))


def test_open_names_the_wave_and_the_date_until_it_passes() -> None:
    status = RegistrationStatus(open=True, wave=72, until=date(2027, 3, 1))
    assert status.headline(TODAY) == "Pendaftaran Kartu Prakerja dibuka \u2014 gelombang 72, sampai 1 Maret 2027."
    assert status.next_step(TODAY, follow_up=False) == "Daftarlah sendiri di prakerja.go.id paling lambat 1 Maret 2027."
    assert status.headline(date(2027, 3, 2)) == "Pendaftaran Kartu Prakerja belum dibuka."  # the date passed


def test_the_status_is_stored_audited_and_read_back(app: App, data_dir: Path) -> None:
    app.rules.put_registration(open_=True, wave=72, until=date(2027, 3, 1))
    again = App.open(data_dir)
    try:
        assert again.rules.registration() == RegistrationStatus(True, 72, date(2027, 3, 1), "")
    finally:
        again.close()
    app.rules.put_registration(open_=False, note="Program sedang dialihkan ke Kemnaker")
    assert app.rules.registration().explanation(TODAY) == "Catatan kantor: Program sedang dialihkan ke Kemnaker."
    with pytest.raises(UserInputError):
        app.rules.put_registration(open_=True, wave=0)


def receipt_text(app: App, **draft: object) -> str:
    result = app.records.submit(make_draft(**draft), today=TODAY)
    return pdf_text(app.receipts.pdf(result.record_uuid))


def from_status(text: str) -> str:
    """The receipt from its registration status on (the issue date above it is no promise)."""
    assert "Status pendaftaran" in text
    return text[text.index("Status pendaftaran"):]


def test_closed_receipt_promises_no_wave(app: App) -> None:
    text = from_status(receipt_text(app))
    assert flat("Pendaftaran Kartu Prakerja belum dibuka.") in flat(text)
    assert flat("Kantor ini akan menghubungi Anda saat pendaftaran dibuka.") in flat(text)  # agreed to follow-up
    assert not A_WAVE_PROMISE.search(text), A_WAVE_PROMISE.search(text)


def test_closed_receipt_without_follow_up_consent_promises_no_call(app: App) -> None:
    result = app.records.submit(make_draft(serial=2), today=TODAY)
    with app.db.write() as session:  # the applicant said no to follow-up contact
        from prakerja_desktop.storage import records

        row = records.by_nik(session, app.records.get(result.record_uuid).nik)
        row.consent = {**row.consent, "follow_up_contact": False}
    text = flat(pdf_text(app.receipts.pdf(result.record_uuid)))
    assert flat("Data persiapan Anda sudah siap.") in text
    assert flat("akan menghubungi") not in text


def test_open_receipt_names_the_wave(app: App) -> None:
    app.rules.put_registration(open_=True, wave=72, until=date(2099, 3, 1))
    text = flat(receipt_text(app))
    assert flat("Pendaftaran Kartu Prakerja dibuka \u2014 gelombang 72, sampai 1 Maret 2099.") in text


def test_the_blank_checklist_follows_the_status(app: App) -> None:
    text = from_status(pdf_text(app.receipts.blank_checklist_pdf()))
    assert flat("belum dibuka") in flat(text) and not A_WAVE_PROMISE.search(text)


# --- the office package: rules and status travel to the laptop ------------------------------------------


@pytest.fixture
def pairs(tmp_path: Path, fresh_db_url):  # type: ignore[no-untyped-def]
    office, laptop = open_device(tmp_path, "office", fresh_db_url), open_device(tmp_path, "laptop", fresh_db_url)
    pair(office, laptop, tmp_path / "usb")
    yield office, laptop
    office.close()
    laptop.close()


def test_the_office_package_brings_rules_and_status_to_the_laptop(pairs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    office, laptop = pairs
    office.rules.import_file(lowered_copy(tmp_path))
    office.rules.put_registration(open_=True, wave=72, until=date(2099, 3, 1))
    package = tmp_path / "usb" / "kantor.pkjo"
    office.rules.write_package(package)
    assert laptop.rule_set.id == "2023" and not laptop.rules.registration().open
    result = laptop.sync.import_file(package)
    assert not result.already and result.rule_sets_added == ("2023-uji",)
    assert laptop.rule_set.id == "2023-uji"
    assert laptop.rules.registration() == RegistrationStatus(True, 72, date(2099, 3, 1), "")
    assert laptop.sync.import_file(package).already  # the same package again changes nothing
    office.rules.use("2023")  # the office switches back; the next package carries it
    office.rules.write_package(package)
    laptop.sync.import_file(package)
    assert laptop.rule_set.id == "2023"


def test_a_changed_or_foreign_package_is_refused(pairs, tmp_path: Path, fresh_db_url) -> None:  # type: ignore[no-untyped-def]
    office, laptop = pairs
    package = tmp_path / "kantor.pkjo"
    office.rules.write_package(package)
    data = bytearray(package.read_bytes())
    data[-5] ^= 0xFF
    package.write_bytes(bytes(data))
    with pytest.raises(BundleRejected):
        laptop.sync.import_file(package)
    other = open_device(tmp_path, "other-office", fresh_db_url)
    try:
        other.rules.write_package(package)
        with pytest.raises(UserInputError, match="belum dipasangkan"):
            laptop.sync.import_file(package)
    finally:
        other.close()
    assert laptop.rule_set.id == "2023"


# --- the wizard: Done follows the status; a 62-year-old under an imported limit of 60 ------------------


def submit_in_wizard(qtbot, wizard_context, applicant):  # type: ignore[no-untyped-def]
    host = open_review(qtbot, wizard_context, applicant)
    wait_for_outcome(qtbot, host)
    with qtbot.waitSignal(host.submitted, timeout=10_000):
        qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    return host


@pytest.mark.gui
def test_done_promises_no_wave_while_closed_and_names_it_when_open(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = submit_in_wizard(qtbot, wizard_context, make_applicant())
    text = host.current_page().registration_label.text()
    assert "Pendaftaran Kartu Prakerja belum dibuka." in text
    assert "Kantor ini akan menghubungi Anda saat pendaftaran dibuka." in text
    assert not A_WAVE_PROMISE.search(text)
    page = host.current_page()
    page.parentWidget().parentWidget().ensureWidgetVisible(page.registration_label)  # the scroll area
    screenshot(qtbot, host, "done_registration_closed")
    wizard_context.app.rules.put_registration(open_=True, wave=72, until=date(2027, 3, 1))
    host = submit_in_wizard(qtbot, wizard_context, make_applicant(serial=3))
    text = host.current_page().registration_label.text()
    assert "gelombang 72, sampai 1 Maret 2027" in text and "paling lambat 1 Maret 2027" in text


@pytest.mark.gui
def test_the_wizard_applies_an_imported_age_limit(qtbot, wizard_context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wizard_context.app.rules.import_file(lowered_copy(tmp_path))
    host = open_review(qtbot, wizard_context, make_applicant(birth=BIRTH_62))
    text = wait_for_outcome(qtbot, host)
    assert "Anda tidak memenuhi syarat" in text
    assert "hanya untuk orang berumur sampai 60 tahun" in text
    wizard_context.app.rules.use("2023")
    host = open_review(qtbot, wizard_context, make_applicant(birth=BIRTH_62))
    assert "hanya untuk orang berumur sampai" not in wait_for_outcome(qtbot, host)


@pytest.mark.gui
def test_welcome_and_about_say_registration_is_closed(qtbot, host) -> None:  # type: ignore[no-untyped-def]
    page = host.current_page()
    qtbot.waitUntil(page.registration_label.isVisible, timeout=10_000)
    text = page.registration_label.text()
    assert text.startswith("Pendaftaran Kartu Prakerja belum dibuka.") and "Kemnaker" in text
    assert not A_WAVE_PROMISE.search(text)
    screenshot(qtbot, host, "welcome_registration_closed")
    qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)  # Mulai: About
    about = host.current_page()
    assert about.registration_label.isVisible()
    assert about.registration_label.text().startswith("Pendaftaran Kartu Prakerja belum dibuka.")
    about.parentWidget().parentWidget().ensureWidgetVisible(about.registration_label)
    screenshot(qtbot, host, "about_registration_closed")
