"""The one base of every PDF we write: embedded fonts, page set-up, paragraph and table styles.

Receipts, the office report, the batch check's list and a person's copy of their data all use it.
The shipped DejaVu Sans (regular and bold) is registered once per process and embedded as a subset:
it covers every Latin letter with diacritics (Indonesian, Javanese and Balinese names written in
Latin: "Ñoman Çahyo Đaeng Sêtyawan"), which the base-14 Helvetica (Latin-1 only) does not. No
document starts in Helvetica either, so none of them lists an unembedded font.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from prakerja_desktop.i18n import current_language
from prakerja_desktop.paths import resources_dir

FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FONT_FILES = {FONT: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
MARGIN = 15 * mm  # left and right
MARGIN_TOP = 12 * mm  # top and bottom
CREATOR = "Prakerja Desktop"
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the shipped DejaVu fonts with reportlab, once per process (embedded as subsets)."""
    global _registered
    if _registered:
        return
    with _lock:
        if not _registered:
            folder = resources_dir() / "fonts"
            for name, filename in FONT_FILES.items():
                pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
            # Plain binary (Flate) streams: ASCII85 on top makes receipts 25 % bigger and slower to
            # write. A process-wide reportlab setting; nothing here needs 7-bit PDFs.
            rl_config.useA85 = 0
            _registered = True


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of reports and copies, all in the embedded fonts."""
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12)
    return {
        "body": body,
        "bold": ParagraphStyle("bold", parent=body, fontName=BOLD),
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=10.5),
        "small_bold": ParagraphStyle("small_bold", parent=body, fontName=BOLD, fontSize=8.5, leading=10.5),
        "tiny": ParagraphStyle("tiny", parent=body, fontSize=7.5, leading=9),
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=16, leading=20, spaceAfter=4),
        "heading": ParagraphStyle("heading", parent=body, fontName=BOLD, fontSize=11.5, leading=14,
                                  spaceBefore=6, spaceAfter=3),
        "subheading": ParagraphStyle("subheading", parent=body, fontName=BOLD, fontSize=10, leading=12,
                                     spaceBefore=2, spaceAfter=2),
    }


def plain(value: object) -> str:
    """Text for a Paragraph, which reads markup: escaped, unprintable characters as spaces."""
    return escape("".join(ch if ch.isprintable() or ch == "\n" else " " for ch in str(value))).replace("\n", "<br/>")


def para(value: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (never markup from data)."""
    return Paragraph(plain(value), style)


def document(target: str | Path | BinaryIO, title: str, author: str = "", pagesize: tuple[float, float] = A4,
             invariant: bool = True) -> SimpleDocTemplate:
    """A document with our margins, metadata and fonts (it starts in DejaVu, not Helvetica)."""
    register_fonts()
    return SimpleDocTemplate(str(target) if isinstance(target, Path) else target, pagesize=pagesize,
                             leftMargin=MARGIN, rightMargin=MARGIN,
                             topMargin=MARGIN_TOP, bottomMargin=MARGIN_TOP, title=title,
                             author=author or CREATOR, creator=CREATOR, invariant=1 if invariant else 0,
                             initialFontName=FONT, initialFontSize=9.5, lang=current_language())


def grid_table(rows: Sequence[Sequence[Any]], widths: Sequence[float], *, header_fill: str = "#F5F5F5",
               padding: float | None = None, long: bool = False) -> Table:
    """A table with a thin grid and a shaded header row that repeats on each page."""
    from reportlab.platypus import LongTable

    table = (LongTable if long else Table)([list(r) for r in rows], colWidths=list(widths), repeatRows=1)
    commands: list[tuple[Any, ...]] = [("FONTNAME", (0, 0), (-1, -1), FONT),  # plain-text cells: not Helvetica
                                       ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(header_fill)),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if padding is not None:
        commands += [("TOPPADDING", (0, 0), (-1, -1), padding), ("BOTTOMPADDING", (0, 0), (-1, -1), padding)]
    table.setStyle(TableStyle(commands))
    return table
