"""Done: the receipt number, the pre-check result with reasons, what is still missing, the next steps.

Also home of the small pieces the review and checklist pages share (outcome view, steps, print row).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Draft, Readiness
from prakerja_desktop.domain.eligibility import EligibilityResult, Outcome, Reason
from prakerja_desktop.domain.findings import Finding
from prakerja_desktop.domain.rules import ReadinessItem, RuleSet
from prakerja_desktop.domain.step_warnings import headline_with_warnings
from prakerja_desktop.i18n import _, pick
from ui.receipts.print_row import JobMaker, PrintRow
from ui.style import follow_display
from ui.wizard.page import WizardPage
from ui.wizard.registration_status import show_registration

if TYPE_CHECKING:
    from ui.receipts.documents import PrintableDocument

# Until app.qss has these rules (a shared file), the pages that use them carry them.
PAGE_STYLE = """
QLabel#sectionHeading { font-size: 23px; font-weight: bold; }
QLabel#outcomeHeadline { font-size: 22px; font-weight: bold; }
QLabel#receiptNumber { font-size: 34px; font-weight: bold; border: 3px solid @primary@; padding: 12px; }
QLabel#printNote { color: @muted@; }
QLabel#checklistItem { font-weight: bold; padding-top: 10px; }
QLabel#checklistFix { padding-left: 28px; }
"""


def plain_label(parent: QWidget, text: str, object_name: str = "pageIntro") -> QLabel:
    """A wrapped plain-text label whose accessible name is its text."""
    label = QLabel(text, parent)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(text)
    label.setIndent(0)  # with stylesheet padding, QLabel would otherwise indent its text
    return label


_SYMBOLS = {Outcome.ELIGIBLE: "✔", Outcome.NOT_ELIGIBLE: "✖", Outcome.NEEDS_CHECK: "⚠"}


def _headline(outcome: Outcome) -> str:
    """The pre-check outcome in words (with a symbol, never colour alone)."""
    return {
        Outcome.ELIGIBLE: _("✔ Anda memenuhi syarat yang bisa diperiksa di sini."),
        Outcome.NOT_ELIGIBLE: _("✖ Anda tidak memenuhi syarat Kartu Prakerja."),
        Outcome.NEEDS_CHECK: _("⚠ Ada hal yang perlu diperiksa petugas."),
    }[outcome]


def reason_text(reason: Reason, *, with_note: bool = True) -> str:
    """One rule's finding, what the person can do about it, and (if wanted) a note worth knowing."""
    lines = [f"{_SYMBOLS[reason.outcome]} {reason.text}"]
    if reason.fix:
        lines.append(_("Yang bisa dilakukan: {fix}").format(fix=reason.fix))
    if reason.note and with_note:
        lines.append(f"ℹ {reason.note}")
    return "\n".join(lines)


