"""`main.py verify CODE|FILE [--json]`: is a receipt genuine? Checked offline against the office's key list.

CODE is the text of a receipt's QR code (a scanner that types it, or pasted); FILE is a photo or PDF of
the receipt (its QR code is decoded). Exit codes: 0 genuine (here or not on this computer), 5 not
genuine, 2 nothing to check (no code in the file, file missing). --json prints one object whose
"status" is "genuine", "genuine_not_here" or "not_genuine", with what the code says.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from prakerja_desktop.app import App

EXIT_GENUINE, EXIT_USAGE, EXIT_NOT_GENUINE = 0, 2, 5


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The code or file, and --json."""
    parser.add_argument("code", metavar="CODE|FILE", help="the QR code text (PKJ2.… or PKJ1.…), or a photo/PDF")
    parser.add_argument("--json", action="store_true", help="print one JSON object (status and details)")


def run(args: argparse.Namespace, app: App) -> int:
    """Verify, print the answer, exit 0 (genuine) or 5 (not genuine)."""
    from prakerja_desktop.receipts import proof, verify
    from prakerja_desktop.receipts.words import explain

    text: str = args.code
    if proof.looks_like_code(text) or not Path(text).exists():
        verdict = app.receipts.verify(text)
    else:
        verdict = app.receipts.verify_file(Path(text))
    if args.json:
        print(json.dumps(verdict.to_json(), ensure_ascii=False, sort_keys=True))
    else:
        for line in explain(verdict):
            print(line)
    return EXIT_GENUINE if verdict.status in (verify.GENUINE, verify.GENUINE_NOT_HERE) else EXIT_NOT_GENUINE
