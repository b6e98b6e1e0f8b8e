"""Benchmarks that cannot rot: every bench/ script runs at tiny sizes, exits 0 and prints its table.

The figures mean nothing at these sizes (README.md carries the real ones); what is tested is that a
change elsewhere (an encrypted file, a renamed use case) did not quietly break a benchmark.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"

# Script → (arguments for a tiny run, a word its result table always prints).
TINY: dict[str, tuple[list[str], str]] = {
    "run.py": (["--smoke"], "ratio"),
    "encryption.py": (["--smoke"], "ratio"),
    "batch_check.py": (["--rows", "300"], "ratio"),
    "bundle.py": (["--count", "300"], "ratio"),
    "cli.py": (["--runs", "1"], "ratio"),
    "receipt.py": (["--runs", "2"], "ratio"),
    "photo.py": (["--runs", "2"], "ratio"),
    "startup.py": (["--runs", "1"], "ratio"),
    "wizard.py": (["--flows", "1"], "p95"),
    "soak.py": (["--people", "3"], "crashes"),
    "staff.py": (["--rows", "2000", "--demo-people", "800", "--export-rows", "500", "--runs", "3"], "ratio"),
    "postgres.py": (["--size", "300", "--queries", "5", "--submits", "5"], "ratio"),
}

pytestmark = pytest.mark.slow


def test_every_bench_script_has_a_tiny_run() -> None:
    assert sorted(TINY) == sorted(p.name for p in BENCH.glob("*.py")), "a new bench script needs a TINY entry"


@pytest.mark.parametrize("script", sorted(TINY))
def test_bench_script_runs_and_prints_its_table(script: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    args, word = TINY[script]
    if script == "postgres.py":
        url = request.config.getoption("--db-url")
        if not url:
            pytest.skip(reason="bench/postgres.py needs the office PostgreSQL server (--db-url or PRAKERJA_TEST_DB_URL)")
        args = [*args, "--db-url", url]
    # Never the real device secret or data folder of whoever runs the tests.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PRAKERJA_CONFIG_DIR": str(tmp_path / "config"),
           "PRAKERJA_DATA_DIR": str(tmp_path / "data"), "TMPDIR": str(tmp_path)}
    result = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True,
                            timeout=600, env=env, cwd=ROOT)
    assert result.returncode == 0, f"{script} exited {result.returncode}:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    assert word in result.stdout, result.stdout[-2000:]
