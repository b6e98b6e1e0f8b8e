"""One worker thread for all database work; results come back to the GUI thread by signal.

A function run here must never touch a widget: it gets plain values and returns plain values.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

logger = logging.getLogger(__name__)


class _Worker(QObject):
    """Lives in the worker thread and runs the functions it is sent, one at a time."""

    succeeded = Signal(int, object)
    failed = Signal(int, object)

    @Slot(int, object)
    def run(self, task_id: int, function: Callable[[], Any]) -> None:
        """Run one function and report its result or its exception."""
        try:
            result = function()
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the GUI to be shown
            self.failed.emit(task_id, exc)
        else:
            self.succeeded.emit(task_id, result)


class TaskRunner(QObject):
    """Sends functions to the worker thread and calls back on the GUI thread."""

    _dispatch = Signal(int, object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from ui import gc_guard

        gc_guard.install()  # with a second thread, garbage must be collected on the GUI thread only
        self._thread = QThread()
        self._thread.setObjectName("database-worker")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._dispatch.connect(self._worker.run)
        self._worker.succeeded.connect(self._on_succeeded)
        self._worker.failed.connect(self._on_failed)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None] | None]] = {}
        self._thread.start()

    def submit(self, function: Callable[[], Any], on_done: Callable[[Any], None],
               on_error: Callable[[Exception], None] | None = None) -> int:
        """Queue a function for the worker; on_done/on_error run later on the GUI thread."""
        task_id = next(self._ids)
        self._callbacks[task_id] = (on_done, on_error)
        if len(self._callbacks) == 1:
            self.busy_changed.emit(True)
        self._dispatch.emit(task_id, function)
        return task_id

    @property
    def pending(self) -> int:
        """How many tasks have not reported back yet."""
        return len(self._callbacks)

    def shutdown(self) -> None:
        """Finish the queued work and stop the thread."""
        self._thread.quit()
        self._thread.wait()

    @Slot(int, object)
    def _on_succeeded(self, task_id: int, result: Any) -> None:
        on_done, _on_error = self._pop(task_id)
        if on_done is not None:
            on_done(result)

    @Slot(int, object)
    def _on_failed(self, task_id: int, exc: Exception) -> None:
        _on_done, on_error = self._pop(task_id)
        if on_error is not None:
            on_error(exc)
        else:
            logger.error("background task failed", exc_info=exc)

    def _pop(self, task_id: int) -> tuple[Callable[[Any], None] | None, Callable[[Exception], None] | None]:
        callbacks = self._callbacks.pop(task_id, (None, None))
        if not self._callbacks:
            self.busy_changed.emit(False)
        return callbacks
