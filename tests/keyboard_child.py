"""Run as a child process (Qt reads QT_IM_MODULE once): the wizard with the on-screen keyboard.

Prints one JSON line: the keyboard's locale and rectangle, and the focused field's rectangle before and
after the wizard made room, all in screen coordinates.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

from ui.keyboard import enable_onscreen_keyboard

enable_onscreen_keyboard()

from PySide6.QtCore import QRect  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from prakerja_desktop.app import App  # noqa: E402
from tests.wizard_robot import Person, Robot, wait_until  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402
from ui.wizard.context import WizardContext  # noqa: E402
from ui.wizard.host import WizardHost  # noqa: E402


def global_rect(widget) -> QRect:  # type: ignore[no-untyped-def]
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def main(data_dir: str, step: str, field: str) -> None:
    qt_app = QApplication([])
    app = App.open(Path(data_dir))
    tasks = TaskRunner()
    host = WizardHost(WizardContext(app=app, tasks=tasks, today=lambda: date(2026, 11, 28)))
    screen = qt_app.primaryScreen().availableGeometry()
    host.setGeometry(screen)  # a kiosk fills its screen
    host.show()
    host.start()
    robot = Robot(host)
    robot.next()
    robot.run_to(Person(), step)
    robot.fill(Person())  # every field of the step shown
    edit = robot.find(field)
    scroll = host._scrolls[step]
    qt_app.processEvents()  # a page's own "bring what just appeared into view" runs first
    scroll.verticalScrollBar().setValue(0)  # the page from its top: the field is low on the screen
    qt_app.processEvents()
    before = global_rect(edit)
    host.activateWindow()
    wait_until(lambda: host.isActiveWindow(), timeout=10)
    edit.setFocus()
    wait_until(lambda: QGuiApplication.focusObject() is edit, timeout=10)
    method = QGuiApplication.inputMethod()
    method.show()
    wait_until(lambda: method.isVisible() and not method.keyboardRectangle().isEmpty(), timeout=20)
    keyboard = method.keyboardRectangle().toAlignedRect()
    wait_until(lambda: global_rect(edit).bottom() < keyboard.top(), timeout=5)
    after = global_rect(edit)
    print(json.dumps({"locale": method.locale().name(), "keyboard": keyboard.getRect(),
                      "screen": screen.getRect(), "before": before.getRect(), "after": after.getRect(),
                      "hints": int(edit.inputMethodHints().value)}), flush=True)
    tasks.shutdown()
    app.close()
    sys.stdout.flush()
    os._exit(0)  # no teardown of the keyboard's QML scene: its order of destruction is Qt's business


if __name__ == "__main__":
    main(*sys.argv[1:4])
