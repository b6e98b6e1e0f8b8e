"""The staff screen for laptops and the office, driven like a person: pairing, bundles, the review queue."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from prakerja_desktop.sync.room import Sync
from tests.conftest import ROOT
from tests.staff_gui import show_staff_screen
from tests.sync_support import add_person, open_device, pair, people
from ui.staff.context import StaffContext
from ui.staff.sync_files import FileAsker
from ui.staff.sync_screen import SyncScreen

pytestmark = pytest.mark.gui
SCREENSHOTS = ROOT / "out" / "screenshots"


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    for _round in range(3):
        QApplication.processEvents()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SCREENSHOTS / f"{name}.png"))


@pytest.fixture
def two_laptops(app, tmp_path: Path, fresh_db_url):  # type: ignore[no-untyped-def]
    """This database is the office; two paired laptops recorded Budi (same NIK), one also Ani."""
    laptops = [open_device(tmp_path, "laptop1", fresh_db_url), open_device(tmp_path, "laptop2", fresh_db_url)]
    for laptop in laptops:
        pair(app, laptop, tmp_path / "pairing")
    add_person(laptops[0], 1, "Ani Lestari")
    add_person(laptops[0], 2, "Budi Santoso")
    add_person(laptops[1], 2, "Budi Santosa")
    yield laptops
    for laptop in laptops:
        laptop.close()


def test_review_queue_side_by_side_and_staff_decide(qtbot, app, tasks, admin, two_laptops,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path) -> None:
    for i, laptop in enumerate(two_laptops):
        Sync(app).import_file(Sync(laptop).export_bundle(tmp_path / f"b{i}.pkjb").path)
    add_person(two_laptops[1], 3, "Cici")  # a second case: Cici recorded here and on laptop 2 under one NIK
    add_person(app, 3, "Cici Rahma")
    Sync(app).import_file(Sync(two_laptops[1]).export_bundle(tmp_path / "b3.pkjb").path)

    screen = show_staff_screen(qtbot, StaffContext(app, tasks, admin), "sync", SyncScreen, hosted=True)
    screen.tabs.setCurrentWidget(screen.review)
    panel = screen.review
    qtbot.waitUntil(lambda: panel.case_list.count() == 2, timeout=10_000)
    assert "Tinjauan NIK ganda (2)" in screen.tabs.tabText(screen.tabs.indexOf(panel))
    rows = {panel.table.item(r, 0).data(Qt.ItemDataRole.UserRole): r for r in range(panel.table.rowCount())}
    name_row = rows["full_name"]
    assert {panel.table.item(name_row, 1).text(), panel.table.item(name_row, 2).text()} == {
        "Budi Santoso", "Budi Santosa"}
    assert panel.table.item(rows["nik"], 1).text() == panel.table.item(rows["nik"], 2).text()
    assert "•" in panel.table.item(rows["nik"], 1).text() or "*" in panel.table.item(rows["nik"], 1).text()
    assert panel.table.item(name_row, 1).background().color().name() == "#fff1c2"
    assert panel.table.item(rows["email"], 1).background().color().name() != "#fff1c2"
    # Labels and values from the field catalogue, never raw codes; times in the office's zone.
    labels = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]
    assert "Jenis kelamin" in labels and "sex" not in labels and "eligibility_outcome" not in labels
    assert panel.table.item(rows["sex"], 1).text() == "Laki-laki"
    assert panel.table.item(rows["eligibility_outcome"], 1).text() in ("Memenuhi syarat", "Tidak memenuhi syarat",
                                                                       "Perlu diperiksa")
    assert panel.table.item(rows["submitted_at"], 1).text().endswith(" WIB")
    assert panel.table.item(rows["education"], 1).text() == "SMA / SMK / sederajat"
    assert not panel.empty_label.isVisible()
    _shot(screen.window(), "staff_sync_review")

    # Merging with nothing ticked says what to do and changes nothing.
    qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
    assert "Centang" in panel.message.text()
    incoming_name = panel.table.item(name_row, 2).text()
    cell = panel.table.item(name_row, 2)
    rect = panel.table.visualItemRect(cell)
    # Tick the laptop's name the way a person does: click the check box at the cell's left edge.
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.topLeft() + type(rect.topLeft())(12, rect.height() // 2))
    assert panel.chosen_fields() == ["full_name"]
    existing_uuid = panel.case.existing_uuid
    with qtbot.waitSignal(panel.decided, timeout=10_000):
        qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.case_list.count() == 1, timeout=10_000)
    assert app.records.get(existing_uuid).full_name == incoming_name

    # Cici: two different people; a wrong NIK is refused with a message, the right one is kept.
    qtbot.mouseClick(panel.both_button, Qt.MouseButton.LeftButton)
    assert panel.nik_edit.isVisible()
    prompt = panel.message.text()
    assert "NIK yang benar" in prompt
    qtbot.keyClicks(panel.nik_edit, "12345")
    qtbot.mouseClick(panel.both_confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.message.text() != prompt and panel.both_confirm.isEnabled(), timeout=10_000)
    assert "NIK" in panel.message.text() and panel.case_list.count() == 1 and panel.nik_edit.isVisible()
    from datetime import date

    from tests.factories import make_nik

    panel.nik_edit.clear()
    qtbot.keyClicks(panel.nik_edit, make_nik(date(2000, 5, 17), serial=33))
    with qtbot.waitSignal(panel.decided, timeout=10_000):
        qtbot.mouseClick(panel.both_confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.case_list.count() == 0, timeout=10_000)
    assert "Tidak ada NIK ganda" in panel.count_label.text()
    assert sorted(nik[-4:] for nik in people(app).values()) == ["0001", "0002", "0003", "0033"]
    # The empty queue says so in words: no empty table with numbered headers, no buttons without a case.
    assert panel.empty_label.isVisible() and "Tidak ada NIK ganda" in panel.empty_label.text()
    assert not panel.table.isVisible() and not panel.keep_existing.isVisible()
    _shot(screen.window(), "staff_sync_review_empty")


def test_a_check_box_toggles_anywhere_on_its_touch_target(qtbot) -> None:  # type: ignore[no-untyped-def]
    # The style gives check boxes a 48 px minimum (touch); a touch beside the small tick square counted
    # for nothing, so the purge setting above never changed when tapped.
    from PySide6.QtCore import QPoint

    from ui.style import load_stylesheet
    from ui.widgets.choice import CheckRow

    row = CheckRow("Hapus data pribadi")
    qtbot.addWidget(row)
    row.setStyleSheet(load_stylesheet())
    row.show()
    qtbot.waitExposed(row)
    box = row.box
    assert box.width() >= 48
    for x in (box.width() // 2, box.width() - 3):
        before = row.isChecked()
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(x, box.height() // 2))
        assert row.isChecked() is not before


def test_export_on_a_laptop_import_at_the_office_and_ack_back(qtbot, app, tasks, admin, two_laptops,  # type: ignore[no-untyped-def]
                                                              tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(FileAsker, "use_native_dialogs", False)
    laptop = two_laptops[0]
    laptop_staff = laptop.staff.create("lapangan", "Bu Lapangan", "admin", "rahasia-123")
    laptop_screen = show_staff_screen(qtbot, StaffContext(laptop, tasks, laptop_staff), "sync", SyncScreen)
    transfer = laptop_screen.transfer
    qtbot.waitUntil(transfer.purge_row.isEnabled, timeout=10_000)
    qtbot.mouseClick(transfer.purge_row.box, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: Sync(laptop).purge_after_ack(), timeout=10_000)
    usb = tmp_path / "usb"
    usb.mkdir()
    qtbot.mouseClick(transfer.export_button, Qt.MouseButton.LeftButton)
    transfer.files.dialog.selectFile(str(usb / "dari-laptop.pkjb"))
    with qtbot.waitSignal(transfer.exported, timeout=20_000):
        transfer.files.dialog.accept()
    assert "2 data" in transfer.message.text() and (usb / "dari-laptop.pkjb").exists()
    _shot(laptop_screen, "staff_sync_transfer")

    office_screen = show_staff_screen(qtbot, StaffContext(app, tasks, admin), "sync", SyncScreen)
    office = office_screen.transfer
    qtbot.mouseClick(office.import_button, Qt.MouseButton.LeftButton)
    office.files.dialog.selectFile(str(usb / "dari-laptop.pkjb"))
    with qtbot.waitSignal(office.imported, timeout=20_000):
        office.files.dialog.accept()
    assert "2 data baru" in office.message.text()
    assert (usb / "dari-laptop.pkja").exists() and len(people(app)) == 2

    # A damaged bundle: a plain message, nothing changes.
    damaged = usb / "rusak.pkjb"
    damaged.write_bytes((usb / "dari-laptop.pkjb").read_bytes()[:-100])
    office.start_import(damaged)
    qtbot.waitUntil(lambda: "tidak lengkap" in office.message.text(), timeout=20_000)
    assert office.import_button.isEnabled() and len(people(app)) == 2

    qtbot.mouseClick(transfer.import_button, Qt.MouseButton.LeftButton)
    transfer.files.dialog.selectFile(str(usb / "dari-laptop.pkja"))
    with qtbot.waitSignal(transfer.imported, timeout=20_000):
        transfer.files.dialog.accept()
    assert "Dihapus dari laptop ini: 2 data" in transfer.message.text()
    assert people(laptop) == {}
    _shot(laptop_screen, "staff_sync_return")  # the office's return bundle taken in (issue 19)


def test_pairing_shows_the_fingerprint_before_accepting(qtbot, app, tasks, admin, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                        monkeypatch, fresh_db_url) -> None:
    monkeypatch.setattr(FileAsker, "use_native_dialogs", False)
    laptop = open_device(tmp_path, "new-laptop", fresh_db_url)
    try:
        card = Sync(laptop).write_card("laptop", tmp_path / "laptop.json")
        screen = show_staff_screen(qtbot, StaffContext(app, tasks, admin), "sync", SyncScreen)
        screen.tabs.setCurrentWidget(screen.pairing)
        panel = screen.pairing
        qtbot.mouseClick(panel.office_button, Qt.MouseButton.LeftButton)
        panel.files.dialog.selectFile(str(tmp_path / "kunci-kantor.json"))
        panel.files.dialog.accept()
        qtbot.waitUntil(lambda: "Sidik jari" in panel.message.text(), timeout=10_000)
        assert (tmp_path / "kunci-kantor.json").exists()
        qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
        panel.files.dialog.selectFile(str(tmp_path / "laptop.json"))
        panel.files.dialog.accept()
        qtbot.waitUntil(panel.confirm_button.isVisible, timeout=10_000)
        assert card.fingerprint in panel.confirm_label.text()
        _shot(screen, "staff_sync_pairing")
        with qtbot.waitSignal(panel.accepted, timeout=10_000):
            qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=10_000)
        assert panel.table.item(0, 3).text() == card.fingerprint
    finally:
        laptop.close()


def test_a_lost_laptops_receipt_key_is_withdrawn_from_the_pairing_tab(qtbot, app, tasks, admin,  # type: ignore[no-untyped-def]
                                                                       two_laptops) -> None:
    from datetime import date

    from PySide6.QtCore import QDate

    screen = show_staff_screen(qtbot, StaffContext(app, tasks, admin), "sync", SyncScreen)
    screen.tabs.setCurrentWidget(screen.pairing)
    panel = screen.pairing
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=10_000)
    qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    assert "Pilih dulu" in panel.message.text()  # nothing chosen: nothing withdrawn
    lost = two_laptops[0].device.code
    row = next(r for r in range(panel.table.rowCount()) if panel.table.item(r, 1).text() == lost)
    panel.table.setCurrentCell(row, 1)
    panel.withdraw_date.setDate(QDate(2026, 12, 5))
    with qtbot.waitSignal(panel.withdrawn, timeout=10_000) as signal:
        qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    assert [(e.device_code, e.withdrawn_from) for e in signal.args[0]] == [(lost, date(2026, 12, 5))]
    assert "05-12-2026" in panel.message.text()
    _shot(screen, "staff_sync_withdraw")


def test_pairing_by_qr_scan_gives_the_laptop_the_offices_prefix(qtbot, app, tasks, admin, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                               fresh_db_url) -> None:
    """The office scans the laptop's QR (a keyboard-wedge scanner types it and presses Enter), then the laptop
    scans the office's QR made for it; wrong and partial scans say so in words."""
    from prakerja_desktop.sync.pairing_code import encode
    from ui.staff.sync_pairing import PairingPanel

    laptop = open_device(tmp_path, "scan-laptop", fresh_db_url)
    try:
        office_panel = PairingPanel(StaffContext(app, tasks, admin))
        laptop_panel = PairingPanel(StaffContext(laptop, tasks, admin))
        for panel in (office_panel, laptop_panel):
            qtbot.addWidget(panel)
            panel.resize(1000, 900)
            panel.show()
        qtbot.mouseClick(laptop_panel.laptop_qr_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(laptop_panel.qr_view.isVisible, timeout=10_000)
        laptop_card = laptop.sync.my_card("laptop")
        assert laptop_card.fingerprint in laptop_panel.qr_caption.text()
        assert len(laptop_panel.qr_view.matrix) <= 57
        _shot(laptop_panel, "staff_sync_pairing_laptop_qr")
        text = encode(laptop_card)
        qtbot.keyClicks(office_panel.scan_edit, text[:80])  # the scanner stopped half-way
        qtbot.keyClick(office_panel.scan_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "tidak lengkap" in office_panel.message.text(), timeout=10_000)
        assert not office_panel.confirm_button.isVisible() and office_panel.scan_edit.text() == ""
        qtbot.keyClicks(office_panel.scan_edit, "PKJ2.K7QD2-0001375")  # a receipt's QR, not a key
        qtbot.keyClick(office_panel.scan_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "bukan kode QR pasangan" in office_panel.message.text(), timeout=10_000)
        qtbot.keyClicks(office_panel.scan_edit, text)
        qtbot.keyClick(office_panel.scan_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(office_panel.confirm_button.isVisible, timeout=10_000)
        assert laptop_card.fingerprint in office_panel.confirm_label.text()
        with qtbot.waitSignal(office_panel.accepted, timeout=10_000) as accepted:
            qtbot.mouseClick(office_panel.confirm_button, Qt.MouseButton.LeftButton)
        prefix = accepted.args[0].receipt_prefix
        assert prefix and f"berawalan {prefix}" in office_panel.message.text()
        qtbot.waitUntil(lambda: f"berawalan {prefix}" in office_panel.qr_caption.text(), timeout=10_000)
        _shot(office_panel, "staff_sync_pairing_office_qr")
        office_text = encode(app.sync.my_card("office", laptop.device.id))
        qtbot.keyClicks(laptop_panel.scan_edit, office_text.lower())  # Caps Lock: still read
        qtbot.keyClick(laptop_panel.scan_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(laptop_panel.confirm_button.isVisible, timeout=10_000)
        with qtbot.waitSignal(laptop_panel.accepted, timeout=10_000):
            qtbot.mouseClick(laptop_panel.confirm_button, Qt.MouseButton.LeftButton)
        assert f"sekarang berawalan {prefix}" in laptop_panel.message.text()
        qtbot.waitUntil(lambda: "diberikan kantor" in laptop_panel.prefix_label.text(), timeout=10_000)
        assert laptop.device.code == prefix
    finally:
        laptop.close()


def test_a_key_file_is_confirmed_by_typing_its_fingerprint(qtbot, app, tasks, admin, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           monkeypatch, fresh_db_url) -> None:
    monkeypatch.setattr(FileAsker, "use_native_dialogs", False)
    laptop = open_device(tmp_path, "file-laptop", fresh_db_url)
    try:
        card = Sync(laptop).write_card("laptop", tmp_path / "laptop.json")
        from ui.staff.sync_pairing import PairingPanel

        panel = PairingPanel(StaffContext(app, tasks, admin))
        qtbot.addWidget(panel)
        panel.show()
        qtbot.keyClicks(panel.scan_edit, card.fingerprint)  # nothing chosen yet: nothing to compare with
        qtbot.keyClick(panel.scan_edit, Qt.Key.Key_Return)
        assert "pilih dulu berkasnya" in panel.message.text()
        qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
        panel.files.dialog.selectFile(str(tmp_path / "laptop.json"))
        panel.files.dialog.accept()
        qtbot.waitUntil(panel.confirm_button.isVisible, timeout=10_000)
        wrong = card.fingerprint[:-1] + ("A" if card.fingerprint[-1] != "A" else "C")
        qtbot.keyClicks(panel.scan_edit, wrong)
        qtbot.keyClick(panel.scan_edit, Qt.Key.Key_Return)
        assert "tidak sama" in panel.message.text() and panel.confirm_button.isVisible()
        qtbot.keyClicks(panel.scan_edit, card.fingerprint.lower())
        with qtbot.waitSignal(panel.accepted, timeout=10_000) as accepted:
            qtbot.keyClick(panel.scan_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=10_000)
        # The laptop just accepted is chosen, so the office's key file is made for it, with its prefix.
        assert panel.selected_laptop() is not None and panel.selected_laptop().device_id == laptop.device.id
        qtbot.mouseClick(panel.office_button, Qt.MouseButton.LeftButton)
        panel.files.dialog.selectFile(str(tmp_path / "kunci-kantor.json"))
        panel.files.dialog.accept()
        qtbot.waitUntil(lambda: "Sidik jari" in panel.message.text(), timeout=10_000)
        office_card = Sync(laptop).read_card(tmp_path / "kunci-kantor.json")
        assert office_card.receipt_prefix == accepted.args[0].receipt_prefix
        assert Sync(laptop).accept_card(office_card).prefix_changed
    finally:
        laptop.close()


def test_the_qr_on_screen_is_readable_by_a_camera_and_no_camera_means_no_button(qtbot, app, tasks, admin) -> None:  # type: ignore[no-untyped-def]
    """What the camera path decodes: the QR exactly as the pairing tab paints it (4 px modules)."""
    from ui.staff.pairing_camera import camera_present, codes_in_image
    from ui.staff.sync_pairing import PairingPanel

    panel = PairingPanel(StaffContext(app, tasks, admin))
    qtbot.addWidget(panel)
    panel.show()
    qtbot.wait(50)  # the camera is looked for after the first paint
    assert panel.camera_button.isVisible() == camera_present()  # offscreen test machines have none
    qtbot.mouseClick(panel.laptop_qr_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(panel.qr_view.isVisible, timeout=10_000)
    from prakerja_desktop.sync.pairing_code import encode

    assert codes_in_image(panel.qr_view.grab().toImage()) == [encode(app.sync.my_card("laptop"))]
    panel.take_text(codes_in_image(panel.qr_view.grab().toImage())[0])  # as the camera hands it over
    qtbot.waitUntil(panel.confirm_button.isVisible, timeout=10_000)
    qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)  # its own key: refused in words
    qtbot.waitUntil(lambda: "perangkat ini sendiri" in panel.message.text(), timeout=10_000)
