"""`main.py keys status|passphrase|lock|unlock`: the database key (docs/security.md).

- status: encrypted or not, recovery passphrase set or not, locked mode on or off;
- passphrase: set or change the office recovery passphrase (typed twice, never an argument: it
  would stay in the shell history);
- lock: locked-laptop mode (the passphrase at every start; typed once to confirm). The database is
  re-keyed, aside copies are locked too, and backups that still open with this machine are listed
  and, if you say yes, re-wrapped for the passphrase only;
- unlock: start unattended again;
- rotate: a new data key (the passphrase is asked when there is one), with progress.
Exit codes: 0 done, 2 a refused value or no terminal to type the passphrase on.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from prakerja_desktop.app import App
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The action."""
    parser.add_argument("action", choices=["status", "passphrase", "lock", "unlock", "rotate"],
                        help="status | passphrase (set/change) | lock (ask at every start) | unlock | "
                             "rotate (a new data key)")


def ask_passphrase(prompt: str) -> str:
    """Read a passphrase from the terminal without echo; no terminal is a clear refusal."""
    if not sys.stdin.isatty():
        raise UserInputError(_("kata sandi hanya bisa diketik di terminal."))
    try:
        return getpass.getpass(prompt)
    except EOFError:
        return ""


def run(args: argparse.Namespace, app: App) -> int:
    """Do the action and say the result in one line."""
    if args.action == "status":
        state = app.keys.status()
        print(f"encrypted {'yes' if state.encrypted else 'no'}")
        print(f"recovery_passphrase {'yes' if state.has_passphrase else 'no'}")
        print(f"locked_mode {'on' if state.locked else 'off'}")
        return 0
    if args.action == "passphrase":
        first = ask_passphrase(_("Kata sandi pemulihan baru: "))
        if ask_passphrase(_("Ketik sekali lagi: ")) != first:
            raise UserInputError(_("Kedua kata sandi tidak sama; tidak ada yang diubah."))
        app.keys.set_recovery_passphrase(first, None)
        print(_("kata sandi pemulihan disimpan. Simpan di tempat aman di kantor: tanpa itu cadangan tidak bisa "
                "dibuka di komputer lain."))
        return 0
    if args.action == "rotate":
        passphrase = ask_passphrase(_("Kata sandi pemulihan: ")) if app.keys.status().has_passphrase else None
        result = app.keys.rotate(None, passphrase, _show_progress)
        print(_("kunci data diganti ({n} baris disalin). Cadangan lama tetap terbuka dengan kunci lamanya, "
                "tetapi tidak lagi membuka data ini.").format(n=result.rows))
        return 0
    if args.action == "unlock":
        app.keys.set_locked_mode(False, None)
        print(_("mode terkunci mati: aplikasi terbuka tanpa kata sandi di komputer ini."))
        return 0
    passphrase = ask_passphrase(_("Kata sandi pemulihan: "))
    app.keys.set_locked_mode(True, None, passphrase, _show_progress)
    print(_("mode terkunci aktif: kata sandi pemulihan diminta setiap kali aplikasi dibuka."))
    _offer_to_lock_backups(app, passphrase)
    return 0


def _show_progress(done: int, total: int) -> None:
    """Re-keying progress on stderr (stdout stays the result)."""
    print(_("mengganti kunci data: langkah {done} dari {total}").format(done=done, total=total), file=sys.stderr)


def _offer_to_lock_backups(app: App, passphrase: str) -> None:
    """List the backups this machine still opens and offer to re-wrap them for the passphrase only."""
    backups = app.keys.backups_opening_with_device()
    if not backups:
        return
    print(_("Cadangan ini masih terbuka di komputer ini tanpa kata sandi:"))
    for info in backups:
        print(f"  {info.path}")
    answer = input(_("Kunci cadangan ini agar hanya terbuka dengan kata sandi pemulihan? [y/T] ")).strip().lower()
    if answer in ("y", "ya"):
        done = app.keys.lock_backups(backups, passphrase, None)
        print(_("{n} cadangan dikunci.").format(n=done))
