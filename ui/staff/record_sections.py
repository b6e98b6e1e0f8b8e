"""The record view's read-only part: every field of one person, grouped, in plain words."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from prakerja_desktop.domain import fields
from prakerja_desktop.domain.eligibility import format_day
from prakerja_desktop.i18n import _, language_name
from prakerja_desktop.staff.views import RecordDetail
from ui.models.records_model import outcome_words
from ui.staff.common import big_button, heading

Line = tuple[str, str, str]  # (key, label, value)
LABEL_WIDTH = 250


def _text(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return _("(tidak diisi)")
    return str(value).strip()


def _yes_no(value: bool | None) -> str:
    return _("(belum dijawab)") if value is None else (_("Ya") if value else _("Tidak"))


def _day(value: date | None) -> str:
    return format_day(value) if value else _("(tidak diisi)")


def phone_words(e164: str | None) -> str:
    """"0812-3456-7890" from "+6281234567890"."""
    return fields.display("phone_e164", e164) or _text(None)


def _line(values: dict[str, Any], name: str) -> Line:
    """One field of the record: the catalogue's label and its value in words."""
    return name, fields.label(name), fields.display(name, values.get(name)) or _text(None)


def sections(detail: RecordDetail) -> list[tuple[str, list[Line]]]:
    """(heading, lines) for every group of the record."""
    v = detail.values
    email = _("Belum punya email") if v.get("has_email") is False else _text(v.get("email"))
    interests = fields.display("training_interests", v.get("training_interests") or [])
    answers = v.get("eligibility_answers") or {}
    consent = v.get("consent") or {}
    readiness = [(f"ready_{n}", label.rstrip("."), {True: _("✔ Siap"), False: _("✖ Belum siap")}.get(
        state, _("? Belum dijawab"))) for n, (label, state) in enumerate(detail.readiness)]
    reasons = "\n".join(f"• {line}" for line in detail.reasons) or _("Tidak ada masalah yang ditemukan.")
    rt_rw = _("(tidak diisi)")
    if v.get("rt") or v.get("rw"):
        rt_rw = f"{v.get('rt') or '-'}/{v.get('rw') or '-'}"
    submitted = v.get("submitted_at")
    return [
        (_("Data diri"), [
            _line(v, "full_name"), _line(v, "nik"), _line(v, "kk_number"), _line(v, "birth_place"),
            _line(v, "birth_date"), _line(v, "sex")]),
        (_("Kontak"), [_line(v, "phone_e164"), ("email", fields.label("email"), email)]),
        (_("Alamat tempat tinggal"), [
            _line(v, "province_code"), _line(v, "regency_code"), _line(v, "district_code"), _line(v, "village"),
            _line(v, "street"), ("rt_rw", _("RT/RW"), rt_rw)]),
        (_("Pendidikan dan pekerjaan"), [
            _line(v, "education"), _line(v, "employment"),
            ("training_interests", fields.label("training_interests"), interests or _("(tidak dipilih)"))]),
        (_("Hasil cek kelayakan"), [("outcome", _("Hasil"), outcome_words(v.get("eligibility_outcome"))),
                                    ("reasons", _("Alasan"), reasons)]),
        (_("Pertanyaan syarat"), [
            ("citizen", _("Warga Negara Indonesia (WNI)"), _yes_no(answers.get("citizen"))),
            ("in_school", _("Sedang sekolah atau kuliah"), _yes_no(answers.get("in_school"))),
            ("prior_recipient", _("Pernah menerima Kartu Prakerja"),
             _yes_no(answers.get("prior_recipient")))]),
        (_("Yang perlu disiapkan"), readiness),
        (_("Persetujuan"), [
            ("consent_store", _("Data disimpan di kantor ini"), _yes_no(consent.get("store_record"))),
            ("consent_contact", _("Kantor boleh menghubungi lewat HP"),
             _yes_no(consent.get("follow_up_contact"))),
            # The language of the receipt (and of a reprint): the one the person chose.
            ("consent_language", _("Bahasa yang dipilih"), language_name(consent.get("language") or "id"))]),
        (_("Pencatatan"), [
            ("receipt_number", _("Nomor tanda terima"), _text(v.get("receipt_number"))),
            ("submitted_at", _("Dicatat pada"), v.get("submitted_shown") or _text(submitted)),
            ("entered_by_name", _("Dicatat oleh"), v.get("entered_by_name") or _("Pemohon sendiri (tanpa petugas)")),
            ("registered_online_on", _("Daftar online pada"), _day(v.get("registered_online_on")))]),
    ]


class DetailSections(QWidget):
    """Every group as a heading and label/value rows; values are selectable text."""

    reveal_requested = Signal()  # "Lihat NIK lengkap" was pressed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailSections")
        self.values: dict[str, QLabel] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.forms: dict[str, QGridLayout] = {}
        self.reveal_button: QPushButton | None = None  # "Lihat NIK lengkap", beside the NIK

    def show_detail(self, detail: RecordDetail) -> None:
        """Fill in (or replace) every group."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.values.clear()
        self.forms.clear()
        self.reveal_button = None
        for title, lines in sections(detail):
            self._layout.addWidget(heading(title, self, "sectionHeading"))
            box = QWidget(self)
            form = QGridLayout(box)
            form.setContentsMargins(0, 0, 0, 0)
            form.setHorizontalSpacing(16)
            form.setColumnMinimumWidth(0, LABEL_WIDTH)
            form.setColumnStretch(1, 1)
            for row, (key, label_text, value) in enumerate(lines):
                label = QLabel(label_text + ":", box)
                label.setProperty("class", "fieldLabel")
                label.setWordWrap(True)
                label.setFixedWidth(LABEL_WIDTH)
                label.setAlignment(Qt.AlignmentFlag.AlignLeft | (
                    Qt.AlignmentFlag.AlignVCenter if key == "nik" else Qt.AlignmentFlag.AlignTop))
                shown = QLabel(value, box)
                shown.setObjectName(f"value_{key}")
                shown.setWordWrap(True)
                shown.setTextFormat(Qt.TextFormat.PlainText)
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                shown.setAccessibleName(f"{label_text}: {value}")
                label.setBuddy(shown)
                form.addWidget(label, row, 0)
                form.addWidget(self._with_reveal_button(box, shown) if key == "nik" else shown, row, 1)
                self.values[key] = shown
            self.forms[title] = form
            self._layout.addWidget(box)

    def _with_reveal_button(self, parent: QWidget, shown: QLabel) -> QWidget:
        row = QWidget(parent)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        shown.setParent(row)
        layout.addWidget(shown)
        self.reveal_button = big_button(_("Lihat NIK lengkap"), "revealNik", row)
        self.reveal_button.clicked.connect(self.reveal_requested.emit)
        layout.addWidget(self.reveal_button)
        layout.addStretch(1)
        return row

    def set_value(self, key: str, text: str) -> None:
        """Change one shown value (the full NIK after "Lihat NIK lengkap")."""
        label = self.values.get(key)
        if label is not None:
            label.setText(text)
            name = label.accessibleName().split(":", 1)[0]
            label.setAccessibleName(f"{name}: {text}")
