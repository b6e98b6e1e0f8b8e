"""Printing with Qt where CUPS is missing (Windows): each PDF page rendered by QtPdf at the printer's
resolution, in strips so an A4 page at 600 dpi never needs one huge image."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMarginsF, QPointF, QRect, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from prakerja_desktop.printing import POINTS_PER_MM, ROLL_WIDTHS_MM, PrinterProblem, PrinterProblemKind

logger = logging.getLogger(__name__)

MAX_DPI = 600  # receipts gain nothing above this; thermal printers are ~203 dpi
STRIP_HEIGHT = 512  # pixels rendered at a time


def default_printer() -> QPrinter:
    """A high-resolution QPrinter on the system's default printer; NO_PRINTER when there is none."""
    if QPrinterInfo.defaultPrinter().isNull() and not QPrinterInfo.availablePrinters():
        raise PrinterProblem(PrinterProblemKind.NO_PRINTER, "Qt sees no printer")
    return QPrinter(QPrinter.PrinterMode.HighResolution)


def set_media(printer: QPrinter, document: QPdfDocument, media: str) -> None:
    """A4 portrait, or an 80 mm roll as long as the document's first page; no margins of ours."""
    if media in ROLL_WIDTHS_MM and document.pageCount():
        length_mm = document.pagePointSize(0).height() / POINTS_PER_MM
        width = ROLL_WIDTHS_MM[media]
        size = QPageSize(QSizeF(width, length_mm), QPageSize.Unit.Millimeter, f"Roll {width} mm")
    else:
        size = QPageSize(QPageSize.PageSizeId.A4)
    printer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))


def paint_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Print every page of a loaded document; returns the page count. Raises PrinterProblem."""
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterProblem(PrinterProblemKind.JOB_FAILED, f"QPainter.begin failed on {printer.printerName()!r}")
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        scale = printer.resolution() / dpi  # device pixels per rendered pixel
        area = printer.pageRect(QPrinter.Unit.DevicePixel)
        for index in range(document.pageCount()):
            if index and not printer.newPage():
                raise PrinterProblem(PrinterProblemKind.JOB_FAILED, "newPage failed")
            points = document.pagePointSize(index)
            full = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
            # Fit the page into the printable area, keeping its proportions (never enlarge).
            fit = min(1.0, area.width() / (full.width() * scale), area.height() / (full.height() * scale))
            step = scale * fit
            for top in range(0, full.height(), STRIP_HEIGHT):
                height = min(STRIP_HEIGHT, full.height() - top)
                options = QPdfDocumentRenderOptions()
                options.setScaledSize(full)
                options.setScaledClipRect(QRect(0, top, full.width(), height))
                strip = document.render(index, QSize(full.width(), height), options)
                painter.save()
                painter.translate(QPointF(0, top * step))
                painter.scale(step, step)
                painter.drawImage(0, 0, strip)
                painter.restore()
    finally:
        painter.end()
    logger.info("printed %d page(s) with Qt at %d dpi", document.pageCount(), dpi)
    return document.pageCount()
