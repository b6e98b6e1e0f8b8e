"""The record view's read-only part: every field of one person, grouped, in plain words."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from prakerja_desktop.domain import regions
from prakerja_desktop.domain.eligibility import format_day
from prakerja_desktop.domain.options import load_options
from prakerja_desktop.domain.phone import parse_phone
from prakerja_desktop.i18n import _, language_name
from prakerja_desktop.staff.views import RecordDetail
from ui.models.records_model import local_time, outcome_words
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
    parsed = parse_phone(e164).value if e164 else None
    return parsed.national if parsed else _text(e164)


def sections(detail: RecordDetail) -> list[tuple[str, list[Line]]]:
    """(heading, lines) for every group of the record."""
    v = detail.values
    options = load_options()
    district = regions.lookup(v.get("district_code") or "")
    sex = {"L": _("Laki-laki"), "P": _("Perempuan")}.get(v.get("sex") or "", _("(tidak diisi)"))
    email = _("Belum punya email") if v.get("has_email") is False else _text(v.get("email"))
    interests = ", ".join(options.training_interests.label(c) for c in v.get("training_interests") or [])
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
            ("full_name", _("Nama lengkap"), _text(v.get("full_name"))),
            ("nik", _("NIK"), _text(v.get("nik"))),
            ("kk_number", _("Nomor KK"), _text(v.get("kk_number"))),
            ("birth_place", _("Tempat lahir"), _text(v.get("birth_place"))),
            ("birth_date", _("Tanggal lahir"), _day(v.get("birth_date"))), ("sex", _("Jenis kelamin"), sex)]),
        (_("Kontak"), [("phone_e164", _("Nomor HP"), phone_words(v.get("phone_e164"))),
                       ("email", _("Email"), email)]),
        (_("Alamat tempat tinggal"), [
            ("province_code", _("Provinsi"), regions.province_name(v.get("province_code") or "")
             or _text(v.get("province_code"))),
            ("regency_code", _("Kabupaten/Kota"), regions.regency_name(v.get("regency_code") or "")
             or _text(v.get("regency_code"))),
            ("district_code", _("Kecamatan"), district.district if district and district.district
             else _text(v.get("district_code"))),
            ("village", _("Desa/Kelurahan"), _text(v.get("village"))),
            ("street", _("Jalan"), _text(v.get("street"))),
            ("rt_rw", _("RT/RW"), rt_rw)]),
        (_("Pendidikan dan pekerjaan"), [
            ("education", _("Pendidikan terakhir"),
             options.education.label(v["education"]) if v.get("education") else _text(None)),
            ("employment", _("Pekerjaan sekarang"),
             options.employment.label(v["employment"]) if v.get("employment") else _text(None)),
            ("training_interests", _("Minat pelatihan"), interests or _("(tidak dipilih)"))]),
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
            ("submitted_at", _("Dicatat pada"), local_time(submitted) if isinstance(submitted, datetime)
             else _text(submitted)),
            ("entered_by_name", _("Dicatat oleh"), v.get("entered_by_name") or _("Mandiri (di kios)")),
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
