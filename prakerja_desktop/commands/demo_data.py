"""`main.py demo-data --count N`: fill the database with obviously fake people ("(DEMO)")."""

from __future__ import annotations

import argparse
import sys

from prakerja_desktop.app import App
from prakerja_desktop.errors import UserInputError

MAX_COUNT = 2_000_000


def _count(text: str) -> int:
    """A positive count, with a clear message otherwise."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if not 1 <= value <= MAX_COUNT:
        raise argparse.ArgumentTypeError(f"count must be between 1 and {MAX_COUNT:,}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--count, --seed, --regency."""
    parser.add_argument("--count", type=_count, required=True, help="how many people to add")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed on an empty database, same people)")
    parser.add_argument("--regency", metavar="CODE", help="4-digit regency code to place them in, e.g. 3508")


def run(args: argparse.Namespace, app: App) -> int:
    """Add the people with a progress line on stderr; Ctrl-C stops after the current batch."""
    from prakerja_desktop.domain import regions

    if args.regency and (len(args.regency) != 4 or regions.regency_name(args.regency) is None):
        raise UserInputError(f"unknown regency code: {args.regency} (4 digits, e.g. 3508)")

    def progress(done: int, total: int) -> None:
        print(f"\r{done:,} / {total:,} ({done * 100 // total}%)", end="", file=sys.stderr, flush=True)

    seed = args.seed + app.records.count()  # a second run adds other people, not the same NIKs again
    try:
        added = app.records.add_demo_data(args.count, seed=seed, regency=args.regency, progress=progress)
    except KeyboardInterrupt:
        print("\nstopped; the batches already written stay in the database", file=sys.stderr)
        return 130
    print(file=sys.stderr)
    print(f"added {added:,} demo people; the database now holds {app.records.count():,} records")
    return 0
