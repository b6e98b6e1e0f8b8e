"""A scroll wheel or touchpad never changes an answer: on every wizard and staff screen, a real wheel event
over each drop-down, spin box, date and slider leaves its value as it was, and scrolls the page instead."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QTabWidget,
    QWidget,
)

from prakerja_desktop.domain import flow
from tests.factories import make_draft
from tests.wizard_robot import TODAY, Person, Robot
from ui.staff.context import StaffContext
from ui.staff.window import StaffArea
from ui.widgets.wheel_guard import page_scroll_area
from ui.wizard.host import WizardHost

pytestmark = pytest.mark.gui
NOTCH = 120  # one notch of a mouse wheel, in eighths of a degree


def value_controls(root: QWidget) -> list[QWidget]:
    """Every drop-down, spin box (dates and times included) and slider under root (scroll bars are the page's)."""
    return [w for w in root.findChildren(QWidget)
            if isinstance(w, (QComboBox, QAbstractSpinBox, QAbstractSlider)) and not isinstance(w, QScrollBar)]


def value_of(control: QWidget) -> object:
    """What a person would see as the control's value."""
    if isinstance(control, QComboBox):
        return control.currentIndex(), control.currentText()
    if isinstance(control, QAbstractSpinBox):
        return control.text()
    assert isinstance(control, QAbstractSlider)
    return control.value()


def wheel(control: QWidget, notches: int) -> None:
    """Turn the wheel over the middle of the control, as the window system would deliver it: to the
    innermost widget under the pointer (an editable drop-down's text field)."""
    centre = control.rect().center()
    target = control.childAt(centre) or control
    local = QPointF(target.mapFrom(control, centre))
    event = QWheelEvent(local, QPointF(target.mapToGlobal(local.toPoint())), QPoint(0, 0),
                        QPoint(0, notches * NOTCH), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(target, event)


def check_screen(where: str, root: QWidget, problems: list[str]) -> int:
    """Wheel down and up over every value control under root; returns how many controls were tried."""
    controls = value_controls(root)
    for control in controls:
        name = f"{where}: {control.objectName() or type(control).__name__}"
        for notches in (-1, 1, -3, 3):
            before = value_of(control)
            area = page_scroll_area(control)
            bar = area.verticalScrollBar() if isinstance(area, QAbstractScrollArea) else None
            can_scroll = (bar is not None and bar.isVisible() and control.isVisible()
                          and (bar.value() < bar.maximum() if notches < 0 else bar.value() > bar.minimum()))
            position = bar.value() if bar is not None else 0
            wheel(control, notches)
            if value_of(control) != before:
                problems.append(f"{name}: a wheel of {notches} changed {before!r} to {value_of(control)!r}")
            if can_scroll and bar is not None and bar.value() == position:
                problems.append(f"{name}: the page did not scroll ({notches})")
    return len(controls)


def test_no_wheel_changes_a_wizard_answer(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = WizardHost(wizard_context)
    qtbot.addWidget(host)
    host.resize(1024, 600)  # short: the pages scroll, so the scrolling can be seen
    host.show()
    host.start()
    robot, person, problems, tried = Robot(host), Person(), [], 0
    while True:
        step = host.draft.step
        robot.fill(person)
        qtbot.wait(50)
        tried += check_screen(f"wizard {step}", host.current_page(), problems)
        if step in flow.TERMINAL_STEPS:
            break
        robot.next()
    assert host.draft.step == flow.DONE
    assert tried >= 6, tried  # birth day, month, year; province, regency, district
    assert not problems, "\n".join(problems)
    # The answers the robot gave are the ones stored (nothing changed on the way).
    assert host.draft.applicant.birth_date is not None


def test_no_wheel_changes_a_value_on_a_staff_screen(qtbot, app, admin, tasks) -> None:  # type: ignore[no-untyped-def]
    recorded = app.records.submit(make_draft(serial=1, name="Budi Santoso", kk="3508201203150007"), today=TODAY)
    area = StaffArea(StaffContext(app, tasks, admin), today=lambda: TODAY)
    qtbot.addWidget(area)
    area.resize(1024, 600)
    area.show()
    problems: list[str] = []
    tried = 0
    for name in area.specs:
        screen = area.show_screen(name)
        qtbot.wait(100)
        if isinstance(getattr(screen, "loaded", None), bool):
            qtbot.waitUntil(lambda screen=screen: screen.loaded, timeout=10_000)
        tabs_list = screen.findChildren(QTabWidget)
        tried += check_screen(f"staff {name}", screen, problems)
        for tabs in tabs_list:
            for index in range(1, tabs.count()):
                tabs.setCurrentIndex(index)
                qtbot.wait(50)
                tried += check_screen(f"staff {name} tab {index}", tabs.currentWidget(), problems)
            tabs.setCurrentIndex(0)
    records = area.show_screen("records")
    view = records.open_record(recorded.record_uuid)
    qtbot.waitUntil(lambda: view.edit_button.isEnabled(), timeout=10_000)
    tried += check_screen("staff record", view, problems)
    QTest.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    tried += check_screen("staff record edit", area, problems)
    # The dashboard's dates, the records filters (district, village, outcome, wave, dates), the backup
    # schedule's hours and time, the record's wave outcome and the record edit's lists at least.
    assert tried >= 10, tried
    assert not problems, "\n".join(problems)


def test_an_open_drop_down_list_still_scrolls_with_the_wheel(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    """The guard leaves lists alone: the province list, once open, scrolls as lists do."""
    host = WizardHost(wizard_context)
    qtbot.addWidget(host)
    host.resize(1024, 768)
    host.show()
    host.start()
    Robot(host).run_to(Person(), flow.ADDRESS)
    combo = host.current_page().findChild(QComboBox, "provinceCombo")
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    bar = view.verticalScrollBar()
    start = bar.value()
    wheel(view.viewport(), -3)
    assert bar.value() != start or bar.maximum() == 0
    combo.hidePopup()
