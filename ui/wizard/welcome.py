"""Welcome: what this does and does not do, start, or continue a saved draft by its code."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from prakerja_desktop.clock import utcnow
from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Draft
from prakerja_desktop.i18n import _
from ui.operations import log_failure
from ui.widgets.feedback import FeedbackLabel
from ui.widgets.language_picker import LanguagePicker
from ui.wizard.page import WizardPage
from ui.wizard.registration_status import show_registration

# A draft left open this recently is offered on this device after a crash or power cut.
RESUME_OFFER_WINDOW = timedelta(hours=12)


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
        """Look for an unfinished draft on this device (the kiosk decides which, see WizardContext)."""
        show_registration(self.registration_label, self.context)
        context, since = self.context, utcnow() - RESUME_OFFER_WINDOW
        offer = context.draft_offer or (lambda app: app.drafts.latest(since))
        self.context.run(lambda: offer(context.app), self._on_latest_draft,
                         log_failure("looking for a draft to offer"), owner=self)

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
