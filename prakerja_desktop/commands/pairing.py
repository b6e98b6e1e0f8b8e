"""`main.py pairing ...`: exchange public keys by file between the office and outreach laptops.

    pairing export-laptop --out FILE   this laptop's public keys, for the office
    pairing export-office --out FILE [--for LAPTOP]
                                       the office's public keys; --for a paired laptop (its code in
                                       `pairing list` or its id) adds the receipt prefix assigned to it
    pairing accept FILE [--yes]        accept the other side's file (shows its fingerprint first)
    pairing list                       the accepted devices and their fingerprints
"""

from __future__ import annotations

import argparse
import sys
import uuid
from pathlib import Path

from prakerja_desktop.app import App
from prakerja_desktop.errors import UserInputError
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
        if name == "export-office":
            sub.add_argument("--for", dest="for_laptop", metavar="LAPTOP", default=None,
                             help="a paired laptop's code or id: the file carries its receipt-number prefix")
    accept = actions.add_parser("accept", help="accept a key file from the other side")
    accept.add_argument("file", metavar="FILE", type=Path)
    accept.add_argument("--yes", action="store_true", help="do not ask to compare the fingerprint")
    actions.add_parser("list", help="show the accepted devices")


def run(args: argparse.Namespace, app: App) -> int:
    """Carry out one pairing action."""

    sync = app.sync
    if args.action in ("export-laptop", "export-office"):
        target = _laptop(app, getattr(args, "for_laptop", None))
        card = sync.write_card("laptop" if args.action == "export-laptop" else "office", args.out, for_device=target)
        print(_("berkas kunci ditulis: {path}").format(path=args.out))
        print(_("sidik jari (bacakan ke pihak lain): {fp}").format(fp=card.fingerprint))
        if card.receipt_prefix:
            print(_("awalan nomor tanda terima untuk laptop itu: {prefix}").format(prefix=card.receipt_prefix))
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
        info = sync.accept_card(card)
        print(_("diterima."))
        if info.receipt_prefix:
            print(_("awalan nomor tanda terima: {prefix}").format(prefix=info.receipt_prefix))
        return 0
    for info in sync.paired():  # a laptop's code here is the prefix the office assigned it
        print(f"{info.role:7} {info.code or '-':6} {info.name[:30]:30} {info.fingerprint}")
    return 0


def _laptop(app: App, wanted: str | None) -> uuid.UUID | None:
    """The paired laptop named by its code or id; UserInputError when there is none such."""
    if not wanted:
        return None
    for info in app.sync.paired():
        if info.role == "laptop" and wanted.strip().upper() in (info.code.upper(), str(info.device_id).upper()):
            return info.device_id
    raise UserInputError(_("Tidak ada laptop berpasangan dengan kode atau id {laptop}.").format(laptop=wanted))
