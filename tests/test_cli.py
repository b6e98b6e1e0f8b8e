"""The command line: --version, --help, bad arguments and commands, as a person would run them.

`run` calls main.main() in this process (a child Python costs seconds here); tests that are about the
process itself (signals, Ctrl-C, a terminal, the kiosk supervisor) start a real one with `run_process`.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from prakerja_desktop import __version__, logs, paths
from prakerja_desktop.storage import encryption
from tests.conftest import ROOT


def run(*args: str, env_data: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `main.py ARGS` in this process as a fresh start would: its exit code, stdout and stderr.

    Like a new process: no data key already opened, stdin not a terminal, PRAKERJA_DATA_DIR from
    ENV_DATA, the working folder the project root; the log handlers it adds are removed afterwards.
    """
    from main import main

    out, err = io.StringIO(), io.StringIO()
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    with pytest.MonkeyPatch.context() as patch:
        if env_data is not None:
            patch.setenv(paths.DATA_DIR_ENV, str(env_data))
        patch.chdir(ROOT)
        patch.setattr(sys, "stdin", io.StringIO(""))
        patch.setattr(encryption, "_unlocked", {})
        # faulthandler's crash file is once per process (tested with a real one: test_errors_and_logs).
        patch.setattr(logs, "_crash_file", logs._crash_file or io.StringIO())
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(list(args))
                except SystemExit as exit_:  # argparse (--help, --version, usage errors)
                    code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
                    if isinstance(exit_.code, str):
                        err.write(exit_.code + "\n")
        finally:
            for handler in root.handlers[:]:
                if handler not in handlers:
                    root.removeHandler(handler)
                    handler.close()
            root.setLevel(level)
    return subprocess.CompletedProcess(["main.py", *args], code, out.getvalue(), err.getvalue())


def run_process(*args: str, env_data: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run main.py in a child process (for tests about the process itself)."""
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


def _modules_after(code: str) -> set[str]:
    """The modules loaded by CODE run in a fresh interpreter in the project folder."""
    probe = code + "\nimport sys; print('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_version_and_help_load_no_command_translation_or_database() -> None:
    # Start-up cost of every command is what it imports: --version and --help must stay near a bare
    # interpreter (issue 20), so nothing heavy may creep back into main.py's top.
    for flag in ("--version", "--help"):
        loaded = _modules_after(
            f"import contextlib, io, main\nwith contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):"
            f"\n    main.main([{flag!r}])")
        heavy = {m for m in loaded if m.startswith(("prakerja_desktop.commands.", "babel", "sqlalchemy", "logging",
                                                     "platformdirs", "prakerja_desktop.app", "prakerja_desktop.i18n"))}
        assert heavy == set(), (flag, sorted(heavy))


def test_only_the_chosen_command_is_imported() -> None:
    from prakerja_desktop.commands import COMMANDS

    loaded = _modules_after("import main\nmain.build_parser(['--data-dir', 'x', 'receipt', '--help-not-parsed'])")
    command_modules = {f"prakerja_desktop.commands.{command.module}" for command in COMMANDS}
    assert loaded & command_modules == {"prakerja_desktop.commands.receipt"}  # helpers such as output may load


def test_every_command_parses_its_own_options_and_lists_the_others(data_dir: Path) -> None:
    import main
    from prakerja_desktop.commands import COMMANDS

    for command in COMMANDS:
        parser = main.build_parser([command.name])
        with pytest.raises(SystemExit) as exit_info, contextlib.redirect_stdout(io.StringIO()) as out:
            parser.parse_args([command.name, "--help"])
        assert exit_info.value.code == 0 and command.name in out.getvalue()
    assert main.chosen_command(["--db", "info", "report"]) == "report"  # "info" is --db's value here
    assert main.chosen_command(["--data", "x", "info"]) == "info"  # an abbreviated --data-dir
    assert main.chosen_command(["--db=sqlite:///x", "check"]) == "check"
    assert main.chosen_command(["--kiosk"]) is None


def test_info_loads_only_what_it_uses(tmp_path: Path) -> None:
    # The rooms are made on first use: `info` must not pay for PDFs, spreadsheets, Qt or the sync code.
    # Measured on a data folder made before (its first start migrates, and migration 0010 counts the
    # dashboard's days with the reports code: once per upgrade, not what every `info` costs).
    run_info = (f"import os; os.environ['PRAKERJA_CONFIG_DIR'] = {str(tmp_path / 'config')!r}\n"
                f"import contextlib, io, main\nwith contextlib.redirect_stdout(io.StringIO()):\n"
                f"    assert main.main(['--data-dir', {str(tmp_path / 'data')!r}, 'info']) == 0")
    _modules_after(run_info)
    loaded = _modules_after(run_info)
    heavy = {m.split(".")[0] if not m.startswith("prakerja_desktop") else m for m in loaded
             if m.split(".")[0] in ("reportlab", "openpyxl", "segno", "PySide6")
             or m.startswith(("prakerja_desktop.sync.room", "prakerja_desktop.backups", "prakerja_desktop.reports",
                              "prakerja_desktop.receipts", "prakerja_desktop.batch", "prakerja_desktop.commands.r"))}
    assert heavy == set(), sorted(heavy)
