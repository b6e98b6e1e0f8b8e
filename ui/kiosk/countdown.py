"""'Masih di sana?': a large countdown before an idle kiosk session is wiped."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from prakerja_desktop.i18n import _, ngettext
from ui.kiosk.overlay import Overlay

DEFAULT_COUNTDOWN_SECONDS = 30


class CountdownOverlay(Overlay):
    """Counts down; `continued` if the person touches the button, `expired` when the time is up."""

    continued = Signal()
    expired = Signal()

    def __init__(self, window: QWidget, seconds: int = DEFAULT_COUNTDOWN_SECONDS) -> None:
        super().__init__(window, _("Masih di sana?"))
        self.seconds = max(1, seconds)
        self.title_label = QLabel(_("Masih di sana?"), self.card)
        self.title_label.setObjectName("kioskTitle")
        self.text_label = QLabel(_("Layar ini tidak disentuh beberapa saat. Supaya data Anda tidak dilihat "
                                   "orang lain, layar akan kembali ke awal dalam:"), self.card)
        self.text_label.setObjectName("kioskText")
        self.text_label.setWordWrap(True)
        self.count_label = QLabel(self.card)
        self.count_label.setObjectName("kioskCountdown")
        self.unit_label = QLabel(_("detik"), self.card)
        self.unit_label.setObjectName("kioskText")
        self.continue_button = QPushButton(_("Ya, lanjutkan"), self.card)
        self.continue_button.setObjectName("continueButton")
        self.continue_button.setAccessibleName(_("Ya, lanjutkan"))
        self.continue_button.setAutoDefault(True)
        center = Qt.AlignmentFlag.AlignHCenter
        for widget in (self.title_label, self.text_label, self.count_label, self.unit_label):
            widget.setAlignment(center)
            self.card_layout.addWidget(widget)
        self.card_layout.addSpacing(8)
        self.card_layout.addWidget(self.continue_button, 0, center)
        self._clock = QElapsedTimer()
        self._tick = QTimer(self)
        self._tick.setInterval(200)  # redraw often enough that the number never looks stuck
        self._tick.timeout.connect(self._on_tick)
        self.continue_button.clicked.connect(self._on_continue_clicked)

    def begin(self) -> None:
        """Show the countdown from the start."""
        self._clock.start()
        self._show_left(self.seconds)
        self.popup()
        self.continue_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._tick.start()

    def cancel(self) -> None:
        """Stop counting and hide, without a signal (e.g. the session was wiped another way)."""
        self._tick.stop()
        self.dismiss()

    @property
    def counting(self) -> bool:
        """True while the countdown runs."""
        return self._tick.isActive()

    def seconds_left(self) -> int:
        """Whole seconds still left (rounded up, as shown)."""
        left_ms = self.seconds * 1000 - self._clock.elapsed()
        return max(0, -(-left_ms // 1000))

    def _show_left(self, seconds: int) -> None:
        self.count_label.setText(str(seconds))
        left = ngettext("{n} detik lagi", "{n} detik lagi", seconds)
        self.count_label.setAccessibleName(left.format(n=seconds))

    def _on_tick(self) -> None:
        left = self.seconds_left()
        self._show_left(left)
        if left <= 0:
            self.cancel()
            self.expired.emit()

    def _on_continue_clicked(self) -> None:
        self.cancel()
        self.continued.emit()
