"""Review: every answer on one screen, grouped by step with an "Ubah" button each, and the live pre-check.

The NIK and KK number are shown in full here (it is the applicant's own review and they must check them
digit by digit), grouped in fours for reading. Printouts mask them; this screen does not.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from prakerja_desktop.domain import flow, regions
from prakerja_desktop.domain.applicant import Applicant, Draft
from prakerja_desktop.domain.eligibility import EligibilityResult, format_day
from prakerja_desktop.domain.findings import Finding
from prakerja_desktop.domain.nik import parse_nik
from prakerja_desktop.domain.options import load_options
from prakerja_desktop.domain.phone import parse_phone
from prakerja_desktop.domain.rules import NO_POSITION, RuleSet
from prakerja_desktop.i18n import _, pick
from ui.style import follow_display
from ui.widgets.feedback import FeedbackLabel
from ui.wizard.done import PAGE_STYLE, OutcomeView, add_heading, plain_label
from ui.wizard.page import WizardPage

logger = logging.getLogger(__name__)

Lines = list[tuple[str, str]]


def grouped(digits: str | None) -> str:
    """A long number in groups of four, e.g. "3508 2045 0505 0001"."""
    if not digits:
        return _("(belum diisi)")
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def _text(value: str | None) -> str:
    return value.strip() if value and value.strip() else _("(belum diisi)")


def _yes_no(value: bool | None) -> str:
    return _("(belum dijawab)") if value is None else (_("Ya") if value else _("Tidak"))


def _consent(a: Applicant, _rules: RuleSet) -> Lines:
    agreed = _("Setuju") if a.consent.store_record else _("Tidak setuju")
    return [(_("Data disimpan di kantor ini"), agreed if a.consent.text_version else _("(belum dijawab)")),
            (_("Kantor boleh menghubungi lewat HP"), _yes_no(a.consent.follow_up_contact))]


def _eligibility(a: Applicant, rule_set: RuleSet) -> Lines:
    answers = a.eligibility
    code = answers.excluded_position
    position = rule_set.position(code) if code else None
    if code == NO_POSITION:
        held = _("Tidak ada")
    else:
        held = pick(position.label.as_dict()) if position else (code or _("(belum dijawab)"))
    return [(_("Warga Negara Indonesia (WNI)"), _yes_no(answers.citizen)),
            (_("Sedang sekolah atau kuliah"), _yes_no(answers.in_school)),
            (_("Memegang jabatan yang dilarang"), held),
            (_("Pernah menerima Kartu Prakerja"), _yes_no(answers.prior_recipient))]


def _identity(a: Applicant, _rules: RuleSet) -> Lines:
    sex = {"L": _("Laki-laki"), "P": _("Perempuan")}.get(a.sex or "", _("(belum dipilih)"))
    born = format_day(a.birth_date) if a.birth_date else _("(belum diisi)")
    return [(_("NIK"), grouped(a.nik)), (_("Nama lengkap"), _text(a.full_name)),
            (_("Tempat lahir"), _text(a.birth_place)), (_("Tanggal lahir"), born), (_("Jenis kelamin"), sex)]


def _family(a: Applicant, _rules: RuleSet) -> Lines:
    return [(_("Nomor KK"), grouped(a.kk_number))]


def _contact(a: Applicant, _rules: RuleSet) -> Lines:
    phone = parse_phone(a.phone_e164).value if a.phone_e164 else None
    if a.has_email is False:
        email = _("Belum punya email")
    else:
        email = _text(a.email)
    return [(_("Nomor HP"), phone.national if phone else _text(a.phone_e164)), (_("Email"), email)]


def _address(a: Applicant, _rules: RuleSet) -> Lines:
    district = regions.lookup(a.district_code or "")
    rt_rw = f"{a.rt or '-'}/{a.rw or '-'}" if (a.rt or a.rw) else _("(tidak diisi)")
    return [(_("Provinsi"), regions.province_name(a.province_code or "") or _text(a.province_code)),
            (_("Kabupaten/Kota"), regions.regency_name(a.regency_code or "") or _text(a.regency_code)),
            (_("Kecamatan"), district.district if district and district.district else _text(a.district_code)),
            (_("Desa/Kelurahan"), _text(a.village)),
            (_("Jalan"), a.street.strip() if a.street and a.street.strip() else _("(tidak diisi)")),
            (_("RT/RW"), rt_rw)]


def _education_work(a: Applicant, _rules: RuleSet) -> Lines:
    options = load_options()
    interests = ", ".join(options.training_interests.label(c) for c in a.training_interests)
    education = options.education.label(a.education) if a.education else _text(None)
    employment = options.employment.label(a.employment) if a.employment else _text(None)
    return [(_("Pendidikan terakhir"), education), (_("Pekerjaan sekarang"), employment),
            (_("Minat pelatihan"), interests or _("(tidak dipilih)"))]


def _readiness(a: Applicant, rule_set: RuleSet) -> Lines:
    return [(pick(item.label.as_dict()).rstrip("."), _yes_no(getattr(a.readiness, item.field)))
            for item in rule_set.readiness_items]


# (step, heading, lines) in the order of the flow; every step here has an "Ubah" button.
SECTIONS: tuple[tuple[str, Callable[[], str], Callable[[Applicant, RuleSet], Lines]], ...] = (
    (flow.CONSENT, lambda: _("Persetujuan"), _consent),
    (flow.ELIGIBILITY, lambda: _("Pertanyaan syarat"), _eligibility),
    (flow.IDENTITY, lambda: _("Data diri"), _identity),
    (flow.FAMILY, lambda: _("Kartu Keluarga"), _family),
    (flow.CONTACT, lambda: _("Kontak"), _contact),
    (flow.ADDRESS, lambda: _("Alamat tempat tinggal"), _address),
    (flow.EDUCATION_WORK, lambda: _("Pendidikan dan pekerjaan"), _education_work),
    (flow.READINESS, lambda: _("Yang perlu disiapkan"), _readiness),
)


class ReviewPage(WizardPage):
    """Everything at a glance before it is stored."""

    step = flow.REVIEW

    def __init__(self, context, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(context, parent)
        follow_display(self, PAGE_STYLE, base=False)
        self.add_text(_("Periksa sekali lagi semua isian Anda. Jika ada yang salah, tekan \"Ubah\". "
                        "NIK dan nomor KK harus sama persis dengan KTP dan KK: cocokkan angka demi angka."))
        self.missing = FeedbackLabel(self)
        self.missing.setObjectName("reviewMissing")
        self.layout_.addWidget(self.missing)
        add_heading(self, _("Hasil pemeriksaan awal"))
        self.outcome = OutcomeView(self, with_notes=False)  # the done page gives the notes
        self.layout_.addWidget(self.outcome)
        self.bodies: dict[str, QLabel] = {}
        self.edit_buttons: dict[str, QPushButton] = {}
        for step, heading, _lines in SECTIONS:
            self._add_section(step, heading())
        self.layout_.addStretch(1)
        self._precheck_serial = 0

    def title(self) -> str:
        """The heading."""
        return _("Periksa data Anda")

    def next_text(self) -> str | None:
        """Next stores the record here."""
        return _("Simpan dan selesai ›")

    def load(self, draft: Draft) -> None:
        """Fill every section from the draft and start the pre-check on the worker."""
        applicant = draft.applicant
        for step, _heading, lines in SECTIONS:
            pairs = lines(applicant, self.context.rule_set)
            # Values in bold: they are what the person checks. Escaped: names are typed by people.
            self.bodies[step].setText("".join(f"<p style='margin:0; line-height:135%'>{escape(label)}: "
                                              f"<b>{escape(value)}</b></p>" for label, value in pairs))
            self.bodies[step].setAccessibleName("\n".join(f"{label}: {value}" for label, value in pairs))
        blocking = [*flow.can_leave(flow.REVIEW, applicant).errors, *self.problems(applicant)]
        self.missing.show_findings(blocking)
        self._start_precheck(draft)

    def problems(self, applicant: Applicant) -> list[Finding]:
        """A NIK that cannot be right blocks storing (submit would refuse it anyway)."""
        if not applicant.nik:
            return []  # "not filled in" is the flow's message
        checked = parse_nik(applicant.nik, stated_birth_date=applicant.birth_date, today=self.context.today())
        return list(checked.errors)

    def _add_section(self, step: str, heading: str) -> None:
        row = QHBoxLayout()
        row.setSpacing(24)
        label = plain_label(self, heading, "sectionHeading")
        label.setWordWrap(False)  # a short heading; wrapping would squeeze it beside its button
        button = QPushButton(_("Ubah"), self)
        button.setObjectName(f"edit_{step}")
        button.setAccessibleName(_("Ubah {section}").format(section=heading))
        button.clicked.connect(lambda _checked=False, step=step: self.jump_requested.emit(step))
        # The button sits right beside its heading, so on a wide screen it is not far from the text.
        row.addWidget(label)
        row.addWidget(button)
        row.addStretch(1)
        self.layout_.addSpacing(10)
        self.layout_.addLayout(row)
        body = QLabel(self)
        body.setObjectName(f"section_{step}")
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        self.layout_.addWidget(body)
        self.bodies[step] = body
        self.edit_buttons[step] = button

    def _start_precheck(self, draft: Draft) -> None:
        self._precheck_serial += 1
        serial = self._precheck_serial
        context, snapshot, today = self.context, copy.deepcopy(draft), self.context.today()
        self.outcome.show_message(_("Sedang memeriksa syarat…"))
        self.context.run(lambda: context.app.records.precheck(snapshot, today),
                         lambda result: self._on_precheck_done(serial, result),
                         lambda exc: self._on_precheck_failed(serial, exc), owner=self)

    def _on_precheck_done(self, serial: int, result: EligibilityResult) -> None:
        if serial == self._precheck_serial:  # an older check finishing late must not win
            self.outcome.show_result(result)

    def _on_precheck_failed(self, serial: int, exc: Exception) -> None:
        if serial != self._precheck_serial:
            return
        logger.warning("the eligibility pre-check failed: %s", type(exc).__name__)
        self.outcome.show_message(_("Pemeriksaan awal belum bisa dilakukan sekarang. Data Anda tetap bisa "
                                    "disimpan; hasilnya diperiksa lagi saat disimpan."))
