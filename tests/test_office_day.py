"""The wizard, the pre-check and the batch check count ages on the office's day, not the computer's.

The computer's zone is set for real (TZ and tzset) to one where today's date differs from the office's
(WIT): at every moment one of UTC-12 and UTC+14 is on another day than UTC+9.
"""

from __future__ import annotations

import time
from datetime import date

import pytest

from prakerja_desktop.app import App
from ui.tasks import TaskRunner
from ui.wizard.context import WizardContext


@pytest.fixture
def machine_on_another_day(app: App, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The office in WIT, the computer's clock in a zone whose date differs from the office's now."""
    app.settings.put("office_timezone", "WIT")
    office_day = app.rules.office_today()
    try:
        for zone in ("Etc/GMT+12", "Etc/GMT-14"):
            monkeypatch.setenv("TZ", zone)
            time.tzset()
            if date.today() != office_day:
                break
        assert date.today() != office_day
        yield office_day
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_wizard_counts_on_the_office_day(app: App, tasks: TaskRunner, machine_on_another_day: date) -> None:
    context = WizardContext(app=app, tasks=tasks)
    assert context.today() == machine_on_another_day != date.today()
    assert WizardContext(app=None, tasks=tasks).today() == date.today()  # before the data is open


def test_the_pre_check_counts_age_on_the_office_day(app: App, machine_on_another_day: date) -> None:
    from tests.factories import make_draft

    assert app.records.precheck(make_draft(serial=1)).evaluated_on == machine_on_another_day
