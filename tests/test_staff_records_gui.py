"""The records screen and the record view, driven like a person over a real SQLite file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from prakerja_desktop.app import App
from prakerja_desktop.storage.models import AuditEvent
from tests.conftest import ROOT
from tests.factories import make_draft
from tests.staff_gui import show_staff_screen
from tests.test_receipts import scan_qr
from ui.models.records_model import LOADING
from ui.staff.context import StaffContext
from ui.staff.record_actions import SaveFileChooser
from ui.staff.record_view import shown_rect
from ui.staff.records import RecordsScreen
from ui.tasks import TaskRunner

pytestmark = pytest.mark.gui
TODAY = date(2026, 11, 28)
SCREENSHOTS = ROOT / "out" / "screenshots"


@pytest.fixture
def people(app: App) -> list:
    """30 demo people, then three real-looking ones (newest, so at the top); Budi and Siti share a KK."""
    app.records.add_demo_data(30)
    return [app.records.submit(make_draft(serial=1, name="Budi Santoso", kk="3508201203150007"), today=TODAY),
            app.records.submit(make_draft(serial=2, name="Siti Rahayu", female=True, kk="3508201203150007"),
                            today=TODAY),
            app.records.submit(make_draft(serial=3, name="Andi Budiono", birth=date(2010, 1, 1), kk=None),
                            today=TODAY)]


def open_screen(qtbot, app: App, tasks: TaskRunner, staff, *, hosted: bool = False) -> RecordsScreen:  # type: ignore[no-untyped-def]
    """The screen alone, or (hosted) inside the staff area as people see it, at 1024×768."""
    screen = show_staff_screen(qtbot, StaffContext(app, tasks, staff), "records", RecordsScreen,
                               hosted=hosted)
    qtbot.waitUntil(lambda: screen.model.count_known, timeout=10_000)
    return screen


def cell(screen: RecordsScreen, row: int, column: int) -> str:
    return screen.model.data(screen.model.index(row, column))


def search(qtbot, screen: RecordsScreen, text: str) -> None:  # type: ignore[no-untyped-def]
    screen.search_edit.clear()
    qtbot.keyClicks(screen.search_edit, text)
    qtbot.keyClick(screen.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.model.count_known, timeout=10_000)


def click_row(qtbot, screen: RecordsScreen, row: int):  # type: ignore[no-untyped-def]
    """Open a row as people do: a double click (double tap); a single click only selects (issue 17)."""
    rect = screen.table.visualRect(screen.model.index(row, 1))
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert screen.record_view is None and screen.open_button.isEnabled()
    qtbot.mouseDClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    view = screen.record_view
    assert view is not None
    qtbot.waitUntil(lambda: view.detail is not None, timeout=10_000)
    return view


def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    for _round in range(3):  # let pending layout requests run before the picture
        QApplication.processEvents()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SCREENSHOTS / f"staff_{name}.png"))


def test_table_shows_the_count_and_the_rows(qtbot, app, tasks, admin, people) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(qtbot, app, tasks, admin, hosted=True)
    assert screen.count_label.text() == "33 orang"
    assert [cell(screen, 0, c) for c in range(1, 6)] == [
        "Andi Budiono", "Ranuyoso / Kec. Ranuyoso", "Tidak memenuhi syarat", "1", "Mandiri"]
    assert cell(screen, 2, 1) == "Budi Santoso" and cell(screen, 2, 3) == "Memenuhi syarat"
    # Demo people are a mix of kiosk ("Mandiri") and assisted records (issue 17).
    assert "(DEMO)" in cell(screen, 3, 1) and (cell(screen, 3, 5) == "Mandiri" or "(DEMO)" in cell(screen, 3, 5))
    assert screen.model.headerData(3, Qt.Orientation.Horizontal) == "Hasil cek /\ngelombang"
    shot(screen.window(), "records")


def test_typing_a_name_then_enter_filters(qtbot, app, tasks, admin, people) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(qtbot, app, tasks, admin)
    search(qtbot, screen, "siti rah")
    assert screen.count_label.text() == "1 orang"
    assert cell(screen, 0, 1) == "Siti Rahayu"
    search(qtbot, screen, "tidak ada orang begini")
    assert screen.model.rowCount() == 0 and "tidak ada yang cocok" in screen.count_label.text()


def test_nik_receipt_and_qr_each_find_one(qtbot, app, tasks, admin, people) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(qtbot, app, tasks, admin)
    budi = app.records.get(people[0].record_uuid)
    search(qtbot, screen, budi.nik)
    assert screen.count_label.text() == "1 orang" and cell(screen, 0, 1) == "Budi Santoso"
    search(qtbot, screen, people[2].receipt_number)
    assert cell(screen, 0, 1) == "Andi Budiono" and screen.model.rowCount() == 1
    # Issue 15: a scanned QR opens its record only once it verifies; a forged one finds nobody.
    genuine = scan_qr(app.receipts.pdf(people[1].record_uuid))[0]
    search(qtbot, screen, genuine)
    assert cell(screen, 0, 1) == "Siti Rahayu" and screen.model.rowCount() == 1
    search(qtbot, screen, f"PKJ1.{people[1].receipt_number}.20261128.xxxx")
    assert screen.model.rowCount() == 0


def test_filters_narrow_the_list(qtbot, app, tasks, admin, people) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(qtbot, app, tasks, admin)
    screen.outcome_box.setCurrentIndex(screen.outcome_box.findData("not_eligible"))
    qtbot.waitUntil(lambda: screen.model.count_known and screen.model.filter.outcome == "not_eligible",
                    timeout=10_000)
    assert all(cell(screen, r, 3).split("\n")[0] == "Tidak memenuhi syarat" for r in range(screen.model.rowCount()))
    qtbot.waitUntil(lambda: screen.district_box.count() > 1, timeout=10_000)
    screen.district_box.setCurrentIndex(screen.district_box.findData("350820"))
    qtbot.waitUntil(lambda: screen.model.count_known and screen.model.filter.district_code == "350820",
                    timeout=10_000)
    assert screen.count_label.text() == "1 orang"
    assert screen.filter_button.text() == "Filter (2)"  # folded filters still say they narrow the list
    qtbot.mouseClick(screen.filter_button, Qt.MouseButton.LeftButton)  # the filters fold out
    assert screen.filters.isVisible()
    qtbot.mouseClick(screen.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.count_known, timeout=10_000)
    assert screen.count_label.text() == "33 orang"


def test_a_double_click_opens_the_record_with_the_nik_masked(qtbot, app, tasks, admin, people) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(qtbot, app, tasks, admin, hosted=True)
    view = click_row(qtbot, screen, 2)
    assert screen.stack.currentWidget() is view and view.title.text() == "Budi Santoso"
    nik = app.records.get(people[0].record_uuid).nik
    shown = view.sections.values["nik"].text()
    assert shown == nik[:6] + "******" + nik[-4:]
    assert view.sections.values["phone_e164"].text() == "0812-3456-7890"
    assert view.sections.values["entered_by_name"].text() == "Pemohon sendiri (tanpa petugas)"
    shot(screen.window(), "record_view")
    qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    assert screen.stack.currentWidget() is screen.list_page


def test_enter_on_a_row_opens_it(qtbot, app, tasks, admin, people) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(qtbot, app, tasks, admin)
    screen.table.setFocus()
    screen.table.setCurrentIndex(screen.model.index(1, 1))
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert screen.record_view is not None
    qtbot.waitUntil(lambda: screen.record_view.detail is not None, timeout=10_000)
    assert screen.record_view.title.text() == "Siti Rahayu"


def test_lihat_nik_lengkap_reveals_it_and_is_audited(qtbot, app, tasks, admin, people) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(qtbot, app, tasks, admin)
    view = click_row(qtbot, screen, 2)
    qtbot.mouseClick(view.sections.reveal_button, Qt.MouseButton.LeftButton)
    nik = app.records.get(people[0].record_uuid).nik
    grouped = " ".join(nik[i:i + 4] for i in range(0, 16, 4))
    qtbot.waitUntil(lambda: view.sections.values["nik"].text() == grouped, timeout=10_000)
    assert view.sections.values["kk_number"].text() == "3508 2012 0315 0007"
    with app.db.read() as session:
        events = session.execute(select(AuditEvent).where(AuditEvent.action == "nik.viewed")).scalars().all()
    assert [(e.subject, e.actor) for e in events] == [(str(people[0].record_uuid), str(admin.uuid))]
    assert nik not in json.dumps([e.details for e in events])


def test_edit_with_a_reason_changes_the_record_and_shows_in_history(qtbot, app, tasks, admin, people) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(qtbot, app, tasks, admin, hosted=True)
    view = click_row(qtbot, screen, 2)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    form = view.edit_form
    name = form.edits["full_name"]
    name.clear()
    qtbot.keyClicks(name, "Budi Santosa")
    form.edits["phone_e164"].clear()
    qtbot.keyClicks(form.edits["phone_e164"], "0813 1111 2222")
    qtbot.keyClicks(form.reason_edit, "salah ketik, sesuai KTP")
    shot(screen.window(), "record_edit")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.edit_form is None and view.title.text() == "Budi Santosa", timeout=10_000)
    record = app.records.get(people[0].record_uuid)
    assert record.full_name == "Budi Santosa" and record.phone_e164 == "+6281311112222"
    history = view.history_texts()
    assert any("Pak Admin mengubah Nama lengkap dari \"Budi Santoso\" menjadi \"Budi Santosa\". "
               "Alasan: salah ketik, sesuai KTP" in line for line in history)
    assert any("Nomor HP" in line for line in history)
    qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.model.count_known and cell(screen, 2, 1) == "Budi Santosa", timeout=10_000)


def test_edit_without_a_reason_or_with_a_bad_nik_shows_the_message_beside_it(qtbot, app, tasks, admin, people) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(qtbot, app, tasks, admin)
    view = click_row(qtbot, screen, 2)
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    form = view.edit_form
    qtbot.keyClicks(form.edits["full_name"], " Jr")
    qtbot.keyClicks(form.edits["nik"], "1234")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.errors["reason"].isVisible(), timeout=10_000)
    assert "Tulis alasan perubahan" in form.errors["reason"].text()
    assert form.errors["nik"].isVisible() and "16" in form.errors["nik"].text()
    shot(view, "record_edit_errors")
    assert not form.errors["full_name"].isVisible()
    siti_nik = app.records.get(people[1].record_uuid).nik
    form.edits["nik"].clear()
    qtbot.keyClicks(form.edits["nik"], siti_nik)
    qtbot.keyClicks(form.reason_edit, "coba ganti")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "sudah tercatat" in form.errors["nik"].text(), timeout=10_000)
    assert not form.errors["reason"].isVisible()
    assert app.records.get(people[0].record_uuid).full_name == "Budi Santoso"


def test_outcome_for_wave_70_is_stored(qtbot, app, tasks, admin, people) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(qtbot, app, tasks, admin)
    view = click_row(qtbot, screen, 2)
    panel = view.outcomes
    panel.wave_box.setValue(70)
    qtbot.mouseClick(panel.accepted.button("yes"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.finished.button("no"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.findChild(type(panel.save_button), "outcome_70") is not None, timeout=10_000)
    stored = stored_outcomes(app, people[0].record_uuid)
    assert stored == [(70, True, True, False, None)]
    assert "Gelombang 70: ikut, diterima" in view.findChild(type(panel.save_button), "outcome_70").text()


def stored_outcomes(app: App, record_uuid) -> list:  # type: ignore[no-untyped-def]
    from prakerja_desktop.staff.records import StaffRecords

    return [(o.wave, o.joined, o.accepted, o.training_finished, o.incentive_received)
            for o in StaffRecords(app).outcomes(record_uuid)]


def test_erase_as_admin_removes_the_record(qtbot, app, tasks, admin, people) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(qtbot, app, tasks, admin)
    view = click_row(qtbot, screen, 0)
    assert view.erase_button.isVisible()
    qtbot.mouseClick(view.erase_button, Qt.MouseButton.LeftButton)
    dialog = view.erase_dialog
    assert "Andi Budiono" in dialog.text_label.text() and not dialog.erase_button.isEnabled()
    qtbot.keyClicks(dialog.confirm_edit, "HAPUS")
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.record_view is None, timeout=10_000)
    qtbot.waitUntil(lambda: screen.model.count_known and screen.count_label.text() == "32 orang", timeout=10_000)
    assert app.records.get(people[2].record_uuid) is None


def test_staff_cannot_see_the_erase_button(qtbot, app, tasks, admin, people) -> None:  # type: ignore[no-untyped-def]
    worker = app.staff.create("rina", "Rina", "staff", "rahasia-456", by=admin)
    screen = open_screen(qtbot, app, tasks, worker)
    view = click_row(qtbot, screen, 0)
    assert view.erase_button.isHidden() and view.edit_button.isVisible()


def test_a_shared_kk_warns_and_lists_the_family(qtbot, app, tasks, admin, people) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(qtbot, app, tasks, admin)
    view = click_row(qtbot, screen, 2)
    assert view.kk_banner.isVisible() and "1 orang lain" in view.kk_label.text()
    qtbot.mouseClick(view.kk_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(view, "family_dialog", None) is not None, timeout=10_000)
    names = sorted(b.text().split(":")[0] for b in view.family_dialog.buttons)
    assert names == ["Budi Santoso", "Siti Rahayu"]
    siti = next(b for b in view.family_dialog.buttons if b.text().startswith("Siti"))
    qtbot.mouseClick(siti, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.record_view is not None and screen.record_view.detail is not None
                    and screen.record_view.title.text() == "Siti Rahayu", timeout=10_000)


def test_copy_of_one_person_is_saved_where_staff_choose(qtbot, app, tasks, admin, people, tmp_path: Path,
                                                        monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(SaveFileChooser, "use_native_dialogs", False)
    screen = open_screen(qtbot, app, tasks, admin)
    view = click_row(qtbot, screen, 2)
    qtbot.mouseClick(view.copy_button, Qt.MouseButton.LeftButton)
    dialog = SaveFileChooser.last_dialog
    dialog.selectNameFilter("JSON (*.json)")
    dialog.selectFile(str(tmp_path / "budi"))
    dialog.accept()
    target = tmp_path / "budi.json"
    qtbot.waitUntil(target.exists, timeout=10_000)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["full_name"] == "Budi Santoso" and data["receipt_number"] == people[0].receipt_number
    qtbot.waitUntil(lambda: "Salinan tersimpan" in view.status.text(), timeout=10_000)
    view.save_copy_to(tmp_path / "budi.pdf")
    qtbot.waitUntil(lambda: (tmp_path / "budi.pdf").exists(), timeout=20_000)
    assert (tmp_path / "budi.pdf").read_bytes().startswith(b"%PDF")


def test_reprint_opens_the_receipt_preview(qtbot, app, tasks, admin, people) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(qtbot, app, tasks, admin)
    view = click_row(qtbot, screen, 2)
    qtbot.mouseClick(view.reprint_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.preview is not None and view.preview.isVisible(), timeout=20_000)
    assert view.preview.document.pdf.startswith(b"%PDF")
    view.preview.close()
    with app.db.read() as session:
        actions = session.execute(select(AuditEvent.action)).scalars().all()
    assert "receipt.reprinted" in actions


def test_the_lazy_model_loads_only_the_pages_it_needs(qtbot, app, tasks, admin) -> None:  # type: ignore[no-untyped-def]
    app.records.add_demo_data(50_000)
    screen = open_screen(qtbot, app, tasks, admin)
    model = screen.model
    assert screen.count_label.text() == "50.000 orang"
    assert model.page_queries == 1  # the count came with the first page
    screen.table.scrollToBottom()
    last = model.rowCount() - 1
    assert cell(screen, last, 1) in (LOADING, model.row_at(last) and model.row_at(last).full_name)
    qtbot.waitUntil(lambda: model.row_at(last) is not None and cell(screen, last, 1) != LOADING, timeout=10_000)
    assert model.page_queries <= 4
    # Dragging through the whole list: pages seen on the way are not all fetched, memory stays bounded.
    bar = screen.table.verticalScrollBar()
    for step in range(0, 101):
        bar.setValue(bar.maximum() * step // 100)
        QApplication.processEvents()
    qtbot.waitUntil(lambda: not model._in_flight and not model._wanted, timeout=10_000)
    # 101 jumps over 250 pages: fewer reads than jumps, far fewer than the pages passed. (Was < 60 with the
    # shorter table; the taller table of issue 17 shows ~60% more rows, so more jumps straddle two pages:
    # 75 was measured, so a bound tied to the jumps, not to one table height, says what is promised.)
    assert model.page_queries < 101
    assert len(model.cached_pages) <= model.max_pages
    top = screen.table.rowAt(screen.table.viewport().rect().center().y())
    qtbot.waitUntil(lambda: cell(screen, top, 1) != LOADING, timeout=10_000)
    assert screen.table.indexAt(QPoint(5, 5)).row() >= 0


def test_coming_back_to_the_screen_shows_people_added_meanwhile(qtbot, app, tasks, admin, people) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(qtbot, app, tasks, admin, hosted=True)
    area = screen.window()
    area.show_screen("reports")
    app.records.submit(make_draft(serial=4, name="Dewi Lestari", female=True, kk=None), today=TODAY)
    area.show_screen("records")
    qtbot.waitUntil(lambda: screen.model.count_known and screen.count_label.text() == "34 orang", timeout=20_000)
    qtbot.waitUntil(lambda: cell(screen, 0, 1) == "Dewi Lestari", timeout=10_000)


def test_wave_words() -> None:
    from ui.models.records_model import wave_words

    assert wave_words(None, None) == "-"
    assert wave_words(64, True) == "Gel. 64: diterima"
    assert wave_words(64, False) == "Gel. 64: tidak diterima"
    assert wave_words(65, None) == "Gel. 65: menunggu"


def test_newest_first_sortable_by_date_name_and_result_and_buka_opens(qtbot, app, tasks, admin, people) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(qtbot, app, tasks, admin)
    dates = [screen.model.row_at(r).submitted_at for r in range(screen.model.rowCount())]
    assert dates == sorted(dates, reverse=True)  # newest first, whatever order they were stored in
    header = screen.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(1) + 10, header.height() // 2))
    qtbot.waitUntil(lambda: screen.model.count_known and screen.model.filter.sort == "name", timeout=10_000)
    names = [screen.model.row_at(r).full_name.casefold() for r in range(screen.model.rowCount())]
    assert names in (sorted(names), sorted(names, reverse=True))
    screen.model.sort(3, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: screen.model.count_known and screen.model.filter.sort == "status", timeout=10_000)
    outcomes = [screen.model.row_at(r).eligibility_outcome for r in range(screen.model.rowCount())]
    assert outcomes == sorted(outcomes)
    screen.model.sort(0, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: screen.model.count_known and screen.model.filter.sort == "date", timeout=10_000)
    assert screen.model.row_at(0).full_name == "Andi Budiono"
    # A single click selects; "Buka" opens.
    rect = screen.table.visualRect(screen.model.index(1, 1))
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert screen.record_view is None
    qtbot.mouseClick(screen.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.record_view is not None and screen.record_view.detail is not None,
                    timeout=10_000)
    assert screen.record_view.title.text() == "Siti Rahayu"


def test_twelve_rows_fit_a_1366_by_768_screen(qtbot, app, tasks, admin, people) -> None:  # type: ignore[no-untyped-def]
    from ui.staff.window import StaffArea

    area = StaffArea(StaffContext(app, tasks, admin))
    qtbot.addWidget(area)
    area.resize(1366, 768)
    area.show()
    screen = area.show_screen("records")
    qtbot.waitUntil(lambda: screen.model.count_known, timeout=10_000)
    for _round in range(5):
        QApplication.processEvents()
    table = screen.table
    assert table.viewport().height() >= 12 * table.rowHeight(0), (table.viewport().height(), table.rowHeight(0))
    shot(area, "records_1366")


def test_a_saved_outcome_is_confirmed_where_the_person_is_looking(qtbot, app, tasks, admin, people) -> None:  # type: ignore[no-untyped-def]
    screen = open_screen(qtbot, app, tasks, admin, hosted=True)
    view = click_row(qtbot, screen, 2)
    panel = view.outcomes
    for _round in range(5):
        QApplication.processEvents()
    bar = view.scroll.verticalScrollBar()
    bar.setValue(panel.save_button.mapTo(view.scroll.widget(), QPoint(0, 0)).y() - 200)  # looking at the form
    QApplication.processEvents()
    before = view.scroll.verticalScrollBar().value()
    assert before > 0
    panel.wave_box.setValue(70)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "tersimpan" in panel.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: view._keep_at_outcome is None, timeout=10_000)
    QApplication.processEvents()
    assert view.scroll.verticalScrollBar().value() > 0  # not back at the top
    seen = shown_rect(panel.message)  # what is really on screen, window and all
    assert seen.height() == panel.message.height() > 0 and seen.width() > 0
    shot(view.window(), "outcome_saved")
