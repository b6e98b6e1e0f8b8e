"""Garbage collection on the GUI thread only.

Python's automatic collector runs in whichever thread happens to allocate when a threshold is crossed.
When that is the database worker (busy in SQLAlchemy, allocating a lot) and the garbage holds a cycle
through a Qt wrapper (a widget whose lambda refers to itself, a closed dialog), the widget's C++ object
is destroyed on the worker thread while the GUI thread uses Qt: a segmentation fault now and then
(issue 20; tests/test_gc_guard.py reproduces it). So automatic collection is switched off and this
timer collects on the GUI thread, with the collector's own thresholds, a few times a second.
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer

logger = logging.getLogger(__name__)

INTERVAL_MS = 250

_installed: GuiThreadCollector | None = None


class GuiThreadCollector(QObject):
    """Collects garbage from a GUI-thread timer instead of Python's automatic collector."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(INTERVAL_MS)
        gc.disable()

    def check(self) -> int | None:
        """Collect the generations whose thresholds were crossed (as gc would); the generation or None."""
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0]:
            return None
        generation = 0
        if counts[1] > self.thresholds[1]:
            generation = 2 if counts[2] > self.thresholds[2] else 1
        gc.collect(generation)
        return generation


def install() -> GuiThreadCollector:
    """Turn automatic collection off for good and collect on the GUI thread (once per process)."""
    global _installed
    if _installed is None:
        app = QCoreApplication.instance()
        if app is None or QThread.currentThread() is not app.thread():
            raise RuntimeError("the collector must be installed on the GUI thread of a running application")
        _installed = GuiThreadCollector(app)
        logger.info("garbage collection moved to the GUI thread")
    return _installed


def collect_now() -> None:
    """Collect what the thresholds ask for at once (tests call it between tests; no-op if not installed)."""
    if _installed is not None:
        _installed.check()
