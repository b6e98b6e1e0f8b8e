"""A QR code drawn from its modules (the core makes the matrix with segno), black on white in every mode."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_ZONE = 4  # modules of white around the symbol: scanners need it
MODULE_PIXELS = 4  # a cheap scanner reads 4 px modules off a laptop screen at 10-20 cm


class QrView(QWidget):
    """Paints one QR symbol at a whole number of pixels per module (sharp edges scan best)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix: tuple[tuple[bool, ...], ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setVisible(False)

    def show_matrix(self, matrix: tuple[tuple[bool, ...], ...], name: str) -> None:
        """Show this symbol; NAME is what a screen reader says."""
        self.matrix = matrix
        self.setAccessibleName(name)
        self.setFixedSize(self.sizeHint())
        self.setVisible(bool(matrix))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """The symbol and its quiet zone."""
        side = (len(self.matrix) + 2 * QUIET_ZONE) * MODULE_PIXELS if self.matrix else 0
        return QSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """White square, black modules: a QR code must not follow the high-contrast palette's inversion."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        black = QColor("black")
        for y, row in enumerate(self.matrix):
            for x, dark in enumerate(row):
                if dark:
                    painter.fillRect(QRect((x + QUIET_ZONE) * MODULE_PIXELS, (y + QUIET_ZONE) * MODULE_PIXELS,
                                           MODULE_PIXELS, MODULE_PIXELS), black)
        painter.end()
