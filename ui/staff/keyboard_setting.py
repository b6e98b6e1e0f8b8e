"""Admin: the on-screen keyboard on or off (touch kiosks on, laptops with a keyboard off); saved at once."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from prakerja_desktop import settings_registry
from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.i18n import _
from ui.operations import plain_error
from ui.staff.context import StaffContext
from ui.widgets.choice import YesNo
from ui.widgets.feedback import FeedbackLabel


class KeyboardSetting(QWidget):
    """A yes/no question; the answer is stored when touched and used from the next start."""

    def __init__(self, context: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyboardSetting")
        self.context = context
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        setting = settings_registry.spec("onscreen_keyboard")  # this PC's: an environment variable overrides it
        question = setting.title
        label = QLabel(question, self)
        label.setProperty("class", "fieldLabel")
        label.setWordWrap(True)
        self.choice = YesNo(question, self)
        self.choice.setObjectName("onscreenKeyboard")
        self.choice.setEnabled(False)  # until the stored value is shown
        label.setBuddy(self.choice)
        note = QLabel(_("Berlaku setelah aplikasi ditutup dan dibuka lagi."), self)
        note.setWordWrap(True)
        self.feedback = FeedbackLabel(self)
        for widget in (label, self.choice, note, self.feedback):
            layout.addWidget(widget)
        self.choice.changed.connect(self._on_changed)
        app = context.app
        if app.is_office_server:
            # One office-wide setting on a shared server would also put the keyboard on every desk PC;
            # and Qt needs the answer before any database is reached. So each PC chooses for itself.
            self.choice.hide()
            note.setObjectName("keyboardServerNote")
            note.setText(_("Data kantor ada di server, jadi keyboard di layar diatur di tiap komputer: "
                           "jalankan aplikasi dengan {variable}=1 di komputer kios.").format(variable=setting.env))
            return
        context.run(app.settings.onscreen_keyboard, self._on_loaded, self._on_failed, owner=self)

    def _on_loaded(self, on: bool) -> None:
        self.choice.set_answer(on)
        self.choice.setEnabled(True)

    def _on_changed(self) -> None:
        on, app, staff = bool(self.choice.answer()), self.context.app, self.context.staff
        self.context.run(lambda: app.settings.put_onscreen_keyboard(on, staff), self._on_saved, self._on_failed,
                         owner=self)

    def _on_saved(self, _result: object) -> None:
        self.feedback.show_text(_("Tersimpan. Keyboard di layar berlaku setelah aplikasi dibuka lagi."))

    def _on_failed(self, exc: Exception) -> None:
        self.feedback.show_text(plain_error(exc, "on-screen keyboard setting"), Severity.ERROR)
