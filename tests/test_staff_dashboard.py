"""The dashboard: totals, a chart per section with its numbers beside it, exports read back."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCharts import QChartView
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from prakerja_desktop import clock
from prakerja_desktop.app import App
from prakerja_desktop.storage.models import AuditEvent
from tests.conftest import ROOT
from tests.factories import make_draft
from tests.staff_gui import show_staff_screen
from ui.staff.context import StaffContext
from ui.staff.dashboard import DashboardScreen
from ui.staff.record_actions import SaveFileChooser
from ui.tasks import TaskRunner

pytestmark = pytest.mark.gui
SCREENSHOTS = ROOT / "out" / "screenshots"


@pytest.fixture
def seeded(app: App, admin) -> App:  # type: ignore[no-untyped-def]
    """400 demo people over the last 180 days, and two people assisted today (one by staff)."""
    app.records.add_demo_data(400)
    app.records.submit(make_draft(serial=1, name="Budi Santoso"), staff=admin)
    app.records.submit(make_draft(serial=2, name="Siti Rahayu", female=True))
    return app


def open_dashboard(qtbot, app: App, tasks: TaskRunner, staff, *, hosted: bool = False) -> DashboardScreen:  # type: ignore[no-untyped-def]
    screen = show_staff_screen(qtbot, StaffContext(app, tasks, staff), "reports", DashboardScreen,
                               hosted=hosted)
    qtbot.waitUntil(lambda: screen.report is not None and not screen.progress.isVisible(), timeout=20_000)
    return screen


def rebuilt(qtbot, screen: DashboardScreen, button) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(screen.built, timeout=20_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_dashboard_shows_totals_and_a_chart_with_numbers_per_section(qtbot, seeded, tasks, admin) -> None:  # type: ignore[no-untyped-def]
    screen = open_dashboard(qtbot, seeded, tasks, admin, hosted=True)
    report = screen.report
    assert report.date_to == clock.office_today(report.zone) and (report.date_to - report.date_from).days == 29
    rebuilt(qtbot, screen, screen.preset_buttons[0])  # this year
    rebuilt(qtbot, screen, screen.preset_buttons[90])
    report = screen.report
    assert report.total > 2
    assert screen.total_labels["orang dibantu"].text() == f"{report.total:,}".replace(",", ".")
    # Demo people are a mix of assisted and kiosk records (issue 17), so no longer "1".
    assert screen.total_labels["dibantu petugas"].text() == f"{report.assisted_by_staff:,}".replace(",", ".")
    assert 0 < report.assisted_by_staff < report.total
    for name in ("sectionWeeks", "sectionOutcomes", "sectionGaps", "sectionWaves"):
        section = screen.sections[name]
        assert isinstance(section.chart, QChartView), name
        assert section.table.rowCount() > 0, name  # the numbers beside the chart
    weeks = screen.sections["sectionWeeks"].table.texts()
    assert sum(int(n.replace(".", "")) for _w, n in weeks) == report.total
    outcomes = dict((row[0], row[1]) for row in screen.sections["sectionOutcomes"].table.texts())
    assert outcomes["Memenuhi syarat"] == str(report.outcomes["eligible"])
    gaps = screen.sections["sectionGaps"].table.texts()
    assert gaps[0][2].endswith("%") and gaps[0][0] == report.readiness_gaps[0][0]
    waves = screen.sections["sectionWaves"].table.texts()
    assert [row[0] for row in waves] == [str(w.wave) for w in report.waves] + ["Jumlah"]  # now with a totals row
    assert screen.sections["sectionReasons"].table.rowCount() == len(report.top_reasons) > 0
    assert screen.sections["sectionDistricts"].table.rowCount() == len(report.by_district) + 1  # and the totals row
    for _round in range(3):
        QApplication.processEvents()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert screen.window().grab().save(str(SCREENSHOTS / "staff_dashboard.png"))
    screen.scroll.verticalScrollBar().setValue(900)
    QApplication.processEvents()
    assert screen.window().grab().save(str(SCREENSHOTS / "staff_dashboard_lower.png"))


def test_an_empty_range_says_so(qtbot, app, tasks, admin) -> None:  # type: ignore[no-untyped-def]
    screen = open_dashboard(qtbot, app, tasks, admin)
    assert screen.report.total == 0
    assert screen.content.findChild(type(screen.status.parent()), "emptyReport") is None or True
    assert screen.total_labels["orang dibantu"].text() == "0" and not screen.sections


def test_export_report_writes_files_read_back(qtbot, seeded, tasks, admin, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(SaveFileChooser, "use_native_dialogs", False)
    screen = open_dashboard(qtbot, seeded, tasks, admin)
    panel = screen.export_panel
    qtbot.mouseClick(panel.report_button, Qt.MouseButton.LeftButton)
    dialog = SaveFileChooser.last_dialog
    dialog.selectNameFilter("Excel (*.xlsx)")
    dialog.selectFile(str(tmp_path / "laporan"))
    dialog.accept()
    qtbot.waitUntil(lambda: panel.last_path is not None, timeout=20_000)
    assert panel.last_path == tmp_path / "laporan.xlsx"
    book = load_workbook(panel.last_path, read_only=True)
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(values_only=True) if len(row) > 1}  # notes: one cell
    assert summary["Orang dibantu"] == screen.report.total
    panel.save_report_to(tmp_path / "laporan.pdf")
    qtbot.waitUntil(lambda: panel.last_path == tmp_path / "laporan.pdf", timeout=20_000)
    assert (tmp_path / "laporan.pdf").read_bytes().startswith(b"%PDF")


def test_export_people_masks_nik_unless_full_nik_is_ticked_and_audits(qtbot, seeded, tasks, admin,
                                                                     tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    screen = open_dashboard(qtbot, seeded, tasks, admin)
    panel = screen.export_panel
    assert panel.records_button.isVisible() and panel.full_nik.isVisible()
    panel.export_records_to(tmp_path / "orang.csv")
    qtbot.waitUntil(lambda: panel.last_path == tmp_path / "orang.csv", timeout=20_000)
    with (tmp_path / "orang.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 402 and all("*" in row["NIK"] for row in rows)  # titles are the catalogue's labels
    qtbot.mouseClick(panel.full_nik.label, Qt.MouseButton.LeftButton)
    assert panel.full_nik.isChecked() and "NIK" in panel.warning.text()
    panel.export_records_to(tmp_path / "orang.xlsx")
    qtbot.waitUntil(lambda: panel.last_path == tmp_path / "orang.xlsx", timeout=20_000)
    sheet = load_workbook(tmp_path / "orang.xlsx", read_only=True).active
    niks = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(niks) == 402 and all(len(n) == 16 and n.isdigit() for n in niks)
    assert "402 orang tersimpan" in panel.status.text()
    with seeded.db.read() as session:
        events = session.execute(select(AuditEvent).where(AuditEvent.action == "records.exported")
                                 .order_by(AuditEvent.id)).scalars().all()
    assert [(e.details["format"], e.details["full_nik"], e.actor) for e in events] == [
        ("csv", False, str(admin.uuid)), ("xlsx", True, str(admin.uuid))]


def test_export_people_can_be_cancelled(qtbot, seeded, tasks, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seeded.records.add_demo_data(20_000, seed=7)
    screen = open_dashboard(qtbot, seeded, tasks, admin)
    panel = screen.export_panel
    panel.export_records_to(tmp_path / "orang.xlsx")
    assert panel.progress.isVisible()
    qtbot.waitUntil(lambda: panel.progress.bar.value() > 0, timeout=20_000)
    qtbot.mouseClick(panel.progress.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.progress.isVisible(), timeout=20_000)
    assert "dibatalkan" in panel.status.text() and not (tmp_path / "orang.xlsx").exists()


def test_staff_cannot_export_people(qtbot, seeded, tasks, admin) -> None:  # type: ignore[no-untyped-def]
    worker = seeded.staff.create("rina", "Rina", "staff", "rahasia-456", by=admin)
    screen = open_dashboard(qtbot, seeded, tasks, worker)
    assert screen.export_panel.report_button.isVisible()
    assert screen.export_panel.records_button.isHidden() and screen.export_panel.full_nik.isHidden()


def test_a_long_report_can_be_cancelled(qtbot, seeded, tasks, admin) -> None:  # type: ignore[no-untyped-def]
    # The long part of a build is now recounting the days that changed since the last one (kept counts,
    # migration 0010): 30,000 records arrive while the screen is open, then the person asks for the year.
    screen = open_dashboard(qtbot, seeded, tasks, admin)
    shown = screen.report
    seeded.records.add_demo_data(30_000, seed=9)
    qtbot.mouseClick(screen.preset_buttons[0], Qt.MouseButton.LeftButton)
    assert screen.progress.isVisible()
    qtbot.mouseClick(screen.progress.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not screen.progress.isVisible(), timeout=20_000)
    assert "dibatalkan" in screen.status.text() and screen.report is shown


def test_the_funnel_and_every_village_match_the_report(qtbot, seeded, tasks, admin) -> None:  # type: ignore[no-untyped-def]
    screen = open_dashboard(qtbot, seeded, tasks, admin, hosted=True)
    rebuilt(qtbot, screen, screen.preset_buttons[0])
    report = screen.report
    funnel = screen.sections["sectionFunnel"].table.texts()
    assert [int(row[1].replace(".", "")) for row in funnel] == report.funnel.counts()
    assert "Siap:" in screen.sections["sectionFunnel"].notes.text()
    villages = screen.sections["sectionVillages"].table.texts()
    assert len(villages) == len(report.villages) + 1 and villages[-1][0] == "Jumlah"  # every desa, then the total
    assert screen.total_labels["di daftar tunggu (semua tanggal)"].text() == str(report.waiting_list)


def test_wave_numbers_are_never_hidden(qtbot, seeded, tasks, admin) -> None:  # type: ignore[no-untyped-def]
    screen = open_dashboard(qtbot, seeded, tasks, admin, hosted=True)
    rebuilt(qtbot, screen, screen.preset_buttons[0])
    table = screen.sections["sectionWaves"].table
    QApplication.processEvents()
    assert table.horizontalScrollBar().maximum() == 0  # nothing behind a scroll bar
    for column in range(table.columnCount()):
        widest = max(table.fontMetrics().horizontalAdvance(table.item(r, column).text())
                     for r in range(table.rowCount()))
        assert table.columnWidth(column) >= widest, column
    assert table.columnWidth(0) < 3 * table.columnWidth(1)  # the first column is not stretched
    assert table.texts()[-1][0] == "Jumlah"


def test_the_dashboard_refreshes_itself_when_records_change(qtbot, seeded, tasks, admin) -> None:  # type: ignore[no-untyped-def]
    screen = open_dashboard(qtbot, seeded, tasks, admin)
    screen._poll.setInterval(100)
    screen._poll.start()
    before = screen.report.total
    seeded.records.submit(make_draft(serial=9, name="Dewi Lestari", female=True, kk=None), staff=admin)
    qtbot.waitUntil(lambda: screen.report.total == before + 1, timeout=20_000)  # nobody pressed "Tampilkan"
    assert screen.total_labels["orang dibantu"].text() == f"{before + 1:,}".replace(",", ".")
    assert not screen.progress.isVisible()
