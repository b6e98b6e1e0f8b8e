"""Receipts read back like a person and a scanner would: text, page size, QR, fonts, no full numbers."""

from __future__ import annotations

import io
import re
import uuid
from datetime import date, datetime
from pathlib import Path

import pypdf
import pypdfium2
import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st

from prakerja_desktop.app import App, StaffSession, SubmitResult
from prakerja_desktop.domain import rules
from prakerja_desktop.domain.applicant import Readiness
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.receipts import content as receipt_content
from prakerja_desktop.storage import records, settings_store
from prakerja_desktop.storage.models import AuditEvent
from tests.factories import make_applicant, make_draft

TODAY = date(2026, 11, 28)
A4_SIZE = (595.28, 841.89)
ROLL_WIDTH = 226.77  # 80 mm
LONG_NAME = ("Raden Mas Muhammad Abdurrahman Wahyu Kusumaningrat Hadiningrat Prawirodirdjo "
             "Soerjosoemarno Tjokroaminoto")
LONG_EMAIL = "raden.mas.muhammad.abdurrahman.wahyu.kusumaningrat@universitas-negeri-surabaya.ac.id"


def pdf_text(pdf: bytes) -> str:
    """The text layer of every page, as one string."""
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    """Text without whitespace (wrapped lines joined)."""
    return re.sub(r"\s+", "", text)


def decoded_streams(pdf: bytes) -> bytes:
    """Every stream of the file, decompressed, plus the document information."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    chunks = [str(reader.metadata).encode()]
    for number in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(number)
        if isinstance(obj, pypdf.generic.StreamObject):
            chunks.append(obj.get_data())
        elif obj is not None:
            chunks.append(repr(obj).encode())
    return b"\n".join(chunks)


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height of every page, in points."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def scan_qr(pdf: bytes, scale: float = 3.0) -> list[str]:
    """Render page 1 and decode every QR code on it."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=scale).to_pil()
    finally:
        document.close()
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


@pytest.fixture
def submitted(app: App) -> SubmitResult:
    """A stored record of the standard test applicant."""
    return app.records.submit(make_draft(), today=TODAY)


def long_record(app: App) -> SubmitResult:
    """A record with a long name, a long email, every readiness item missing and problems to explain."""
    draft = make_draft(name=LONG_NAME, serial=7, birth=date(2009, 3, 4))
    draft.applicant.email = LONG_EMAIL
    draft.applicant.readiness = Readiness()  # nothing answered: all missing
    draft.applicant.eligibility.in_school = None
    return app.records.submit(draft, today=TODAY)


@pytest.mark.parametrize("layout", ["a4", "roll80"])
def test_number_and_masked_numbers_shown_full_numbers_nowhere(app: App, submitted: SubmitResult,
        layout: str) -> None:
    applicant = make_applicant()
    pdf = app.receipts.pdf(submitted.record_uuid, layout)
    text = pdf_text(pdf)
    assert submitted.receipt_number in text
    assert "350820******0001" in text and "350820******0007" in text and "0812****7890" in text
    assert "budi.santoso@gmail.com" in text and "Budi Santoso" in text
    full_numbers = [applicant.nik, applicant.kk_number, "081234567890", "6281234567890", "81234567890"]
    streams = decoded_streams(pdf)
    for number in full_numbers:
        assert number not in flat(text), number
        assert number.encode() not in pdf, number
        assert number.encode() not in streams, number


def test_metadata_has_the_title_and_no_personal_data(app: App, submitted: SubmitResult) -> None:
    reader = pypdf.PdfReader(io.BytesIO(app.receipts.pdf(submitted.record_uuid)))
    assert reader.metadata.title == f"Tanda terima {submitted.receipt_number}"
    info = str(dict(reader.metadata))
    for personal in ("Budi", "Santoso", "350820", "gmail", "0812"):
        assert personal not in info


