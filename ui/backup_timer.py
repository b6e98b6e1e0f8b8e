"""While the app runs, ask the core now and then whether a scheduled backup is due, and make it on the
worker. A missing USB stick is a notice for staff (never a dialog in front of an applicant); the next
tick tries again."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from prakerja_desktop.i18n import _
from ui.operations import plain_error
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from prakerja_desktop.app import App

logger = logging.getLogger(__name__)

CHECK_EVERY_MS = 5 * 60_000  # a due backup waits at most this long; a missing stick is retried as often
FIRST_CHECK_MS = 60_000  # not during start-up: the first screen comes first


class BackupTimer(QObject):
    """Runs `app.backups.run_if_due` on the worker every few minutes."""

    notice_changed = Signal(str)  # "" once a scheduled backup worked again
    backup_made = Signal(object)  # ScheduledRun

    def __init__(self, tasks: TaskRunner, app: Callable[[], App | None], *,
                 interval_ms: int = CHECK_EVERY_MS, first_ms: int = FIRST_CHECK_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._app = app
        self._running = False
        self.notice = ""
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check_now)
        self._first = QTimer(self)
        self._first.setSingleShot(True)
        self._first.setInterval(first_ms)
        self._first.timeout.connect(self.check_now)

    def start(self) -> None:
        """Check soon, then every interval."""
        self._first.start()
        self._timer.start()

    def stop(self) -> None:
        """No more checks (a backup already running finishes)."""
        self._first.stop()
        self._timer.stop()

    def check_now(self) -> None:
        """Ask the worker whether a backup is due, and make it if so (one at a time)."""
        app = self._app()
        if app is None or self._running:
            return
        self._running = True
        self._tasks.submit(app.backups.run_if_due, self._on_done, self._on_failed)

    def _on_done(self, run: Any) -> None:
        self._running = False
        if run is None:
            return
        logger.info("scheduled backup made (%d old ones removed)", len(run.pruned))
        self._set_notice("")
        self.backup_made.emit(run)

    def _on_failed(self, exc: Exception) -> None:
        self._running = False
        reason = plain_error(exc, "scheduled backup", _("Terjadi kesalahan program (lihat berkas log)."))
        logger.warning("scheduled backup not made; retrying later")
        self._set_notice(_("Cadangan otomatis belum dibuat: {reason} Dicoba lagi nanti.").format(reason=reason))

    def _set_notice(self, text: str) -> None:
        if text != self.notice:
            self.notice = text
            self.notice_changed.emit(text)
