"""Admin: the office settings (printed on receipts), automatic logout, kiosk mode and data security."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from prakerja_desktop import settings_registry
from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.i18n import _, ngettext
from prakerja_desktop.staff import accounts as staff_accounts
from ui.kiosk.settings_section import KioskSettingsSection
from ui.operations import plain_error
from ui.staff.common import big_button, heading
from ui.staff.context import StaffContext
from ui.staff.keyboard_setting import KeyboardSetting
from ui.staff.office_form import FieldGrid, OfficeForm
from ui.staff.rules_section import RulesSection
from ui.staff.security_section import SecuritySection
from ui.widgets.choice import OptionButtons
from ui.widgets.feedback import FeedbackLabel
from ui.widgets.vertical_scroll import VerticalScroll

IDLE_CHOICES = tuple(n for n in (5, 10, 15, 30, 60) if settings_registry.spec("staff_idle_minutes").in_bounds(n))
WIZARD_IDLE_CHOICES = tuple(n for n in (2, 5, 10, 15, 30)
                            if settings_registry.spec("wizard_idle_minutes").in_bounds(n))


def _load(app: Any) -> tuple[dict[str, str], int, int]:
    """Runs on the worker: the stored office values, the staff idle minutes and the shared-PC minutes."""
    return app.staff.office_values(), app.staff.idle_minutes(), int(app.settings.get("wizard_idle_minutes"))


def _nearest(choices: tuple[int, ...], minutes: int) -> str:
    """The choice shown for a stored value (the nearest one when it is not among the buttons)."""
    return str(minutes) if minutes in choices else str(min(choices, key=lambda n: abs(n - minutes)))


class SettingsScreen(QWidget):
    """Edit the office settings; saved in one go with "Simpan"."""

    def __init__(self, context: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsScreen")
        self.context = context
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(heading(_("Pengaturan kantor"), self))
        scroll = VerticalScroll(self)  # as wide as its form: the page scrolls sideways, never cuts it
        body = QWidget(scroll)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 12, 0)
        self.office_form = OfficeForm(body)
        column.addWidget(self.office_form)
        grid = FieldGrid()
        minutes = [(str(n), ngettext("{n} menit", "{n} menit", n).format(n=n)) for n in IDLE_CHOICES]
        idle_title = settings_registry.spec("staff_idle_minutes").title
        self.idle_choice = OptionButtons(minutes, idle_title, columns=3, parent=body)
        self.idle_choice.setObjectName("idleMinutes")
        grid.add_row(idle_title, self.idle_choice)
        wizard_minutes = [(str(n), ngettext("{n} menit", "{n} menit", n).format(n=n)) for n in WIZARD_IDLE_CHOICES]
        wizard_title = settings_registry.spec("wizard_idle_minutes").title
        self.wizard_idle_choice = OptionButtons(wizard_minutes, wizard_title, columns=3, parent=body)
        self.wizard_idle_choice.setObjectName("wizardIdleMinutes")
        grid.add_row(wizard_title, self.wizard_idle_choice)
        column.addLayout(grid)
        self.kiosk_section = KioskSettingsSection(context, body)
        column.addWidget(self.kiosk_section)
        self.security = SecuritySection(context, body)  # passphrase, locked mode, retention: own buttons
        column.addWidget(self.security)
        column.addWidget(KeyboardSetting(context, body))  # on-screen keyboard: saved on its own
        self.rules = RulesSection(context, body)  # registration status and rule sets: own buttons
        column.addWidget(self.rules)
        column.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.feedback = FeedbackLabel(self)
        self.feedback.setObjectName("settingsFeedback")
        outer.addWidget(self.feedback)
        footer = QHBoxLayout()
        footer.addStretch(1)
        self.save_button = big_button(_("Simpan"), "saveSettingsButton", self)
        self.save_button.setMinimumWidth(180)
        self.save_button.setEnabled(False)  # until the stored values are shown
        footer.addWidget(self.save_button)
        outer.addLayout(footer)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.loaded = False
        app = context.app
        context.run(lambda: _load(app), self._on_loaded, self._on_failed, owner=self)

    def _on_loaded(self, loaded: tuple[dict[str, str], int, int]) -> None:
        values, minutes, wizard_minutes = loaded
        self.office_form.set_values(values)
        self.idle_choice.set_value(_nearest(IDLE_CHOICES, minutes))
        self.wizard_idle_choice.set_value(_nearest(WIZARD_IDLE_CHOICES, wizard_minutes))
        self.loaded = True
        self.save_button.setEnabled(True)

    def _on_save_clicked(self) -> None:
        values = self.office_form.values()
        problems = staff_accounts.check_office(values) + self.kiosk_section.problems()
        if problems:
            self.feedback.show_text(" ".join(problems), Severity.ERROR)
            return
        app, staff, logo = self.context.app, self.context.staff, self.office_form.logo_source
        minutes = int(self.idle_choice.value() or staff_accounts.DEFAULT_IDLE_MINUTES)
        wizard_minutes = int(self.wizard_idle_choice.value() or settings_registry.spec("wizard_idle_minutes").default)

        save_kiosk = self.kiosk_section.saver()

        def save() -> tuple[dict[str, str], int, int]:
            app.staff.save_office(values, staff, logo)
            app.staff.put_idle_minutes(minutes, staff)
            app.settings.put("wizard_idle_minutes", wizard_minutes, staff)
            save_kiosk()
            return _load(app)

        self.save_button.setEnabled(False)
        self.context.run(save, self._on_saved, self._on_failed, owner=self)

    def _on_saved(self, loaded: tuple[dict[str, str], int, int]) -> None:
        self._on_loaded(loaded)
        self.kiosk_section.reload()
        self.feedback.show_text(_("Pengaturan tersimpan. Tanda terima berikutnya memakai data ini."))

    def _on_failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(self.loaded)
        self.feedback.show_text(plain_error(exc, "office settings"), Severity.ERROR)
