"""Welcome: what this does and does not do, start, or continue a saved draft by its code.

Nothing of anyone else's draft is ever shown here without its code typed: the next person at a shared
PC must not see the previous one. Two exceptions, both deliberate: the kiosk's crash path offers the
draft of the person whose session a crash interrupted, minutes ago (ui/kiosk/recovery.py), and a logged-in
staff member sees the office's unfinished drafts to continue one for a person who lost their code.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Draft
from prakerja_desktop.i18n import _
from ui.operations import log_failure
from ui.widgets.feedback import FeedbackLabel
from ui.widgets.language_picker import LanguagePicker
from ui.wizard.page import WizardPage
from ui.wizard.registration_status import show_registration

STAFF_DRAFT_LIST = 6  # the most recent unfinished drafts a staff member sees on Welcome


class WelcomePage(WizardPage):
    """The first screen."""

    step = flow.WELCOME

    def __init__(self, context, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(context, parent)
        # Each language named in itself, first on the screen: someone who does not read Indonesian
        # finds theirs before anything else.
        self.language_picker = LanguagePicker(self)
        self.layout_.addWidget(self.language_picker)
        self.add_text(_("Aplikasi ini membantu Anda MENYIAPKAN pendaftaran Kartu Prakerja: kami periksa "
                        "data Anda supaya pendaftaran online nanti tidak gagal."))
        self.add_text(_("Pendaftaran yang sebenarnya tetap Anda lakukan sendiri secara online di "
                        "prakerja.go.id. Aplikasi ini TIDAK PERNAH meminta kata sandi atau kode OTP. "
                        "Jangan berikan kata sandi atau kode OTP kepada siapa pun."))
        self.add_text(_("Tekan \"Mulai\" di kanan bawah untuk memulai."))
        self.registration_label = self.add_text("", "registrationStatus")  # filled when the app is open
        self.registration_label.setVisible(False)

        self.offer_feedback = FeedbackLabel(self)
        self.offer_button = QPushButton(self)
        self.offer_button.setObjectName("resumeLatestButton")
        self.offer_button.setVisible(False)
        self.layout_.addSpacing(12)
        self.layout_.addWidget(self.offer_feedback)
        self.layout_.addWidget(self.offer_button)
        self._offered: Draft | None = None
        self.offer_button.clicked.connect(self._on_offer_clicked)
        self.staff_drafts = QWidget(self)  # staff only: unfinished drafts of the office
        self.staff_drafts.setObjectName("staffDrafts")
        self.staff_drafts.setVisible(False)
        self.layout_.addWidget(self.staff_drafts)

        self.layout_.addSpacing(12)
        self.code_edit = QLineEdit(self)
        self.code_edit.setObjectName("draftCode")
        self.code_edit.setMaxLength(12)
        self.add_field_label(_("Sudah pernah mengisi? Ketik kode isian Anda (6 huruf/angka):"), self.code_edit)
        row = QHBoxLayout()
        row.addWidget(self.code_edit, 1)
        self.resume_button = QPushButton(_("Lanjutkan isian"), self)
        self.resume_button.setObjectName("resumeButton")
        self.resume_button.setAccessibleName(_("Lanjutkan isian"))
        row.addWidget(self.resume_button)
        self.layout_.addLayout(row)
        self.resume_feedback = FeedbackLabel(self)
        self.layout_.addWidget(self.resume_feedback)
        self.layout_.addStretch(1)
        self.resume_button.clicked.connect(self._on_resume_clicked)
        self.code_edit.returnPressed.connect(self._on_resume_clicked)

    def title(self) -> str:
        """The heading."""
        return _("Selamat datang")

    def next_text(self) -> str | None:
        """Next reads "Mulai" here."""
        return _("Mulai ›")

    def focus_first(self) -> None:
        """Leave the focus on Next ("Mulai"): starting is the obvious first thing."""

    def load(self, draft: Draft) -> None:
        """Offer this device's latest unfinished draft, if any (only its code is shown)."""
        if self.context.app is not None:
            self.app_ready()

    def app_ready(self) -> None:
        """Offer the crashed kiosk session's draft (WizardContext.draft_offer), or staff the open drafts."""
        show_registration(self.registration_label, self.context)
        context, offer = self.context, self.context.draft_offer
        if offer is not None:
            self.context.run(lambda: offer(context.app), self._on_latest_draft,
                             log_failure("looking for a draft to offer"), owner=self)
        if context.staff is not None:
            self.context.run(lambda: context.app.drafts.open_list(STAFF_DRAFT_LIST), self._on_staff_drafts,
                             log_failure("listing open drafts"), owner=self)

    def _on_staff_drafts(self, summaries: list) -> None:  # type: ignore[type-arg]
        """Staff: one button per unfinished draft (code, name, step); touching it opens it by its code."""
        box = QWidget(self)
        box.setObjectName("staffDrafts")
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        if summaries:
            heading = QLabel(_("Isian yang belum selesai (hanya terlihat oleh petugas):"), box)
            heading.setWordWrap(True)
            column.addWidget(heading)
        for summary in summaries:
            number = flow.step_number(summary.step)
            where = _("langkah {n} dari {total}").format(n=number[0], total=number[1]) if number else ""
            text = _("Lanjutkan {code} · {name} · {step}").format(
                code=summary.code, name=summary.full_name or _("(belum ada nama)"), step=where)
            button = QPushButton(text, box)
            button.setObjectName("staffDraftButton")
            button.setAccessibleName(text)
            button.clicked.connect(lambda _checked=False, code=summary.code: self._resume(code))
            column.addWidget(button)
        index = self.layout_.indexOf(self.staff_drafts)
        self.layout_.removeWidget(self.staff_drafts)
        self.staff_drafts.deleteLater()
        self.staff_drafts = box
        self.layout_.insertWidget(index, box)
        box.setVisible(bool(summaries))

    def _on_latest_draft(self, draft: Draft | None) -> None:
        self._offered = draft
        if draft is None or draft.step == flow.WELCOME:
            self.offer_feedback.clear_findings()
            self.offer_button.setVisible(False)
            return
        self.offer_feedback.show_text(
            _("Ada isian yang belum selesai di komputer ini (kode {code}).").format(code=draft.code))
        self.offer_button.setText(_("Lanjutkan isian {code}").format(code=draft.code))
        self.offer_button.setAccessibleName(self.offer_button.text())
        self.offer_button.setVisible(True)

    def _on_offer_clicked(self) -> None:
        if self._offered is not None:
            self.start_requested.emit(self._offered)

    def _on_resume_clicked(self) -> None:
        code = self.code_edit.text().strip()
        if not code:
            self.resume_feedback.show_text(_("Ketik dulu kode isian Anda."))
            return
        self._resume(code)

    def _resume(self, code: str) -> None:
        context = self.context
        self.resume_button.setEnabled(False)
        self.context.run(lambda: context.app.drafts.resume(code), self._on_resumed, self._on_resume_failed,
                         owner=self)

    def _on_resumed(self, draft: Draft | None) -> None:
        self.resume_button.setEnabled(True)
        if draft is None:
            self.resume_feedback.show_text(
                _("Kode itu tidak ditemukan. Periksa lagi kodenya, atau mulai dari awal."))
            return
        self.resume_feedback.clear_findings()
        self.start_requested.emit(draft)

    def _on_resume_failed(self, exc: Exception) -> None:
        self.resume_button.setEnabled(True)
        self.resume_feedback.show_text(_("Isian tidak bisa dibuka sekarang. Minta bantuan petugas."))
