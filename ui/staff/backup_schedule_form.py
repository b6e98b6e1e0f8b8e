"""The automatic backup schedule (admin): off, every N hours, or daily at a time; how many to keep."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QTimeEdit, QVBoxLayout, QWidget

from prakerja_desktop import settings_registry
from prakerja_desktop.backups.schedule import BackupSchedule
from prakerja_desktop.i18n import _
from ui.staff.common import big_button
from ui.widgets.choice import OptionButtons


def _spin(name: str, setting: settings_registry.Setting, suffix: str, parent: QWidget) -> QSpinBox:
    """A touch-sized number field for a setting: its bounds (at least 1) and label from the registry."""
    minimum, maximum = setting.bounds()
    spin = QSpinBox(parent)
    spin.setObjectName(name)
    spin.setRange(max(1, int(minimum)), int(maximum))  # 0 hours is "off": chosen with the mode buttons
    spin.setSuffix(suffix)
    spin.setAccessibleName(setting.title)
    spin.setMinimumHeight(48)
    spin.setMinimumWidth(140)
    return spin


class ScheduleForm(QWidget):
    """Edits a BackupSchedule; `save_requested` carries the schedule to store (the folder is set by the screen)."""

    save_requested = Signal(object)  # BackupSchedule

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scheduleForm")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.mode = OptionButtons([("off", _("Mati")), ("hours", _("Tiap beberapa jam")),
                                   ("daily", _("Tiap hari"))], _("Cadangan otomatis"), parent=self)
        self.mode.setObjectName("scheduleMode")
        layout.addWidget(self.mode)
        row = QHBoxLayout()
        self.hours = _spin("scheduleHours", settings_registry.spec("backup_every_hours"), _(" jam"), self)
        self.hours.setValue(24)
        self.hours_label = QLabel(_("Tiap"), self)
        self.daily_label = QLabel(_("Jam"), self)
        self.daily_at = QTimeEdit(QTime(17, 0), self)
        self.daily_at.setObjectName("scheduleDailyAt")
        self.daily_at.setDisplayFormat("HH:mm")
        self.daily_at.setAccessibleName(settings_registry.spec("backup_daily_at").title)
        self.daily_at.setMinimumHeight(48)
        self.daily_at.setMinimumWidth(120)
        self.keep = _spin("scheduleKeep", settings_registry.spec("backup_keep"), "", self)
        for widget in (self.hours_label, self.hours, self.daily_label, self.daily_at):
            row.addWidget(widget)
        row.addSpacing(24)
        row.addWidget(QLabel(_("Simpan"), self))
        row.addWidget(self.keep)
        row.addWidget(QLabel(_("cadangan terakhir"), self))
        row.addStretch(1)
        layout.addLayout(row)
        note = QLabel(_("Cadangan dibuat selama aplikasi terbuka. Cadangan lama dari komputer ini dihapus "
                        "bila lebih dari jumlah itu; berkas lain di folder tidak disentuh."), self)
        note.setWordWrap(True)
        note.setObjectName("scheduleNote")
        layout.addWidget(note)
        self.save_button = big_button(_("Simpan jadwal"), "saveSchedule", self)
        self.save_button.setMinimumWidth(240)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.mode.changed.connect(self._show_mode)
        self.save_button.clicked.connect(lambda: self.save_requested.emit(self.schedule("")))
        self.set_schedule(BackupSchedule())

    def set_schedule(self, schedule: BackupSchedule) -> None:
        """Show a stored schedule."""
        if schedule.daily_at is not None:
            self.mode.set_value("daily")
            self.daily_at.setTime(QTime(schedule.daily_at.hour, schedule.daily_at.minute))
        elif schedule.every_hours > 0:
            self.mode.set_value("hours")
            self.hours.setValue(max(1, round(schedule.every_hours)))
        else:
            self.mode.set_value("off")
        self.keep.setValue(schedule.keep)
        self._show_mode()

    def schedule(self, folder: str) -> BackupSchedule:
        """The schedule as shown (with the given folder)."""
        mode = self.mode.value() or "off"
        daily = self.daily_at.time().toPython() if mode == "daily" else None
        hours = float(self.hours.value()) if mode == "hours" else 0.0
        return BackupSchedule(hours, daily, self.keep.value(), folder)

    def _show_mode(self) -> None:
        mode = self.mode.value() or "off"
        for widget in (self.hours_label, self.hours):
            widget.setVisible(mode == "hours")
        for widget in (self.daily_label, self.daily_at):
            widget.setVisible(mode == "daily")
