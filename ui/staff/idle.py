"""Automatic logout: an application-wide event filter notes every touch, click and key press."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

INPUT_EVENTS = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.KeyPress, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.TouchEnd, QEvent.Type.TabletPress, QEvent.Type.TabletMove,
})


class IdleWatcher(QObject):
    """Emits `timed_out` once when no input arrived for `timeout_ms`.

    The filter only restarts a clock (cheap on every event); a single timer checks the clock when
    the time could be up, and sleeps again for the rest if there was input meanwhile.
    """

    timed_out = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeout_ms = max(1, timeout_ms)
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer)
        self._running = False

    def start(self) -> None:
        """Begin watching (the clock starts now)."""
        app = QApplication.instance()
        if app is not None and not self._running:
            app.installEventFilter(self)
        self._running = True
        self._clock.start()
        self._timer.start(self.timeout_ms)

    def stop(self) -> None:
        """Stop watching."""
        app = QApplication.instance()
        if app is not None and self._running:
            app.removeEventFilter(self)
        self._running = False
        self._timer.stop()

    def set_timeout(self, timeout_ms: int) -> None:
        """Change the time allowed without input (counted from the last input, as before)."""
        self.timeout_ms = max(1, timeout_ms)
        if self._running:
            self._timer.start(max(0, self.timeout_ms - self._clock.elapsed()))

    @property
    def running(self) -> bool:
        """True while watching."""
        return self._running

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Note input; never swallow an event."""
        if event.type() in INPUT_EVENTS:
            self._clock.restart()
        return False

    def _on_timer(self) -> None:
        if not self._running:
            return
        left = self.timeout_ms - self._clock.elapsed()
        if left > 0:
            self._timer.start(left)
            return
        self.stop()
        self.timed_out.emit()
