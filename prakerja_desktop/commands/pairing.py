"""`main.py pairing ...`: exchange public keys by file between the office and outreach laptops.

    pairing export-laptop --out FILE   this laptop's public keys, for the office
    pairing export-office --out FILE   the office's public keys, for each laptop
    pairing accept FILE [--yes]        accept the other side's file (shows its fingerprint first)
    pairing list                       the accepted devices and their fingerprints
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prakerja_desktop.app import App
from prakerja_desktop.i18n import _

OUTPUT_FILES = ("out",)  # checked first; write errors exit 3 (commands/output.py)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The four actions."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    for name, text in (("export-laptop", "write this laptop's key file for the office"),
                       ("export-office", "write the office key file for the laptops")):
        sub = actions.add_parser(name, help=text)
        sub.add_argument("--out", metavar="FILE", type=Path, required=True)
    accept = actions.add_parser("accept", help="accept a key file from the other side")
    accept.add_argument("file", metavar="FILE", type=Path)
    accept.add_argument("--yes", action="store_true", help="do not ask to compare the fingerprint")
    actions.add_parser("list", help="show the accepted devices")


def run(args: argparse.Namespace, app: App) -> int:
    """Carry out one pairing action."""

    sync = app.sync
    if args.action in ("export-laptop", "export-office"):
        card = sync.write_card("laptop" if args.action == "export-laptop" else "office", args.out)
        print(_("berkas kunci ditulis: {path}").format(path=args.out))
        print(_("sidik jari (bacakan ke pihak lain): {fp}").format(fp=card.fingerprint))
        return 0
    if args.action == "accept":
        card = sync.read_card(args.file)
        role = _("kantor") if card.role == "office" else _("laptop")
        print(_("{role} {name} {code}, sidik jari: {fp}").format(role=role, name=card.name, code=card.code,
                                                                 fp=card.fingerprint))
        if not args.yes:
            if not sys.stdin.isatty():
                print(_("tambahkan --yes setelah sidik jari dicocokkan."), file=sys.stderr)
                return 2
            if input(_("Sidik jari sama dengan yang dibacakan? (y/t) ")).strip().lower() not in ("y", "ya"):
                print(_("tidak diterima."))
                return 2
        sync.accept_card(card)
        print(_("diterima."))
        return 0
    for info in sync.paired():
        print(f"{info.role:7} {info.code or '-':6} {info.name[:30]:30} {info.fingerprint}")
    return 0
