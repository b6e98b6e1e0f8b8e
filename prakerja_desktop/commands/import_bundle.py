"""`main.py import-bundle FILE [--ack-out FILE] [--purge | --keep]`: a bundle at the office, the office's return
bundle (or an old acknowledgement) on a laptop."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from prakerja_desktop.app import App
from prakerja_desktop.i18n import _

if TYPE_CHECKING:
    from prakerja_desktop.sync.room import ReturnResult

OUTPUT_FILES = ("ack_out",)  # checked first; write errors exit 3 (commands/output.py)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """FILE, --ack-out, --purge/--keep."""
    parser.add_argument("file", metavar="FILE", type=Path, help="a bundle (.pkjb) or a return bundle (.pkja)")
    parser.add_argument("--ack-out", metavar="FILE", type=Path, default=None,
                        help="where the office writes the return bundle for the laptop (default: next to the "
                             "bundle, .pkja)")
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--purge", dest="purge", action="store_true", default=None,
                        help="laptop: delete the delivered personal data now (default: the laptop setting)")
    choice.add_argument("--keep", dest="purge", action="store_false", help="laptop: keep the delivered data")


def run(args: argparse.Namespace, app: App) -> int:
    """Import, then print what changed (counts only)."""
    from prakerja_desktop.rulebook.package import PackageResult
    from prakerja_desktop.sync.ack import AckResult
    from prakerja_desktop.sync.export import BundleCancelled, write_file
    from prakerja_desktop.sync.room import ReturnResult

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
    if isinstance(outcome, ReturnResult):
        _print_return(outcome)
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
    write_file(ack_path, outcome.ack)  # the return bundle: rules and registration status are inside
    if result.already_imported:
        print(_("bundel {n} dari {device} sudah pernah dimasukkan; tidak ada yang berubah.").format(
            n=result.sequence, device=result.device_code))
    else:
        print(_("bundel {n} dari {device} dimasukkan: {added} data baru, {review} NIK ganda menunggu tinjauan "
                "petugas.").format(n=result.sequence, device=result.device_code,
                                   added=result.added.get("records", 0), review=result.review))
    if result.erased:
        print(_("dihapus di sini karena sudah dihapus di laptop: {n} data.").format(n=result.erased))
    print(_("kiriman balik untuk laptop (tanda terima, keputusan, hasil gelombang, penghapusan, aturan): {path}")
          .format(path=ack_path))
    return 0


def _print_return(outcome: ReturnResult) -> None:
    """What the office's return bundle did on this laptop (counts only)."""
    done = outcome.ack
    if done.already:
        print(_("kiriman balik bundel {n} sudah pernah dimasukkan; tidak ada yang berubah.").format(n=done.sequence))
    else:
        print(_("bundel {n} sudah diterima kantor. Dihapus dari laptop ini: {records} data, {drafts} draf.")
              .format(n=done.sequence, records=done.purged_records, drafts=done.purged_drafts))
    print(_("dari kantor: {erased} data dihapus, {decisions} keputusan tinjauan, {outcomes} hasil gelombang, "
            "{corrections} perbaikan data.").format(erased=outcome.erased, decisions=outcome.decisions,
                                                     outcomes=outcome.outcomes, corrections=outcome.corrections))
    if outcome.rules_applied:
        print(_("aturan dan status pendaftaran kini sama dengan kantor."))
