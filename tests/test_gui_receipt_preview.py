"""The receipt preview: the PDF on screen, saving to a folder, printing to a real CUPS queue or with Qt,
printer trouble in plain words, and the Done/checklist pages' print buttons."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Draft
from prakerja_desktop.printing import PrinterProblem, PrinterProblemKind
from tests.cups_support import QUEUE, missing_reason, page_size_mm, require_cups_pdf, stopped
from tests.factories import make_applicant, make_draft
from tests.test_wizard_eligibility import pages
from tests.test_wizard_review_done import BEFORE_REVIEW
from ui.receipts import preview as preview_module
from ui.receipts.documents import PrintableDocument, receipt_document
from ui.receipts.preview import ReceiptPreview
from ui.wizard.host import WizardHost

pytestmark = pytest.mark.gui
SCREENSHOTS = Path(__file__).resolve().parent.parent / "out" / "screenshots"


@pytest.fixture(autouse=True)
def _qt_folder_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt's own folder dialog (drivable by keys), and no folder remembered from another test."""
    monkeypatch.setattr(ReceiptPreview, "use_native_dialogs", False)
    monkeypatch.setattr(preview_module, "_last_folder", None)


def stored_receipt(app, layout: str = "a4") -> PrintableDocument:  # type: ignore[no-untyped-def]
    """The receipt of a freshly submitted record, as the Done page's print button gets it."""
    app.settings.put("receipt_layout", layout)
    result = app.records.submit(make_draft())
    return receipt_document(app, result.record_uuid, result.receipt_number)


def open_preview(qtbot, wizard_context, document: PrintableDocument, **kwargs) -> ReceiptPreview:  # type: ignore[no-untyped-def]
    dialog = ReceiptPreview(document, wizard_context, **kwargs)
    qtbot.addWidget(dialog)
    dialog.resize(1024, 768)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def screenshot(qtbot, widget, name: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.wait(400)  # QPdfView renders its pages asynchronously, again after each resize
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SCREENSHOTS / f"{name}.png"))


