"""Render resources/icons/prakerja.svg to the PNG (Linux, 256 px) and ICO (Windows) icons.

    python installer/make_icons.py

Run it after changing the SVG and commit the three files: the build uses the committed PNG/ICO, so
building needs neither a renderer nor a screen.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn at size × size pixels, as PNG bytes (QtSvg, offscreen)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def main() -> int:
    """Write prakerja.png and prakerja.ico beside the SVG."""
    from PIL import Image

    svg = ICONS / "prakerja.svg"
    png = render_png(svg, 256)
    (ICONS / "prakerja.png").write_bytes(png)
    Image.open(io.BytesIO(png)).save(ICONS / "prakerja.ico", sizes=[(s, s) for s in ICO_SIZES])
    print(f"wrote {ICONS / 'prakerja.png'} and {ICONS / 'prakerja.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
