"""`main.py purge [--older-than MONTHS|DATE] [--yes]`: delete records past the retention period.

Without --older-than the office's retention period applies (the consent text's promise at most).
It asks first on a terminal; prints counts only. Exit codes: 0 done, 2 not confirmed or a bad value.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from prakerja_desktop.app import App
from prakerja_desktop.backups.room import cutoff
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _, ngettext

YES_WORDS = ("ya", "y", "yes")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--older-than and --yes."""
    parser.add_argument("--older-than", metavar="MONTHS|DATE", default=None,
                        help="a number of months, or a date YYYY-MM-DD (default: the retention setting)")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def parse_older_than(value: str | None, app: App) -> datetime:
    """The cut-off moment from the argument (months or a date), else from the setting."""
    if value is None:
        return cutoff(app.backups.retention_months())
    text = value.strip().lower().removesuffix("m")
    if text.isdigit():
        return cutoff(int(text))
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        raise UserInputError(_("--older-than harus jumlah bulan (mis. 24) atau tanggal TTTT-BB-HH: {value}")
                             .format(value=value)) from None


def run(args: argparse.Namespace, app: App) -> int:
    """Say how many records go, ask, purge, print the counts."""
    limit = parse_older_than(args.older_than, app)
    if not args.yes:
        if not sys.stdin.isatty():
            print("main.py: " + _("penghapusan perlu dikonfirmasi; jalankan di terminal, atau tambahkan --yes."),
                  file=sys.stderr)
            return 2
        due = app.backups.due_for_purge_before(limit)
        print(ngettext("{n} data yang dikirim sebelum {date} akan dihapus untuk selamanya.",
                       "{n} data yang dikirim sebelum {date} akan dihapus untuk selamanya.", due).format(
            n=due, date=limit.strftime("%d-%m-%Y")))
        try:
            answer = input(_('Ketik "ya" untuk melanjutkan: '))
        except EOFError:
            answer = ""
        if answer.strip().lower() not in YES_WORDS:
            print(_("dibatalkan; data tidak diubah."), file=sys.stderr)
            return 2
    result = app.backups.purge(older_than=limit)
    print(_("dihapus: {records} data, {changes} riwayat perubahan, {outcomes} hasil gelombang, {drafts} isian "
            "yang tidak selesai (sebelum {date})").format(records=result.records, changes=result.changes,
                                                           outcomes=result.outcomes, drafts=result.drafts,
                                                           date=result.cutoff.strftime("%d-%m-%Y")))
    return 0
