"""Two small toggles on every screen: large text ("Aa") and high contrast ("◐")."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from prakerja_desktop.i18n import _
from ui.display import DisplayMode, display_settings
from ui.widgets.accessible import describe
from ui.widgets.choice import ChoiceButton


class DisplayControls(QWidget):
    """Checkable buttons that switch the process-wide display mode and follow it."""

    def __init__(self, parent: QWidget | None = None, *, vertical: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("displayControls")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self._labels: dict[QPushButton, str] = {}
        self.large_button = self._toggle("largeTextButton")
        self.contrast_button = self._toggle("contrastButton")
        self.retranslate()
        if vertical:
            layout.setDirection(QHBoxLayout.Direction.TopToBottom)
        layout.addWidget(self.large_button)
        layout.addWidget(self.contrast_button)
        settings = display_settings()
        self.large_button.toggled.connect(settings.set_large)
        self.contrast_button.toggled.connect(settings.set_contrast)
        settings.changed.connect(self._show_mode)
        self._show_mode(settings.mode)

    def _toggle(self, name: str) -> QPushButton:
        button = ChoiceButton(self)  # the "✓" shown when on never widens it
        button.setObjectName(name)
        button.setCheckable(True)
        button.setProperty("class", "displayToggle")
        return button

    def retranslate(self) -> None:
        """Texts in the language now in force (call after a language switch)."""
        for button, (text, accessible, description) in (
                (self.large_button, (_("Aa Besar"), _("Huruf besar"), _("Membesarkan semua tulisan di layar."))),
                (self.contrast_button, (_("◐ Kontras"), _("Kontras tinggi"),
                                        _("Tulisan putih di atas latar hitam, lebih mudah dibaca.")))):
            self._labels[button] = text
            describe(button, accessible, description)
        self._show_mode(display_settings().mode)

    def _show_mode(self, mode: DisplayMode) -> None:
        """Mark the buttons as the mode is (it may be changed from another screen or reset)."""
        for button, on in ((self.large_button, mode.large), (self.contrast_button, mode.contrast)):
            label = self._labels[button]
            button.setText(f"✓ {label}" if on else label)  # not by colour alone
            if button.isChecked() != on:
                button.blockSignals(True)
                button.setChecked(on)
                button.blockSignals(False)
