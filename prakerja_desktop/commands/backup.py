"""`main.py backup [--to DIR]`: a verified copy of the database (online: the app may keep running).

Exit codes as everywhere in main.py: 0 done, 2 a wrong folder or an office-server database (backed
up with the server's own tools), 3 the folder is full or read-only or the data is damaged, 130 Ctrl-C
(nothing half-written is left). Nothing personal is printed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prakerja_desktop.app import App
from prakerja_desktop.i18n import _, ngettext

OUTPUT_FOLDERS = ("to",)  # checked first; write errors exit 3 (commands/output.py)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--to DIR (default: the backup folder setting, else <data folder>/backups)."""
    parser.add_argument("--to", metavar="DIR", type=Path, default=None,
                        help="folder for the backup file (default: the office setting, else DATA/backups)")


def run(args: argparse.Namespace, app: App) -> int:
    """Make the backup, with a progress line on a terminal; print where it went."""
    from prakerja_desktop.app import BackupCancelled

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty() and total:
            print(f"\r{done * 100 // total}%", end="", file=sys.stderr, flush=True)

    try:
        made = app.backups.make_and_prune(args.to, progress=progress)  # keeps the newest K, as scheduled
    except (KeyboardInterrupt, BackupCancelled):
        print("\n" + _("dibatalkan; tidak ada berkas cadangan setengah jadi yang tertinggal."), file=sys.stderr)
        return 130
    info = made.backup
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(ngettext("cadangan dibuat: {path} ({records} data, {size:.1f} MB, sudah diperiksa)",
                   "cadangan dibuat: {path} ({records} data, {size:.1f} MB, sudah diperiksa)",
                   info.records or 0).format(
        path=info.path, records=info.records, size=info.size / 1_000_000))
    keep, removed = app.backups.load_schedule()[0].keep, made.pruned
    if removed:
        print(_("{n} cadangan lama dari komputer ini dihapus (disimpan {keep} terakhir).").format(
            n=len(removed), keep=keep))
    return 0
