"""Crash test: a submitter is killed with SIGKILL at random moments, 200 times; nothing returned is lost.

A SIGKILL stops the process at any instruction (the OS still writes what it was given): this proves
the transactions are atomic and that a number is only seen once committed. A power cut (unwritten
OS buffers) is covered by synchronous=FULL and cannot be simulated here.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from prakerja_desktop.app import App
from prakerja_desktop.domain.codes import parse_receipt_number
from prakerja_desktop.storage import encryption
from tests.conftest import ROOT

pytestmark = [pytest.mark.sqlite_only("SIGKILLs SQLite writers and checks the file with integrity_check"), pytest.mark.slow,
              pytest.mark.skipif(not hasattr(os, "fork"), reason="the crash test forks (POSIX only)")]

KILLS = 200
SEED = 20261128
DELAY_MS = (5, 60)


class Zygote:
    """The forking parent of the submitters (tests/reliability_child.py), read line by line."""

    def __init__(self, data_dir: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability_child", "zygote", str(data_dir)], cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self._buffer = b""
        assert self.line(30) == "zygote-ready"

    def line(self, timeout: float) -> str | None:
        """The next line, or None if none came within TIMEOUT seconds."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.process.stdout], [], [], left)[0]:
                return None
            chunk = os.read(self.process.stdout.fileno(), 65536)  # type: ignore[union-attr]
            if not chunk:
                raise RuntimeError("the zygote died")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()

    def send(self, text: str) -> None:
        """A command line to the zygote."""
        self.process.stdin.write(text.encode() + b"\n")  # type: ignore[union-attr]
        self.process.stdin.flush()  # type: ignore[union-attr]

    def close(self) -> None:
        """Let the zygote finish."""
        self.process.stdin.close()  # type: ignore[union-attr]
        self.process.wait(timeout=30)


def test_sigkill_during_submits_loses_nothing_that_was_returned(data_dir: Path) -> None:
    App.open(data_dir).close()  # created and migrated once, like an installed app
    chance = random.Random(SEED)
    zygote = Zygote(data_dir)
    printed: list[str] = []
    during_open = 0
    started = time.monotonic()
    try:
        for run in range(KILLS):
            zygote.send(f"run {run}")
            first = zygote.line(30)
            assert first is not None and first.startswith("pid "), first
            pid = int(first.split()[1])
            # Mostly while submitting; one run in five while opening (and recovering the last crash).
            early = chance.random() < 0.2
            delay = chance.uniform(*DELAY_MS) / 1000
            deadline = time.monotonic() + delay if early else None
            while True:
                left = None if deadline is None else deadline - time.monotonic()
                line = zygote.line(max(0.0, left)) if left is not None else zygote.line(30)
                if line is None:
                    break  # the moment has come
                if line == "ready" and deadline is None:
                    deadline = time.monotonic() + delay
                elif line.startswith("R "):
                    printed.append(line[2:])
                elif line.startswith("exit"):
                    raise AssertionError(f"the submitter ended on its own in run {run}")
            os.kill(pid, signal.SIGKILL)
            while (line := zygote.line(30)) != f"exit {pid}":
                assert line is not None, "the zygote did not report the kill"
                if line.startswith("R "):
                    printed.append(line[2:])
            during_open += early
    finally:
        zygote.close()
    elapsed = time.monotonic() - started

    connection = encryption.open_file(data_dir / "prakerja.sqlite3")
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {row[0] for row in connection.execute("SELECT receipt_number FROM records")}
        (counter,) = connection.execute("SELECT next_receipt FROM devices").fetchone()
    finally:
        connection.close()
    assert len(printed) == len(set(printed)), "a receipt number was given twice"
    missing = [number for number in printed if number not in stored]
    assert not missing, f"{len(missing)} returned submits are not in the database"
    # At most one commit per kill can have happened without its number being printed.
    assert len(printed) <= len(stored) <= len(printed) + KILLS
    sequences = sorted(parse_receipt_number(number)[1] for number in stored)  # type: ignore[index]
    assert sequences == list(range(1, len(stored) + 1)) and counter == len(stored) + 1
    app = App.open(data_dir)
    assert app.staff.verify_audit().ok and app.records.count() == len(stored)
    app.close()
    print(f"\ncrash test: {KILLS} SIGKILLs ({during_open} while opening), {len(printed)} submits returned, "
          f"{len(stored)} records stored, {elapsed:.1f} s")
