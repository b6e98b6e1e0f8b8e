"""The "Lanjutkan nanti" slip: a draft's code, big and as a QR code, and how to come back (A4 or roll).

Nothing personal is printed: only the code, the office and the date until which the draft is kept.
Whoever holds the code can open the draft, so the slip says to keep it like a key.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from prakerja_desktop import __version__
from prakerja_desktop.i18n import _, current_language
from prakerja_desktop.pdf_base import BOLD, FONT, register_fonts, styles

SLIP_LAYOUTS = ("a4", "roll80")


@dataclass(frozen=True)
class SlipContent:
    """What the slip says: the code, the office, and the last day the draft is kept."""

    code: str
    office_name: str
    office_address: str
    kept_until: date


def spaced_code(code: str) -> str:
    """The code in groups of three, easy to copy by hand ("QKH YP7")."""
    return " ".join(code[i:i + 3] for i in range(0, len(code), 3))


def instructions(content: SlipContent) -> list[str]:
    """The slip's paragraphs, in the language in force."""
    return [
        _("Isian Anda tersimpan di {office}. Untuk melanjutkan, datang lagi, tekan layar \"Selamat datang\", "
          "lalu ketik kode di atas pada kotak \"kode isian\".").format(office=content.office_name),
        _("Isian disimpan sampai {day}. Sesudah itu isian dihapus dan Anda perlu mulai dari awal.").format(
            day=f"{content.kept_until:%d-%m-%Y}"),
        _("Simpan kertas ini seperti kunci: siapa pun yang tahu kode ini bisa membuka isian Anda. "
          "Jangan berikan kode ini kepada orang lain."),
        _("Kode ini bukan pendaftaran Kartu Prakerja. Pendaftaran dilakukan sendiri di prakerja.go.id."),
    ]


def render_slip(content: SlipContent, layout: str = "a4") -> bytes:
    """The slip as PDF bytes: A4 (a top-of-page block) or an 80 mm roll (one short length)."""
    if layout not in SLIP_LAYOUTS:
        raise ValueError(f"unknown slip layout {layout!r}")
    register_fonts()
    roll = layout == "roll80"
    width = 80 * mm if roll else A4[0]
    margin = 4 * mm if roll else 20 * mm
    text_width = width - 2 * margin
    base = styles()["body"]
    body = base.clone("slipBody", fontSize=9 if roll else 12, leading=12 if roll else 16, spaceAfter=4)
    paragraphs = [Paragraph(text, body) for text in instructions(content)]
    heights = [p.wrap(text_width, 10_000)[1] + 4 for p in paragraphs]
    qr_size = 34 * mm if roll else 45 * mm
    code_size = 26 if roll else 40
    lead = Paragraph(_("Kode isian Anda (untuk melanjutkan nanti):"), body)
    lead_height = lead.wrap(text_width, 10_000)[1]
    top_block = 8 * mm + 14 + lead_height + code_size + 6 * mm + qr_size + 8 * mm
    page_height = (2 * margin + top_block + sum(heights) + 12) if roll else A4[1]

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, page_height), invariant=1, pageCompression=1,
                    initialFontName=FONT,  # type: ignore[arg-type]  # a font name, as in receipts/render
                    initialFontSize=body.fontSize, lang=current_language())
    canvas.setTitle(_("Kode isian {code}").format(code=content.code))
    canvas.setAuthor(content.office_name)
    canvas.setCreator(f"Prakerja Desktop {__version__}")
    y = page_height - margin
    canvas.setFont(BOLD, 11 if roll else 15)
    y -= 12
    canvas.drawString(margin, y, content.office_name[:60])
    if content.office_address:
        canvas.setFont(FONT, 8 if roll else 10)
        y -= 12
        canvas.drawString(margin, y, content.office_address[:80])
    y -= 6 * mm + lead_height
    lead.drawOn(canvas, margin, y)
    y -= code_size + 4
    canvas.setFont(BOLD, code_size)
    canvas.drawString(margin, y, spaced_code(content.code))
    y -= 6 * mm + qr_size
    _draw_qr(canvas, content.code, (width - qr_size) / 2 if roll else margin, y, qr_size)
    y -= 6 * mm
    for paragraph, height in zip(paragraphs, heights, strict=True):
        paragraph.drawOn(canvas, margin, y - height + 4)
        y -= height
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_qr(canvas: Canvas, code: str, x: float, y: float, size: float) -> None:
    """The code as a QR symbol (alphanumeric mode, error correction M), lower-left corner at (x, y)."""
    matrix = segno.make(code.upper(), error="m", micro=False).matrix
    count = len(matrix)
    module = size / count
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(matrix):
        top = y + (count - row_index - 1) * module
        for column, dark in enumerate(row):
            if dark:
                canvas.rect(x + column * module, top, module, module, stroke=0, fill=1)
    canvas.restoreState()
