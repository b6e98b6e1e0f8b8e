"""The kiosk part of the admin's settings screen: kiosk on/off, idle time, the kiosk PIN."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from prakerja_desktop import settings_registry
from prakerja_desktop.i18n import _, ngettext
from ui.operations import log_failure
from ui.staff.common import heading, secret_edit
from ui.staff.context import StaffContext
from ui.staff.office_form import FieldGrid
from ui.widgets.choice import OptionButtons

IDLE_CHOICES = tuple(s for s in (60, 90, 120, 180, 300)  # seconds
                     if settings_registry.spec("kiosk_idle_seconds").in_bounds(s))


def _idle_label(seconds: int) -> str:
    """A label such as "90 detik" or "2 menit", translated when the screen is built, not at import."""
    if seconds % 60:
        return ngettext("{n} detik", "{n} detik", seconds).format(n=seconds)
    return ngettext("{n} menit", "{n} menit", seconds // 60).format(n=seconds // 60)


class KioskSettingsSection(QWidget):
    """Loads its own values; the settings screen asks it for problems and a save step on "Simpan"."""

    def __init__(self, context: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskSettings")
        self.context = context
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 12, 0, 0)
        column.addWidget(heading(_("Mode kiosk"), self, "sectionHeading"))
        grid = FieldGrid()
        enabled_text = settings_registry.spec("kiosk_enabled").title
        self.enabled_choice = OptionButtons([("on", _("Nyala")), ("off", _("Mati"))], enabled_text, parent=self)
        self.enabled_choice.setObjectName("kioskEnabled")
        grid.add_row(enabled_text, self.enabled_choice)
        idle_text = settings_registry.spec("kiosk_idle_seconds").title
        self.idle_choice = OptionButtons([(str(s), _idle_label(s)) for s in IDLE_CHOICES], idle_text,
                                         columns=3, parent=self)
        self.idle_choice.setObjectName("kioskIdleSeconds")
        grid.add_row(idle_text, self.idle_choice)
        self.pin_status = QLabel(self)
        self.pin_status.setObjectName("kioskPinStatus")
        self.pin_status.setWordWrap(True)
        grid.add_row(_("PIN kiosk"), self.pin_status)
        self.pin_edit = secret_edit("kioskNewPin", self)
        self.pin_edit.setMaxLength(12)
        grid.add_row(_("PIN kiosk baru (6–12 angka, kosongkan jika tidak diubah)"), self.pin_edit)
        self.repeat_edit = secret_edit("kioskRepeatPin", self)
        self.repeat_edit.setMaxLength(12)
        grid.add_row(_("Ulangi PIN kiosk baru"), self.repeat_edit)
        column.addLayout(grid)
        self.loaded = False
        self.reload()

    def reload(self) -> None:
        """Read the stored settings on the worker and show them (never the PIN)."""
        app = self.context.app

        def read() -> Any:
            return app.kiosk.settings()

        self.context.run(read, self._on_loaded, log_failure("reading the kiosk settings"), owner=self)

    def _on_loaded(self, settings: Any) -> None:
        self.enabled_choice.set_value("on" if settings.enabled else "off")
        seconds = min(IDLE_CHOICES, key=lambda s: abs(s - settings.idle_seconds))
        self.idle_choice.set_value(str(seconds))
        self.pin_status.setText(_("Sudah diatur. Petugas keluar dari kiosk dengan Ctrl+Alt+P atau menekan "
                                  "pojok kiri atas layar 3 detik, lalu PIN ini.") if settings.pin_set else
                                _("Belum diatur: petugas keluar dari kiosk dengan akun masing-masing."))
        self.pin_edit.clear()
        self.repeat_edit.clear()
        self.loaded = True

    def problems(self) -> list[str]:
        """What stops saving (a new PIN that is weak or typed differently twice)."""
        from prakerja_desktop.kiosk.mode import check_new_pin  # light enough once the staff area is open

        pin = self.pin_edit.text()
        return check_new_pin(pin, self.repeat_edit.text()) if pin or self.repeat_edit.text() else []

    def saver(self) -> Callable[[], None]:
        """The save step to run on the worker with the values on screen now."""
        app, staff = self.context.app, self.context.staff
        enabled = self.enabled_choice.value() == "on"
        seconds = int(self.idle_choice.value() or 90)
        pin, repeated = self.pin_edit.text() or None, self.repeat_edit.text() or None

        def save() -> None:
            app.kiosk.save_settings(enabled, seconds, staff, pin, repeated)

        return save
