"""What every staff screen may use: the app (through the worker) and the logged-in person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject

from prakerja_desktop.app import App, StaffSession
from prakerja_desktop.staff.records import StaffRecords
from ui.operations import Progress, run_in_background
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
            on_error: Callable[[Exception], None] | None = None, *, owner: QObject | None = None,
            doing: str = "staff work", progress: Progress | None = None) -> None:
        """Run on the worker thread (ui.operations); callbacks on the GUI thread, dropped if the owner is gone."""
        run_in_background(self.tasks, function, on_done, on_error, owner=owner, doing=doing,
                          progress=progress)
