"""A small top-down layout engine on the reportlab canvas: measure first, draw after.

Blocks are laid out into a list of drawing operations whose total height is known before a page
exists, so the 80 mm roll gets exactly the page height it needs and an A4 page can be checked (and
shrunk) to fit on one page. Plain canvas calls are several times faster than platypus paragraphs,
which keeps a receipt well under the 25 ms budget.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from prakerja_desktop.receipts import qr

logger = logging.getLogger(__name__)

_EPSILON = 0.01  # points: a text exactly as wide as its box must not wrap on a rounding error
_BREAK_BEFORE = ".@-_/"  # an address cut before these reads as one word going on, not as a hyphenation


@functools.lru_cache(maxsize=8192)
def _unit_width(text: str, font: str) -> float:
    """The width of a text at size 1 (widths grow linearly with size; cached across layouts)."""
    return pdfmetrics.stringWidth(text, font, 1.0)


def text_width(text: str, font: str, size: float) -> float:
    """The width of a text in points."""
    return _unit_width(text, font) * size


def wrap(text: str, font: str, size: float, width: float, first_width: float | None = None) -> list[str]:
    """Greedy word wrap to `width` points (`first_width` for the first line); over-long words are cut."""
    space = text_width(" ", font, size)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current: list[str] = []
        used = 0.0
        for word in paragraph.split():
            limit = first_width if first_width is not None and not lines else width
            word_width = text_width(word, font, size)
            if word_width > limit + _EPSILON:
                if current:
                    lines.append(" ".join(current))
                    current, used = [], 0.0
                pieces = _break_word(word, font, size, first_width if not lines and first_width else width,
                                     width)
                lines.extend(pieces[:-1])
                word = pieces[-1]
                word_width = text_width(word, font, size)
                limit = width if lines else limit
            needed = word_width if not current else used + space + word_width
            if current and needed > limit + _EPSILON:
                lines.append(" ".join(current))
                current, used = [word], word_width
            else:
                current.append(word)
                used = needed
        lines.append(" ".join(current))
    return lines




def _break_word(word: str, font: str, size: float, first: float, width: float) -> list[str]:
    """Cut an over-long word (an email address, a name without spaces) into pieces that fit.

    A cut goes before ".", "@", "-", "_" or "/" when one falls in the last two thirds of the line,
    so an email address stays readable and nobody types a line break as a hyphen.
    """
    pieces: list[str] = []
    rest = word
    limit = first
    while text_width(rest, font, size) > limit + _EPSILON and len(rest) > 1:
        fit = 1
        while fit < len(rest) and text_width(rest[: fit + 1], font, size) <= limit + _EPSILON:
            fit += 1
        cuts = [i for i in range(max(1, fit * 2 // 3), min(fit + 1, len(rest))) if rest[i] in _BREAK_BEFORE]
        cut = cuts[-1] if cuts else fit
        pieces.append(rest[:cut])
        rest = rest[cut:]
        limit = width
    pieces.append(rest)
    return pieces


def load_logo(path: str) -> ImageReader | None:
    """The office logo as an image, or None if there is none or it cannot be read (never fails)."""
    if not path:
        return None
    try:
        reader = ImageReader(path)
        reader.getSize()
        return reader
    except Exception:  # noqa: BLE001 - any unreadable image just means no logo on the receipt
        logger.warning("the office logo cannot be read; printing without it")
        return None


@dataclass
class Column:
    """A column of blocks laid out from the top; `y` is how far down (in points) the next block starts.

    Operations are kept with their offset from the top of the content area and drawn later by
    draw_ops(), once the page height is known. Child columns share the operation list.
    """

    x: float
    width: float
    y: float = 0.0
    ops: list[tuple[Any, ...]] = field(default_factory=list)

    def child(self, x: float, width: float) -> Column:
        """A column beside others, starting at this column's current height."""
        return Column(x, width, self.y, self.ops)

    def space(self, height: float) -> None:
        """Leave some space."""
        self.y += height

    def text(self, text: str, font: str, size: float, *, leading: float | None = None,
             indent: float = 0.0, prefix: str = "", prefix_font: str | None = None,
             first_indent: float | None = None, align: str = "left") -> None:
        """A wrapped paragraph; an optional prefix (a number, a mark) sits left of the first line.

        Lines start at `indent`; the first line at `first_indent` when given (a prefix on the line).
        """
        leading = leading or size * 1.28
        first = indent if first_indent is None else first_indent
        lines = wrap(text, font, size, self.width - indent, self.width - first)
        for index, line in enumerate(lines):
            baseline = self.y + size * 0.93
            if index == 0 and prefix:
                self.ops.append(("text", self.x, baseline, prefix_font or font, size, prefix, "left"))
            x = {"left": self.x + (first if index == 0 else indent), "center": self.x + self.width / 2,
                 "right": self.x + self.width}[align]
            self.ops.append(("text", x, baseline, font, size, line, align))
            self.y += leading

    def rule(self, line_width: float = 0.6, gap: float = 4.0) -> None:
        """A horizontal line across the column."""
        self.y += gap
        self.ops.append(("line", self.x, self.y, self.x + self.width, line_width))
        self.y += gap

    def box(self, x: float, top: float, width: float, height: float, line_width: float = 1.0) -> None:
        """An outlined rectangle (top is an offset from the content top)."""
        self.ops.append(("rect", x, top, width, height, line_width))

    def qr(self, x: float, top: float, size: float, payload: str) -> None:
        """A QR symbol `size` points wide; the caller leaves its quiet zone blank."""
        self.ops.append(("qr", x, top, size, payload))

    def image(self, x: float, top: float, width: float, height: float, reader: ImageReader) -> None:
        """An image (the office logo)."""
        self.ops.append(("image", x, top, width, height, reader))


def draw_ops(canvas: Canvas, ops: list[tuple[Any, ...]], top: float) -> None:
    """Draw laid-out operations; `top` is the page y (from the bottom) where the content area starts."""
    current_font: tuple[str, float] | None = None
    for op in ops:
        kind = op[0]
        if kind == "text":
            _, x, baseline, font, size, string, align = op
            if current_font != (font, size):
                canvas.setFont(font, size)
                current_font = (font, size)
            y = top - baseline
            if align == "center":
                canvas.drawCentredString(x, y, string)
            elif align == "right":
                canvas.drawRightString(x, y, string)
            else:
                canvas.drawString(x, y, string)
        elif kind == "line":
            _, x1, offset, x2, line_width = op
            canvas.setLineWidth(line_width)
            canvas.line(x1, top - offset, x2, top - offset)
        elif kind == "rect":
            _, x, offset, width, height, line_width = op
            canvas.setLineWidth(line_width)
            canvas.rect(x, top - offset - height, width, height, stroke=1, fill=0)
        elif kind == "qr":
            _, x, offset, size, payload = op
            qr.draw_qr(canvas, payload, x, top - offset - size, size)
        elif kind == "image":
            _, x, offset, width, height, reader = op
            canvas.drawImage(reader, x, top - offset - height, width, height, mask="auto")
