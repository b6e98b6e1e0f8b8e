"""Command-line start-up (issue 20): what each measured command imports must not grow back.

Every command pays for what it imports before it does its work (bench/cli.py compares whole runs with bare
scripts). Each case runs `main.py COMMAND` in a fresh interpreter with `-X importtime` and lists the
packages it loaded that the command does not need: the GUI, Alembic (the database is at the head), and the
libraries of other commands (a report needs no receipt code, a receipt no spreadsheet library, …).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from prakerja_desktop.app import App
from tests.conftest import ROOT

NEVER = ("PySide6", "shiboken6", "ui", "alembic", "phonenumbers.carrier", "phonenumbers.carrierdata")
NOT_NEEDED = {
    "info": ("babel", "reportlab", "openpyxl", "segno", "phonenumbers", "email_validator", "numpy", "PIL",
             "prakerja_desktop.domain.fields", "prakerja_desktop.receipts", "prakerja_desktop.batch",
             "prakerja_desktop.reports"),
    "receipt": ("openpyxl", "numpy", "prakerja_desktop.batch", "prakerja_desktop.reports"),
    # A CSV list checked into an XLSX only: no PDF, and no email column in it.
    "check": ("reportlab", "segno", "babel", "email_validator", "prakerja_desktop.batch.pdf",
              "prakerja_desktop.receipts", "prakerja_desktop.reports"),
    # The office report as XLSX: counts and the office name only.
    "report": ("reportlab", "segno", "babel", "phonenumbers", "email_validator", "prakerja_desktop.domain.fields",
               "prakerja_desktop.receipts", "prakerja_desktop.batch"),
}


def imported(args: list[str]) -> set[str]:
    """The modules `main.py ARGS` imported (from -X importtime), after checking it succeeded."""
    done = subprocess.run([sys.executable, "-X", "importtime", str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, timeout=300, cwd=ROOT, env={**os.environ})
    assert done.returncode == 0, done.stderr[-3000:]
    return {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")
            and "|" in line and not line.rstrip().endswith("package")}


def unneeded(modules: set[str], command: str) -> list[str]:
    """The modules among MODULES that COMMAND must not load."""
    denied = NEVER + NOT_NEEDED[command]
    return sorted(m for m in modules if any(m == d or m.startswith(d + ".") for d in denied))


def test_each_measured_command_loads_only_what_it_needs(data_dir: Path, tmp_path: Path) -> None:
    app = App.open(data_dir)
    try:
        app.records.add_demo_data(5, seed=3)
        number = next(r.receipt_number for r in app.records.search_names("DEMO", limit=1))
    finally:
        app.close()
    village_list = tmp_path / "daftar.csv"
    with village_list.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["NIK", "Nama", "Tanggal lahir", "HP"])
        writer.writerow(["3508201204980001", "Orang Desa", "12-04-1998", "081234567890"])
    where = ["--data-dir", str(data_dir)]
    runs = {
        "info": ["info"],
        "receipt": ["receipt", number, "--out", str(tmp_path / "r.pdf")],
        "check": ["check", str(village_list), "--out", str(tmp_path / "c.xlsx")],
        "report": ["report", "--from", "2020-01-01", "--to", "2099-12-31", "--format", "xlsx",
                   "--out", str(tmp_path / "rep.xlsx")],
    }
    found = {command: unneeded(imported([*args, *where]), command) for command, args in runs.items()}
    assert found == {command: [] for command in runs}, found


def test_the_deny_lists_see_what_they_deny() -> None:
    # The parser must read real -X importtime output: a GUI import is seen as one.
    assert unneeded(imported(["--version"]), "info") == []
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", "import alembic.config, babel.dates"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    names = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert {"alembic", "babel", "babel.dates"} <= names
    assert unneeded(names, "info")[:1] == ["alembic"]


@pytest.mark.parametrize("command", sorted(NOT_NEEDED))
def test_every_measured_command_is_a_real_command(command: str) -> None:
    from prakerja_desktop.commands import find

    assert find(command) is not None
