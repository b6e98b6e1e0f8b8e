"""A progress bar with words and a "Batal" button, fed safely from the worker thread; a status line."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.i18n import _
from ui.staff.common import big_button
from ui.widgets.feedback import FeedbackLabel


class StatusLine(FeedbackLabel):
    """Errors and warnings as FeedbackLabel says them; good news as given ("✔ Tersimpan…")."""

    def show_text(self, text: str, severity: Severity = Severity.INFO) -> None:
        """Show one plain message."""
        if severity is not Severity.INFO or not text:
            super().show_text(text, severity)
            return
        super().show_text("", severity)
        self.setText(text)
        self.setProperty("class", "feedbackInfo")
        self.style().unpolish(self)
        self.style().polish(self)
        self.setAccessibleDescription(text)
        self.setVisible(True)


class _Relay(QObject):
    """Carries progress from the worker thread to the GUI thread (a queued signal)."""

    progressed = Signal(int, int)


class ProgressPanel(QWidget):
    """Shown while long work runs; report() and cancelled() may be called from the worker thread."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, name: str = "progressPanel") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._cancel = threading.Event()
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self.label = QLabel(self)
        self.label.setObjectName(f"{name}Label")
        self.label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setObjectName(f"{name}Bar")
        self.bar.setAccessibleName(_("Kemajuan"))
        self.bar.setMinimumWidth(200)
        self.bar.setStyleSheet("QProgressBar { min-height: 24px; max-height: 24px; }")
        self.cancel_button = big_button(_("Batal"), f"{name}Cancel", self)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 2)
        layout.addWidget(self.bar, 3)
        layout.addWidget(self.cancel_button)
        self.setVisible(False)

    def start(self, text: str, *, total: int = 0) -> threading.Event:
        """Show the panel; total 0 = a moving bar. Returns this run's own "Batal" flag for the worker."""
        self._cancel = threading.Event()
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.bar.setRange(0, total)
        self.bar.setValue(0)
        self.cancel_button.setEnabled(True)
        self.setVisible(True)
        return self._cancel

    def report(self, done: int, total: int) -> None:
        """Progress so far (any thread)."""
        self._relay.progressed.emit(int(done), int(total))

    def cancelled(self) -> bool:
        """True once "Batal" was pressed for the run on show (any thread)."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the running work to stop."""
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.label.setText(_("Sedang dihentikan…"))
        self.cancel_requested.emit()

    def finish(self) -> None:
        """Hide the panel."""
        self.setVisible(False)

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            if self.bar.maximum() != total:
                self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.bar.setAccessibleDescription(_("{done} dari {total}").format(done=done, total=total))