def pdf_text(pdf: bytes) -> str:
    """The text layer of a one-page PDF, without whitespace (a long number may be wrapped)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        text = page.get_textpage().get_text_range()
    finally:
        document.close()
    return "".join(text.split())


def wait_for_printers(qtbot, dialog: ReceiptPreview) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: dialog.printer_choice.count() > 0 or dialog.status_label.isVisible(), timeout=10_000)


@pytest.mark.parametrize("layout", ["a4", "roll80"])
def test_the_preview_shows_the_receipt(qtbot, wizard_context, layout: str) -> None:  # type: ignore[no-untyped-def]
    document = stored_receipt(wizard_context.app, layout)
    dialog = open_preview(qtbot, wizard_context, document, use_cups=False)
    assert dialog.pdf.status() is QPdfDocument.Status.Ready
    assert dialog.pdf.pageCount() == 1
    assert dialog.view.document() is dialog.pdf
    assert dialog.print_button.text() == "Cetak"
    assert dialog.save_button.text() == "Simpan PDF…"
    assert dialog.close_button.text() == "Tutup"
    for button in (dialog.print_button, dialog.save_button, dialog.close_button):
        assert button.height() >= 52  # big touch targets
    assert not dialog.status_label.isVisible()
    screenshot(qtbot, dialog, f"receipt_preview_{layout}")
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def choose_folder_like_a_person(qtbot, dialog: ReceiptPreview, folder: Path) -> str:  # type: ignore[no-untyped-def]
    """Touch "Simpan PDF…", paste the folder's path into Qt's folder dialog, touch "Simpan di sini".

    Pasted (Ctrl+V), not typed key by key: Qt's dialog completes and re-selects names while each
    key of a path is typed, as it does for a person typing fast, so a typed path would be mangled.
    """
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    chooser = dialog.folder_dialog
    assert chooser is not None
    qtbot.waitExposed(chooser)
    edit = chooser.findChild(QLineEdit, "fileNameEdit")
    QApplication.clipboard().setText(str(folder))
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    accept = next(b for b in chooser.findChildren(QPushButton) if b.text() == "Simpan di sini")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
    return saved.args[0]


def test_simpan_pdf_writes_the_file_to_the_chosen_folder(qtbot, wizard_context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = stored_receipt(wizard_context.app)
    usb = tmp_path / "FLASHDISK"
    usb.mkdir()
    dialog = open_preview(qtbot, wizard_context, document, use_cups=False)
    path = Path(choose_folder_like_a_person(qtbot, dialog, usb))
    assert path == usb / document.file_name
    assert path.read_bytes() == document.pdf
    assert "PDF tersimpan" in dialog.status_label.text() and str(path) in dialog.status_label.text()
    screenshot(qtbot, dialog, "receipt_preview_saved")
    # The same receipt saved again is kept once; the folder is remembered for the session.
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert Path(dialog.folder_dialog.directory().absolutePath()) == usb
    dialog.folder_dialog.reject()
    dialog.save_to(usb)
    qtbot.waitUntil(lambda: "PDF tersimpan" in dialog.status_label.text(), timeout=10_000)
    assert sorted(p.name for p in usb.iterdir()) == [document.file_name]


def test_saving_to_a_folder_that_cannot_be_written_says_so(qtbot, wizard_context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = stored_receipt(wizard_context.app)
    dialog = open_preview(qtbot, wizard_context, document, use_cups=False)
    with qtbot.waitSignal(dialog.problem_shown, timeout=10_000) as shown:
        dialog.save_to(tmp_path / "dicabut")  # a USB stick pulled out: the folder is gone
    assert "flashdisk mungkin dicabut" in shown.args[0]
    assert "Traceback" not in dialog.status_label.text()


def test_printing_to_the_cups_pdf_queue_ends_with_a_success_message(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    cups = require_cups_pdf()
    document = stored_receipt(wizard_context.app)
    dialog = open_preview(qtbot, wizard_context, document, use_cups=True)
    wait_for_printers(qtbot, dialog)
    assert dialog.printer_choice.isVisible()
    dialog.printer_choice.setCurrentIndex(dialog.printer_choice.findData(cups.queue))
    jobs: list[str] = []
    dialog.printed.connect(jobs.append)
    with qtbot.waitSignal(dialog.printed, timeout=30_000) as printed:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)  # a second touch while sending
    assert printed.args == [cups.queue]
    qtbot.wait(300)
    assert jobs == [cups.queue]  # one touch, one job
    assert dialog.status_label.text() == (f"✔ Sudah dikirim ke printer {cups.queue}. "
                                          "Silakan ambil kertasnya di printer.")
    screenshot(qtbot, dialog, "receipt_preview_printed")
    number = document.title.split()[-1]
    printed_file = cups.find_printed(number)
    width, height, pages_ = page_size_mm(printed_file)
    printed_file.unlink()  # the shared output folder does not fill up over many runs
    assert (round(width), round(height), pages_) == (210, 297, 1)


def test_kiosk_prints_at_once_to_the_default_printer(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    cups = require_cups_pdf()
    document = stored_receipt(wizard_context.app, "roll80")
    dialog = ReceiptPreview(document, wizard_context, silent=True, use_cups=True)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.printed, timeout=30_000) as printed:
        dialog.show()
    assert not dialog.printer_choice.isVisible()  # no choices, no dialogs
    if printed.args[0] == cups.queue:  # the default printer is the cups-pdf queue (as in CI)
        printed_file = cups.find_printed(document.title.split()[-1])
        width, _height, _pages = page_size_mm(printed_file)
        printed_file.unlink()
        assert width == pytest.approx(80, abs=1.5)


def test_a_stopped_queue_shows_a_plain_message_and_offers_saving(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    cups = require_cups_pdf()
    document = stored_receipt(wizard_context.app)
    dialog = open_preview(qtbot, wizard_context, document, use_cups=True)
    wait_for_printers(qtbot, dialog)
    dialog.printer_choice.setCurrentIndex(dialog.printer_choice.findData(cups.queue))
    with stopped(cups.queue), qtbot.waitSignal(dialog.problem_shown, timeout=30_000) as shown:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert shown.args[0].startswith("Printer sedang berhenti")
    assert dialog.status_label.text() == "⚠ " + shown.args[0]
    assert "Traceback" not in dialog.status_label.text()
    assert dialog.save_button.property("highlight") is True
    assert dialog.save_button.hasFocus() or not dialog.isActiveWindow()
    assert dialog.print_button.isEnabled()  # they may try again once the printer is back
    assert wizard_context.app.records.count() == 1  # printing never touches records
    screenshot(qtbot, dialog, "receipt_preview_queue_stopped")


def test_without_cups_qt_prints_every_page_at_the_printer_resolution(qtbot, wizard_context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = stored_receipt(wizard_context.app, "roll80")
    out = tmp_path / "qt-printed.pdf"

    def printer_to_file() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(300)
        return printer

    dialog = ReceiptPreview(document, wizard_context, silent=True, use_cups=False)
    dialog.make_qt_printer = printer_to_file
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.printed, timeout=30_000):
        dialog.show()
    width, height, pages_ = page_size_mm(out)
    assert pages_ == 1
    assert width == pytest.approx(80, abs=0.5)
    assert height == pytest.approx(dialog.pdf.pagePointSize(0).height() / 72 * 25.4, abs=0.5)
    printed = pypdfium2.PdfDocument(str(out))
    try:
        bitmap = printed[0].render(scale=1).to_pil().convert("L")
    finally:
        printed.close()
    dark = sum(bitmap.histogram()[:128])
    assert dark > 500  # the receipt's text and QR code are on the paper, not a blank page


def test_without_cups_and_without_a_printer_it_says_so(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    document = stored_receipt(wizard_context.app)
    dialog = open_preview(qtbot, wizard_context, document, use_cups=False)

    def no_printer() -> QPrinter:
        raise PrinterProblem(PrinterProblemKind.NO_PRINTER, "Qt sees no printer")

    dialog.make_qt_printer = no_printer
    with qtbot.waitSignal(dialog.problem_shown, timeout=2_000) as shown:
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert shown.args[0].startswith("Printer tidak ditemukan")
    assert dialog.save_button.property("highlight") is True


def test_done_pages_print_button_opens_the_receipt_just_submitted(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = WizardHost(wizard_context, pages(flow.WELCOME, flow.REVIEW, flow.DONE))
    qtbot.addWidget(host)
    host.resize(1024, 768)
    host.show()
    host.start(Draft(applicant=make_applicant(), step=flow.REVIEW, visited=BEFORE_REVIEW[:]))
    with qtbot.waitSignal(host.submitted, timeout=10_000) as submitted:
        qtbot.mouseClick(host.next_button, Qt.MouseButton.LeftButton)
    receipt = submitted.args[0].receipt_number
    page = host.current_page()
    assert page.print_button.isEnabled() and page.print_button.text() == "Cetak tanda terima"
    with qtbot.waitSignal(page.print_row.preview_opened, timeout=15_000) as opened:
        qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    dialog: ReceiptPreview = opened.args[0]
    qtbot.waitExposed(dialog)
    assert dialog.document.title == f"Tanda terima {receipt}"
    assert dialog.pdf.pageCount() == 1
    assert receipt in pdf_text(dialog.document.pdf)
    screenshot(qtbot, dialog, "receipt_preview_from_done")
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.print_row.preview is None, timeout=2_000)  # closed and deleted
    # Opened again, then the next person starts (or the kiosk wipes): the receipt leaves the screen.
    with qtbot.waitSignal(page.print_row.preview_opened, timeout=15_000) as opened:
        qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    host.start()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=2_000)
    assert wizard_context.app.records.count() == 1


def test_checklist_pages_print_button_opens_the_blank_checklist(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = WizardHost(wizard_context, pages(flow.CONSENT, flow.CHECKLIST_ONLY))
    qtbot.addWidget(host)
    host.resize(1024, 768)
    host.show()
    host.start(Draft(step=flow.CHECKLIST_ONLY, visited=[flow.WELCOME, flow.ABOUT, flow.CONSENT]))
    page = host.current_page()
    assert page.print_button.text() == "Cetak daftar persiapan"
    with qtbot.waitSignal(page.print_row.preview_opened, timeout=15_000) as opened:
        qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    dialog: ReceiptPreview = opened.args[0]
    qtbot.waitExposed(dialog)
    assert dialog.document.title == "Daftar persiapan Kartu Prakerja"
    assert dialog.document.file_name == "daftar-persiapan-kartu-prakerja.pdf"
    assert dialog.pdf.status() is QPdfDocument.Status.Ready
    screenshot(qtbot, dialog, "receipt_preview_checklist")
    assert wizard_context.app.records.count() == 0  # nothing personal was stored to print it
    assert wizard_context.app.drafts.latest() is None


def test_a_failed_render_is_said_on_the_page_and_the_button_stays(qtbot, wizard_context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from prakerja_desktop.errors import EnvironmentProblem, ProblemKind

    def disk_full(*_args, **_kwargs) -> bytes:  # type: ignore[no-untyped-def]
        raise EnvironmentProblem(ProblemKind.DISK_FULL, "test")

    monkeypatch.setattr(type(wizard_context.app.receipts), "blank_checklist_pdf", disk_full)
    host = WizardHost(wizard_context, pages(flow.CONSENT, flow.CHECKLIST_ONLY))
    qtbot.addWidget(host)
    host.show()
    host.start(Draft(step=flow.CHECKLIST_ONLY, visited=[flow.WELCOME, flow.ABOUT, flow.CONSENT]))
    row = host.current_page().print_row
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Penyimpanan komputer penuh" in row.status.text(), timeout=10_000)
    assert row.status.text().startswith("⚠ ") and "foto daftar ini" in row.status.text()
    assert row.button.isEnabled() and row.preview is None


def test_without_cups_staff_choose_in_the_print_dialog_first(qtbot, wizard_context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrintDialog

    document = stored_receipt(wizard_context.app)
    out = tmp_path / "staff.pdf"

    def printer_to_file() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    dialog = open_preview(qtbot, wizard_context, document, use_cups=False)
    dialog.make_qt_printer = printer_to_file
    assert not dialog.printer_choice.isVisible()  # Qt's print dialog chooses the printer here
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    chooser = dialog.findChild(QPrintDialog, "printDialog")
    qtbot.waitUntil(chooser.isVisible, timeout=5_000)
    with qtbot.waitSignal(dialog.printed, timeout=30_000) as printed:
        chooser.accept()  # the person touches "Print" in Qt's dialog, keeping what it chose
    assert "Sudah dikirim ke printer" in dialog.status_label.text()
    if printed.args[0] == str(out):  # no system printer: Qt's dialog kept printing to the file
        assert page_size_mm(out)[2] == 1
    elif not missing_reason() and printed.args[0] == QUEUE:  # Qt sent it to the cups-pdf queue
        printed_file = require_cups_pdf().find_printed(document.title.split()[-1])
        assert page_size_mm(printed_file)[2] == 1
        printed_file.unlink()
