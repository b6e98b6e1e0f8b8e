"""`main.py receipt-keys ...`: the receipt key list the office signs, and withdrawing a lost laptop's key.

    receipt-keys list                       the keys this computer trusts, and their days
    receipt-keys withdraw DEVICE --from DAY  (office) receipts of DEVICE dated DAY or later stop verifying
    receipt-keys export --out FILE          the signed list (office: made now; laptop: as received)
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from prakerja_desktop.app import App
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The three actions."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(parser))
    actions.add_parser("list", help="show the keys this computer trusts")
    withdraw = actions.add_parser("withdraw", help="withdraw a lost device's key from a day (office)")
    withdraw.add_argument("device", metavar="DEVICE", help="device code (e.g. K7QD2), device id or key id")
    withdraw.add_argument("--from", dest="day", metavar="YYYY-MM-DD", required=True,
                          help="receipts dated this day or later no longer verify")
    export = actions.add_parser("export", help="write the signed key list (JSON)")
    export.add_argument("--out", metavar="FILE", type=Path, required=True)


def run(args: argparse.Namespace, app: App) -> int:
    """Carry out one action."""
    if args.action == "withdraw":
        try:
            day = date.fromisoformat(args.day)
        except ValueError as exc:
            raise UserInputError(_("Tanggal harus ditulis TTTT-BB-HH, misalnya 2026-12-01.")) from exc
        for entry in app.receipts.withdraw_key(args.device, day):
            print(_("kunci {key} ({device}) ditarik mulai {day}.").format(
                key=entry.key_id, device=entry.device_code or entry.device_name, day=day.isoformat()))
        return 0
    if args.action == "export":
        document = app.receipts.key_list_document()
        args.out.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(_("daftar kunci ditulis: {path}").format(path=args.out))
        return 0
    keylist = app.receipts.key_list()
    for entry in keylist.entries if keylist else ():
        since = entry.valid_from.isoformat() if entry.valid_from else "-"
        until = entry.withdrawn_from.isoformat() if entry.withdrawn_from else "-"
        print(f"{entry.key_id} {entry.device_code or '-':6} {entry.device_name[:30]:30} {since:10} {until}")
    return 0
