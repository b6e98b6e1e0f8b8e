"""The wizard on a full disk or a read-only database: the banner explains, the answers stay, a retry works."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from prakerja_desktop.app import App
from prakerja_desktop.domain import flow
from tests.factories import make_draft
from tests.small_disk import SmallDisk, small_disk_fixture  # noqa: F401 - a fixture
from tests.test_disk_full import read_only_app
from tests.wizard_robot import TODAY, Person, Robot, wait_until

pytestmark = [pytest.mark.gui, pytest.mark.sqlite_only("fills the disk under the SQLite file")]


@pytest.fixture
def host_on(qtbot):  # type: ignore[no-untyped-def]
    """A factory of wizard hosts over given app, on screen; their worker stops afterwards."""
    from ui.tasks import TaskRunner
    from ui.wizard.context import WizardContext
    from ui.wizard.host import WizardHost

    runners: list[TaskRunner] = []

    def make(app: App) -> WizardHost:
        runners.append(TaskRunner())
        host = WizardHost(WizardContext(app=app, tasks=runners[-1], today=lambda: TODAY))
        qtbot.addWidget(host)
        host.resize(1024, 768)
        host.show()
        host.start()
        return host

    yield make
    for runner in runners:
        runner.shutdown()


def to_review(host) -> Robot:  # type: ignore[no-untyped-def]
    """Answer every step up to the review, with every draft save done."""
    robot = Robot(host)
    robot.next()
    robot.run_to(Person(), flow.REVIEW)
    wait_until(lambda: host.context.tasks.pending == 0)
    assert not host.banner.isVisible()
    return robot


def submit_and_expect_banner(host, robot: Robot, words: str) -> None:  # type: ignore[no-untyped-def]
    """Next on the review fails: the banner explains, the step and every answer stay."""
    answers = copy.deepcopy(host.draft.applicant)
    assert robot.next() == flow.REVIEW
    wait_until(host.banner.isVisible)
    assert words in host.banner.text() and "Isian Anda masih ada" in host.banner.text()
    assert host.draft.applicant == answers and host.next_ready()


def test_the_wizard_keeps_the_draft_when_the_database_turns_read_only(host_on, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    writable = App.open(data_dir)
    host = host_on(writable)
    robot = to_review(host)
    host.context.app = read_only_app(data_dir)  # as if the file became write-protected
    submit_and_expect_banner(host, robot, "hanya bisa dibaca")
    host.context.app.close()
    host.context.app = writable  # fixed by staff: the same Next now works
    assert robot.next() == flow.DONE
    record = writable.records.get(host.context.last_result.record_uuid)
    assert record.full_name == Person().name and record.nik == Person().nik
    writable.close()


def test_the_wizard_keeps_the_draft_when_the_disk_is_full(host_on, small_disk: SmallDisk) -> None:  # type: ignore[no-untyped-def]
    app = App.open(small_disk.path / "data")
    for serial in range(1, 4):
        app.records.submit(make_draft(serial=serial + 100), today=TODAY)
    host = host_on(app)
    robot = to_review(host)
    small_disk.fill()
    submit_and_expect_banner(host, robot, "penuh")
    assert app.records.count() == 3
    small_disk.free()
    assert robot.next() == flow.DONE
    assert app.records.count() == 4
    app.close()
