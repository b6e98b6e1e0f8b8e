"""The command line: --version, --help, bad arguments and commands, run as a person would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from prakerja_desktop import __version__
from tests.conftest import ROOT


def run(*args: str, env_data: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run main.py in a child process."""
    import os

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if env_data is not None:
        env["PRAKERJA_DATA_DIR"] = str(env_data)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, timeout=120, env=env, cwd=ROOT)


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"Prakerja Desktop {__version__}"


def test_help_lists_options_and_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for word in ("--db", "--data-dir", "info", "audit"):
        assert word in result.stdout


def test_wrong_argument_is_one_line_and_exit_2(data_dir: Path) -> None:
    for args in (["--bogus"], ["frobnicate"], ["--db"], ["audit"], ["audit", "nope"]):
        result = run(*args, env_data=data_dir)
        assert result.returncode == 2, args
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_info_on_a_fresh_data_folder(tmp_path: Path, postgres_run: bool) -> None:
    folder = tmp_path / "fresh"
    result = run("info", "--data-dir", str(folder))
    assert result.returncode == 0, result.stderr
    assert str(folder) in result.stdout and "records    0" in result.stdout
    assert (folder / "logs" / "prakerja.log").exists()
    if postgres_run:  # the office server named in PRAKERJA_DB_URL, its password hidden
        assert "postgresql+psycopg://" in result.stdout and ":***@" in result.stdout
        assert "prakerja-test" not in result.stdout + (folder / "logs" / "prakerja.log").read_text()
    else:
        assert (folder / "prakerja.sqlite3").exists()


def test_bad_database_url_is_a_clear_message(data_dir: Path) -> None:
    result = run("--db", "nonsense://x", "info", env_data=data_dir)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "nonsense://x" in result.stderr


@pytest.mark.sqlite_only("a damaged SQLite file")
def test_corrupt_database_is_a_known_problem(tmp_path: Path) -> None:
    folder = tmp_path / "corrupt"
    folder.mkdir()
    (folder / "prakerja.sqlite3").write_bytes(b"this is not a database" * 100)
    result = run("info", "--data-dir", str(folder))
    assert result.returncode == 3
    assert "rusak" in result.stderr and "Traceback" not in result.stderr


def test_audit_verify(tmp_path: Path) -> None:
    result = run("audit", "verify", "--data-dir", str(tmp_path / "a"))
    assert result.returncode == 0 and "audit log ok" in result.stdout
