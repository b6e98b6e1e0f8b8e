"""`main.py audit verify`: check the audit log's hash chain."""

from __future__ import annotations

import argparse

from prakerja_desktop.app import App


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`verify` is the only action so far."""
    parser.add_argument("action", choices=["verify"], help="verify: check the hash chain")


def run(args: argparse.Namespace, app: App) -> int:
    """Report the first broken link, if any (exit 1 when broken)."""
    report = app.staff.verify_audit()
    if report.ok:
        print(f"audit log ok: {report.checked} events")
        return 0
    print(f"audit log BROKEN at event {report.first_broken_id} (after {report.checked} good events)")
    return 1