@pytest.mark.parametrize("layout", ["a4", "roll80"])
def test_page_size_and_exactly_one_page(app: App, submitted: SubmitResult, layout: str) -> None:
    sizes = page_sizes(app.receipts.pdf(submitted.record_uuid, layout))
    assert len(sizes) == 1
    width, height = sizes[0]
    if layout == "a4":
        assert (round(width, 2), round(height, 2)) == A4_SIZE
    else:
        assert round(width, 2) == ROLL_WIDTH and 300 < height < 3000


@pytest.mark.parametrize("layout", ["a4", "roll80"])
def test_a_long_receipt_still_fits_one_page_with_nothing_cut(app: App, layout: str) -> None:
    result = long_record(app)
    pdf = app.receipts.pdf(result.record_uuid, layout)
    assert len(page_sizes(pdf)) == 1
    text = flat(pdf_text(pdf))
    assert flat(LONG_NAME) in text and LONG_EMAIL in text
    assert text.count("✖Belum") == 6 and "✔Siap" not in text
    assert flat("Umur Anda 17 tahun.") in text and flat("4 Maret 2027") in text  # reason and its fix
    assert flat(rules.load_rule_set().registration_steps[-1].id) in text  # the last step is there


def test_roll_grows_with_the_content(app: App, submitted: SubmitResult) -> None:
    short = page_sizes(app.receipts.pdf(submitted.record_uuid, "roll80"))[0][1]
    long = page_sizes(app.receipts.pdf(long_record(app).record_uuid, "roll80"))[0][1]
    assert long > short + 100


@pytest.mark.parametrize("layout", ["a4", "roll80", "roll58"])
def test_qr_scans_and_opens_the_same_record(app: App, submitted: SubmitResult, layout: str) -> None:
    codes = scan_qr(app.receipts.pdf(submitted.record_uuid, layout))
    assert len(codes) == 1 and codes[0].startswith("PKJ2.")  # issue 15: version 2 names key and person
    found = app.receipts.verify_code(codes[0])
    assert found is not None and found.uuid == submitted.record_uuid
    tampered = codes[0].replace(submitted.receipt_number, "ABCDE-000000")
    assert app.receipts.verify_code(tampered) is None


def test_qr_is_big_enough_to_scan(app: App, submitted: SubmitResult) -> None:
    from prakerja_desktop.receipts.render import GEOMETRIES

    mm = 72 / 25.4
    assert GEOMETRIES["a4"].qr >= 25 * mm and GEOMETRIES["roll80"].qr >= 30 * mm
    assert scan_qr(app.receipts.pdf(submitted.record_uuid, "roll80"), scale=1.5)  # ~108 dpi


@pytest.mark.parametrize("layout", ["a4", "roll80"])
def test_fonts_are_embedded(app: App, submitted: SubmitResult, layout: str) -> None:
    page = pypdf.PdfReader(io.BytesIO(app.receipts.pdf(submitted.record_uuid, layout))).pages[0]
    fonts = page["/Resources"]["/Font"]
    assert len(fonts) == 2
    for font in fonts.values():
        font = font.get_object()
        assert "DejaVuSans" in font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_reprint_is_marked_and_otherwise_identical(app: App, submitted: SubmitResult) -> None:
    first = app.receipts.pdf(submitted.record_uuid)
    assert app.receipts.pdf(submitted.record_uuid) == first  # same facts, same bytes
    moment = datetime(2026, 12, 1, 3, 30)
    reprint = app.receipts.pdf(submitted.record_uuid, reprint=True, now=moment)
    assert app.receipts.pdf(submitted.record_uuid, reprint=True, now=moment) == reprint
    text = pdf_text(reprint)
    assert "CETAK ULANG" in text and "CETAK ULANG" not in pdf_text(first)
    assert flat("Dicetak ulang: Selasa, 1 Desember 2026, 10.30 WIB") in flat(text)
    assert flat(pdf_text(first)) in flat(text).replace(flat("CETAK ULANG"), "").replace(
        flat("Dicetak ulang: Selasa, 1 Desember 2026, 10.30 WIB"), "")


