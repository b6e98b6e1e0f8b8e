"""Command-line subcommands (`python main.py COMMAND`): one module per command, no Qt.

Each module has `NAME`, `HELP`, `add_arguments(parser)` and `run(args, app) -> int`; main.py
builds the parser from COMMAND_MODULES and opens the app before calling run(), except for a
module with `NEEDS_APP = False` (restore: it must work on a damaged database), which gets None.
"""

from __future__ import annotations

import importlib
from types import ModuleType

COMMAND_MODULES = (
    "prakerja_desktop.commands.info",
    "prakerja_desktop.commands.audit",
    "prakerja_desktop.commands.demo_data",
    "prakerja_desktop.commands.report",
    "prakerja_desktop.commands.receipt",
    "prakerja_desktop.commands.check",
    "prakerja_desktop.commands.backup",
    "prakerja_desktop.commands.restore",
    "prakerja_desktop.commands.purge",
    "prakerja_desktop.commands.keys",
    "prakerja_desktop.commands.pairing",
    "prakerja_desktop.commands.bundles",
    "prakerja_desktop.commands.import_bundle",
    "prakerja_desktop.commands.rules",
)


def load_commands() -> list[ModuleType]:
    """Every command module, in help order."""
    return [importlib.import_module(name) for name in COMMAND_MODULES]
