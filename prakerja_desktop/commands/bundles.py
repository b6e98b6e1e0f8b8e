"""`main.py export-bundle --out FILE` and `main.py import-bundle FILE`: outreach laptops and the office.

export-bundle (laptop): everything written since the office's last acknowledgement, compressed, encrypted
to the office and signed. import-bundle (office): checks the bundle fully, merges it in one
transaction and writes the return bundle for the laptop next to it (or --ack-out); on a laptop the same
command takes the office's return bundle (or an acknowledgement of an older version). Exit codes: 0 done, 2 a bad or refused file, 3 environment, 130 Ctrl-C.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prakerja_desktop.app import App
from prakerja_desktop.i18n import _

OUTPUT_FILES = ("out",)  # checked first; write errors exit 3 (commands/output.py)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--out FILE."""
    parser.add_argument("--out", metavar="FILE", type=Path, required=True, help="the bundle file to write")


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty() and total:
        print(f"\r{done * 100 // total}%", end="", file=sys.stderr, flush=True)


def run(args: argparse.Namespace, app: App) -> int:
    """Write the bundle and say what it holds (counts only)."""
    from prakerja_desktop.sync.export import BundleCancelled

    try:
        result = app.sync.export_bundle(args.out, progress=_progress)
    except (KeyboardInterrupt, BundleCancelled):
        print("\n" + _("dibatalkan; tidak ada bundel yang ditulis."), file=sys.stderr)
        return 130
    counts = result.counts
    print(_("bundel {n} ditulis: {path} ({records} data, {drafts} draf, {outcomes} hasil gelombang, "
            "{changes} perubahan, {events} catatan audit; {size:.1f} kB)").format(
        n=result.sequence, path=result.path, records=counts["records"], drafts=counts["drafts"],
        outcomes=counts["wave_outcomes"], changes=counts["record_changes"], events=counts["audit_events"],
        size=result.size / 1000))
    return 0