def test_printing_is_audited_without_personal_data(app: App, submitted: SubmitResult) -> None:
    app.receipts.pdf(submitted.record_uuid)
    app.receipts.pdf(submitted.record_uuid, "roll80", reprint=True)
    with app.db.read() as session:
        events = session.query(AuditEvent).filter(AuditEvent.action.like("receipt.%")).all()
    assert [e.action for e in events] == ["receipt.rendered", "receipt.reprinted"]
    assert all(e.subject == str(submitted.record_uuid) for e in events)
    assert [e.details for e in events] == [{"layout": "a4"}, {"layout": "roll80"}]
    assert app.staff.verify_audit().ok


def test_indonesian_date_in_the_office_time_zone() -> None:
    saturday = datetime(2023, 6, 10, 7, 5)  # UTC, as stored
    assert receipt_content.format_moment(saturday, "WIB") == "Sabtu, 10 Juni 2023, 14.05 WIB"
    assert receipt_content.format_moment(saturday, "WITA") == "Sabtu, 10 Juni 2023, 15.05 WITA"
    late = datetime(2023, 6, 10, 20, 0)
    assert receipt_content.format_moment(late, "WIT") == "Minggu, 11 Juni 2023, 05.00 WIT"


def test_receipt_shows_the_stored_time_and_office(app: App) -> None:
    values = records.row_values(make_applicant(), receipt_number="ABCDE-000130", device_id=uuid.uuid4(),
                                rule_set_id="2023", outcome="eligible", reasons=[],
                                submitted_at=datetime(2023, 6, 10, 7, 5))
    app.records.import_rows([values])
    app.settings.put("office_name", "Disnaker Kabupaten Lumajang")
    app.settings.put("office_phone", "(0334) 881234")
    app.settings.put("office_hours", "Senin–Jumat 08.00–15.00")
    text = pdf_text(app.receipts.pdf(values["uuid"]))
    assert "Sabtu, 10 Juni 2023, 14.05 WIB" in text and "ABCDE" in text
    assert "Disnaker Kabupaten Lumajang" in text
    assert "Petugas\n" not in text and "Mandiri" not in text  # nobody helped: no helper line at all
    assert flat("Jam layanan: Senin–Jumat 08.00–15.00.") in flat(text)
    assert flat("Telepon: (0334) 881234.") in flat(text)


def test_staff_name_when_assisted(app: App) -> None:
    staff = app.staff.create("sari", "Sari Wulandari", "admin", "rahasia123")
    result = app.records.submit(make_draft(), staff=staff, today=TODAY)
    assert isinstance(staff, StaffSession)
    assert "PetugasSariWulandari" in flat(pdf_text(app.receipts.pdf(result.record_uuid)))


def test_reasons_come_from_the_record_rule_set(app: App) -> None:
    app.rule_set = rules.load_rule_set("2021")
    result = app.records.submit(make_draft(), today=TODAY)
    app.rule_set = rules.load_rule_set("2023")
    text = flat(pdf_text(app.receipts.pdf(result.record_uuid)))
    assert flat("Pada aturan 2021") in text  # the 2021 social-assistance check, kept for this record
    assert flat("⚠ Ada hal yang perlu diperiksa petugas.") in text


def test_checklist_says_ready_or_missing_in_words(app: App, submitted: SubmitResult) -> None:
    text = flat(pdf_text(app.receipts.pdf(submitted.record_uuid)))
    assert text.count("✔Siap") == 5 and text.count("✖Belum") == 1  # payout account is missing
    assert flat("Yang perlu dilakukan: Buka rekening BNI") in text


