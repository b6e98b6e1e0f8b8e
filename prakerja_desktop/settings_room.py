"""The settings room: office settings stored in the database (read, and changed with an audit event)."""

from __future__ import annotations

from typing import Any

from prakerja_desktop import onscreen_keyboard, settings_registry
from prakerja_desktop.room import Room
from prakerja_desktop.staff.session import StaffSession
from prakerja_desktop.storage import audit


class Settings(Room):
    """Office-wide settings (one table in the database)."""

    def get(self, key: str, default: Any = None) -> Any:
        """One declared setting in its type (settings_registry); DEFAULT, if given, when unset."""
        with self.app.db.read() as session:
            return settings_registry.read(session, key, default)

    def put(self, key: str, value: Any, by: StaffSession | None = None) -> None:
        """Change one declared setting (checked, audited, value not logged)."""
        with self.app.db.write() as session:
            settings_registry.write(session, key, value)
            audit.append(session, device_id=self.app.device.id, actor=str(by.uuid) if by else "system",
                         action="setting.changed", subject=key)
        if key in ("office_timezone", "office_regency_code"):
            self.app.rules.refresh()  # the rule book's "today" is the office's day

    def onscreen_keyboard(self) -> bool:
        """True when the on-screen keyboard is switched on for this office."""
        return onscreen_keyboard.is_on(self.app)

    def put_onscreen_keyboard(self, on: bool, by: StaffSession) -> None:
        """Switch the on-screen keyboard on or off for this office."""
        onscreen_keyboard.put(self.app, on, by)
