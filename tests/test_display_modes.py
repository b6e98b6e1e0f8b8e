"""Every screen in every display mode, at 1024×768: touch targets, screen-reader names, clipped text,
and a picture of each (saved to the test's temp folder; PRAKERJA_SHOTS_DIR keeps a copy to look at)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTabWidget, QWidget

from prakerja_desktop import i18n
from prakerja_desktop.domain import flow
from tests.factories import make_draft
from tests.screen_checks import (
    clipped_texts,
    cut_by_scroll_area,
    hover_only,
    layout_settled,
    small_targets,
    unnamed_controls,
)
from tests.wizard_robot import TODAY, Person, Robot, main_path_screens
from ui.display import DisplayMode, display_settings, reset_display
from ui.staff.context import StaffContext
from ui.staff.window import StaffArea
from ui.widgets.language_picker import switch_language
from ui.wizard.host import WizardHost

pytestmark = pytest.mark.gui
MODES = {"normal": DisplayMode(), "large": DisplayMode(large=True), "contrast": DisplayMode(contrast=True),
         "large-contrast": DisplayMode(large=True, contrast=True)}
SIZE = (1024, 768)


@pytest.fixture(autouse=True)
def _normal_afterwards() -> Iterator[None]:
    yield
    reset_display()


class Findings:
    """Problems over many screens, and the pictures taken."""

    def __init__(self, folder: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.folder = folder
        self.qtbot = qtbot
        folder.mkdir(parents=True, exist_ok=True)
        keep = os.environ.get("PRAKERJA_SHOTS_DIR")
        self.keep = Path(keep) if keep else None
        if self.keep is not None:
            self.keep.mkdir(parents=True, exist_ok=True)
        self.problems: list[str] = []
        self.pictures: list[Path] = []

    def check(self, where: str, window: QWidget, screen: QWidget) -> None:
        """Run every check on one screen and take its picture."""
        # Word-wrapped texts get their height over a few layout passes (height for width, through scroll
        # areas), slower on a busy machine: let the layout settle first; what stays cut off is reported.
        layout_settled(self.qtbot, screen)
        if (window.width(), window.height()) != SIZE:
            self.problems.append(f"{where}: the window grew to {window.width()}×{window.height()} to fit")
        self.problems += [f"{where}: small target {p}" for p in small_targets(screen)]
        self.problems += [f"{where}: no accessible name {p}" for p in unnamed_controls(screen)]
        self.problems += [f"{where}: clipped {p}" for p in clipped_texts(screen)]
        self.problems += [f"{where}: cut off {p}" for p in cut_by_scroll_area(screen)]
        self.problems += [f"{where}: only on hover {p}" for p in hover_only(screen)]
        path = self.folder / f"{where}.png"
        image = window.grab()
        assert image.save(str(path)), path
        self.pictures.append(path)
        if self.keep is not None:
            image.save(str(self.keep / path.name))

    def assert_none(self) -> None:
        """Fail with the whole list."""
        assert not self.problems, "\n".join(self.problems)


def walk_wizard(qtbot, host: WizardHost, person: Person, findings: Findings, mode_name: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Answer every step like a person, checking and photographing each."""
    robot, seen = Robot(host), []
    while True:
        step = host.draft.step
        robot.fill(person)
        qtbot.wait(120)  # answers from the worker (the pre-check on review) and the relayout after them
        seen.append(step)
        findings.check(f"{mode_name}_wizard_{len(seen):02d}_{step}", host, host)
        if step in flow.TERMINAL_STEPS:
            return seen
        robot.next()


@pytest.mark.parametrize("mode_name", list(MODES))
def test_every_wizard_screen_is_touchable_named_and_unclipped(qtbot, wizard_context, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                              mode_name: str) -> None:
    display_settings().set_mode(MODES[mode_name])
    findings = Findings(tmp_path / "shots", qtbot)
    host = WizardHost(wizard_context)
    qtbot.addWidget(host)
    host.resize(*SIZE)
    host.show()
    host.start()
    assert walk_wizard(qtbot, host, Person(), findings, mode_name) == main_path_screens()  # each question screen
    host.start()
    declined = walk_wizard(qtbot, host, Person(consent=False), findings, f"{mode_name}-declined")
    assert declined[-1] == flow.CHECKLIST_ONLY
    assert len(findings.pictures) == len(main_path_screens()) + len(declined)
    findings.assert_none()


@pytest.fixture
def english() -> Iterator[None]:
    """The program in English (longer texts than Indonesian), back to the default afterwards."""
    switch_language("en")
    yield
    switch_language(i18n.DEFAULT_LANGUAGE)


