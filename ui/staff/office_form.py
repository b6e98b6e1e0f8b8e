"""The office form shared by the first run and the settings screen: name, regency, contact, receipts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from prakerja_desktop import i18n
from prakerja_desktop import settings_registry as registry
from prakerja_desktop.domain import regions
from prakerja_desktop.i18n import _
from ui.widgets.choice import OptionButtons
from ui.widgets.file_dialog import speak_our_language
from ui.wizard.address import RegionCombo

TIMEZONE_OPTIONS = tuple((zone, zone) for zone in registry.spec("office_timezone").allowed())


def layout_options() -> tuple[tuple[str, str], ...]:
    """Receipt paper choices in words."""
    # Short words: three buttons side by side must fit the form column (issue 15 added the 58 mm roll).
    return (("a4", _("Kertas A4")), ("roll80", _("Rol 80 mm")), ("roll58", _("Rol 58 mm")))


class FieldGrid(QGridLayout):
    """Rows of a visible label beside its field; the label is the field's accessible name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalSpacing(18)
        self.setVerticalSpacing(12)
        self.setColumnStretch(1, 1)

    def add_row(self, text: str, field: QWidget, accessible: QWidget | None = None) -> QLabel:
        """A labelled row."""
        row = self.rowCount()
        label = QLabel(text)
        label.setProperty("class", "fieldLabel")
        label.setWordWrap(True)
        label.setMinimumWidth(160)  # narrower labels wrap: the fields beside them need the room
        label.setBuddy(accessible or field)
        for named in (field, accessible or field):  # a combo and the line edit inside it
            named.setAccessibleName(text)
        self.addWidget(label, row, 0, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        self.addWidget(field, row, 1)
        return label

    def add_edit(self, text: str, name: str, parent: QWidget, placeholder: str = "",
                 max_length: int = 200) -> QLineEdit:
        """A labelled text field."""
        edit = QLineEdit(parent)
        edit.setObjectName(name)
        edit.setMaxLength(max_length)
        edit.setPlaceholderText(placeholder)
        self.add_row(text, edit)
        return edit


class OfficeForm(QWidget):
    """Every office setting as fields; values() gives the dict staff_accounts.save_office takes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.logo_source: str | None = None  # a newly chosen PNG, copied on save
        self._logo_path = ""  # the stored logo
        grid = FieldGrid(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.name_edit = grid.add_edit(registry.spec("office_name").title, "officeName", self,
                                       _("misalnya Dinas Tenaga Kerja Kab. Lumajang"))
        self.province_combo = RegionCombo(_("Ketik atau pilih provinsi"), self)
        self.province_combo.setObjectName("officeProvince")
        grid.add_row(_("Provinsi"), self.province_combo, self.province_combo.lineEdit())
        self.regency_combo = RegionCombo(_("Ketik atau pilih kabupaten / kota"), self)
        self.regency_combo.setObjectName("officeRegency")
        grid.add_row(registry.spec("office_regency_code").title, self.regency_combo,
                     self.regency_combo.lineEdit())
        self.address_edit = grid.add_edit(registry.spec("office_address").title, "officeAddress",
                                          self)
        self.phone_edit = grid.add_edit(registry.spec("office_phone").title, "officePhone", self,
                                        _("misalnya 0334 881234"), 40)
        self.hours_edit = grid.add_edit(registry.spec("office_hours").title, "officeHours", self,
                                        _("misalnya Senin–Jumat 08.00–15.00"), 120)
        self.timezone = OptionButtons(TIMEZONE_OPTIONS, registry.spec("office_timezone").title,
                                      parent=self)
        self.timezone.setObjectName("officeTimezone")
        grid.add_row(registry.spec("office_timezone").title, self.timezone)
        self.receipt_layout = OptionButtons(layout_options(), registry.spec("receipt_layout").title,
                                            parent=self)
        self.receipt_layout.setObjectName("receiptLayout")
        grid.add_row(registry.spec("receipt_layout").title, self.receipt_layout)
        # The language a new person at the kiosk starts in: every language with a catalogue.
        languages = registry.spec("office_language").allowed()
        self.language = OptionButtons([(code, i18n.language_name(code)) for code in languages],
                                      registry.spec("office_language").title, parent=self)
        self.language.setObjectName("officeLanguage")
        grid.add_row(registry.spec("office_language").title, self.language)
        grid.add_row(registry.spec("office_logo_path").title, self._logo_row())

        self._listed_province: str | None = ""  # the province whose regencies are on the list
        self.province_combo.set_places(regions.provinces(), None)
        self.province_combo.currentIndexChanged.connect(self._on_province_chosen)
        self.province_combo.editTextChanged.connect(self._on_province_chosen)
        for edit in (self.name_edit, self.address_edit, self.phone_edit, self.hours_edit):
            edit.textChanged.connect(lambda _text: self.changed.emit())
        self.regency_combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self.regency_combo.editTextChanged.connect(lambda _text: self.changed.emit())
        self.set_values({})

    def _logo_row(self) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.logo_preview = QLabel(row)
        self.logo_preview.setObjectName("logoPreview")
        self.logo_preview.setFixedSize(64, 64)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_label = QLabel(row)
        self.logo_label.setObjectName("logoName")
        self.logo_label.setWordWrap(True)
        self.logo_button = QPushButton(_("Pilih logo"), row)
        self.logo_button.setObjectName("chooseLogoButton")
        self.logo_button.setAccessibleName(_("Pilih logo"))
        self.clear_logo_button = QPushButton(_("Tanpa logo"), row)
        self.clear_logo_button.setObjectName("clearLogoButton")
        self.clear_logo_button.setAccessibleName(_("Tanpa logo"))
        layout.addWidget(self.logo_preview)
        layout.addWidget(self.logo_label, 1)
        layout.addWidget(self.logo_button)
        layout.addWidget(self.clear_logo_button)
        self.logo_button.clicked.connect(self._on_choose_logo)
        self.clear_logo_button.clicked.connect(lambda: self.set_logo_file(None))
        return row

    # --- values -----------------------------------------------------------------------------------

    def set_values(self, values: dict[str, str]) -> None:
        """Show stored values (blank ones stay empty; WIB, A4 and Bahasa Indonesia by default)."""
        self.name_edit.setText(values.get("name", ""))
        regency = values.get("regency_code", "")
        province = regency[:2] if regions.regency_name(regency) else None
        self.province_combo.setCurrentIndex(self.province_combo.findData(province) if province else -1)
        if province is None:
            self.province_combo.setEditText("")
        self._on_province_chosen()
        self.regency_combo.setCurrentIndex(self.regency_combo.findData(regency) if province else -1)
        self.address_edit.setText(values.get("address", ""))
        self.phone_edit.setText(values.get("phone", ""))
        self.hours_edit.setText(values.get("hours", ""))
        self.timezone.set_value(values.get("timezone") or "WIB")
        self.receipt_layout.set_value(values.get("receipt_layout") or "a4")
        self.language.set_value(values.get("language") or "id")
        self._logo_path = values.get("logo_path", "")
        self.logo_source = None
        self._show_logo(self._logo_path)

    def values(self) -> dict[str, str]:
        """What the form holds now (logo_path is the stored one; a new file is in logo_source)."""
        return {
            "name": self.name_edit.text().strip(),
            "regency_code": self.regency_combo.code() or "",
            "address": self.address_edit.text().strip(),
            "phone": self.phone_edit.text().strip(),
            "hours": self.hours_edit.text().strip(),
            "timezone": self.timezone.value() or "WIB",
            "receipt_layout": self.receipt_layout.value() or "a4",
            "language": self.language.value() or "id",
            "logo_path": self._logo_path,
        }

    def set_logo_file(self, path: str | None) -> None:
        """A PNG chosen to become the logo (None: no logo)."""
        self.logo_source = path or None
        if path is None:
            self._logo_path = ""
        self._show_logo(path or "")
        self.changed.emit()

    # --- slots ------------------------------------------------------------------------------------

    def _on_province_chosen(self, _changed: object = None) -> None:
        """Chosen from the list or typed in full: the regency list follows the province."""
        province = self.province_combo.code()
        if province != self._listed_province:
            self._listed_province = province
            self.regency_combo.set_places(regions.regencies(province) if province else [], None)
        self.changed.emit()

    def _on_choose_logo(self) -> None:
        dialog = QFileDialog(self, _("Pilih logo kantor (PNG)"), str(Path.home()), _("Gambar PNG (*.png)"))
        dialog.setObjectName("logoFileDialog")
        speak_our_language(dialog)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # the same on every platform
        dialog.fileSelected.connect(self.set_logo_file)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _show_logo(self, path: str) -> None:
        pixmap = QPixmap(path) if path else QPixmap()
        if pixmap.isNull():
            self.logo_preview.clear()
            self.logo_label.setText(_("Belum ada logo.") if not path else _("Berkas ini tidak bisa dibaca."))
        else:
            self.logo_preview.setPixmap(pixmap.scaled(64, 64, Qt.AspectRatioMode.KeepAspectRatio,
                                                      Qt.TransformationMode.SmoothTransformation))
            self.logo_label.setText(Path(path).name)
        self.clear_logo_button.setVisible(bool(path))