@pytest.mark.parametrize("layout", ["a4", "roll80"])
def test_blank_checklist_has_no_personal_data_and_every_item(app: App, layout: str) -> None:
    app.records.submit(make_draft(), today=TODAY)  # a record exists, and must not leak into the checklist
    pdf = app.receipts.blank_checklist_pdf(layout)
    text = flat(pdf_text(pdf))
    assert len(page_sizes(pdf)) == 1
    for item in app.rule_set.readiness_items:
        assert flat(item.label.id) in text and flat(item.missing.id) in text
    for step in app.rule_set.registration_steps:
        assert flat(step.id) in text
    for personal in ("Budi", "350820", "0812", "gmail", "✔Siap", "✖Belum"):
        assert personal not in text
    assert scan_qr(pdf) == []
    assert pypdf.PdfReader(io.BytesIO(pdf)).metadata.title == "Daftar persiapan Kartu Prakerja"


def test_logo_is_drawn_and_a_broken_logo_is_skipped(app: App, submitted: SubmitResult,
                                                     tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (20, 90, 160)).save(logo)
    app.settings.put("office_logo_path", str(logo))
    page = pypdf.PdfReader(io.BytesIO(app.receipts.pdf(submitted.record_uuid))).pages[0]
    assert any(o.get_object().get("/Subtype") == "/Image" for o in page["/Resources"]["/XObject"].values())
    for broken in (tmp_path / "missing.png", tmp_path / "garbage.png"):
        (tmp_path / "garbage.png").write_bytes(b"not a png at all")
        app.settings.put("office_logo_path", str(broken))
        page = pypdf.PdfReader(io.BytesIO(app.receipts.pdf(submitted.record_uuid))).pages[0]
        assert "/XObject" not in page["/Resources"] or not page["/Resources"]["/XObject"]


def test_office_settings_defaults_and_layout_setting(app: App, submitted: SubmitResult) -> None:
    assert app.receipts.office_settings() == {"name": "Dinas Tenaga Kerja", "address": "", "phone": "",
                                          "hours": "", "logo_path": "", "timezone": "WIB",
                                          "receipt_layout": "a4"}
    with pytest.raises(UserInputError):
        app.settings.put("office_timezone", "nowhere")  # the registry refuses it
    with app.db.write() as session:
        settings_store.put(session, "office_timezone", "nowhere")  # edited by hand
    app.settings.put("receipt_layout", "roll80")
    assert app.receipts.office_settings()["timezone"] == "WIB"
    assert round(page_sizes(app.receipts.pdf(submitted.record_uuid))[0][0], 2) == ROLL_WIDTH
    assert round(page_sizes(app.receipts.blank_checklist_pdf())[0][0], 2) == ROLL_WIDTH


def test_unknown_record_and_layout_are_clear_errors(app: App, submitted: SubmitResult) -> None:
    with pytest.raises(UserInputError):
        app.receipts.pdf(uuid.uuid4())
    with pytest.raises(UserInputError):
        app.receipts.pdf(submitted.record_uuid, "a5")
    with pytest.raises(UserInputError):
        app.receipts.blank_checklist_pdf("letter")


@pytest.mark.parametrize("sequence", [99_999, 12_345_678])
def test_the_receipt_number_never_wraps(app: App, sequence: int) -> None:
    from prakerja_desktop.domain.codes import format_receipt_number

    number = format_receipt_number("WWWWW", sequence)  # the widest letters there are
    values = records.row_values(make_applicant(), receipt_number=number, device_id=uuid.uuid4(),
                                rule_set_id="2023", outcome="eligible", reasons=[])
    app.records.import_rows([values])
    for layout in ("a4", "roll80"):
        assert number in pdf_text(app.receipts.pdf(values["uuid"], layout)).splitlines()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("aW.@- \n1ŝ✔"), max_size=120),
       st.floats(min_value=4, max_value=300))
def test_wrapping_keeps_every_character_and_fits(text: str, width: float) -> None:
    from prakerja_desktop.pdf_base import FONT, register_fonts
    from prakerja_desktop.receipts.layout import text_width, wrap

    register_fonts()
    lines = wrap(text, FONT, 9, width, first_width=width * 0.7)
    assert flat("".join(lines)) == flat(text)
    for index, line in enumerate(lines):
        limit = width * 0.7 if index == 0 else width
        assert text_width(line, FONT, 9) <= limit + 0.01 or len(line.strip()) <= 1
