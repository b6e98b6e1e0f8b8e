"""`main.py salvage --to NEW_DIR [--yes]`: copy every readable row of a damaged database into a new one.

For a database refused as damaged when no good backup exists. The damaged file is only read. Staff
confirm first (typed on a terminal, or --yes); the counts of what could not be read are printed.
Exit codes: 0 done (even with losses: they are listed), 2 not confirmed or a bad target, 3 the
target cannot be written, 130 Ctrl-C (the new folder is left without a database). The new database's
audit log starts with a "database.salvaged" event (counts per table, nothing personal).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prakerja_desktop.app import App
from prakerja_desktop.i18n import _, ngettext

NEEDS_APP = False  # the database is damaged: it cannot be opened the normal way
OUTPUT_FOLDERS = ("to",)  # checked first; write errors exit 3 (commands/output.py)
CONFIRM_WORD = "SELAMATKAN"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--to (a new or empty folder) and --yes."""
    parser.add_argument("--to", metavar="NEW_DIR", type=Path, required=True,
                        help="new data folder for the salvaged database (must not hold a database)")
    parser.add_argument("--yes", action="store_true", help="do not ask for the confirmation word")


def run(args: argparse.Namespace, app: None) -> int:
    """Confirm, salvage, print what was copied and what was lost."""
    if args.to.exists() and any(args.to.iterdir()):
        print("main.py: " + _("folder {folder} tidak kosong; sebutkan folder baru.").format(folder=args.to),
              file=sys.stderr)
        return 2
    if not args.yes:
        if not sys.stdin.isatty():
            print("main.py: " + _("tambahkan --yes setelah petugas menyetujui penyelamatan data."), file=sys.stderr)
            return 2
        print(_("Semua baris yang masih terbaca akan disalin ke {folder}. Berkas yang rusak tidak diubah.")
              .format(folder=args.to))
        if input(_("Ketik {word} untuk melanjutkan: ").format(word=CONFIRM_WORD)).strip() != CONFIRM_WORD:
            print(_("dibatalkan."))
            return 2
    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty() and total:
            print(f"\r{done * 100 // total}%", end="", file=sys.stderr, flush=True)

    try:
        results = App.salvage(args.to, getattr(args, "data_dir", None), progress=progress)
    except KeyboardInterrupt:
        print("\n" + _("dibatalkan; folder baru tidak berisi data setengah jadi. Berkas yang rusak tidak diubah."),
              file=sys.stderr)
        return 130
    if sys.stderr.isatty():
        print(file=sys.stderr)
    copied = sum(r.copied for r in results)
    lost = sum(r.lost for r in results)
    for result in results:
        if result.copied or result.lost:
            print(f"{result.table:24} {result.copied:>9,} " + _("disalin") + (
                f", {result.lost:,} " + _("tidak terbaca") if result.lost else ""))
    print(ngettext("{n} baris disalin", "{n} baris disalin", copied).format(n=copied) + "; " + (
        ngettext("{n} baris tidak terbaca dan hilang.", "{n} baris tidak terbaca dan hilang.", lost).format(n=lost)
        if lost else _("tidak ada baris yang hilang.")))
    print(_("Buka data yang diselamatkan dengan: python main.py --data-dir \"{folder}\"").format(folder=args.to))
    return 0
