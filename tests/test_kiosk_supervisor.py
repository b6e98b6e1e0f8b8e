"""The kiosk supervisor with real child processes: restart after a crash, not after a clean quit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from prakerja_desktop.kiosk.supervisor import (
    CHILD_ENV,
    CRASHED_AT_ENV,
    EXIT_GAVE_UP,
    Supervisor,
    child_command,
    log_to_data_folder,
    parse_crashed_at,
)
from tests.conftest import ROOT

# A child that aborts (a real crash: SIGABRT, or exit code 3 on Windows) until it has run N times,
# writing what it saw in its environment to a file per start.
CHILD = f"""
import os, sys
folder = sys.argv[1]
crashes_wanted = int(sys.argv[2])
runs = len(os.listdir(folder))
with open(os.path.join(folder, "run-" + str(runs) + ".txt"), "w") as note:
    note.write(os.environ.get("{CHILD_ENV}", "") + "|" + os.environ.get("{CRASHED_AT_ENV}", ""))
if runs < crashes_wanted:
    os.abort()
sys.exit(0)
"""


def run_child(tmp_path: Path, crashes: int, **options: float) -> tuple[object, list[str]]:
    folder = tmp_path / "runs"
    folder.mkdir()
    supervisor = Supervisor([sys.executable, "-c", CHILD, str(folder), str(crashes)],
                            first_delay=0.05, max_delay=0.2, **options)
    outcome = supervisor.run()
    notes = [(folder / f"run-{i}.txt").read_text() for i in range(len(list(folder.iterdir())))]
    return outcome, notes


def test_a_crashed_child_is_started_again_and_told_when_it_crashed(tmp_path: Path) -> None:
    outcome, notes = run_child(tmp_path, crashes=1)
    assert outcome.exit_code == 0 and outcome.starts == 2 and outcome.crashes == 1 and not outcome.gave_up
    first, second = notes
    assert first == "1|"  # marked as the supervisor's child; a normal start, no crash before it
    child_flag, crashed_at = second.split("|")
    assert child_flag == "1" and parse_crashed_at(crashed_at) is not None


def test_a_clean_exit_ends_the_supervisor_without_a_restart(tmp_path: Path) -> None:
    outcome, notes = run_child(tmp_path, crashes=0)
    assert outcome.exit_code == 0 and outcome.starts == 1 and outcome.crashes == 0
    assert len(notes) == 1


def test_rapid_crashes_stop_with_a_distinct_code_a_log_line_and_a_message(tmp_path: Path) -> None:
    from ui.kiosk.launch import gave_up_message

    log = log_to_data_folder(tmp_path / "data")
    started = time.monotonic()
    outcome, notes = run_child(tmp_path, crashes=100, max_crashes=5, crash_window=60)
    assert outcome.gave_up and outcome.exit_code == EXIT_GAVE_UP
    assert outcome.starts == 5 and len(notes) == 5
    assert time.monotonic() - started < 30
    lines = _log_lines(log)
    assert sum("GUI crashed (code" in line for line in lines) == 5 and "giving up" in lines[-1]
    message = gave_up_message(tmp_path / "data")
    assert "berhenti" in message and str(tmp_path / "data" / "logs") in message


def test_crashes_far_apart_do_not_add_up(tmp_path: Path) -> None:
    # A window of 0.01 s: each crash is alone in it, so six crashes never reach the limit of 5.
    outcome, notes = run_child(tmp_path, crashes=6, max_crashes=5, crash_window=0.01)
    assert not outcome.gave_up and outcome.exit_code == 0 and outcome.starts == 7


def test_child_command_runs_main_py_or_the_frozen_executable() -> None:
    assert child_command(["--kiosk"], False, "/usr/bin/python3", "/app/main.py") == [
        "/usr/bin/python3", "/app/main.py", "--kiosk"]
    assert child_command(["--kiosk", "--data-dir", "D"], True, "/opt/p/PrakerjaDesktop", "x") == [
        "/opt/p/PrakerjaDesktop", "--kiosk", "--data-dir", "D"]


def _log_lines(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def _wait_for(condition, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached")
        time.sleep(0.1)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="sends POSIX signals to the processes")
def test_main_py_kiosk_restarts_the_real_gui_after_a_kill_and_stops_on_sigterm(tmp_path: Path) -> None:
    data = tmp_path / "kiosk-data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop(CHILD_ENV, None)
    supervisor = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--kiosk", "--data-dir", str(data)],
                                  env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    log = data / "logs" / "kiosk-supervisor.log"
    gui_log = data / "logs" / "prakerja.log"
    try:
        _wait_for(lambda: any("kiosk mode on" in line for line in _log_lines(gui_log)))
        first_pid = int(next(line for line in _log_lines(log) if "GUI started" in line).split("pid ")[1].split(",")[0])
        os.kill(first_pid, signal.SIGKILL)  # a crash as hard as they come
        _wait_for(lambda: sum("GUI started" in line for line in _log_lines(log)) == 2)
        _wait_for(lambda: any("restarted after a crash" in line for line in _log_lines(gui_log)))
        assert any("GUI crashed" in line for line in _log_lines(log))
        assert supervisor.poll() is None
        supervisor.send_signal(signal.SIGTERM)  # the OS stops the service: no restart
        assert supervisor.wait(30) == 0
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()
    assert sum("GUI started" in line for line in _log_lines(log)) == 2
    assert any("after a stop request" in line for line in _log_lines(log))


@pytest.mark.slow
def test_main_py_kiosk_ends_with_the_gui_when_it_exits_cleanly(tmp_path: Path) -> None:
    # The smoke run ends the real kiosk GUI with exit code 0, as a staff quit does: no restart, and no
    # crash on the way out (a kiosk window that refuses to close once segfaulted at exit here).
    data = tmp_path / "kiosk-data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PRAKERJA_SMOKE_EXIT_MS": "200"}
    env.pop(CHILD_ENV, None)
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--kiosk", "--data-dir", str(data)],
                            env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("smoke ok") == 1
    lines = _log_lines(data / "logs" / "kiosk-supervisor.log")
    assert sum("GUI started" in line for line in lines) == 1 and "not restarted" in lines[-1]
    assert not (data / "logs" / "crash.log").exists() or "Fatal" not in (data / "logs" / "crash.log").read_text()
