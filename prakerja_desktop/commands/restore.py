"""`main.py restore FILE [--yes]`: put a backup in place of the database, after a confirmation.

Runs without opening the database first (NEEDS_APP = False), so it also works when the current
database is damaged. The current database is kept aside, never deleted. Exit codes: 0 restored,
2 not confirmed (or no terminal to ask on and no --yes), a damaged or unknown backup, an office-server
database; 3 the data folder is full or read-only, or the database is open in another window.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prakerja_desktop import paths
from prakerja_desktop.i18n import _, ngettext

NEEDS_APP = False
EXIT_OK, EXIT_USAGE = 0, 2
YES_WORDS = ("ya", "y", "yes")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The backup file and --yes."""
    parser.add_argument("file", metavar="FILE", type=Path, help="backup file (prakerja-backup-….sqlite3)")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def run(args: argparse.Namespace, app: None = None) -> int:
    """Describe the backup, ask, restore, and say where the old database was kept."""
    from prakerja_desktop.app import App, BackupNeedsPassphrase, BackupRefused

    folder = paths.data_dir(getattr(args, "data_dir", None))
    db_url = getattr(args, "db", None)
    target = App.restore_target(folder, db_url)  # an office server: a clear message, exit 2
    if not args.file.is_file():
        raise BackupRefused(_("Berkas cadangan {file} tidak ditemukan.").format(file=args.file))
    if not args.yes:
        if not sys.stdin.isatty():
            print("main.py: " + _("pemulihan mengganti data di komputer ini dan perlu dikonfirmasi; jalankan "
                                  "di terminal, atau tambahkan --yes."), file=sys.stderr)
            return EXIT_USAGE
        info = App.backup_file_info(args.file)
        print(_("Data di {target} akan diganti dengan cadangan {name}.").format(target=target, name=args.file.name))
        if info is not None and info.records is not None:
            print(ngettext("Cadangan itu dibuat {time} UTC dan berisi {records} data.",
                           "Cadangan itu dibuat {time} UTC dan berisi {records} data.", info.records).format(
                time=info.created_at.strftime("%d-%m-%Y %H:%M"), records=info.records))
        print(_("Data yang dimasukkan sesudah cadangan dibuat tidak ada di cadangan. Data yang sekarang "
                "disimpan terpisah, tidak dihapus."))
        try:
            answer = input(_('Ketik "ya" untuk melanjutkan: '))
        except EOFError:
            answer = ""
        if answer.strip().lower() not in YES_WORDS:
            print(_("dibatalkan; data tidak diubah."), file=sys.stderr)
            return EXIT_USAGE
    try:
        result = App.restore(args.file, folder, db_url)
    except BackupNeedsPassphrase:
        if not sys.stdin.isatty():
            raise
        from prakerja_desktop.commands.keys import ask_passphrase

        print(_("Cadangan ini dibuat di komputer lain atau dalam mode terkunci."))
        passphrase = ask_passphrase(_("Kata sandi pemulihan: "))
        result = App.restore(args.file, folder, db_url, passphrase=passphrase)
    print(ngettext("dipulihkan: {name} ({records} data)", "dipulihkan: {name} ({records} data)",
                   result.records).format(name=result.backup.path.name, records=result.records))
    if result.kept_aside is not None:
        print(_("data sebelumnya disimpan sebagai: {path}").format(path=result.kept_aside))
    print(_("nomor tanda terima berikutnya memakai kode perangkat baru: {code}").format(code=result.device_code))
    return EXIT_OK
