"""Command-line subcommands (`python main.py COMMAND`): one module per command, no Qt.

COMMANDS names each command, its one-line help and its module; the module has
`add_arguments(parser)` and `run(args, app) -> int`. main.py imports only the module of the command
chosen (so `--version`, `--help` and every command start without loading the others), opens the
app and calls run(), except for a module with `NEEDS_APP = False` (restore: it must work on a
damaged database), which gets None.
"""

from __future__ import annotations

import importlib
from types import ModuleType


class Command:
    """One subcommand: its name on the command line, its help line and the module that runs it."""

    # A plain class, not a dataclass: importing dataclasses is a fifth of `main.py --version`'s time.
    __slots__ = ("name", "help", "module")

    def __init__(self, name: str, help: str, module: str) -> None:
        self.name, self.help, self.module = name, help, module

    def load(self) -> ModuleType:
        """Import the command's module (only when this command was chosen)."""
        return importlib.import_module(f"prakerja_desktop.commands.{self.module}")


# In help order.
COMMANDS = (
    Command("info", "show data folder, database, schema and counts", "info"),
    Command("audit", "audit log tools", "audit"),
    Command("demo-data", "add N obviously fake people (names end in '(DEMO)') for trying staff mode",
            "demo_data"),
    Command("report", "write the office report (people assisted, the funnel, villages, waves); --waiting-list "
                      "for the call list", "report"),
    Command("receipt", "write the receipt of a record as a PDF file", "receipt"),
    Command("check", "pre-check a village list (CSV/XLSX) and write an annotated XLSX (and PDF)", "check"),
    Command("backup", "make a verified backup of the database in a folder (a USB stick)", "backup"),
    Command("restore", "replace the database by a backup (asks first; the current database is kept aside)",
            "restore"),
    Command("salvage", "copy every readable row of a damaged database into a new data folder", "salvage"),
    Command("purge", "delete records older than the retention period (asks first; counts only in the audit log)",
            "purge"),
    Command("keys", "database key: status, recovery passphrase, locked mode", "keys"),
    Command("pairing", "pair the office and outreach laptops by exchanging key files", "pairing"),
    Command("export-bundle", "laptop: write a bundle of new and changed data for the office", "bundles"),
    Command("import-bundle",
            "office: merge a laptop's bundle (and write its acknowledgement); laptop: take the acknowledgement",
            "import_bundle"),
    Command("verify", "check whether a receipt (its QR code, or a photo or PDF of it) is genuine", "verify"),
    Command("receipt-keys", "list, export or withdraw the keys that sign receipts", "receipt_keys"),
    Command("verifier-page", "write a self-contained HTML page that checks receipt codes offline", "verifier_page"),
    Command("rules", "rule sets (list, show, check, import, use) and the registration status", "rules"),
    Command("regions", "Kemendagri region codes: show the set in use, check or import a newer one", "regions"),
)


def find(name: str) -> Command | None:
    """The command called NAME, if there is one."""
    return next((command for command in COMMANDS if command.name == name), None)
