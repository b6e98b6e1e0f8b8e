"""Reading receipt codes from a file: a PDF (rendered with pdfium) or a photo (Pillow), decoded with zxing-cpp.

All three are imported here only, on first use: the app starts without them.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.receipts import proof

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 40 * 1024 * 1024  # a phone photo or a receipt PDF is far smaller
MAX_PAGES = 4  # a receipt is one page; a longer PDF is not one
PDF_SCALE = 3.0  # 216 dpi: an A4 receipt's 30 mm code gets ~5 pixels per module
MAX_PIXELS = 40_000_000  # Pillow's guard against decompression bombs, at 40 megapixels


def codes_in_file(path: Path) -> list[str]:
    """Every receipt code found in the file (QR texts that look like ours), in reading order."""
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise UserInputError(_("Berkas tidak ditemukan: {path}").format(path=path)) from exc
    except OSError as exc:
        raise UserInputError(_("Berkas ini tidak bisa dibaca: {path}").format(path=path)) from exc
    if size > MAX_FILE_BYTES or not path.is_file():
        raise UserInputError(_("Berkas ini bukan foto atau PDF tanda terima: {path}").format(path=path))
    with path.open("rb") as handle:
        start = handle.read(5)
    texts = _from_pdf(path) if start == b"%PDF-" else _from_image(path)
    return [t for t in texts if proof.looks_like_code(t)]


def codes_in_pixels(data: bytes, width: int, height: int, stride: int, channels: int) -> list[str]:
    """Receipt codes in raw pixels (gray, or BGR/BGRA as a screen capture gives them)."""
    import zxingcpp

    formats = {1: zxingcpp.ImageFormat.Lum, 3: zxingcpp.ImageFormat.BGR, 4: zxingcpp.ImageFormat.BGRA}
    # zxing-cpp takes any buffer; its stub names numpy's ndarray when numpy is installed (the photo extra).
    pixels: Any = memoryview(data)
    view = zxingcpp.ImageView(pixels, width, height, formats[channels], stride)
    found = zxingcpp.read_barcodes(view, formats=zxingcpp.barcode_formats_from_str("QRCode"))
    return [b.text for b in found if proof.looks_like_code(b.text)]


def _from_pdf(path: Path) -> list[str]:
    """The codes on the first pages of a PDF."""
    import pypdfium2  # type: ignore[import-untyped]  # ships no type information

    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        raise UserInputError(_("PDF ini rusak atau terkunci: {path}").format(path=path)) from exc
    texts: list[str] = []
    try:
        for index in range(min(len(document), MAX_PAGES)):
            bitmap = document[index].render(scale=PDF_SCALE, grayscale=True)
            channels = {"L": 1, "BGR": 3, "BGRA": 4, "BGRX": 4}.get(bitmap.mode, 4)
            texts += codes_in_pixels(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, channels)
    finally:
        document.close()
    return texts


def _from_image(path: Path) -> list[str]:
    """The codes in a photo or a scan (any format Pillow reads), upright or turned."""
    import zxingcpp
    from PIL import Image, ImageOps, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(path) as image:
            gray = ImageOps.exif_transpose(image).convert("L")
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as exc:
        raise UserInputError(_("Berkas ini bukan foto atau PDF tanda terima: {path}").format(path=path)) from exc
    found = zxingcpp.read_barcodes(gray, formats=zxingcpp.barcode_formats_from_str("QRCode"))
    return [b.text for b in found]
