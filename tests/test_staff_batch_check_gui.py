"""The batch pre-check screen: choose a list and a folder, check on the worker, see the summary."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from prakerja_desktop.app import App
from tests.conftest import ROOT
from tests.factories import make_draft, make_nik
from ui.staff.batch_check import BatchCheckScreen, output_paths
from ui.staff.context import StaffContext
from ui.tasks import TaskRunner

pytestmark = pytest.mark.gui
SCREENSHOTS = ROOT / "out" / "screenshots"


def village_list(folder: Path, extra_rows: int = 0) -> Path:
    """Two good rows, one with a short NIK, one already recorded here (Budi), and filler rows."""
    rows = ["nama;nik;kk;no hp;email;tanggal lahir",
            f"Budi Santoso;{make_nik(date(2000, 5, 17))};3508201203150007;081234567890;budi@gmail.com;17-05-2000",
            f"Siti Rahayu;{make_nik(date(1999, 3, 2), female=True, serial=9)};3508201203150008;081234567891;;02-03-1999",
            "Andi;12345;;0812;andi@gmial.com;01-01-2001"]
    rows += [f"Orang {n};{make_nik(date(1990, 1, 1 + n % 28), serial=100 + n)};;081234{n:06d};;{1 + n % 28:02d}-01-1990"
             for n in range(extra_rows)]
    path = folder / "desa-sukamaju.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def open_screen(qtbot, app: App, tasks: TaskRunner, staff) -> BatchCheckScreen:  # type: ignore[no-untyped-def]
    screen = BatchCheckScreen(StaffContext(app, tasks, staff))
    qtbot.addWidget(screen)
    screen.resize(1024, 768)
    screen.show()
    return screen


def test_a_list_with_good_and_bad_rows_is_checked(qtbot, app, tasks, admin, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    app.records.submit(make_draft())  # Budi is recorded here already
    monkeypatch.setattr(BatchCheckScreen, "use_native_dialogs", False)
    source = village_list(tmp_path)
    out = tmp_path / "hasil"
    out.mkdir()
    screen = open_screen(qtbot, app, tasks, admin)
    assert not screen.check_button.isEnabled()
    qtbot.mouseClick(screen.file_button, Qt.MouseButton.LeftButton)
    screen.dialog.selectFile(str(source))
    screen.dialog.accept()
    assert screen.source == source and screen.check_button.isEnabled()
    qtbot.mouseClick(screen.folder_button, Qt.MouseButton.LeftButton)
    screen.dialog.selectFile(str(out))
    screen.dialog.accept()
    assert screen.folder == out
    with qtbot.waitSignal(screen.finished, timeout=30_000) as blocker:
        qtbot.mouseClick(screen.check_button, Qt.MouseButton.LeftButton)
    summary = blocker.args[0]
    assert summary.rows == 3 and not summary.cancelled
    text = screen.result_label.text()
    assert "3 baris diperiksa" in text and str(out / "desa-sukamaju-hasil-cek.xlsx") in text
    assert str(out / "desa-sukamaju-hasil-cek.pdf") in text and screen.open_button.isVisible()
    assert "Selesai" in screen.message.text()
    sheet = load_workbook(out / "desa-sukamaju-hasil-cek.xlsx", read_only=True).active
    assert sum(1 for _row in sheet.iter_rows(values_only=True)) >= 4
    assert (out / "desa-sukamaju-hasil-cek.pdf").read_bytes().startswith(b"%PDF")
    for _round in range(3):
        QApplication.processEvents()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert screen.grab().save(str(SCREENSHOTS / "staff_batch_check.png"))
    # A second run does not overwrite the first results.
    assert output_paths(source, out, True)[0].name == "desa-sukamaju-hasil-cek (2).xlsx"


def test_an_unusable_file_gets_a_plain_message(qtbot, app, tasks, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "kosong.csv"
    empty.write_text("", encoding="utf-8")
    screen = open_screen(qtbot, app, tasks, admin)
    screen.set_source(empty)
    qtbot.mouseClick(screen.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.message.isVisible() and not screen.progress.isVisible(), timeout=30_000)
    assert "kosong" in screen.message.text().lower() and screen.check_button.isEnabled()


def test_a_long_check_can_be_cancelled(qtbot, app, tasks, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = village_list(tmp_path, extra_rows=40_000)
    screen = open_screen(qtbot, app, tasks, admin)
    screen.set_source(source)
    qtbot.mouseClick(screen.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.progress.bar.value() > 0, timeout=30_000)
    with qtbot.waitSignal(screen.finished, timeout=60_000) as blocker:
        qtbot.mouseClick(screen.progress.cancel_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].cancelled and blocker.args[0].rows < 40_003
    assert "dibatalkan" in screen.message.text()
