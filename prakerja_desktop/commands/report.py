"""`main.py report --from DATE --to DATE --format csv|xlsx|pdf --out FILE`: the office report."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path

from prakerja_desktop.app import App
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.reports.export import FORMATS


def parse_day(text: str) -> date:
    """YYYY-MM-DD or DD-MM-YYYY."""
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"'{text}' is not a date (use YYYY-MM-DD, e.g. 2026-11-28)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--from, --to, --format, --out."""
    parser.add_argument("--from", dest="date_from", type=parse_day, required=True, metavar="DATE")
    parser.add_argument("--to", dest="date_to", type=parse_day, required=True, metavar="DATE")
    parser.add_argument("--format", choices=FORMATS, required=True)
    parser.add_argument("--out", type=Path, required=True, metavar="FILE")


def run(args: argparse.Namespace, app: App) -> int:
    """Build and write the report."""
    if args.date_to < args.date_from:
        raise UserInputError(f"--to ({args.date_to}) is before --from ({args.date_from})")
    if args.out.is_dir():
        raise UserInputError(f"--out is a folder, not a file: {args.out}")
    report = app.reports.build(args.date_from, args.date_to)
    app.reports.write(report, args.out, args.format)
    print(f"{report.total:,} people from {report.date_from} to {report.date_to} written to {args.out}")
    return 0
