"""Contact: the mobile number for the SMS OTP and the email inbox the online registration needs.

Never a password field: the applicant keeps the email password to themselves.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget

from prakerja_desktop.domain import fields, flow
from prakerja_desktop.domain.applicant import Applicant, Draft
from prakerja_desktop.domain.digits import scan_digits
from prakerja_desktop.domain.email import check_email
from prakerja_desktop.domain.findings import Finding, Severity, info, warning
from prakerja_desktop.domain.phone import parse_phone
from prakerja_desktop.domain.spoken import NumberKind
from prakerja_desktop.i18n import _
from ui.widgets.choice import YesNo
from ui.widgets.feedback import FeedbackLabel
from ui.wizard.page import WizardPage

logger = logging.getLogger(__name__)

SUGGESTION_WIDTH = 480  # pixels for the address on the "Ya, pakai ..." button


def _phone_findings(text: str) -> list[Finding]:
    """What to show beside the phone field: the number as people write it, its operator, or errors."""
    if not text.strip():
        return []
    result = parse_phone(text)
    if result.value is None:
        return list(result.findings)
    shown = info("phone.display", _("Nomor Anda: {number}").format(number=result.value.national))
    return [shown, *result.findings]


class ContactPage(WizardPage):
    """Mobile number, SIM in hand, email (with "did you mean"), inbox, or what to do without email."""

    step = flow.CONTACT

    def __init__(self, context, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(context, parent)
        self._own_nik: str | None = None  # the applicant's NIK: their own record does not count as shared
        self._shared: dict[str, int] = {}  # number -> other records here with it, as counted
        self.add_text(_("Kode OTP untuk pendaftaran dikirim lewat SMS ke nomor HP Anda. Pakai nomor yang "
                        "aktif, ada di tangan Anda, dan akan Anda pakai paling sedikit 6 bulan. Satu nomor "
                        "hanya untuk satu akun Prakerja."))
        self.phone_edit = self.line_edit(_("Nomor HP"), "phoneEdit", max_length=24)
        self.phone_edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)  # "+62" too
        self.phone_edit.setPlaceholderText(_("misalnya 0812-3456-7890"))
        self.phone_read_back = self.add_read_back(self.phone_edit, NumberKind.PHONE)
        self.phone_feedback = self._feedback(self.layout_, "phoneFeedback", lines=2)  # number + operator
        self.sim_choice = YesNo(
            _("Apakah kartu SIM nomor ini ada pada Anda sekarang dan bisa menerima SMS?"), self)
        self.sim_choice.setObjectName("simInHand")
        self.add_field_label(self.sim_choice.accessibleName(), self.sim_choice)
        self.layout_.addWidget(self.sim_choice)
        self.sim_feedback = self._feedback(self.layout_, "simFeedback")

        self.layout_.addSpacing(16)
        self.has_email_choice = YesNo(_("Apakah Anda punya alamat email?"), self)
        self.has_email_choice.setObjectName("hasEmail")
        self.add_field_label(self.has_email_choice.accessibleName(), self.has_email_choice)
        self.layout_.addWidget(self.has_email_choice)
        self.email_box = self._build_email_box()
        self.no_email_box = self._build_no_email_box()
        self.layout_.addWidget(self.email_box)
        self.layout_.addWidget(self.no_email_box)
        self.layout_.addStretch(1)

        self.phone_edit.textChanged.connect(self._on_phone_edited)
        self.email_edit.textChanged.connect(self._on_email_edited)
        self.suggestion_button.clicked.connect(self._on_suggestion_clicked)
        for choice in (self.sim_choice, self.has_email_choice, self.inbox_choice):
            choice.changed.connect(self._on_choice_changed)
        self.has_email_choice.changed.connect(self._on_has_email_clicked)
        self._show_email_parts()
        self.targets.update({"phone": self.phone_edit, "has_email": self.has_email_choice, "email": self.email_edit,
                             "sim_in_hand": self.sim_choice, "email_inbox_ok": self.inbox_choice})

    def _feedback(self, layout: QVBoxLayout, name: str, lines: int = 1) -> FeedbackLabel:
        label = FeedbackLabel(self, reserve=lines)  # the operator line appears while typing: its room is kept
        label.setObjectName(name)
        layout.addWidget(label)
        return label

    def _labelled(self, layout: QVBoxLayout, text: str, buddy: QWidget) -> None:
        """A field label inside a sub-box (add_field_label would put it on the page itself)."""
        label = QLabel(text, self)
        label.setProperty("class", "fieldLabel")
        label.setWordWrap(True)
        label.setBuddy(buddy)
        buddy.setAccessibleName(text)
        layout.addWidget(label)
        layout.addWidget(buddy)

    def _build_email_box(self) -> QWidget:
        box = QWidget(self)
        box.setObjectName("emailBox")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        self.email_edit = QLineEdit(box)
        self.email_edit.setObjectName("emailEdit")
        self.email_edit.setMaxLength(254)
        self.email_edit.setPlaceholderText(_("misalnya nama@gmail.com"))
        self._labelled(layout, _("Alamat email"), self.email_edit)
        self.email_feedback = self._feedback(layout, "emailFeedback")
        self.suggestion_button = QPushButton(box)
        self.suggestion_button.setObjectName("emailSuggestion")
        self.suggestion_button.setMinimumHeight(64)
        self.suggestion_button.setVisible(False)
        layout.addWidget(self.suggestion_button)
        self.inbox_choice = YesNo(_("Bisakah Anda membuka kotak masuk email ini sekarang?"), box)
        self.inbox_choice.setObjectName("inboxOk")
        self._labelled(layout, self.inbox_choice.accessibleName(), self.inbox_choice)
        self.inbox_feedback = self._feedback(layout, "inboxFeedback")
        return box

    def _build_no_email_box(self) -> QWidget:
        box = QWidget(self)
        box.setObjectName("noEmailBox")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        for text in (
            _("Tidak apa-apa. Untuk mendaftar Kartu Prakerja, Anda perlu alamat email milik Anda sendiri "
              "yang bisa Anda buka."),
            _("Minta bantuan petugas untuk membuat email baru, misalnya di Gmail. Anda perlu HP untuk itu."),
            _("Buat kata sandi sendiri. Simpan kata sandi itu untuk Anda sendiri: jangan beritahukan kepada "
              "siapa pun, juga kepada petugas. Aplikasi ini tidak pernah meminta kata sandi."),
            _("Kami catat bahwa email belum ada. Setelah email dibuat, kembali ke layar ini dan pilih "
              "\"Ya\"."),
        ):
            label = QLabel(text, box)
            label.setObjectName("noEmailGuide")
            label.setWordWrap(True)
            label.setAccessibleName(text)
            layout.addWidget(label)
        return box

    def title(self) -> str:
        """The heading."""
        return _("Nomor HP dan email")

    def load(self, draft: Draft) -> None:
        """Show what was typed before (a number kept as typed when it was not valid yet)."""
        applicant = draft.applicant
        self._own_nik = scan_digits(applicant.nik or "").digits or None
        self._shared = {}
        phone = applicant.phone_e164 or ""
        parsed = parse_phone(phone) if phone else None
        self.phone_edit.setText(parsed.value.national if parsed and parsed.value else phone)
        self.sim_choice.set_answer(applicant.readiness.sim_in_hand)
        self.has_email_choice.set_answer(applicant.has_email)
        self.email_edit.setText(applicant.email or "")
        self.inbox_choice.set_answer(applicant.readiness.email_inbox_ok if applicant.has_email else None)
        self._on_phone_edited()
        self._on_email_edited()
        self._on_choice_changed()

    def apply(self, applicant: Applicant) -> None:
        """Store the number in E.164 when it is valid (else as typed, so Back keeps it), and the email."""
        typed = self.phone_edit.text().strip()
        phone = parse_phone(typed).value if typed else None
        applicant.phone_e164 = phone.e164 if phone else (typed or None)
        applicant.readiness.sim_in_hand = self.sim_choice.answer()
        has_email = self.has_email_choice.answer()
        applicant.has_email = has_email
        if has_email:
            typed_email = self.email_edit.text().strip()
            checked = check_email(typed_email).value if typed_email else None
            applicant.email = checked.normalized if checked else (typed_email or None)
            applicant.readiness.email_inbox_ok = self.inbox_choice.answer()
        else:
            applicant.email = None
            if has_email is False:
                applicant.readiness.email_inbox_ok = False  # no inbox to open: the receipt says so

    def problems(self, applicant: Applicant) -> list[Finding]:
        """An invalid or non-mobile number and a malformed email block Next; a suggestion does not."""
        found: list[Finding] = []
        if applicant.phone_e164 and applicant.phone_e164.strip():
            found.extend(fields.check("phone_e164", applicant.phone_e164))
        if applicant.has_email and applicant.email and applicant.email.strip():
            found.extend(fields.check("email", applicant.email))
        return [f for f in found if f.severity is Severity.ERROR]

    # --- live feedback ----------------------------------------------------------------------------

    def _on_phone_edited(self) -> None:
        findings = _phone_findings(self.phone_edit.text())
        parsed = parse_phone(self.phone_edit.text()).value if self.phone_edit.text().strip() else None
        if parsed is not None:
            shared = self._shared.get(parsed.e164)
            if shared is None:
                self._ask_shared(parsed.e164)
            else:
                findings.extend(fields.phone_shared(fields.FieldContext(today=self.context.today(),
                                                                        phone_others=shared)))
        self.phone_feedback.show_findings(findings)

    def _ask_shared(self, e164: str) -> None:
        """Count this office's other records with the same number, on the worker thread (once per number)."""
        app, nik = self.context.app, self._own_nik
        self._shared[e164] = 0  # asked; a failure leaves it at "not shared"
        self.context.run(lambda: app.records.phone_count(e164, exclude_nik=nik),
                         lambda found: self._on_shared(e164, found), self._on_shared_failed, owner=self)

    def _on_shared(self, e164: str, found: int) -> None:
        self._shared[e164] = found
        if found:
            self._on_phone_edited()

    def _on_shared_failed(self, exc: Exception) -> None:
        logger.warning("counting records by phone failed: %s", type(exc).__name__)

    def _on_email_edited(self) -> None:
        text = self.email_edit.text().strip()
        result = check_email(text) if text else None
        self.email_feedback.show_findings(result.findings if result else [])
        suggestion = result.value.suggestion if result and result.value else None
        if suggestion:
            # A long address is shortened in the middle (the corrected domain stays visible), because
            # button text never wraps and would widen the page; the full address is in the line above.
            shown = self.suggestion_button.fontMetrics().elidedText(
                suggestion, Qt.TextElideMode.ElideMiddle, SUGGESTION_WIDTH)
            self.suggestion_button.setText(_("Ya, pakai {email}").format(email=shown))
            self.suggestion_button.setAccessibleName(_("Ya, pakai {email}").format(email=suggestion))
            self.suggestion_button.setProperty("suggestion", suggestion)
        self.suggestion_button.setVisible(bool(suggestion))
        self.changed.emit()

    def _on_suggestion_clicked(self) -> None:
        suggestion = self.suggestion_button.property("suggestion")
        if suggestion:
            self.email_edit.setText(str(suggestion))
            self.email_edit.setFocus()

    def _on_choice_changed(self) -> None:
        self._show_email_parts()
        sim = self.sim_choice.answer()
        self.sim_feedback.show_findings([] if sim is not False else [warning(
            "contact.sim_not_in_hand",
            _("Kode OTP tidak akan sampai. Siapkan nomor HP yang aktif dan ada di tangan Anda sebelum "
              "mendaftar online. Anda boleh lanjut sekarang; ini dicatat di tanda terima."))])
        inbox = self.inbox_choice.answer()
        self.inbox_feedback.show_findings([] if inbox is not False else [warning(
            "contact.inbox_not_ok",
            _("Anda harus bisa membuka email ini untuk link verifikasi dan kode OTP. Minta bantuan petugas "
              "untuk memulihkan email lewat nomor HP Anda, atau buat email baru."))])
        self.changed.emit()

    def _on_has_email_clicked(self) -> None:
        """What appears below the question may be under the fold at 1024x768: bring it into view."""
        shown = self.email_box if self.has_email_choice.answer() else self.no_email_box
        if shown is self.email_box:
            self.email_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        QTimer.singleShot(0, self, lambda: self._reveal(shown))  # after the layout has grown

    def _reveal(self, widget: QWidget) -> None:
        scroll = self.parentWidget()
        while scroll is not None and not isinstance(scroll, QScrollArea):
            scroll = scroll.parentWidget()
        if scroll is not None and widget.isVisible():
            scroll.ensureWidgetVisible(widget, 0, 0)

    def _show_email_parts(self) -> None:
        has_email = self.has_email_choice.answer()
        self.email_box.setVisible(has_email is True)
        self.no_email_box.setVisible(has_email is False)
