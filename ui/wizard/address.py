"""Address: where the applicant lives now. Province, regency and district start from the NIK."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSize, Qt
from PySide6.QtGui import QInputDevice, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QGridLayout,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from prakerja_desktop.domain import fields, flow, regions
from prakerja_desktop.domain.applicant import Applicant, Draft
from prakerja_desktop.domain.findings import Finding, error
from prakerja_desktop.i18n import _
from ui.style import follow_display
from ui.widgets.feedback import FeedbackLabel
from ui.wizard.page import WizardPage

TOUCH_ROW_HEIGHT = 48


class _TallItems(QStyledItemDelegate):
    """List rows tall enough for a finger."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt's name
        """At least TOUCH_ROW_HEIGHT high."""
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), TOUCH_ROW_HEIGHT))


class RegionCombo(QComboBox):
    """A list of places: a tap opens the whole list; typed letters find names that contain them."""

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(9)
        # Long names ("Kab. Kepulauan Siau Tagulandang Biaro") must not widen the page.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self.setItemDelegate(_TallItems(self))
        completer = self.completer()
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.popup().setItemDelegate(_TallItems(completer.popup()))
        # The pop-up is a window of its own and does not inherit the host's look.
        follow_display(completer.popup())
        self.setStyleSheet(f"QComboBox::drop-down {{ width: {TOUCH_ROW_HEIGHT}px; }}")  # a finger-wide arrow
        self.lineEdit().setPlaceholderText(placeholder)
        self.lineEdit().installEventFilter(self)

    def set_places(self, places: list[tuple[str, str]], code: str | None) -> None:
        """Replace the list (code, name) and choose `code` (None or unknown: nothing chosen)."""
        self.blockSignals(True)
        self.clear()
        for place_code, name in places:
            self.addItem(name, place_code)
        self.setCurrentIndex(self.findData(code) if code else -1)
        if self.currentIndex() < 0:
            self.setEditText("")
        self.blockSignals(False)

    def chosen_code(self) -> str | None:
        """The code of the item on the list (the current one), whatever is typed."""
        index = self.currentIndex()
        return self.itemData(index) if index >= 0 else None

    def code(self) -> str | None:
        """The code of the place shown, or None when the text is not a name on the list."""
        text = self.currentText().strip()
        if not text:
            return None
        index = self.currentIndex()
        if index >= 0 and self.itemText(index).casefold() == text.casefold():
            return self.itemData(index)
        found = self.findText(text, Qt.MatchFlag.MatchFixedString)  # fixed string = case-insensitive
        return self.itemData(found) if found >= 0 else None

    def typed_unknown(self) -> bool:
        """True when something is typed that is not a name on the list."""
        return bool(self.currentText().strip()) and self.code() is None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """A finger on the text opens the list (typing on a touch screen is the harder way)."""
        if (watched is self.lineEdit() and event.type() == QEvent.Type.MouseButtonRelease
                and isinstance(event, QMouseEvent)
                and event.pointingDevice().type() == QInputDevice.DeviceType.TouchScreen):
            self.showPopup()
            return True
        return super().eventFilter(watched, event)


