"""The warning when the last verified backup is too old (or there is none): backups by default.

`backup_last_at` is written only after a backup was made and checked (backup.make_backup), so its
age is the age of the last *verified* backup made on this computer. `backup_warn_days` (0: never
warn) is the office's limit; the staff screens show the warning until a new backup is made.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from prakerja_desktop import settings_registry
from prakerja_desktop.i18n import _, ngettext

if TYPE_CHECKING:
    from prakerja_desktop.app import App


def stale_warning(app: App, now: datetime | None = None) -> str:
    """A one-line warning for staff, or "" when a verified backup is recent enough (or warnings are off)."""
    with app.db.read() as session:
        days = settings_registry.read(session, "backup_warn_days")
        last = settings_registry.read(session, "backup_last_at")
    if not days:
        return ""
    if last is None:
        return _("Belum ada cadangan yang diperiksa dari komputer ini. Buat cadangan ke flashdisk atau "
                 "disk lain di layar Cadangan data.")
    now = now or datetime.now(UTC)
    age = (now.replace(tzinfo=None) - last.replace(tzinfo=None)).days
    if age < days:
        return ""
    return ngettext("Cadangan terakhir yang diperiksa dibuat {n} hari lalu. Buat cadangan baru ke flashdisk "
                    "atau disk lain.",
                    "Cadangan terakhir yang diperiksa dibuat {n} hari lalu. Buat cadangan baru ke flashdisk "
                    "atau disk lain.", age).format(n=age)
