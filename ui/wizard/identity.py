"""Identity (screen 4): NIK with live feedback, name, place and date of birth, sex."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QStyledItemDelegate, QWidget

from prakerja_desktop.domain import fields, flow
from prakerja_desktop.domain.applicant import Applicant, Draft
from prakerja_desktop.domain.digits import count_line, scan_digits
from prakerja_desktop.domain.eligibility import age_finding
from prakerja_desktop.domain.fields import collapse_spaces
from prakerja_desktop.domain.findings import CheckResult, Finding, Severity, error, info
from prakerja_desktop.domain.nik import MAX_AGE, NikInfo, fmt_date, parse_nik
from prakerja_desktop.domain.spoken import NumberKind
from prakerja_desktop.domain.step_warnings import sex_mismatch
from prakerja_desktop.i18n import _
from ui.operations import log_failure
from ui.widgets.card_hint import CardHint
from ui.widgets.choice import OptionButtons
from ui.widgets.feedback import FeedbackLabel, ReservedLine
from ui.wizard.page import WizardPage

NIK_LENGTH = 16
FIELD_WIDTH = 560  # wide fields on a big screen are hard to read; they still shrink on a small one
WIDE_FIELD_WIDTH = 760
MISMATCH = "nik.birth_date_mismatch"


def month_names() -> tuple[str, ...]:
    """January to December in the current language."""
    return (_("Januari"), _("Februari"), _("Maret"), _("April"), _("Mei"), _("Juni"), _("Juli"),
            _("Agustus"), _("September"), _("Oktober"), _("November"), _("Desember"))


def sex_word(sex: str) -> str:
    """"laki-laki" or "perempuan"."""
    return _("perempuan") if sex == "P" else _("laki-laki")


class BirthDateChoice(QWidget):
    """Day, month by name and year as three big lists; empty until chosen (a QDateEdit is never empty)."""

    changed = Signal()  # the person changed it (not emitted by set_value)

    def __init__(self, accessible_name: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        # Popup rows as tall as a finger; the app stylesheet has no rule for combo popups yet.
        self.setStyleSheet("QComboBox QAbstractItemView::item { min-height: 44px; }")
        self._years = [today.year - back for back in range(MAX_AGE + 1)]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.day = self._combo("birthDay", _("Tanggal"), [str(d) for d in range(1, 32)], accessible_name)
        self.month = self._combo("birthMonth", _("Bulan"), list(month_names()), accessible_name)
        self.year = self._combo("birthYear", _("Tahun"), [str(y) for y in self._years], accessible_name)
        for combo, widest in ((self.day, 150), (self.month, 250), (self.year, 180)):
            combo.setMaximumWidth(widest)  # a wide screen must not stretch them into bars
            layout.addWidget(combo, 1)
        layout.addStretch(1)

    def _combo(self, name: str, placeholder: str, items: list[str], accessible_name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setItemDelegate(QStyledItemDelegate(combo))  # lets the stylesheet size the rows
        combo.addItems(items)
        combo.setPlaceholderText(placeholder)
        combo.setCurrentIndex(-1)
        combo.setMaxVisibleItems(8)
        combo.setAccessibleName(f"{accessible_name}: {placeholder.lower()}")
        combo.activated.connect(lambda _index: self.changed.emit())
        return combo

    def parts(self) -> tuple[int | None, int | None, int | None]:
        """Day, month and year as chosen (None where not chosen)."""
        day, month, year = self.day.currentIndex(), self.month.currentIndex(), self.year.currentIndex()
        return (day + 1 if day >= 0 else None, month + 1 if month >= 0 else None,
                self._years[year] if year >= 0 else None)

    def value(self) -> date | None:
        """The date, or None when incomplete or not a real date."""
        day, month, year = self.parts()
        if day is None or month is None or year is None:
            return None
        try:
            return date(year, month, day)
        except ValueError:
            return None

    def impossible(self) -> bool:
        """True when all three are chosen but make no real date (31 February)."""
        return None not in self.parts() and self.value() is None

    def set_value(self, value: date | None) -> None:
        """Show a date (None clears it); a year outside the list leaves the year empty."""
        self.day.setCurrentIndex(value.day - 1 if value else -1)
        self.month.setCurrentIndex(value.month - 1 if value else -1)
        known_year = value is not None and value.year in self._years
        self.year.setCurrentIndex(self._years.index(value.year) if value and known_year else -1)


class IdentityPage(WizardPage):
    """NIK first (it tells the birth date, sex and region), then what else is on the KTP."""

    step = flow.IDENTITY

    def __init__(self, context, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(context, parent)
        self._nik_date: date | None = None  # what the NIK said when the date was filled in from it
        self._nik_sex: str | None = None
        self.add_text(_("Salin dari KTP Anda. Data ini harus sama persis dengan data di Dukcapil."))
        self.nik_edit = self.line_edit(_("NIK (16 angka di KTP)"), "nik", max_length=40, digits=True)
        self.nik_edit.setMaximumWidth(FIELD_WIDTH)
        self.nik_read_back = self.add_read_back(self.nik_edit, NumberKind.NIK)
        self.nik_count = ReservedLine(self)
        self.nik_count.setObjectName("nikCount")
        self.layout_.addWidget(self.nik_count)
        self.nik_feedback = FeedbackLabel(self, reserve=True)  # lines appearing while typing keep their room
        self.nik_feedback.setObjectName("nikFeedback")
        self.layout_.addWidget(self.nik_feedback)
        self.duplicate_feedback = FeedbackLabel(self)
        self.duplicate_feedback.setObjectName("nikRecordedFeedback")
        self.layout_.addWidget(self.duplicate_feedback)
        self.open_existing = QPushButton(_("Buka data yang sudah ada"), self)
        self.open_existing.setObjectName("openExistingRecord")
        self.open_existing.setAccessibleName(self.open_existing.text())
        self.open_existing.setVisible(False)
        self.open_existing.clicked.connect(self._on_open_existing)
        self.layout_.addWidget(self.open_existing, 0, Qt.AlignmentFlag.AlignLeft)
        self._recorded: dict[str, tuple[Any, str] | None] = {}  # NIK -> existing record, as checked
        self.nik_hint = CardHint("ktp.svg", _("NIK ada di baris paling atas KTP, di bawah nama provinsi dan "
                                              "kabupaten/kota: 16 angka setelah tulisan \"NIK\"."), self)
        self.layout_.addWidget(self.nik_hint)

        self.name_edit = self.line_edit(_("Nama lengkap (tulis persis seperti di KTP)"), "fullName")
        self.name_edit.setMaximumWidth(WIDE_FIELD_WIDTH)
        self.name_feedback = FeedbackLabel(self, reserve=True)
        self.layout_.addWidget(self.name_feedback)
        self.place_edit = self.line_edit(_("Tempat lahir"), "birthPlace", max_length=100)
        self.place_edit.setMaximumWidth(FIELD_WIDTH)

        self.birth_date = BirthDateChoice(_("Tanggal lahir"), context.today(), self)
        self.birth_date.setObjectName("birthDate")
        self.add_field_label(_("Tanggal lahir"), self.birth_date).setBuddy(self.birth_date.day)
        self.layout_.addWidget(self.birth_date)
        self.date_feedback = FeedbackLabel(self)
        self.date_feedback.setObjectName("birthDateFeedback")
        self.layout_.addWidget(self.date_feedback)

        self.sex = OptionButtons((("L", _("Laki-laki")), ("P", _("Perempuan"))), _("Jenis kelamin"),
                                 parent=self)
        self.sex.setObjectName("sex")
        self.add_field_label(_("Jenis kelamin"), self.sex)
        self.layout_.addWidget(self.sex)
        self.sex_feedback = FeedbackLabel(self)
        self.layout_.addWidget(self.sex_feedback)
        self.layout_.addStretch(1)
        self.targets.update({"full_name": self.name_edit, "name": self.name_edit, "birth_place": self.place_edit,
                             "birth_date": self.birth_date, "birth": self.birth_date,
                             "birth_date_impossible": self.birth_date, "nik_recorded": self.nik_edit})

        self.nik_edit.textChanged.connect(lambda _text: self._refresh())
        self.nik_edit.editingFinished.connect(self._refresh)  # a short NIK is an error once they move on
        self.name_edit.textChanged.connect(lambda _text: self._refresh_name(typing=True))
        self.name_edit.editingFinished.connect(self._refresh_name)  # checked on leaving the field
        self.birth_date.changed.connect(self._refresh)
        self.sex.changed.connect(self._refresh)

    def title(self) -> str:
        """The heading."""
        return _("Data diri sesuai KTP")

    # --- the page contract -----------------------------------------------------------------------

    def load(self, draft: Draft) -> None:
        """Show the answers; the date and sex keep following the NIK only if they still match it."""
        applicant = draft.applicant
        self.name_edit.setText(applicant.full_name or "")
        self.place_edit.setText(applicant.birth_place or "")
        self.birth_date.set_value(applicant.birth_date)
        self.sex.set_value(applicant.sex)
        decoded = parse_nik(applicant.nik or "", today=self.context.today()).value
        same_date = decoded is not None and decoded.birth_date == applicant.birth_date
        self._nik_date = decoded.birth_date if decoded and same_date else None
        self._nik_sex = decoded.sex if decoded and decoded.sex == applicant.sex else None
        self.nik_edit.setText(applicant.nik or "")
        self._refresh()
        self._refresh_name()

    def apply(self, applicant: Applicant) -> None:
        """Store the clean NIK (or the text as typed, so Back shows it again) and the other answers."""
        text = self.nik_edit.text()
        stated = self.birth_date.value()
        decoded = parse_nik(text, stated_birth_date=stated, today=self.context.today()).value
        applicant.nik = decoded.nik if decoded else (text or None)
        applicant.full_name = collapse_spaces(self.name_edit.text()) or None
        applicant.birth_place = collapse_spaces(self.place_edit.text()) or None
        applicant.birth_date = stated
        applicant.sex = self.sex.value()

    def problems(self, applicant: Applicant) -> list[Finding]:
        """Errors that block Next: the NIK, name and date checks, and a NIK already recorded here."""
        found = list(self._problems(applicant))
        if self._current_recorded() is not None:
            found.append(error("identity.nik_recorded", _("NIK ini sudah tercatat di kantor ini.")))
        return found

    def _problems(self, applicant: Applicant) -> list[Finding]:
        """A NIK that cannot be right, a name without letters, a date that does not exist."""
        found: list[Finding] = []
        today = self.context.today()
        if applicant.nik and applicant.nik.strip():
            found.extend(f for f in fields.check("nik", applicant.nik, today) if f.severity is Severity.ERROR)
        found.extend(self._name_findings(applicant.full_name or ""))
        found.extend(f for f in self._date_findings(applicant.birth_date) if f.severity is Severity.ERROR)
        return found

    # --- live feedback ---------------------------------------------------------------------------

    def _refresh(self) -> None:
        """Recheck the NIK, fill in the date and sex from it, and explain what it says."""
        text, today = self.nik_edit.text(), self.context.today()
        count = len(scan_digits(text).digits)
        self.nik_count.setText(count_line(text, NIK_LENGTH))  # every character, the non-digits named
        self.nik_count.setAccessibleName(self.nik_count.text())
        decoded = parse_nik(text, today=today).value
        if decoded is not None:
            self._fill_from(decoded)
        result = parse_nik(text, stated_birth_date=self.birth_date.value(), today=today)
        self.nik_feedback.show_findings(self._nik_findings(result, count))
        self._check_recorded(decoded.nik if decoded is not None else None)
        self._show_date_feedback(result)
        self._show_sex_feedback(result.value)
        self.changed.emit()  # after the date and sex were filled in, so Next is judged on them

    def _check_recorded(self, nik: str | None) -> None:
        """Ask the worker whether this NIK is already recorded here (once per NIK typed)."""
        if nik is None:
            self._show_recorded(None)
            return
        if nik in self._recorded:
            self._show_recorded(nik)
            return
        context = self.context
        self.context.run(lambda: context.app.records.recorded_nik(nik), lambda found: self._on_recorded(nik, found),
                         log_failure("looking up a recorded NIK"), owner=self)

    def _on_recorded(self, nik: str, found: tuple[Any, str] | None) -> None:
        self._recorded[nik] = found
        self._show_recorded(nik)
        self.changed.emit()

    def _current_recorded(self) -> tuple[Any, str] | None:
        """The existing record of the NIK now in the field, if known."""
        decoded = parse_nik(self.nik_edit.text(), today=self.context.today()).value
        return self._recorded.get(decoded.nik) if decoded is not None else None

    def _show_recorded(self, nik: str | None) -> None:
        """Explain that the NIK is already recorded; staff get a button to open that record."""
        found = self._recorded.get(nik) if nik else None
        staff_mode = self.context.staff is not None
        if found is None:
            self.duplicate_feedback.clear_findings()
        elif staff_mode:
            self.duplicate_feedback.show_findings([error("identity.nik_recorded", _(
                "NIK ini sudah tercatat dengan nomor tanda terima {receipt}. Buka data itu untuk "
                "memperbaruinya; jangan membuat data kedua.").format(receipt=found[1]))])
        else:
            # At the kiosk the receipt number is not shown: whoever typed the NIK may not be its owner.
            self.duplicate_feedback.show_findings([error("identity.nik_recorded", _(
                "NIK ini sudah tercatat di kantor ini. Anda tidak perlu mengisi lagi: minta bantuan "
                "petugas untuk melihat atau memperbarui data Anda."))])
        self.open_existing.setVisible(found is not None and staff_mode and self.context.open_record is not None)

    def _on_open_existing(self) -> None:
        found = self._current_recorded()
        if found is not None and self.context.open_record is not None:
            self.context.open_record(found[0])

    def _fill_from(self, decoded: NikInfo) -> None:
        """Fill in the date and sex from the NIK unless the person chose something else."""
        empty = self.birth_date.parts() == (None, None, None)
        if empty or (self._nik_date is not None and self.birth_date.value() == self._nik_date):
            self.birth_date.set_value(decoded.birth_date)
        if self.sex.value() in (None, self._nik_sex):
            self.sex.set_value(decoded.sex)
        self._nik_date, self._nik_sex = decoded.birth_date, decoded.sex

    def _nik_findings(self, result: CheckResult[NikInfo], count: int) -> list[Finding]:
        findings = [f for f in result.findings if f.code != MISMATCH]
        if count == 0 or (self.nik_edit.hasFocus() and count < NIK_LENGTH
                          and [f.code for f in findings] == ["nik.length"]):
            return []  # still typing: the count says enough, no red text yet
        if result.value is not None:
            findings.append(info("identity.nik_says", _("Dari NIK: {sex}, lahir {date}").format(
                sex=sex_word(result.value.sex), date=fmt_date(result.value.birth_date))))
        return findings

    def _show_date_feedback(self, result: CheckResult[NikInfo]) -> None:
        stated = self.birth_date.value()
        birth = stated or (result.value.birth_date if result.value else None)
        findings = [f for f in result.findings if f.code == MISMATCH]
        findings.extend(self._date_findings(birth))
        self.date_feedback.show_findings(findings)

    def _date_findings(self, birth: date | None) -> list[Finding]:
        """A birth date in the future blocks; the age is told, with the age rule when outside it."""
        if self.birth_date.impossible():
            day, month, year = self.birth_date.parts()
            return [error("identity.birth_date_impossible", _(
                "Tanggal {day} {month} {year} tidak ada. Pilih lagi tanggal lahir seperti di KTP.").format(
                    day=day, month=month_names()[(month or 1) - 1], year=year))]
        if birth is None:
            return []
        today = self.context.today()
        future = fields.check("birth_date", birth, today)
        if future:
            return future  # the catalogue's "birth.future"
        return [age_finding(self.context.rule_set, birth, today)]  # the age rule explains itself (core)

    def _show_sex_feedback(self, decoded: NikInfo | None) -> None:
        mismatch = sex_mismatch(decoded.sex if decoded else None, self.sex.value())
        self.sex_feedback.show_findings([mismatch] if mismatch else [])

    def _refresh_name(self, typing: bool = False) -> None:
        findings = self._name_findings(self.name_edit.text())
        if typing and self.name_edit.hasFocus() and not self.name_feedback.findings:
            findings = []  # still typing: no red text before they leave the field (or press Next)
        self.name_feedback.show_findings(findings)

    def _name_findings(self, name: str) -> list[Finding]:
        """The catalogue's name rule; an empty name is the flow's "fill it in"."""
        return [f for f in fields.check("full_name", name) if f.code != "name.empty"]
