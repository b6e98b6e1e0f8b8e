"""`main.py receipt RECEIPT_NUMBER --out FILE.pdf [--layout a4|roll80|roll58] [--reprint]`: a receipt as PDF.

Exit codes as everywhere in main.py: 0 done, 2 a wrong or unknown receipt number, 3 the PDF cannot
be written there (folder missing or read-only, disk full). Nothing personal is printed or logged.
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import sys
from pathlib import Path

from prakerja_desktop.app import App
from prakerja_desktop.commands import output
from prakerja_desktop.domain.codes import clean_code, parse_receipt_number
from prakerja_desktop.i18n import _

logger = logging.getLogger(__name__)

OUTPUT_FILES = ("out",)  # checked first; write errors exit 3 (commands/output.py)
EXIT_OK, EXIT_USAGE, EXIT_ENVIRONMENT = 0, 2, 3
LAYOUTS = ("a4", "roll80", "roll58")  # kept equal to receipts.content.LAYOUTS (a test checks)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The receipt number (or a scanned QR code), the output file, the layout and the reprint mark."""
    parser.add_argument("receipt_number", metavar="RECEIPT_NUMBER",
                        help="receipt number such as K7QD2-001376 (or the text of its QR code)")
    parser.add_argument("--out", metavar="FILE.pdf", required=True, type=Path, help="PDF file to write")
    parser.add_argument("--layout", choices=LAYOUTS, default=None,
                        help="a4 (office printer), roll80 or roll58 (80/58 mm roll); default: the office setting")
    parser.add_argument("--reprint", action="store_true", help='mark it "CETAK ULANG" with the time now')


def run(args: argparse.Namespace, app: App) -> int:
    """Find the record, render its receipt, write the file atomically."""
    record = app.receipts.verify_code(args.receipt_number)
    if record is None:
        print(f"main.py: {_unknown_message(args.receipt_number)}", file=sys.stderr)
        return EXIT_USAGE
    pdf = app.receipts.pdf(record.uuid, layout=args.layout, reprint=args.reprint)
    out: Path = args.out
    try:
        _write_atomically(out, pdf)
    except OSError as exc:
        logger.warning("receipt PDF not written: %s", errno.errorcode.get(exc.errno or 0, "unknown error"))
        print(f"main.py: {_write_problem(out, exc)}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    layout = args.layout or app.receipts.office_settings()["receipt_layout"]
    reprinted = ", " + _("cetak ulang") if args.reprint else ""
    print(f"{record.receipt_number} -> {out} ({layout}{reprinted})")
    return EXIT_OK


def _unknown_message(text: str) -> str:
    """Why no record was found, in one line (the input is echoed only when it is a valid number)."""
    parsed = parse_receipt_number(text) if len(text) <= 40 else None
    if parsed is None:
        return _("nomor tanda terima tidak valid; periksa lagi setiap huruf dan angkanya.")
    return _("tanda terima {receipt} tidak ada di database ini.").format(receipt=clean_code(text))


def _write_atomically(out: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written PDF."""
    if out.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(out))
    temporary = out.with_name(f".{out.name}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        with temporary.open("xb") as handle:  # exclusive: never through a link planted under this name
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, out)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    App.share_file(out)  # a receipt is meant to be printed and handed on (NIK masked): docs/security.md


def _write_problem(out: Path, exc: OSError) -> str:
    """What stopped the write, in plain words, in one line."""
    return _("berkas {path} tidak bisa ditulis: {reason}.").format(path=out, reason=output.reason_for(exc))
