"""Pairing by file: save this laptop's or the office's key file, accept the other side's after comparing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.i18n import _
from prakerja_desktop.sync.room import PairedInfo, PairingCard
from ui.operations import plain_error
from ui.staff.common import big_button
from ui.staff.context import StaffContext
from ui.staff.progress import StatusLine
from ui.staff.sync_files import FileAsker


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
        layout = QVBoxLayout(self)
        intro = QLabel(_("Sekali saja untuk setiap laptop: simpan berkas kunci di flashdisk, bawa ke pihak lain, "
                         "lalu terima di sana. Cocokkan sidik jari lewat telepon sebelum menerima."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QGridLayout()
        self.laptop_button = big_button(_("Simpan kunci laptop ini…"), "exportLaptopKey", self)
        self.office_button = big_button(_("Simpan kunci kantor…"), "exportOfficeKey", self)
        self.accept_button = big_button(_("Terima berkas kunci…"), "acceptKey", self)
        for index, button in enumerate((self.laptop_button, self.office_button, self.accept_button)):
            button.setEnabled(context.is_admin)
            row.addWidget(button, index, 0)  # one under another: side by side they overflow in large text
        row.setColumnStretch(1, 1)
        layout.addLayout(row)
        self.laptop_button.clicked.connect(lambda: self._save("laptop"))
        self.office_button.clicked.connect(lambda: self._save("office"))
        self.accept_button.clicked.connect(self._choose_card)
        if not context.is_admin:
            note = QLabel(_("Hanya admin yang boleh memasangkan perangkat."), self)
            layout.addWidget(note)
        self.confirm_label = QLabel(self)
        self.confirm_label.setObjectName("pairingConfirm")
        self.confirm_label.setWordWrap(True)
        self.confirm_label.setTextFormat(Qt.TextFormat.PlainText)
        confirm_row = QHBoxLayout()
        self.confirm_button = big_button(_("Sidik jari cocok, terima"), "confirmPairing", self)
        self.reject_button = big_button(_("Batal"), "rejectPairing", self)
        self.confirm_button.clicked.connect(self._accept_pending)
        self.reject_button.clicked.connect(self._drop_pending)
        confirm_row.addWidget(self.confirm_button)
        confirm_row.addWidget(self.reject_button)
        confirm_row.addStretch(1)
        layout.addWidget(self.confirm_label)
        layout.addLayout(confirm_row)
        self.message = StatusLine(self)
        self.message.setObjectName("pairingMessage")
        layout.addWidget(self.message)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("pairedDevices")
        self.table.setAccessibleName(_("Perangkat yang sudah dipasangkan"))
        self.table.setHorizontalHeaderLabels([_("Peran"), _("Kode"), _("Nama"), _("Sidik jari")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._withdraw_row())
        self._show_pending(None)
        self.reload()

    def _withdraw_row(self) -> QHBoxLayout:
        """A lost laptop: its receipt key is withdrawn from a day (receipts dated then or later stop verifying)."""
        row = QHBoxLayout()
        self.withdraw_date = QDateEdit(QDate.currentDate(), self)
        self.withdraw_date.setObjectName("withdrawFrom")
        self.withdraw_date.setCalendarPopup(True)
        self.withdraw_date.setDisplayFormat("dd-MM-yyyy")
        self.withdraw_date.setAccessibleName(_("Tarik mulai tanggal"))
        self.withdraw_date.setMinimumHeight(48)
        self.withdraw_button = big_button(_("Laptop hilang: tarik kuncinya"), "withdrawReceiptKey", self)
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
        self.table.setRowCount(len(devices))
        for row, info in enumerate(devices):
            role = _("Kantor") if info.role == "office" else _("Laptop")
            for column, text in enumerate((role, info.code, info.name, info.fingerprint)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def _save(self, role: str) -> None:
        name = f"kunci-{'kantor' if role == 'office' else self.context.app.device.code}-{date.today():%Y%m%d}.json"
        sync, staff = self.context.app.sync, self.context.staff

        def chosen(path: Path) -> None:
            self.context.run(lambda: sync.write_card(role, path, staff),
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
                text = _("Berkas kunci kantor {name} {code}.\nSidik jari: {fp}\nMinta pihak lain "
                         "membacakan sidik jari di layarnya. Terima hanya jika sama persis.")
            else:
                text = _("Berkas kunci laptop {name} {code}.\nSidik jari: {fp}\nMinta pihak lain "
                         "membacakan sidik jari di layarnya. Terima hanya jika sama persis.")
            text = text.format(name=card.name, code=card.code, fp=card.fingerprint)
            self.confirm_label.setText(text)
            self.confirm_label.setAccessibleName(text)

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
        self.message.show_text(_("✔ Diterima: {code} {name}.").format(code=info.code, name=info.name))
        self.accepted.emit(info)
        self.reload()

    def _on_failed(self, exc: Exception) -> None:
        self.message.show_text(plain_error(exc, "pairing"), Severity.ERROR)
