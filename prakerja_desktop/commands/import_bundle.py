"""`main.py import-bundle FILE [--ack-out FILE] [--purge | --keep]`: a bundle at the office, an acknowledgement on a laptop."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prakerja_desktop.app import App
from prakerja_desktop.i18n import _

OUTPUT_FILES = ("ack_out",)  # checked first; write errors exit 3 (commands/output.py)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE, --ack-out, --purge/--keep."""
    parser.add_argument("file", metavar="FILE", type=Path, help="a bundle (.pkjb) or an acknowledgement (.pkja)")
    parser.add_argument("--ack-out", metavar="FILE", type=Path, default=None,
                        help="where the office writes the acknowledgement (default: next to the bundle, .pkja)")
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--purge", dest="purge", action="store_true", default=None,
                        help="laptop: delete the delivered personal data now (default: the laptop setting)")
    choice.add_argument("--keep", dest="purge", action="store_false", help="laptop: keep the delivered data")


def run(args: argparse.Namespace, app: App) -> int:
    """Import, then print what changed (counts only)."""
    from prakerja_desktop.rulebook.package import PackageResult
    from prakerja_desktop.sync.ack import AckResult
    from prakerja_desktop.sync.export import BundleCancelled, write_file

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty() and total:
            print(f"\r{done * 100 // total}%", end="", file=sys.stderr, flush=True)

    try:
        outcome = app.sync.import_file(args.file, progress=progress, purge=args.purge)
    except (KeyboardInterrupt, BundleCancelled):
        print("\n" + _("dibatalkan; basis data tidak berubah."), file=sys.stderr)
        return 130
    if isinstance(outcome, PackageResult):  # the office package (rule sets, registration status)
        print(_("paket kantor ini sudah pernah diterapkan; tidak ada yang berubah.") if outcome.already
              else _("paket kantor diterapkan: aturan dan status pendaftaran kini sama dengan kantor."))
        return 0
    if isinstance(outcome, AckResult):
        if outcome.already:
            print(_("tanda terima bundel {n} sudah pernah dicatat; tidak ada yang berubah.").format(n=outcome.sequence))
        else:
            print(_("bundel {n} sudah diterima kantor. Dihapus dari laptop ini: {records} data, {drafts} draf.")
                  .format(n=outcome.sequence, records=outcome.purged_records, drafts=outcome.purged_drafts))
        return 0
    result = outcome.result
    ack_path = args.ack_out or args.file.with_suffix(".pkja")
    write_file(ack_path, outcome.ack)
    app.rules.write_package(ack_path.with_suffix(".pkjo"))  # the office's rules and status go back too
    if result.already_imported:
        print(_("bundel {n} dari {device} sudah pernah dimasukkan; tidak ada yang berubah.").format(
            n=result.sequence, device=result.device_code))
    else:
        print(_("bundel {n} dari {device} dimasukkan: {added} data baru, {review} NIK ganda menunggu tinjauan "
                "petugas.").format(n=result.sequence, device=result.device_code,
                                   added=result.added.get("records", 0), review=result.review))
    print(_("tanda terima untuk laptop: {path}").format(path=ack_path))
    print(_("paket kantor untuk laptop (aturan, status pendaftaran): {path}").format(
        path=ack_path.with_suffix(".pkjo")))
    return 0
