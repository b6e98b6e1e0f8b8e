"""`main.py keys status|passphrase|lock|unlock`: the database key (docs/security.md).

- status: encrypted or not, recovery passphrase set or not, locked mode on or off;
- passphrase: set or change the office recovery passphrase (typed twice, never an argument: it
  would stay in the shell history);
- lock: locked-laptop mode (the passphrase at every start); unlock: start unattended again.
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
    parser.add_argument("action", choices=["status", "passphrase", "lock", "unlock"],
                        help="status | passphrase (set/change) | lock (ask at every start) | unlock")


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
    app.keys.set_locked_mode(args.action == "lock", None)
    print(_("mode terkunci aktif: kata sandi pemulihan diminta setiap kali aplikasi dibuka.")
          if args.action == "lock" else _("mode terkunci mati: aplikasi terbuka tanpa kata sandi di komputer ini."))
    return 0
