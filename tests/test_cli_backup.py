"""`main.py backup` and `main.py restore`, run as a person would: messages and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.damage import filled_database, flip_byte, scramble
from tests.terminal import run_in_terminal
from tests.test_cli import run

# The app's backup and restore copy the SQLite file; an office server is backed up with its own tools.
SQLITE_FILE = pytest.mark.sqlite_only("backup and restore copy the SQLite file")


def backup_file(folder: Path) -> Path:
    """The one backup file in a folder."""
    (found,) = folder.glob("prakerja-backup-*.sqlite3")
    return found


@SQLITE_FILE
def test_backup_and_restore_round_trip(tmp_path: Path) -> None:
    data = tmp_path / "data"
    filled_database(data, records=3)
    made = run("backup", "--to", str(tmp_path / "usb"), "--data-dir", str(data))
    assert made.returncode == 0, made.stderr
    file = backup_file(tmp_path / "usb")
    assert str(file) in made.stdout and "3 data" in made.stdout
    restored = run("restore", str(file), "--yes", "--data-dir", str(data))
    assert restored.returncode == 0, restored.stderr
    assert "dipulihkan" in restored.stdout and "before-restore" in restored.stdout
    assert "records    3" in run("info", "--data-dir", str(data)).stdout


@SQLITE_FILE
def test_backup_to_the_default_folder(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = run("backup", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    assert backup_file(data / "backups").exists()


@SQLITE_FILE
def test_backup_to_a_missing_stick_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run("backup", "--to", str(tmp_path / "no-stick" / "cadangan"), "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "tidak ada" in result.stderr
    assert "Traceback" not in result.stderr


@SQLITE_FILE
def test_restore_without_a_terminal_and_without_yes_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    filled_database(data, records=2)
    assert run("backup", "--to", str(tmp_path / "usb"), "--data-dir", str(data)).returncode == 0
    before = (data / "prakerja.sqlite3").read_bytes()
    result = run("restore", str(backup_file(tmp_path / "usb")), "--data-dir", str(data))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "--yes" in result.stderr
    assert (data / "prakerja.sqlite3").read_bytes() == before
    assert not list(data.glob("*before-restore*"))


@SQLITE_FILE
def test_restore_refuses_a_damaged_backup_with_exit_2(tmp_path: Path) -> None:
    data = tmp_path / "data"
    filled_database(data, records=2)
    assert run("backup", "--to", str(tmp_path / "usb"), "--data-dir", str(data)).returncode == 0
    file = backup_file(tmp_path / "usb")
    flip_byte(file)
    result = run("restore", str(file), "--yes", "--data-dir", str(data))
    assert result.returncode == 2 and "rusak" in result.stderr and "Traceback" not in result.stderr
    missing = run("restore", str(tmp_path / "nope.sqlite3"), "--yes", "--data-dir", str(data))
    assert missing.returncode == 2 and "tidak ditemukan" in missing.stderr


def test_restore_on_an_office_server_points_to_the_servers_tools(tmp_path: Path) -> None:
    file = tmp_path / "x.sqlite3"
    file.write_bytes(b"x")
    result = run("--db", "postgresql://staff@127.0.0.1:1/none", "restore", str(file), "--yes",
                 "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 2 and "pg_dump" in result.stderr


@SQLITE_FILE
def test_a_corrupt_database_names_the_restore_command_and_restore_fixes_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    filled_database(data, records=40)
    assert run("backup", "--data-dir", str(data)).returncode == 0
    file = backup_file(data / "backups")
    scramble(data / "prakerja.sqlite3")
    broken = run("info", "--data-dir", str(data))
    assert broken.returncode == 3 and "rusak" in broken.stderr
    assert f'main.py restore "{file}"' in broken.stderr and "Traceback" not in broken.stderr
    fixed = run("restore", str(file), "--yes", "--data-dir", str(data))
    assert fixed.returncode == 0, fixed.stderr
    info = run("info", "--data-dir", str(data))
    assert info.returncode == 0 and "records    40" in info.stdout


def _run_in_terminal(args: list[str], answer: str, env_data: Path) -> tuple[int, str]:
    """Run main.py with a pseudo-terminal as stdin/stdout, typing ANSWER at the prompt."""
    return run_in_terminal(args, answer, env_data, prompt=b"melanjutkan", timeout=60)


@SQLITE_FILE
def test_restore_asks_on_a_terminal(tmp_path: Path) -> None:
    data = tmp_path / "data"
    filled_database(data, records=2)
    assert run("backup", "--to", str(tmp_path / "usb"), "--data-dir", str(data)).returncode == 0
    file = backup_file(tmp_path / "usb")
    code, screen = _run_in_terminal(["restore", str(file), "--data-dir", str(data)], "tidak", data)
    assert code == 2 and "2 data" in screen and "dibatalkan" in screen
    assert not list(data.glob("*before-restore*"))
    code, screen = _run_in_terminal(["restore", str(file), "--data-dir", str(data)], "ya", data)
    assert code == 0 and "dipulihkan" in screen, screen
    assert list(data.glob("*before-restore*"))


@pytest.mark.postgres_only("the office server in force")
def test_backup_on_an_office_server_points_to_the_servers_tools(tmp_path: Path) -> None:
    result = run("backup", "--to", str(tmp_path / "usb"), "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 2 and "pg_dump" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "usb").exists() or not any((tmp_path / "usb").iterdir())
