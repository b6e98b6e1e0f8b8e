"""Run as a child process: a NIK field and its "Dengarkan angka" button, touched once; prints what the
system voice started to speak (JSON). A child, because a test process that has talked to
speech-dispatcher was seen to crash later in unrelated tests during garbage collection."""

from __future__ import annotations

import json
import os
import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from prakerja_desktop.domain.spoken import NumberKind
from ui.speech import speaker
from ui.widgets.read_aloud import number_read_back


def main() -> None:
    app = QApplication([])
    edit = QLineEdit()
    edit.setObjectName("nik")
    button = number_read_back(edit, NumberKind.NIK, None)  # type: ignore[arg-type]
    edit.show()
    button.show()
    QTest.keyClicks(edit, "3508 2017 0500 0001")
    visible = button.isVisible()  # shown: this machine has a voice
    heard: list[str] = []
    speaker().spoken.connect(lambda text: (heard.append(text), app.quit()))
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    QTimer.singleShot(30_000, app.quit)
    app.exec()
    print(json.dumps({"visible": visible, "heard": heard, "asked": button.last_spoken}), flush=True)
    speaker().shutdown()
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
