"""After a crash, the person who was at the kiosk gets their draft back, and nobody after them does.

The window notes the id of the draft on screen (nothing personal) in the data folder whenever it is
saved, and forgets it when the person finishes or the session is wiped. A GUI restarted by the
supervisor after a crash offers exactly that draft on its first Welcome, for a few minutes only; a
normal start, a wipe or the first step of the next session withdraws the offer for good.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from prakerja_desktop.clock import utcnow
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from prakerja_desktop.app import App
    from prakerja_desktop.domain.applicant import Draft

logger = logging.getLogger(__name__)


class CrashRecovery:
    """The draft offer after a crash restart, and the note it is made from."""

    def __init__(self, data_dir: Path, tasks: TaskRunner, crashed_at: datetime | None) -> None:
        self.data_dir, self._tasks = data_dir, tasks
        self.crashed_at = crashed_at
        self.started = utcnow()
        self._offering = crashed_at is not None
        self._noted: uuid.UUID | None = None

    def draft_offer(self, app: App) -> Draft | None:
        """Runs on the worker (WizardContext.draft_offer): the crashed person's draft, or None."""
        from prakerja_desktop.kiosk import mode as kiosk

        if not self._offering or self.crashed_at is None or utcnow() - self.started > kiosk.OFFER_FOR:
            return None
        draft_id = kiosk.crashed_session_draft(self.data_dir, self.crashed_at)
        return app.kiosk.open_draft(draft_id) if draft_id is not None else None

    def end_offer(self) -> None:
        """The first session after the restart began or ended: never offer the draft again."""
        if self._offering:
            logger.info("crash-recovery offer withdrawn")
        self._offering = False

    def note(self, draft_id: uuid.UUID) -> None:
        """The draft on screen was saved: note its id (on the worker, after the save)."""
        if draft_id == self._noted:
            return
        self._noted = draft_id
        data_dir = self.data_dir

        def write() -> None:
            from prakerja_desktop.kiosk import mode as kiosk

            kiosk.remember_session_draft(data_dir, draft_id)

        self._tasks.submit(write, lambda _r: None,
                           lambda exc: logger.warning("kiosk note not written: %s", exc))

    def forget(self) -> None:
        """The person finished or was wiped: nothing to offer after a crash."""
        self._noted = None
        data_dir = self.data_dir

        def remove() -> None:
            from prakerja_desktop.kiosk import mode as kiosk

            kiosk.forget_session_draft(data_dir)

        self._tasks.submit(remove, lambda _r: None,
                           lambda exc: logger.warning("kiosk note not removed: %s", exc))
