"""What every wizard page may use: the use cases (through the worker), the rule set, the date."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import QObject

from prakerja_desktop.domain.rules import RuleSet
from prakerja_desktop.services import Services, StaffSession
from ui.tasks import TaskRunner


@dataclass
class WizardContext:
    """Shared by the host and its pages; pages never call the database on the GUI thread."""

    services: Services
    tasks: TaskRunner
    staff: StaffSession | None = None
    today: Callable[[], date] = field(default=date.today)

    @property
    def rule_set(self) -> RuleSet:
        """The active rule set."""
        return self.services.rule_set

    def run(self, function: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[Exception], None] | None = None, *, owner: QObject | None = None) -> None:
        """Run database work on the worker thread; the callbacks come back on the GUI thread.

        With an owner (usually the page), the callbacks are dropped if the owner was deleted
        meanwhile (the person moved on, or the kiosk wiped the session).
        """
        if owner is None:
            self.tasks.submit(function, on_done, on_error)
            return

        def done(result: Any) -> None:
            if shiboken6.isValid(owner):
                on_done(result)

        def failed(exc: Exception) -> None:
            if shiboken6.isValid(owner) and on_error is not None:
                on_error(exc)

        self.tasks.submit(function, done, failed)
