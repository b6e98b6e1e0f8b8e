"""`main.py info`: data folder, database, schema revision, device code, record count."""

from __future__ import annotations

import argparse

from prakerja_desktop.app import App


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options."""


def run(args: argparse.Namespace, app: App) -> int:
    """Print the facts, one per line."""
    for key, value in app.info().items():
        print(f"{key:10} {value}")
    return 0
