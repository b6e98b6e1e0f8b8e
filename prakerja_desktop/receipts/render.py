"""The receipt as a PDF: "a4" (one A4 page), "roll80" and "roll58" (80 / 58 mm thermal roll, one length).

Only ReceiptContent reaches this module, so nothing unmasked can be drawn. Fonts are embedded; the
document is written with reportlab's invariant mode (fixed dates and ids), so the same content always
gives the same bytes.
"""

from __future__ import annotations

import io
import logging

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from prakerja_desktop import __version__
from prakerja_desktop.i18n import current_language
from prakerja_desktop.pdf_base import FONT, register_fonts
from prakerja_desktop.receipts.content import LAYOUTS, ReceiptContent
from prakerja_desktop.receipts.layout import Column, draw_ops, load_logo
from prakerja_desktop.receipts.sections import Geometry, lay_out

logger = logging.getLogger(__name__)


GEOMETRIES = {
    "a4": Geometry(A4[0], A4[1], 14 * mm, body=9.2, small=8.0, heading=10.5, office=13.0, number=19.0,
                   qr=30 * mm, logo=15 * mm),
    # 80 mm paper, ~72 mm printable: 4 mm margins each side.
    "roll80": Geometry(80 * mm, None, 4 * mm, body=8.0, small=7.2, heading=9.0, office=10.5, number=15.0,
                       qr=36 * mm, logo=12 * mm),
    # 58 mm paper, 48 mm printable (384 dots at 203 dpi): 5 mm margins; the code as wide as it can be
    # (with its quiet zone: ~47 mm), ~1 mm (8 dots) per module for version 6.
    "roll58": Geometry(58 * mm, None, 5 * mm, body=7.2, small=6.5, heading=8.0, office=9.2, number=12.5,
                       qr=39 * mm, logo=10 * mm),
}
MIN_SCALE = 0.7  # A4 text is never made smaller than 70 % of its base size


def render_receipt(content: ReceiptContent, layout: str = "a4") -> bytes:
    """The receipt (or blank checklist) as PDF bytes in the given layout."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown receipt layout {layout!r} (known: {', '.join(LAYOUTS)})")
    register_fonts()
    base = GEOMETRIES[layout]
    logo = load_logo(content.office.logo_path)
    if base.height is None:
        geometry, column = base, lay_out(content, base, logo, wide=False)
        page_height = column.y + 2 * base.margin
    else:
        geometry, column = _fit_a4(content, base, logo)
        page_height = base.height
    buffer = io.BytesIO()
    # initialFontName: no unembedded Helvetica in the resources; lang: screen readers read Indonesian.
    # types-reportlab declares initialFontName as float; reportlab takes a font name (a str) there.
    canvas = Canvas(buffer, pagesize=(geometry.width, page_height), invariant=1, pageCompression=1,
                    initialFontName=FONT,  # type: ignore[arg-type]
                    initialFontSize=geometry.body, lang=current_language())
    canvas.setTitle(content.title)
    canvas.setAuthor(content.office.name)
    canvas.setCreator(f"Prakerja Desktop {__version__}")
    canvas.setSubject("")
    draw_ops(canvas, column.ops, page_height - geometry.margin)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _fit_a4(content: ReceiptContent, base: Geometry, logo: ImageReader | None) -> tuple[Geometry, Column]:
    """The largest text size (at most the base size) at which everything fits on one A4 page.

    Text height grows about linearly with the size; the QR code and the header do not. So after
    the first try, the next size is interpolated from the last two tries: usually 2-3 layouts.
    """
    available = (base.height or 0.0) - 2 * base.margin
    tries: list[tuple[float, float]] = []
    factor = 1.0
    for _attempt in range(6):
        geometry = base.scaled(factor)
        column = lay_out(content, geometry, logo, wide=True)
        if column.y <= available:
            return geometry, column
        tries.append((factor, column.y))
        if factor <= MIN_SCALE:
            break
        if len(tries) == 1:
            guess = factor * available / column.y
        else:
            (f1, h1), (f2, h2) = tries[-2], tries[-1]
            slope = (h1 - h2) / (f1 - f2)
            guess = f2 - (h2 - available) / slope - 0.005 if slope > 0 else f2 - 0.05
        factor = max(MIN_SCALE, min(factor - 0.01, guess))
    logger.warning("receipt content is taller than one A4 page even at the smallest text size")
    return geometry, column
