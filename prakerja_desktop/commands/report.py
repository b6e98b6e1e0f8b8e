"""`main.py report --from DATE --to DATE --format csv|xlsx|pdf --out FILE [--lang en]`: the office report.

Messages are in Bahasa Indonesia unless another language is chosen with --lang. Days are the office's.
"""

from __future__ import annotations

import argparse
import os
from datetime import date, datetime
from pathlib import Path

from prakerja_desktop import i18n
from prakerja_desktop.app import App
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _, ngettext
from prakerja_desktop.reports.export import FORMATS

OUTPUT_FILES = ("out",)  # checked first; write errors exit 3 (commands/output.py)


def parse_day(text: str) -> date:
    """YYYY-MM-DD or DD-MM-YYYY."""
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(
        _("'{text}' bukan tanggal (tulis TTTT-BB-HH, misalnya 2026-11-28)").format(text=text))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--from, --to, --format, --out, --lang, --waiting-list."""
    parser.add_argument("--from", dest="date_from", type=parse_day, metavar="DATE")
    parser.add_argument("--to", dest="date_to", type=parse_day, metavar="DATE")
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument("--out", type=Path, required=True, metavar="FILE")
    parser.add_argument("--lang", choices=i18n.available_languages(), default=i18n.DEFAULT_LANGUAGE,
                        help="language of the messages and the file (default: id)")
    parser.add_argument("--waiting-list", action="store_true",
                        help="write the waiting list (people to contact; CSV or XLSX) instead of the report")


def run(args: argparse.Namespace, app: App) -> int:
    """Build and write the report (or the waiting list)."""
    with i18n.using(args.lang):
        return _run(args, app)


def _run(args: argparse.Namespace, app: App) -> int:
    if args.out.is_dir():
        raise UserInputError(_("--out adalah folder, bukan berkas: {path}").format(path=args.out))
    if args.waiting_list:
        if args.format not in ("csv", "xlsx"):
            raise UserInputError(_("Daftar tunggu hanya bisa CSV atau XLSX."))
        count = app.reports.export_waiting_list(args.out, args.format, None).count
        print(ngettext("{n} orang di daftar tunggu ditulis ke {path}", "{n} orang di daftar tunggu ditulis ke {path}",
                       count).format(n=_number(count), path=args.out))
        return 0
    if args.date_from is None or args.date_to is None:
        raise UserInputError(_("Isi --from dan --to (tanggal awal dan akhir)."))
    if args.date_to < args.date_from:
        raise UserInputError(_("--to ({end}) lebih awal dari --from ({start})").format(
            end=args.date_to, start=args.date_from))
    report = app.reports.build(args.date_from, args.date_to)
    # Written beside the target, then renamed: a pulled USB stick never leaves half a report.
    temporary = args.out.with_name(f".{args.out.name}.{os.getpid()}.tmp")
    try:
        app.reports.write(report, temporary, args.format)
        os.replace(temporary, args.out)
    finally:
        temporary.unlink(missing_ok=True)
    app.share_file(args.out)  # counts only, meant to be shared; the waiting list above stays 0600
    print(ngettext("{n} orang dari {start} sampai {end} ({zone}) ditulis ke {path}",
                   "{n} orang dari {start} sampai {end} ({zone}) ditulis ke {path}", report.total).format(
        n=_number(report.total), start=report.date_from.strftime("%d-%m-%Y"),
        end=report.date_to.strftime("%d-%m-%Y"), zone=report.zone, path=args.out))
    return 0


def _number(count: int) -> str:
    """12.345 in Indonesian, 12,345 in English."""
    text = f"{count:,}"
    return text.replace(",", ".") if i18n.current_language() == "id" else text
