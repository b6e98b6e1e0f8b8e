"""The on-screen keyboard setting: on for touch kiosks, off for laptops with a keyboard.

Qt must know before its application object exists (QT_IM_MODULE), so the setting is read at start with
a read-only query (keyed when the file is encrypted), before the database is opened the usual way. PRAKERJA_ONSCREEN_KEYBOARD
(1 or 0) overrides it, e.g. in a kiosk's start-up script or with an office server database.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from prakerja_desktop import settings_registry
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.paths import DB_FILENAME

if TYPE_CHECKING:
    from prakerja_desktop.app import App
    from prakerja_desktop.staff.session import StaffSession

logger = logging.getLogger(__name__)
ENV = settings_registry.spec("onscreen_keyboard").env  # PRAKERJA_ONSCREEN_KEYBOARD: this PC's override


def wanted_at_start(data_dir: Path, db_url: str | None = None) -> bool:
    """Whether to start Qt with the on-screen keyboard (never fails: off when unsure)."""
    override = settings_registry.env_override("onscreen_keyboard")
    if override is not None:
        return bool(override)
    if db_url and not db_url.startswith("sqlite"):
        return False  # an office server: use the variable on kiosks that need the keyboard
    path = Path(db_url.split("///", 1)[1]) if db_url and "///" in db_url else data_dir / DB_FILENAME
    if not path.is_file():
        return False
    from prakerja_desktop.storage import encryption  # SQLCipher: only when there is a file to read

    try:
        connection = encryption.open_file(path, mode="ro", timeout=2)
        try:
            return bool(settings_registry.read_sqlite(connection, "onscreen_keyboard"))
        finally:
            connection.close()
    except Exception as exc:  # noqa: BLE001 - locked, damaged, no key, locked-laptop mode: the normal start reports it
        logger.info("on-screen keyboard setting not read: %s", type(exc).__name__)
        return False


def is_on(app: App) -> bool:
    """The stored setting."""
    return bool(app.settings.get("onscreen_keyboard"))


def put(app: App, on: bool, by: StaffSession) -> None:
    """Turn the on-screen keyboard on or off (admin only; used from the next start)."""
    if not by.is_admin:
        raise UserInputError(_("Hanya admin yang boleh mengubah pengaturan kantor."))
    app.settings.put("onscreen_keyboard", bool(on), by)
