"""What every staff screen may use: the app (through the worker) and the logged-in person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject

from prakerja_desktop.app import App, StaffSession
from prakerja_desktop.staff.records import StaffRecords
from ui.tasks import TaskRunner


@dataclass
class StaffContext:
    """Shared by the staff window and its screens; database work only through run()."""

    app: App
    tasks: TaskRunner
    staff: StaffSession

    @property
    def records(self) -> StaffRecords:
        """Staff use cases on records."""
        return self.app.staff.records

    @property
    def is_admin(self) -> bool:
        """True for administrators (accounts, settings, exports, erasure)."""
        return self.staff.is_admin

    def run(self, function: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[Exception], None] | None = None, *, owner: QObject | None = None) -> None:
        """Run on the worker thread; callbacks on the GUI thread, dropped if the owner is gone."""
        def done(result: Any) -> None:
            if owner is None or shiboken6.isValid(owner):
                on_done(result)

        def failed(exc: Exception) -> None:
            if on_error is not None and (owner is None or shiboken6.isValid(owner)):
                on_error(exc)

        self.tasks.submit(function, done, failed)