@pytest.mark.parametrize("mode_name", list(MODES))
def test_every_staff_screen_is_touchable_named_and_unclipped(qtbot, app, admin, tasks, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                             mode_name: str) -> None:
    walk_staff(qtbot, app, admin, tasks, tmp_path, mode_name)


@pytest.mark.parametrize("mode_name", ["large", "large-contrast"])
def test_staff_screens_fit_in_english_too(qtbot, app, admin, tasks, tmp_path: Path,  # type: ignore[no-untyped-def]
                                          mode_name: str, english: None) -> None:
    walk_staff(qtbot, app, admin, tasks, tmp_path, mode_name, prefix="en-")


@pytest.mark.parametrize("mode_name", ["large", "large-contrast"])
def test_wizard_screens_fit_in_english_too(qtbot, wizard_context, tmp_path: Path,  # type: ignore[no-untyped-def]
                                           mode_name: str, english: None) -> None:
    display_settings().set_mode(MODES[mode_name])
    findings = Findings(tmp_path / "shots", qtbot)
    host = WizardHost(wizard_context)
    qtbot.addWidget(host)
    host.resize(*SIZE)
    host.show()
    host.start()
    assert walk_wizard(qtbot, host, Person(), findings, f"en-{mode_name}") == main_path_screens()
    findings.assert_none()


def walk_staff(qtbot, app, admin, tasks, tmp_path: Path, mode_name: str,  # type: ignore[no-untyped-def]
               prefix: str = "") -> None:
    """Every staff screen (and each tab of a screen) and one record, checked and photographed."""
    display_settings().set_mode(MODES[mode_name])
    mode_name = prefix + mode_name
    findings = Findings(tmp_path / "shots", qtbot)
    recorded = app.records.submit(make_draft(serial=1, name="Budi Santoso", kk="3508201203150007"), today=TODAY)
    area = StaffArea(StaffContext(app, tasks, admin), today=lambda: TODAY)
    qtbot.addWidget(area)
    area.resize(*SIZE)
    area.show()
    for name in area.specs:
        screen = area.show_screen(name)
        qtbot.wait(150)  # screens fill themselves from the worker
        if isinstance(getattr(screen, "loaded", None), bool):  # a busy machine's worker may take longer
            qtbot.waitUntil(lambda screen=screen: screen.loaded, timeout=10_000)
            qtbot.wait(150)  # the relayout after the values (a ticked choice is wider)
        if name == "records":
            qtbot.waitUntil(lambda screen=screen: screen.model.count_known, timeout=10_000)
        findings.check(f"{mode_name}_staff_{name}", area, area)
        for tabs in screen.findChildren(QTabWidget):  # e.g. sync: send and receive, NIK review, pairing
            for index in range(1, tabs.count()):
                tabs.setCurrentIndex(index)
                qtbot.wait(100)
                findings.check(f"{mode_name}_staff_{name}_tab{index}", area, area)
            tabs.setCurrentIndex(0)
    records = area.show_screen("records")
    view = records.open_record(recorded.record_uuid)
    qtbot.waitUntil(lambda: view.findChild(QWidget, "recordSections") is not None or view.isVisible(),
                    timeout=10_000)
    with qtbot.waitSignal(view.loaded, timeout=10_000, raising=False):
        pass
    qtbot.wait(100)
    findings.check(f"{mode_name}_staff_record", area, area)
    findings.assert_none()


def test_the_mode_switches_from_the_wizard_header_and_reaches_the_staff_area(qtbot, wizard_context, app,  # type: ignore[no-untyped-def]
                                                                             admin, tasks) -> None:
    host = WizardHost(wizard_context)
    qtbot.addWidget(host)
    host.resize(*SIZE)
    host.show()
    host.start()
    body = host.findChild(QWidget, "page_welcome").findChildren(QWidget)[0]
    normal_size = body.font().pixelSize()
    Robot(host).click(host.display_controls.large_button)
    assert display_settings().mode == DisplayMode(large=True)
    assert body.font().pixelSize() > normal_size
    Robot(host).click(host.display_controls.contrast_button)
    assert host.palette().window().color().lightness() < 30  # black behind white text
    area = StaffArea(StaffContext(app, tasks, admin))
    qtbot.addWidget(area)
    area.show()
    assert area.display_controls.large_button.isChecked() and area.display_controls.contrast_button.isChecked()
    Robot(host).click(area.display_controls.large_button)
    assert not host.display_controls.large_button.isChecked()
    assert body.font().pixelSize() == normal_size
    reset_display()
    assert not area.display_controls.contrast_button.isChecked()


