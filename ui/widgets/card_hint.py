"""'Di mana nomor ini?': a big toggle that shows a simple drawing of a card with the number's place marked."""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from prakerja_desktop.i18n import _
from prakerja_desktop.paths import resources_dir

logger = logging.getLogger(__name__)

# Wide enough to read the card's text, narrow enough to stay beside the field on a big screen.
MAX_DRAWING_WIDTH = 540
MIN_DRAWING_WIDTH = 220


def image_path(name: str) -> str:
    """The path of a drawing in resources/images."""
    return str(resources_dir() / "images" / name)


class CardDrawing(QWidget):
    """An SVG drawing that scales to the available width and keeps its proportions (no wide minimum)."""

    def __init__(self, svg_name: str, max_width: int = MAX_DRAWING_WIDTH,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_width = max_width
        self.renderer = QSvgRenderer(image_path(svg_name), self)
        if not self.renderer.isValid():
            logger.error("card drawing %s could not be read", svg_name)
        box = self.renderer.viewBoxF()
        self._ratio = box.height() / box.width() if box.width() > 0 else 0.6
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumWidth(MIN_DRAWING_WIDTH)

    def _drawn_width(self, width: int) -> int:
        return max(1, min(width, self.max_width))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        """The height follows the width."""
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        """The height that keeps the drawing's proportions."""
        return round(self._drawn_width(width) * self._ratio)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """As wide as allowed."""
        return QSize(self.max_width, self.heightForWidth(self.max_width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Small: the page must never scroll sideways."""
        return QSize(MIN_DRAWING_WIDTH, self.heightForWidth(MIN_DRAWING_WIDTH))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Draw the card at the left, scaled to fit."""
        width = self._drawn_width(self.width())
        height = min(self.height(), self.heightForWidth(width))
        width = min(width, round(height / self._ratio)) if self._ratio else width
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.renderer.render(painter, QRectF(0, 0, width, height))
        painter.end()


class CardHint(QWidget):
    """A toggle button and, when open, the drawing with a one-line explanation under it."""

    toggled = Signal(bool)

    def __init__(self, svg_name: str, caption: str, parent: QWidget | None = None, *,
                 max_width: int = MAX_DRAWING_WIDTH) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.button = QPushButton(self)
        self.button.setObjectName("cardHintButton")
        self.button.setCheckable(True)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        layout.addLayout(row)
        self.drawing = CardDrawing(svg_name, max_width, self)
        self.drawing.setObjectName("cardHintDrawing")
        self.drawing.setAccessibleName(caption)
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("cardHintCaption")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.drawing)
        layout.addWidget(self.caption)
        self.button.toggled.connect(self._on_toggled)
        self._on_toggled(False)

    def is_open(self) -> bool:
        """True while the drawing is shown."""
        return self.button.isChecked()

    def set_open(self, shown: bool) -> None:
        """Show or hide the drawing."""
        self.button.setChecked(shown)

    def _on_toggled(self, shown: bool) -> None:
        label = _("Tutup gambar") if shown else _("Di mana nomor ini?")
        self.button.setText(f"{label}  {'▲' if shown else '▼'}")
        self.button.setAccessibleName(label)
        self.drawing.setVisible(shown)
        self.caption.setVisible(shown)
        self.toggled.emit(shown)
