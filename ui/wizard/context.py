"""What every wizard page may use: the use cases (through the worker), the rule set, the date."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from ui.operations import Progress, run_in_background
from ui.tasks import TaskRunner

if TYPE_CHECKING:  # the database layer is imported on the worker thread, after the first screen
    from prakerja_desktop.app import App, StaffSession, SubmitResult
    from prakerja_desktop.domain.rules import RuleSet


@dataclass
class WizardContext:
    """Shared by the host and its pages; pages never call the database on the GUI thread.

    `app` is None for the first moments after start: the Welcome screen shows at once while the
    worker opens the database. Work sent with run() is queued behind the opening, so it always
    finds `app` set.
    """

    app: App | None
    tasks: TaskRunner
    staff: StaffSession | None = None
    today: Callable[[], date] | None = None  # None: the office's day (its time zone), see __post_init__
    last_result: SubmitResult | None = None
    # Staff mode: open an existing record (a NIK already recorded opens it instead of a second one).
    open_record: Callable[[Any], None] | None = None
    # The office's language: a new person at the kiosk starts in it (ui.widgets.language_picker).
    language: str = "id"
    # Which saved draft Welcome offers to continue (run on the worker with the app; None: offer
    # nothing). Unset: this device's latest open draft of the last hours. The kiosk offers only the
    # draft of a person whose session a crash interrupted (ui/kiosk/recovery.py).
    draft_offer: Callable[[Any], Any] | None = None
    _rule_set: RuleSet | None = None

    def __post_init__(self) -> None:
        if self.today is None:
            self.today = self._office_today

    def _office_today(self) -> date:
        """Ages and dates count on the office's day (its time zone), not the computer's; before the
        database is open (Welcome, first moments) the computer's day."""
        return self.app.rules.office_today() if self.app is not None else date.today()

    @property
    def rule_set(self) -> RuleSet:
        """The active rule set."""
        if self.app is not None:
            return self.app.rule_set
        if self._rule_set is None:
            from prakerja_desktop.domain.rules import load_rule_set  # not needed for the first screen

            self._rule_set = load_rule_set()
        return self._rule_set

    def run(self, function: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[Exception], None] | None = None, *, owner: QObject | None = None,
            doing: str = "wizard work", progress: Progress | None = None) -> None:
        """Run database work on the worker thread (ui.operations); callbacks come back on the GUI thread."""
        run_in_background(self.tasks, function, on_done, on_error, owner=owner, doing=doing,
                          progress=progress)