def test_the_next_person_starts_with_the_normal_look(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    window = MainWindow(data_dir)
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    with qtbot.waitSignal(window.app_ready, timeout=20_000):
        window.open_app()
    wizard = window.wizard
    Robot(wizard).click(wizard.display_controls.large_button)
    Robot(wizard).click(wizard.display_controls.contrast_button)
    assert display_settings().mode == DisplayMode(large=True, contrast=True)
    assert window.staff_button.font().pixelSize() > 17  # the window's own bar follows the mode too
    Robot(wizard).next()  # the mode holds from step to step
    assert display_settings().mode == DisplayMode(large=True, contrast=True)
    wizard.finished.emit()  # "Selesai" on the last screen: a fresh Welcome for the next person
    assert display_settings().mode == DisplayMode()
    assert not wizard.display_controls.large_button.isChecked()
    window.close()


@pytest.mark.parametrize("mode_name", list(MODES))
def test_photo_practice_with_a_result_is_touchable_named_and_unclipped(qtbot, wizard_context, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                       mode_name: str, monkeypatch) -> None:
    """The practice as a person with a camera sees it: the result and its buttons (the walk above sees
    the step without a camera, as offscreen has none)."""
    from tests import photo_images
    from ui.photo import sources

    class FedSource(sources.StillSource):
        live = True

    monkeypatch.setattr(sources, "make_source", lambda parent=None: FedSource(parent))
    display_settings().set_mode(MODES[mode_name])
    findings = Findings(tmp_path / "shots", qtbot)
    host = WizardHost(wizard_context)
    qtbot.addWidget(host)
    host.resize(*SIZE)
    host.show()
    host.start()
    robot = Robot(host)
    robot.run_to(Person(), flow.PHOTO)
    practice = host.current_page().practice
    findings.check(f"{mode_name}_photo_camera", host, host)
    practice.camera.show_frame(photo_images.glare_card())
    robot.click(robot.find("photoTakeButton"))
    qtbot.wait(120)
    findings.check(f"{mode_name}_photo_ktp_result", host, host)
    robot.click(robot.find("photoRetryButton"))
    robot.click(robot.find("choice_face"))
    practice.camera.show_frame(photo_images.astronaut())
    robot.click(robot.find("photoTakeButton"))
    qtbot.wait(120)
    findings.check(f"{mode_name}_photo_face_result", host, host)
    findings.assert_none()


@pytest.mark.parametrize(("mode_name", "language"), [*((mode, "id") for mode in MODES),
                                                     ("large", "en"), ("large-contrast", "en")])
def test_the_reports_screen_fits_without_a_sideways_scroll(qtbot, app, admin, tasks, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           mode_name: str, language: str) -> None:
    """"Laporan" at 1024×768 in every mode (and English, its longest texts): its rows of buttons and dates
    wrap, so neither the staff area nor the report's own page scrolls sideways."""
    from PySide6.QtWidgets import QScrollArea

    switch_language(language)
    try:
        display_settings().set_mode(MODES[mode_name])
        findings = Findings(tmp_path / "shots", qtbot)
        app.records.submit(make_draft(serial=1, name="Budi Santoso", kk="3508201203150007"), today=TODAY)
        area = StaffArea(StaffContext(app, tasks, admin), today=lambda: TODAY)
        qtbot.addWidget(area)
        area.resize(*SIZE)
        area.show()
        screen = area.show_screen("reports")
        qtbot.waitUntil(lambda: screen.report is not None, timeout=20_000)
        qtbot.wait(150)  # the relayout after the numbers
        findings.check(f"{language}-{mode_name}_staff_reports", area, area)
        staff_scroll = area.findChild(QScrollArea, "staffScroll")
        assert staff_scroll.horizontalScrollBar().maximum() == 0, (
            f"the staff area scrolls sideways by {staff_scroll.horizontalScrollBar().maximum()} px")
        assert screen.body.width() <= screen.scroll.viewport().width() + 1
        for button in (screen.show_button, *screen.preset_buttons.values(), screen.export_panel.report_button,
                       screen.export_panel.waiting_button):  # every control fully inside the window
            right = button.mapTo(area, button.rect().topRight()).x()
            assert right <= area.width(), f"{button.text()!r} ends at {right} px"
        findings.assert_none()
    finally:
        switch_language(i18n.DEFAULT_LANGUAGE)
