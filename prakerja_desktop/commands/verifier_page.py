"""`main.py verifier-page --out verifikasi.html`: one HTML file that checks receipt codes in any browser.

It holds the office's signed key list and needs no network, script or font from elsewhere; it answers in
Bahasa Indonesia with WebCrypto Ed25519 (Chrome/Edge 137+, Firefox 129+, Safari 17+).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from prakerja_desktop.app import App
from prakerja_desktop.i18n import _

OUTPUT_FILES = ("out",)  # checked first; write errors exit 3 (commands/output.py)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The output file."""
    parser.add_argument("--out", metavar="FILE.html", type=Path, required=True)


def run(args: argparse.Namespace, app: App) -> int:
    """Write the page."""
    args.out.write_text(app.receipts.verifier_page(), encoding="utf-8")
    print(_("halaman pemeriksa ditulis: {path}").format(path=args.out))
    return 0
