"""`main.py audit verify`: check the audit log's hash chain."""

from __future__ import annotations

import argparse

from prakerja_desktop.app import App

EXIT_BROKEN = 5  # its own code: a broken chain is a finding about the data, not a bug (1) (README)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`verify` is the only action so far."""
    parser.add_argument("action", choices=["verify"], help="verify: check the hash chain")


def run(args: argparse.Namespace, app: App) -> int:
    """Report the first broken link or a cut tail, if any (exit 5 when broken)."""
    report = app.staff.verify_audit()
    if report.ok:
        print(f"audit log ok: {report.checked} events")
        return 0
    if report.first_broken_id is not None:
        print(f"audit log BROKEN at event {report.first_broken_id} (after {report.checked} good events)")
    else:
        print(f"audit log BROKEN: {report.head_problem} ({report.checked} events link, but this computer's "
              "signed checkpoint does not match)")
    return EXIT_BROKEN
