"""The "Cek keaslian tanda terima" staff screen, driven like a person: a scanner types, a PDF is opened."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from prakerja_desktop.app import App
from prakerja_desktop.receipts import verify
from tests.conftest import ROOT
from tests.factories import make_draft
from tests.staff_gui import show_staff_screen
from tests.test_receipts import scan_qr
from ui.staff.context import StaffContext
from ui.staff.receipt_check import ReceiptCheckScreen
from ui.staff.records import RecordsScreen

pytestmark = pytest.mark.gui
SCREENSHOTS = ROOT / "out" / "screenshots"


def test_a_scanner_types_the_code_and_the_record_opens(qtbot, app: App, admin, tasks, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = app.records.submit(make_draft(serial=4, name="Siti Nur Aisyah", female=True))
    pdf = app.receipts.pdf(result.record_uuid, "roll58")
    code = scan_qr(pdf)[0]
    records = show_staff_screen(qtbot, StaffContext(app, tasks, admin), "records", RecordsScreen, hosted=True)
    area = records.window()
    qtbot.mouseClick(records.verify_button, Qt.MouseButton.LeftButton)  # reached from "Data orang"
    assert area.current_name() == "receipt_check" and area.nav_buttons["records"].isChecked()
    screen = area.screens["receipt_check"]
    assert isinstance(screen, ReceiptCheckScreen)
    screen.code_edit.setFocus()
    with qtbot.waitSignal(screen.checked, timeout=10_000) as answer:
        qtbot.keyClicks(screen.code_edit, code.lower())  # a scanner with Caps Lock on
        qtbot.keyClick(screen.code_edit, Qt.Key.Key_Return)
    assert answer.args[0].status == verify.GENUINE
    assert "ASLI" in screen.headline.text() and "SNA" in screen.details.text()
    assert result.receipt_number in screen.details.text() and screen.code_edit.text() == ""
    assert screen.open_button.isVisible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screen.window().grab().save(str(SCREENSHOTS / "receipt-check-genuine.png"))
    qtbot.mouseClick(screen.open_button, Qt.MouseButton.LeftButton)
    assert area.current_name() == "records"
    # A forged code: not genuine, and why; no way to a record.
    area.show_screen("receipt_check")
    forged = code.replace(".SNA.", ".SNB.")
    screen.code_edit.setText(forged)
    with qtbot.waitSignal(screen.checked, timeout=10_000) as answer:
        qtbot.mouseClick(screen.check_button, Qt.MouseButton.LeftButton)
    assert answer.args[0].reason == "signature" and "TIDAK ASLI" in screen.headline.text()
    assert not screen.open_button.isVisible()
    screen.window().grab().save(str(SCREENSHOTS / "receipt-check-forged.png"))
    # A receipt number alone proves nothing: said plainly, nothing checked.
    screen.code_edit.setText(result.receipt_number)
    qtbot.keyClick(screen.code_edit, Qt.Key.Key_Return)
    assert "bukan kode keaslian" in screen.details.text() and not screen.headline.isVisible()


def test_a_pdf_of_the_receipt_is_decoded_on_the_worker(qtbot, app: App, admin, tasks, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = app.records.submit(make_draft(serial=5, name="Budi"))
    path = tmp_path / "tanda terima.pdf"
    path.write_bytes(app.receipts.pdf(result.record_uuid))
    screen = show_staff_screen(qtbot, StaffContext(app, tasks, admin), "receipt_check", ReceiptCheckScreen)
    screen.use_native_dialogs = False
    qtbot.mouseClick(screen.file_button, Qt.MouseButton.LeftButton)
    screen.dialog.selectFile(str(path))
    with qtbot.waitSignal(screen.checked, timeout=20_000) as answer:
        screen.dialog.accept()
    assert answer.args[0].status == verify.GENUINE and answer.args[0].record_uuid == result.record_uuid
    empty = tmp_path / "bukan.png"
    empty.write_bytes(b"not an image")
    screen.check_file(empty)
    qtbot.waitUntil(lambda: screen.check_button.isEnabled(), timeout=10_000)
    assert "bukan foto atau PDF" in screen.details.text() and not screen.headline.isVisible()
