"""Family card (screen 5): the KK number, and how many from this KK are already recorded here (advisory)."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QWidget

from prakerja_desktop.domain import fields, flow
from prakerja_desktop.domain.applicant import Applicant, Draft
from prakerja_desktop.domain.digits import count_line, scan_digits
from prakerja_desktop.domain.eligibility import kk_records_finding
from prakerja_desktop.domain.findings import Finding, Severity, info
from prakerja_desktop.domain.kk import KkInfo, parse_kk
from prakerja_desktop.domain.nik import fmt_date
from prakerja_desktop.domain.spoken import NumberKind
from prakerja_desktop.i18n import _
from ui.widgets.card_hint import CardHint
from ui.widgets.feedback import FeedbackLabel, ReservedLine
from ui.wizard.page import WizardPage

logger = logging.getLogger(__name__)

KK_LENGTH = 16
FIELD_WIDTH = 560  # wide fields on a big screen are hard to read; they still shrink on a small one


class FamilyPage(WizardPage):
    """The KK number with live checks; the count of this office's records from the same KK."""

    step = flow.FAMILY

    def __init__(self, context, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(context, parent)
        self._own_nik: str | None = None  # the applicant's NIK, from the identity step
        self._asked: tuple[str, str | None] | None = None  # (KK, NIK) last sent to the database
        self.add_text(_("Nomor Kartu Keluarga (KK) ada di bagian atas kartu KK. "
                        "Nomor KK berbeda dengan NIK."))
        self.kk_edit = self.line_edit(_("Nomor KK (16 angka)"), "kkNumber", max_length=40, digits=True)
        self.targets.update({"kk_number": self.kk_edit, "kk": self.kk_edit})
        self.kk_edit.setMaximumWidth(FIELD_WIDTH)
        self.kk_read_back = self.add_read_back(self.kk_edit, NumberKind.KK)
        self.kk_count = ReservedLine(self)
        self.kk_count.setObjectName("kkDigitCount")
        self.layout_.addWidget(self.kk_count)
        self.kk_feedback = FeedbackLabel(self, reserve=True)  # lines appearing while typing keep their room
        self.kk_feedback.setObjectName("kkFeedback")
        self.layout_.addWidget(self.kk_feedback)
        self.records_feedback = FeedbackLabel(self)
        self.records_feedback.setObjectName("kkRecordsFeedback")
        self.layout_.addWidget(self.records_feedback)
        self.kk_hint = CardHint("kk.svg", _("Nomor KK ada di bagian atas Kartu Keluarga, di bawah tulisan "
                                            "\"KARTU KELUARGA\", setelah \"No.\". Angka di kolom NIK pada "
                                            "tabel adalah NIK tiap orang, bukan nomor KK."), self,
                              max_width=700)  # a whole sheet: drawn larger than the KTP to stay readable
        self.layout_.addWidget(self.kk_hint)
        self.layout_.addStretch(1)
        self.kk_edit.textChanged.connect(lambda _text: self._refresh())
        self.kk_edit.editingFinished.connect(self._refresh)  # a short number is an error once they move on

    def title(self) -> str:
        """The heading."""
        return _("Kartu Keluarga (KK)")

    # --- the page contract -----------------------------------------------------------------------

    def load(self, draft: Draft) -> None:
        """Show the KK number; the count is asked again (the NIK may have changed meanwhile)."""
        self._own_nik = scan_digits(draft.applicant.nik or "").digits or None
        self._asked = None
        self.kk_edit.setText(draft.applicant.kk_number or "")
        self._refresh()

    def apply(self, applicant: Applicant) -> None:
        """The clean 16 digits, or the text as typed (so Back shows it again)."""
        text = self.kk_edit.text()
        decoded = parse_kk(text, today=self.context.today()).value
        applicant.kk_number = decoded.number if decoded else (text or None)

    def problems(self, applicant: Applicant) -> list[Finding]:
        """A KK number that cannot be right, or the NIK typed as the KK number (the catalogue's rules)."""
        if not applicant.kk_number or not applicant.kk_number.strip():
            return []  # the flow says "fill it in"
        same = fields.kk_vs_nik(applicant.kk_number, applicant.nik)
        if same:
            return same
        return [f for f in fields.check("kk_number", applicant.kk_number, self.context.today())
                if f.severity is Severity.ERROR]

    # --- live feedback ---------------------------------------------------------------------------

    def _refresh(self) -> None:
        text = self.kk_edit.text()
        count = len(scan_digits(text).digits)
        self.kk_count.setText(count_line(text, KK_LENGTH))  # every character, the non-digits named
        self.kk_count.setAccessibleName(self.kk_count.text())
        result = parse_kk(text, today=self.context.today())
        findings = list(result.findings)
        if count == 0 or (self.kk_edit.hasFocus() and count < KK_LENGTH
                          and [f.code for f in findings] == ["kk.length"]):
            findings = []  # still typing: the count says enough, no red text yet
        if result.value is not None:
            findings.append(info("family.kk_issued", _("Tanggal pembuatan KK di dalam nomor: {date}.").format(
                date=fmt_date(result.value.issue_date))))
        same = fields.kk_vs_nik(text, self._own_nik)
        self.kk_feedback.show_findings(same + findings)
        self._ask_records(result.value)

    def _ask_records(self, decoded: KkInfo | None) -> None:
        """Count this office's records with the same KK, on the worker thread."""
        if decoded is None:
            self._asked = None
            self.records_feedback.clear_findings()
            return
        question = (decoded.number, self._own_nik)
        if question == self._asked:
            return
        self._asked = question
        app = self.context.app
        kk, nik = question
        self.context.run(lambda: app.records.kk_count(kk, exclude_nik=nik),
                         lambda found: self._on_counted(question, found),
                         lambda exc: self._on_count_failed(question, exc), owner=self)

    def _on_counted(self, question: tuple[str, str | None], found: int) -> None:
        if question != self._asked:
            return  # the number was changed meanwhile
        self.records_feedback.show_findings([self._records_finding(found)])

    def _on_count_failed(self, question: tuple[str, str | None], exc: Exception) -> None:
        logger.warning("counting records by KK failed: %s", type(exc).__name__)
        if question == self._asked:
            self.records_feedback.show_text(_("Data di kantor ini belum bisa diperiksa sekarang. Petugas "
                                              "akan memeriksanya nanti. Anda tetap boleh melanjutkan."))

    def _records_finding(self, found: int) -> Finding:
        """0: nothing recorded; under the limit: an estimate; at the limit: staff will check (core rule)."""
        counted = kk_records_finding(self.context.rule_set, found)
        if counted is not None:
            return counted
        limit = fields.FieldContext(today=self.context.today(), rule_set=self.context.rule_set, kk_others=found)
        return fields.kk_limit(limit)[0]