class AddressPage(WizardPage):
    """Province, regency, district (chained), village, street, RT and RW."""

    step = flow.ADDRESS

    def __init__(self, context, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(context, parent)
        self._nik_codes: tuple[str | None, str | None, str | None] | None = None
        self.add_text(_("Di mana Anda tinggal sekarang? Pilih dari daftar, atau ketik sebagian nama untuk "
                        "mencarinya."))
        self.from_nik_note = FeedbackLabel(self, reserve=True)  # appears and goes as the lists change
        self.from_nik_note.setObjectName("fromNikNote")
        self.layout_.addWidget(self.from_nik_note)
        self.province_combo = self._combo(_("Provinsi"), "provinceCombo", _("Ketik atau pilih provinsi"))
        self.regency_combo = self._combo(_("Kabupaten / kota"), "regencyCombo",
                                         _("Ketik atau pilih kabupaten / kota"))
        self.district_combo = self._combo(_("Kecamatan"), "districtCombo", _("Ketik atau pilih kecamatan"))
        self.region_feedback = FeedbackLabel(self, reserve=True)
        self.region_feedback.setObjectName("regionFeedback")
        self.layout_.addWidget(self.region_feedback)
        self.village_edit = self.line_edit(_("Desa / kelurahan"), "villageEdit", max_length=100)
        self.street_edit = self.line_edit(_("Jalan, gang, nomor rumah (boleh kosong)"), "streetEdit")
        self.rt_edit, self.rw_edit = self._rt_rw_row()
        self.rt_rw_feedback = FeedbackLabel(self)
        self.rt_rw_feedback.setObjectName("rtRwFeedback")
        self.layout_.addWidget(self.rt_rw_feedback)
        self.layout_.addStretch(1)

        self.province_combo.set_places(regions.provinces(), None)
        self.province_combo.currentIndexChanged.connect(self._on_province_chosen)
        self.regency_combo.currentIndexChanged.connect(self._on_regency_chosen)
        self.district_combo.currentIndexChanged.connect(self._on_region_edited)
        for combo in (self.province_combo, self.regency_combo, self.district_combo):
            combo.editTextChanged.connect(self._on_region_edited)
            combo.lineEdit().editingFinished.connect(self._on_region_edited)  # checked on leaving the field
        for edit in (self.rt_edit, self.rw_edit):
            edit.textChanged.connect(self._on_rt_rw_edited)
        self.targets.update({"province": self.province_combo, "regency": self.regency_combo,
                             "district": self.district_combo, "village": self.village_edit, "rt": self.rt_edit,
                             "rw": self.rw_edit, "inconsistent": self.regency_combo,
                             "not_on_list": self.province_combo})

    def _combo(self, label: str, name: str, placeholder: str) -> RegionCombo:
        combo = RegionCombo(placeholder, self)
        combo.setObjectName(name)
        self.add_field_label(label, combo)
        combo.lineEdit().setAccessibleName(label)
        self.layout_.addWidget(combo)
        return combo

    def _rt_rw_row(self) -> tuple[QLineEdit, QLineEdit]:
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        edits = []
        for column, (text, name, short) in enumerate(((_("RT (boleh kosong)"), "rtEdit", "RT"),
                                                      (_("RW (boleh kosong)"), "rwEdit", "RW"))):
            edit = QLineEdit(self)
            edit.setObjectName(name)
            edit.setMaxLength(3)
            edit.setMinimumWidth(140)
            edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
            edit.setPlaceholderText(_("misalnya 002"))
            edit.setAccessibleName(text)
            label = QLabel(text, self)
            label.setProperty("class", "fieldLabel")
            label.setWordWrap(True)
            label.setBuddy(edit)
            grid.addWidget(label, 0, column)
            grid.addWidget(edit, 1, column)
            edit.textChanged.connect(lambda _text: self.changed.emit())
            edit.editingFinished.connect(lambda edit=edit, short=short: self._pad(edit, short))
            edits.append(edit)
        grid.setColumnStretch(2, 1)
        self.layout_.addLayout(grid)
        return edits[0], edits[1]

    @staticmethod
    def _pad(edit: QLineEdit, name: str) -> None:
        """Show "2" as "002" once typed, the way it is written on forms."""
        checked = fields.parse_rt_rw(edit.text(), name)
        if checked.ok and checked.value != edit.text():
            edit.setText(checked.value)

    def title(self) -> str:
        """The heading."""
        return _("Alamat tempat tinggal")

    def focus_first(self) -> None:
        """The first list without a place chosen, else the village (usually the first thing to type)."""
        for combo in (self.province_combo, self.regency_combo, self.district_combo):
            if combo.code() is None:
                combo.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        self.village_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def load(self, draft: Draft) -> None:
        """Show the stored address, or the NIK's region when there is none yet."""
        applicant = draft.applicant
        self._nik_codes = _nik_codes(applicant.nik)
        codes = (applicant.province_code, applicant.regency_code, applicant.district_code)
        if not any(codes) and self._nik_codes is not None:
            codes = self._nik_codes
        self._show_region(*codes)
        self.village_edit.setText(applicant.village or "")
        self.street_edit.setText(applicant.street or "")
        self.rt_edit.setText(applicant.rt or "")
        self.rw_edit.setText(applicant.rw or "")
        self._on_rt_rw_edited()
        self._on_region_edited()

    def apply(self, applicant: Applicant) -> None:
        """Store the codes of the places on the lists, the village, street and zero-padded RT/RW."""
        province, regency, district = self._codes()
        applicant.province_code = province
        applicant.regency_code = regency
        applicant.district_code = district
        applicant.village = self.village_edit.text().strip() or None
        applicant.street = self.street_edit.text().strip() or None
        for attribute, edit, name in (("rt", self.rt_edit, "RT"), ("rw", self.rw_edit, "RW")):
            typed = edit.text().strip()
            checked = fields.parse_rt_rw(typed, name)
            setattr(applicant, attribute, checked.value if checked.ok else (typed or None))  # Back keeps it

    def problems(self, applicant: Applicant) -> list[Finding]:
        """RT/RW that are not numbers, and a place that does not belong to the one above it."""
        found = [*fields.check("rt", applicant.rt), *fields.check("rw", applicant.rw)]
        province, regency, district = applicant.province_code, applicant.regency_code, applicant.district_code
        if (province and regency and not regency.startswith(province)) or (
                regency and district and not district.startswith(regency)):
            found.append(error("address.inconsistent", _("Pilih lagi kabupaten / kota dan kecamatan.")))
        return found

    # --- the chained lists ----------------------------------------------------------------------------

    def _codes(self) -> tuple[str | None, str | None, str | None]:
        """Province, regency and district codes; a lower level counts only inside the level above it."""
        province = self.province_combo.code()
        regency = self.regency_combo.code() if province else None
        district = self.district_combo.code() if regency else None
        if regency and province and not regency.startswith(province):
            regency, district = None, None
        if district and regency and not district.startswith(regency):
            district = None
        return province, regency, district

    def _show_region(self, province: str | None, regency: str | None, district: str | None) -> None:
        self.province_combo.set_places(regions.provinces(), province)
        province = self.province_combo.chosen_code()
        self.regency_combo.set_places(regions.regencies(province) if province else [], regency)
        regency = self.regency_combo.chosen_code()
        self.district_combo.set_places(regions.districts(regency) if regency else [], district)

    def _on_province_chosen(self) -> None:
        province = self.province_combo.chosen_code()
        self.regency_combo.set_places(regions.regencies(province) if province else [], None)
        self.district_combo.set_places([], None)
        self._on_region_edited()

    def _on_regency_chosen(self) -> None:
        regency = self.regency_combo.chosen_code()
        self.district_combo.set_places(regions.districts(regency) if regency else [], None)
        self._on_region_edited()

    def _on_region_edited(self) -> None:
        unknown = [name for combo, name in ((self.province_combo, _("provinsi")),
                                            (self.regency_combo, _("kabupaten / kota")),
                                            (self.district_combo, _("kecamatan")))
                   if combo.typed_unknown() and not _typing_in(combo)]
        message = _("Nama {place} ini tidak ada di daftar. Pilih dari daftar.")
        self.region_feedback.show_findings(
            [error("address.not_on_list", message.format(place=name)) for name in unknown])
        from_nik = self._nik_codes is not None and self._codes() == self._nik_codes
        self.from_nik_note.show_text(
            _("Sudah diisi dari NIK. Ubah jika Anda sekarang tinggal di tempat lain.") if from_nik else "")
        self.changed.emit()

    def _on_rt_rw_edited(self) -> None:
        self.rt_rw_feedback.show_findings([*fields.check("rt", self.rt_edit.text()),
                                           *fields.check("rw", self.rw_edit.text())])


def _typing_in(combo: QComboBox) -> bool:
    """True while the person is typing in this list's field: "Jawa Ti" is not yet a wrong name."""
    focus = QApplication.focusWidget()
    return focus is not None and (focus is combo or combo.isAncestorOf(focus))


def _nik_codes(nik: str | None) -> tuple[str | None, str | None, str | None] | None:
    """The province, regency and district a NIK was first registered in, as far as they are known."""
    if not nik or len(nik) < 6:
        return None
    region = regions.closest(nik[:6])
    if region is None:
        return None
    return region.province_code, region.regency_code, region.district_code