class OutcomeView(QWidget):
    """The eligibility pre-check: a headline, then every reason (problems first, with their fixes)."""

    def __init__(self, parent: QWidget | None = None, *, with_notes: bool = True,
                 with_warnings: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("outcomeView")
        self._with_notes = with_notes
        self._with_warnings = with_warnings  # Review shows each warning in its own section instead
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(10)
        self.headline = plain_label(self, "", "outcomeHeadline")
        self._layout.addWidget(self.headline)
        self.reason_labels: list[QLabel] = []
        self.result: EligibilityResult | None = None

    def show_result(self, result: EligibilityResult, warnings: Sequence[Finding] = ()) -> None:
        """Show a pre-check result, after what the steps warned about (a warning is never forgotten)."""
        self.result = result
        ordered = list(result.problems) + [r for r in result.reasons if r.outcome is Outcome.ELIGIBLE]
        headline = _headline(result.outcome)
        if warnings and result.outcome is Outcome.ELIGIBLE:
            headline = headline_with_warnings()  # never a plain "✔" while a warning stands
        listed = warnings if self._with_warnings else ()
        self._set(headline, [f"{_SYMBOLS[Outcome.NEEDS_CHECK]} {f.message}" for f in listed]
                  + [reason_text(r, with_note=self._with_notes) for r in ordered]
                  + [_("Ini pemeriksaan awal. Keputusan akhir dibuat oleh program Kartu Prakerja.")])

    def show_message(self, text: str) -> None:
        """Show a message instead of a result (while checking, or when the check failed)."""
        self.result = None
        self._set(text, [])

    def texts(self) -> list[str]:
        """Everything shown, in order (tests read it like a person)."""
        return [self.headline.text()] + [label.text() for label in self.reason_labels]

    def _set(self, headline: str, lines: list[str]) -> None:
        if self.texts() == [headline, *lines]:
            return  # already shown (Done was laid out while the record was stored): no relayout
        self.headline.setText(headline)
        self.headline.setAccessibleName(headline)
        for label in self.reason_labels:
            label.deleteLater()
        self.reason_labels = [plain_label(self, line, "reason") for line in lines]
        for label in self.reason_labels:
            self._layout.addWidget(label)


def add_heading(page: WizardPage, text: str) -> QLabel:
    """A section heading on a page."""
    label = plain_label(page, text, "sectionHeading")
    page.layout_.addSpacing(10)
    page.layout_.addWidget(label)
    return label


def add_steps(page: WizardPage, rule_set: RuleSet) -> None:
    """The online registration steps, numbered."""
    add_heading(page, _("Langkah berikutnya: daftar sendiri secara online di prakerja.go.id"))
    for number, step_text in enumerate(rule_set.registration_steps, start=1):
        page.add_text(f"{number}.  {pick(step_text.as_dict())}", "bullet")


def add_print_row(page: WizardPage, text: str, make_job: JobMaker, failure_hint: str = "") -> PrintRow:
    """The print button (renders on the worker, then opens the preview) with a line for messages."""
    row = PrintRow(page.context, make_job, text, failure_hint=failure_hint, parent=page)
    page.layout_.addWidget(row)
    return row


class ChecklistView(QWidget):
    """Checklist items: each in bold with a box to tick by hand, and what to do under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklistView")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.labels: list[QLabel] = []

    def show_items(self, items: list[ReadinessItem], empty_text: str = "") -> None:
        """Show these items (or empty_text when there are none)."""
        if [(label.text(), label.objectName()) for label in self.labels] == self._entries(items, empty_text):
            return  # already shown: no relayout
        for label in self.labels:
            label.deleteLater()
        self.labels = []
        for text, object_name in self._entries(items, empty_text):
            self._add(text, object_name)

    @staticmethod
    def _entries(items: list[ReadinessItem], empty_text: str) -> list[tuple[str, str]]:
        """(text, object name) of every line these items show."""
        entries = [(empty_text, "pageIntro")] if not items and empty_text else []
        for item in items:
            entries.append((f"☐ {pick(item.label.as_dict())}", "checklistItem"))
            what_to_do = _("Yang perlu dilakukan: {text}").format(text=pick(item.missing.as_dict()))
            entries.append((what_to_do, "checklistFix"))
        return entries

    def texts(self) -> list[str]:
        """Everything shown, in order (tests read it like a person)."""
        return [label.text() for label in self.labels]

    def _add(self, text: str, object_name: str) -> None:
        label = plain_label(self, text, object_name)
        self.labels.append(label)
        self._layout.addWidget(label)


def missing_items(rule_set: RuleSet, readiness: Readiness) -> list[ReadinessItem]:
    """The checklist items not answered "Ya"."""
    return [item for item in rule_set.readiness_items if getattr(readiness, item.field) is not True]


class DonePage(WizardPage):
    """The end of a stored registration preparation."""

    step = flow.DONE

    def __init__(self, context, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(context, parent)
        follow_display(self, PAGE_STYLE, base=False)
        self.add_text(_("Data Anda sudah disimpan di kantor ini."))
        self.receipt_label = self.add_text("", "receiptNumber")
        self.add_text(_("Tulis nomor ini di kertas dan simpan baik-baik. Petugas memerlukannya untuk "
                        "membantu Anda nanti."))
        self.print_row = add_print_row(self, _("Cetak tanda terima"), self._receipt_job,
                                       _("Catat nomor tanda terima Anda dan minta bantuan petugas."))
        self.print_button = self.print_row.button
        add_heading(self, _("Hasil pemeriksaan awal"))
        self.outcome = OutcomeView(self)
        self.layout_.addWidget(self.outcome)
        add_heading(self, _("Yang masih perlu disiapkan"))
        self.checklist = ChecklistView(self)
        self.layout_.addWidget(self.checklist)
        add_heading(self, _("Status pendaftaran"))
        self.registration_label = self.add_text("", "registrationStatus")
        add_steps(self, context.rule_set)
        from ui.photo.dialog import add_practice_button  # the practice again (hidden without OpenCV)

        self.photo_button = add_practice_button(self, self.layout_, allow_files=context.staff is not None)
        self.layout_.addStretch(1)

    def title(self) -> str:
        """The heading."""
        return _("Selesai")

    def next_text(self) -> str | None:
        """Next ends the session here."""
        return _("Selesai")

    def load(self, draft: Draft) -> None:
        """Show the submit result the host kept in the context, and what the draft still misses."""
        result = self.context.last_result
        if result is None:  # not expected: done follows a submit; say nothing wrong
            self.receipt_label.setText("")
            self.outcome.show_message(_("Hasil pemeriksaan awal tidak tersedia. Tanyakan kepada petugas."))
        else:
            text = _("Nomor tanda terima: {receipt}").format(receipt=result.receipt_number)
            self.receipt_label.setText(text)
            self.receipt_label.setAccessibleName(text)
            self.outcome.show_result(result.eligibility, result.warnings)
        self.receipt_label.setVisible(bool(self.receipt_label.text()))
        self.print_row.reset()
        self.print_button.setEnabled(result is not None)
        self._load_answers(draft)

    def prepare(self, draft: Draft, expected: tuple[EligibilityResult, Sequence[Finding]] | None) -> None:
        """While the record is being stored (this page not shown): lay out everything the answers decide,
        with the pre-check Review showed, so that showing the stored result costs little.

        No receipt number yet and printing off: load() puts in what the stored record says (the
        pre-check it stored replaces the expected one if they differ)."""
        self.receipt_label.setText(_("Nomor tanda terima: {receipt}").format(receipt="…"))  # its room, not shown
        self.receipt_label.setVisible(True)
        self.print_row.reset()
        self.print_button.setEnabled(False)
        if expected is not None:
            self.outcome.show_result(*expected)
        self._load_answers(draft)

    def _load_answers(self, draft: Draft) -> None:
        """What the answers alone decide: the checklist of what is still missing, the registration status."""
        missing = missing_items(self.context.rule_set, draft.applicant.readiness)
        self.checklist.show_items(missing, _("Semua sudah siap. Bagus!"))
        show_registration(self.registration_label, self.context, follow_up=draft.applicant.consent.follow_up_contact)

    def _receipt_job(self) -> Callable[[], PrintableDocument] | None:
        """The worker's job for the print button: render the receipt of the record just stored."""
        from ui.receipts.documents import receipt_document

        result, context = self.context.last_result, self.context
        if result is None:
            return None
        record_uuid, number = result.record_uuid, result.receipt_number
        return lambda: receipt_document(context.app, record_uuid, number)
