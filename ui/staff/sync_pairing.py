"""Pairing by QR code or by file: show or save this device's key, take in the other side's after comparing.

The other side's key comes as a QR code read by a keyboard-wedge barcode scanner (it types the code into
the scan field and presses Enter), or as a file; a key from a file is confirmed by typing the fingerprint
shown on the other screen, or by "Sidik jari cocok, terima" after hearing it read out. The office's key
for one laptop carries that laptop's receipt-number prefix (prakerja_desktop/sync/prefixes.py).
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.sync.room import (
    PairedInfo,
    PairingCard,
    PairingQr,
    PrefixInfo,
    check_fingerprint,
    looks_like_code,
)
from ui.operations import plain_error
from ui.staff.common import big_button
from ui.staff.context import StaffContext
from ui.staff.pairing_camera import CameraScanner, camera_present
from ui.staff.pairing_qr import QrView
from ui.staff.progress import StatusLine
from ui.staff.sync_files import FileAsker
from ui.widgets.vertical_scroll import VerticalScroll


class PairingPanel(QWidget):
    """Key files in and out (admin only), and the list of accepted devices."""

    accepted = Signal(object)  # PairedInfo
    withdrawn = Signal(object)  # the receipt keys withdrawn (issue 15: a lost laptop)

    def __init__(self, context: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncPairing")
        self.context = context
        self.files = FileAsker(self)
        self.pending: PairingCard | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = scroll = VerticalScroll(self)  # the QR code, the scan field and the list do not fit 768 px in large text
        # Sideways too when it must: while the list and the prefix fill in on a busy machine, the content can be
        # wider than the window for a moment (a vertical bar appearing); a bar then beats a cut-off right side.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        page = QWidget(scroll)
        page.setObjectName("pairingPage")
        layout = QVBoxLayout(page)
        intro = QLabel(_("Sekali saja untuk setiap laptop: tunjukkan kode QR kunci laptop ke kantor (atau bawa "
                         "berkasnya dengan flashdisk), lalu pindai kode QR kunci kantor untuk laptop itu. "
                         "Cocokkan sidik jari sebelum menerima."), page)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QGridLayout()
        self.laptop_qr_button = big_button(_("Tampilkan QR kunci laptop ini"), "showLaptopQr", page)
        self.office_qr_button = big_button(_("Tampilkan QR kunci kantor"), "showOfficeQr", page)
        self.laptop_button = big_button(_("Simpan kunci laptop ini…"), "exportLaptopKey", page)
        self.office_button = big_button(_("Simpan kunci kantor…"), "exportOfficeKey", page)
        for index, button in enumerate((self.laptop_qr_button, self.office_qr_button, self.laptop_button,
                                        self.office_button)):
            button.setEnabled(context.is_admin)
            row.addWidget(button, index, 0)  # one under another: side by side they overflow in large text
        row.setColumnStretch(1, 1)
        layout.addLayout(row)
        self.laptop_qr_button.clicked.connect(lambda: self._show_qr("laptop"))
        self.office_qr_button.clicked.connect(lambda: self._show_qr("office"))
        self.laptop_button.clicked.connect(lambda: self._save("laptop"))
        self.office_button.clicked.connect(lambda: self._save("office"))
        qr_row = QHBoxLayout()  # the symbol, and beside it what it is and its fingerprint, big enough to read out
        self.qr_view = QrView(page)
        self.qr_view.setObjectName("pairingQr")
        qr_row.addWidget(self.qr_view, 0, Qt.AlignmentFlag.AlignTop)
        self.qr_caption = QLabel(page)
        self.qr_caption.setObjectName("pairingQrCaption")
        self.qr_caption.setWordWrap(True)
        self.qr_caption.setTextFormat(Qt.TextFormat.PlainText)
        self.qr_caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.qr_caption.setStyleSheet("QLabel#pairingQrCaption { font-size: 20px; font-weight: bold; }")
        self.qr_caption.setVisible(False)
        qr_row.addWidget(self.qr_caption, 1, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(qr_row)
        self.prefix_label = QLabel(page)
        self.prefix_label.setObjectName("receiptPrefix")
        self.prefix_label.setWordWrap(True)
        layout.addWidget(self.prefix_label)
        if not context.is_admin:
            note = QLabel(_("Hanya admin yang boleh memasangkan perangkat."), page)
            layout.addWidget(note)
        self.scan_label = QLabel(_("Pindai kode QR dari perangkat lain dengan pemindai, atau ketik sidik jari "
                                   "berkas kunci yang sudah dipilih:"), page)
        self.scan_label.setWordWrap(True)
        layout.addWidget(self.scan_label)
        scan_row = QHBoxLayout()
        self.scan_edit = QLineEdit(page)
        self.scan_edit.setObjectName("pairingScan")
        self.scan_edit.setAccessibleName(_("Hasil pindai atau sidik jari"))
        self.scan_edit.setMinimumHeight(48)
        self.scan_edit.setMaxLength(600)  # a pairing code is about 300 characters; more is not one
        self.scan_edit.setEnabled(context.is_admin)
        self.scan_label.setBuddy(self.scan_edit)
        self.scan_button = big_button(_("Periksa"), "checkScan", page)
        self.scan_button.setEnabled(context.is_admin)
        self.scan_edit.returnPressed.connect(self.check_scan)  # a scanner ends what it types with Enter
        self.scan_button.clicked.connect(self.check_scan)
        scan_row.addWidget(self.scan_edit, 1)
        scan_row.addWidget(self.scan_button)
        layout.addLayout(scan_row)
        self.camera: CameraScanner | None = None
        self.camera_button = big_button(_("Pindai dengan kamera"), "scanCamera", page)
        self.camera_button.setEnabled(context.is_admin)
        self.camera_button.setVisible(False)  # until asked (~0.2 s to load Qt Multimedia, after the first paint)
        QTimer.singleShot(0, self, lambda: self.camera_button.setVisible(camera_present()))  # no camera: no button
        self.camera_button.clicked.connect(self._toggle_camera)
        layout.addWidget(self.camera_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.camera_view = QLabel(page)
        self.camera_view.setObjectName("cameraView")
        self.camera_view.setAccessibleName(_("Gambar kamera"))
        self.camera_view.setVisible(False)
        layout.addWidget(self.camera_view)
        self.confirm_label = QLabel(page)
        self.confirm_label.setObjectName("pairingConfirm")
        self.confirm_label.setWordWrap(True)
        self.confirm_label.setTextFormat(Qt.TextFormat.PlainText)
        confirm_row = QHBoxLayout()
        self.confirm_button = big_button(_("Sidik jari cocok, terima"), "confirmPairing", page)
        self.reject_button = big_button(_("Batal"), "rejectPairing", page)
        self.confirm_button.clicked.connect(self._accept_pending)
        self.reject_button.clicked.connect(self._drop_pending)
        confirm_row.addWidget(self.confirm_button)
        confirm_row.addWidget(self.reject_button)
        confirm_row.addStretch(1)
        layout.addWidget(self.confirm_label)
        layout.addLayout(confirm_row)
        self.accept_button = big_button(_("Terima berkas kunci…"), "acceptKey", page)
        self.accept_button.setEnabled(context.is_admin)
        self.accept_button.clicked.connect(self._choose_card)
        layout.addWidget(self.accept_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.message = StatusLine(page)
        self.message.setObjectName("pairingMessage")
        layout.addWidget(self.message)
        self.table = QTableWidget(0, 4, page)
        self.table.setObjectName("pairedDevices")
        self.table.setAccessibleName(_("Perangkat yang sudah dipasangkan"))
        self.table.setHorizontalHeaderLabels([_("Peran"), _("Kode"), _("Nama"), _("Sidik jari")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(200)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._withdraw_row(page))
        scroll.setWidget(page)
        outer.addWidget(scroll)
        self.devices: list[PairedInfo] = []
        self.just_accepted: uuid.UUID | None = None
        self._show_pending(None)
        self.reload()
        self._load_prefix()

    def _withdraw_row(self, page: QWidget) -> QHBoxLayout:
        """A lost laptop: its receipt key is withdrawn from a day (receipts dated then or later stop verifying)."""
        row = QHBoxLayout()
        self.withdraw_date = QDateEdit(QDate.currentDate(), page)
        self.withdraw_date.setObjectName("withdrawFrom")
        self.withdraw_date.setCalendarPopup(True)
        self.withdraw_date.setDisplayFormat("dd-MM-yyyy")
        self.withdraw_date.setAccessibleName(_("Tarik mulai tanggal"))
        self.withdraw_date.setMinimumHeight(48)
        self.withdraw_button = big_button(_("Laptop hilang: tarik kuncinya"), "withdrawReceiptKey", page)
        self.withdraw_button.setEnabled(self.context.is_admin)
        self.withdraw_button.clicked.connect(self._withdraw)
        row.addWidget(self.withdraw_button)
        row.addWidget(self.withdraw_date)
        row.addStretch(1)
        return row

    def _withdraw(self) -> None:
        """Withdraw the chosen laptop's receipt key from the chosen day (office only, audited)."""
        selected = self.table.currentRow()
        code_item = self.table.item(selected, 1) if selected >= 0 else None
        if code_item is None or not code_item.text():
            self.message.show_text(_("Pilih dulu laptop yang hilang di daftar."), Severity.WARNING)
            return
        code, day = code_item.text(), self.withdraw_date.date().toPython()
        receipts, staff = self.context.app.receipts, self.context.staff

        def done(entries: list) -> None:
            self.message.show_text(_("✔ Kunci tanda terima {code} ditarik mulai {day}: tanda terima dari laptop "
                                     "itu bertanggal sejak hari itu tidak lagi dianggap asli.").format(
                                         code=code, day=day.strftime("%d-%m-%Y")))
            self.withdrawn.emit(entries)

        self.context.run(lambda: receipts.withdraw_key(code, day, staff), done, self._on_failed, owner=self)

    def reload(self) -> None:
        """Read the accepted devices on the worker."""
        sync = self.context.app.sync
        self.context.run(sync.paired, self._on_paired, self._on_failed, owner=self)

    def _on_paired(self, devices: list[PairedInfo]) -> None:
        self.devices = devices
        self.table.setRowCount(len(devices))
        for row, info in enumerate(devices):
            role = _("Kantor") if info.role == "office" else _("Laptop")
            for column, text in enumerate((role, info.code, info.name, info.fingerprint)):
                self.table.setItem(row, column, QTableWidgetItem(text))
            if info.device_id == self.just_accepted:  # "Simpan kunci kantor…" makes the card for this one
                self.table.setCurrentCell(row, 0)
        self.table.resizeColumnsToContents()

    def selected_laptop(self) -> PairedInfo | None:
        """The laptop chosen in the list (the office's key is made for it), or None."""
        row = self.table.currentRow()
        info = self.devices[row] if 0 <= row < len(self.devices) else None
        return info if info is not None and info.role == "laptop" else None

    def _save(self, role: str) -> None:
        laptop = self.selected_laptop() if role == "office" else None
        target: uuid.UUID | None = laptop.device_id if laptop is not None else None
        who = f"kantor-untuk-{laptop.code}" if laptop is not None else "kantor"
        name = f"kunci-{who if role == 'office' else self.context.app.device.code}-{date.today():%Y%m%d}.json"
        sync, staff = self.context.app.sync, self.context.staff

        def chosen(path: Path) -> None:
            self.context.run(lambda: sync.write_card(role, path, staff, target),
                             lambda card: self.message.show_text(
                                 _("✔ Berkas kunci tersimpan: {path}. Sidik jari: {fp}").format(
                                     path=path, fp=card.fingerprint)), self._on_failed, owner=self)

        self.files.save_file(_("Simpan berkas kunci"), name, chosen)

    def _choose_card(self) -> None:
        sync = self.context.app.sync
        self.files.open_file(_("Pilih berkas kunci dari pihak lain"), [_("Berkas kunci (*.json)")],
                             lambda path: self.context.run(lambda: sync.read_card(path), self._show_pending,
                                                           self._on_failed, owner=self))

    def _show_pending(self, card: PairingCard | None) -> None:
        self.pending = card
        visible = card is not None
        for widget in (self.confirm_label, self.confirm_button, self.reject_button):
            widget.setVisible(visible)
        if card is not None:
            # Whole sentences per role: another language may put the word for "office" elsewhere.
            if card.role == "office":
                text = _("Kunci kantor {name} {code}.\nSidik jari: {fp}\nKetik sidik jari dari layar pihak lain "
                         "di kolom pindai, atau minta dibacakan. Terima hanya jika sama persis.")
            else:
                text = _("Kunci laptop {name} {code}.\nSidik jari: {fp}\nKetik sidik jari dari layar pihak lain "
                         "di kolom pindai, atau minta dibacakan. Terima hanya jika sama persis.")
            text = text.format(name=card.name, code=card.code, fp=card.fingerprint)
            self.confirm_label.setText(text)
            self.confirm_label.setAccessibleName(text)
            self.scroll.ensureWidgetVisible(self.confirm_button)

    def _accept_pending(self) -> None:
        card, sync, staff = self.pending, self.context.app.sync, self.context.staff
        if card is None:
            return
        self._show_pending(None)
        self.context.run(lambda: sync.accept_card(card, staff), self._on_accepted, self._on_failed, owner=self)

    def _drop_pending(self) -> None:
        self._show_pending(None)
        self.message.show_text(_("Tidak diterima."))

    def _on_accepted(self, info: PairedInfo) -> None:
        self.just_accepted = info.device_id
        if info.role == "laptop" and info.receipt_prefix:
            text = _("✔ Diterima: laptop {name}. Nomor tanda terimanya berawalan {prefix}. Sekarang pindai QR "
                     "kunci kantor di layar ini dengan laptop itu.").format(name=info.name, prefix=info.receipt_prefix)
            self._show_qr("office", info.device_id)
        elif info.prefix_changed:
            text = _("✔ Diterima: kantor {name}. Nomor tanda terima laptop ini sekarang berawalan {prefix}.").format(
                name=info.name, prefix=info.receipt_prefix)
        else:
            text = _("✔ Diterima: {code} {name}.").format(code=info.code, name=info.name)
        self.message.show_text(text)
        self.accepted.emit(info)
        self.reload()
        self._load_prefix()

    # --- QR codes and the scan field ----------------------------------------------------------

    def _show_qr(self, role: str, laptop_id: uuid.UUID | None = None) -> None:
        """This laptop's key, or the office's (for the chosen laptop, with its prefix), as a QR code."""
        if role == "office" and laptop_id is None:
            laptop = self.selected_laptop()
            laptop_id = laptop.device_id if laptop is not None else None
        sync, target = self.context.app.sync, laptop_id
        self.context.run(lambda: sync.qr(role, target), self._on_qr, self._on_failed, owner=self)

    def _on_qr(self, shown: PairingQr) -> None:
        card = shown.card
        if card.role == "laptop":
            title = _("Kunci laptop ini ({code})").format(code=card.code)
        elif card.assigned_to is not None:
            title = _("Kunci kantor untuk laptop berawalan {prefix}").format(prefix=card.receipt_prefix)
        else:
            title = _("Kunci kantor (tanpa awalan nomor: pilih laptop di daftar agar kunci membawa awalannya)")
        self.qr_view.show_matrix(shown.matrix, title)
        text = _("{title}\nSidik jari: {fp}").format(title=title, fp=card.fingerprint)
        self.qr_caption.setText(text)
        self.qr_caption.setAccessibleName(text)
        self.qr_caption.setVisible(True)
        self.scroll.ensureWidgetVisible(self.qr_view)

    def check_scan(self) -> None:
        """What the scanner (or a person) typed: a pairing QR code, or the fingerprint of the chosen file."""
        text = self.scan_edit.text().strip()
        self.scan_edit.clear()  # the next scan starts empty
        self.take_text(text)

    def take_text(self, text: str) -> None:
        """A scanned code (scanner or camera) or a typed fingerprint."""
        if not text:
            self.message.show_text(_("Pindai kode QR atau ketik sidik jari dulu."), Severity.WARNING)
            return
        if looks_like_code(text):
            sync = self.context.app.sync
            self.context.run(lambda: sync.read_code(text), self._show_scanned, self._on_failed, owner=self)
            return
        card = self.pending
        if card is None:
            self.message.show_text(_("Ini bukan kode QR pasangan. Untuk kunci dari berkas: pilih dulu berkasnya "
                                     "dengan \"Terima berkas kunci…\", lalu ketik sidik jarinya di sini."),
                                   Severity.WARNING)
            return
        try:
            check_fingerprint(text, card)
        except UserInputError as exc:
            self.message.show_text(str(exc), Severity.ERROR)
            return
        self._accept_pending()

    def _toggle_camera(self) -> None:
        """Camera on (looking for a pairing code) or off."""
        if self.camera is not None and self.camera.active:
            self._stop_camera()
            return
        if self.camera is None:
            self.camera = CameraScanner(self)
            self.camera.found.connect(self._on_camera_code)
            self.camera.preview.connect(self._on_camera_picture)
            self.camera.failed.connect(self._on_camera_failed)
        self.camera.start()
        self.camera_button.setText(_("Matikan kamera"))
        self.camera_button.setAccessibleName(self.camera_button.text())
        self.message.show_text(_("Arahkan kamera ke kode QR di layar perangkat lain."))

    def _stop_camera(self) -> None:
        if self.camera is not None:
            self.camera.stop()
        self.camera_view.setVisible(False)
        self.camera_view.clear()
        self.camera_button.setText(_("Pindai dengan kamera"))
        self.camera_button.setAccessibleName(self.camera_button.text())

    def _on_camera_picture(self, image: QImage) -> None:
        self.camera_view.setPixmap(QPixmap.fromImage(image).scaledToWidth(320))
        self.camera_view.setVisible(True)

    def _on_camera_code(self, text: str) -> None:
        self._stop_camera()
        self.take_text(text)

    def _on_camera_failed(self) -> None:
        self._stop_camera()
        self.message.show_text(_("Kamera tidak bisa dipakai. Pakai pemindai kode QR atau berkas kunci."),
                               Severity.WARNING)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        """The camera is on only while the tab is on screen."""
        self._stop_camera()
        super().hideEvent(event)

    def _show_scanned(self, card: PairingCard) -> None:
        """A scanned key: show it and its fingerprint, ready to accept (the scan itself carried the key)."""
        self._show_pending(card)
        self.message.show_text(_("Kode QR terbaca. Cocokkan sidik jari dengan layar perangkat lain, lalu terima."))

    def _load_prefix(self) -> None:
        sync = self.context.app.sync
        self.context.run(sync.receipt_prefix, self._on_prefix, self._on_failed, owner=self)

    def _on_prefix(self, info: PrefixInfo) -> None:
        if info.from_office:
            text = _("Nomor tanda terima perangkat ini berawalan {code}, diberikan kantor {office}.").format(
                code=info.code, office=info.office_name)
        else:
            text = _("Nomor tanda terima perangkat ini berawalan {code} (dibuat perangkat ini sendiri). Laptop "
                     "lapangan mendapat awalan dari kantor saat memindai kunci kantor untuknya.").format(code=info.code)
        self.prefix_label.setText(text)

    def _on_failed(self, exc: Exception) -> None:
        self.message.show_text(plain_error(exc, "pairing"), Severity.ERROR)
