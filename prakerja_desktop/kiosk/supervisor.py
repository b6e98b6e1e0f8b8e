"""The kiosk supervisor: starts the GUI as a child process and starts it again after a crash.

`main.py --kiosk` runs this (no Qt here). A clean exit (code 0: staff closed the kiosk with the PIN)
ends the supervisor too; any other exit is a crash and the GUI comes back at Welcome, with the person's
draft still in the database (drafts are saved on every Next). Crashing again and again (5 times in
60 s) stops with a plain message instead of flickering forever.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypedDict, Unpack

# Set in the GUI child, so `main.py --kiosk` there opens the window instead of another supervisor.
CHILD_ENV = "PRAKERJA_KIOSK_CHILD"
# Set in a GUI started again after a crash: the time of the crash (UTC, ISO), see ui/kiosk/recovery.py.
CRASHED_AT_ENV = "PRAKERJA_KIOSK_CRASHED_AT"
LOG_FILENAME = "kiosk-supervisor.log"
HANDLER_NAME = "kiosk-supervisor"  # the handler log_to_data_folder() added (replaced when called again)
EXIT_GAVE_UP = 4  # distinct, so an OS service can be told not to restart on it
# Exit codes that a restart cannot help: 0 is a clean quit, 2 a wrong command line.
NO_RESTART = frozenset({0, 2})

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """How supervising ended."""

    exit_code: int
    starts: int
    crashes: int
    gave_up: bool = False
    stopped: bool = False  # by a signal to the supervisor (shutdown, service stop)


def utc_iso_now() -> str:
    """The current time in UTC as ISO text without a zone (as the database stores times)."""
    return datetime.now(UTC).replace(tzinfo=None).isoformat()


def parse_crashed_at(raw: str | None) -> datetime | None:
    """The crash time the supervisor passed on, or None for a normal start."""
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        return None


class Supervisor:
    """Runs one child command, restarting it after abnormal exits, with a back-off."""

    def __init__(self, command: Sequence[str], *, env: dict[str, str] | None = None, max_crashes: int = 5,
                 crash_window: float = 60.0, first_delay: float = 1.0, max_delay: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.command = list(command)
        self.env = dict(os.environ if env is None else env)
        self.max_crashes = max_crashes
        self.crash_window = crash_window
        self.first_delay = first_delay
        self.max_delay = max_delay
        self._clock = clock
        self._stopping = threading.Event()
        self._child: subprocess.Popen[bytes] | None = None

    def run(self) -> Outcome:
        """Start the child and keep it running until it exits cleanly, we give up, or stop() is called."""
        recent: deque[float] = deque()
        starts = crashes = 0
        crashed_at: str | None = None
        while True:
            env = {**self.env, CHILD_ENV: "1"}
            env.pop(CRASHED_AT_ENV, None)
            if crashed_at is not None:
                env[CRASHED_AT_ENV] = crashed_at
            self._child = child = subprocess.Popen(self.command, env=env)
            starts += 1
            logger.info("GUI started (pid %d, start %d)", child.pid, starts)
            code = child.wait()
            self._child = None
            if self._stopping.is_set():
                logger.info("GUI ended (code %d) after a stop request", code)
                return Outcome(0, starts, crashes, stopped=True)
            if code in NO_RESTART:
                logger.info("GUI ended with code %d: not restarted", code)
                return Outcome(code, starts, crashes)
            crashes += 1
            crashed_at = utc_iso_now()
            now = self._clock()
            recent.append(now)
            while recent and now - recent[0] > self.crash_window:
                recent.popleft()
            logger.warning("GUI crashed (code %d); %d crash(es) in the last %.0f s", code, len(recent),
                           self.crash_window)
            if len(recent) >= self.max_crashes:
                logger.error("GUI crashed %d times in %.0f s: giving up", len(recent), self.crash_window)
                return Outcome(EXIT_GAVE_UP, starts, crashes, gave_up=True)
            delay = min(self.first_delay * 2 ** (len(recent) - 1), self.max_delay)
            logger.info("restarting the GUI in %.1f s", delay)
            if self._stopping.wait(delay):
                return Outcome(0, starts, crashes, stopped=True)

    def stop(self) -> None:
        """Stop supervising: end the child (terminate, then kill) and do not restart it."""
        self._stopping.set()
        child = self._child
        if child is not None and child.poll() is None:
            child.terminate()
            threading.Thread(target=self._kill_later, args=(child,), daemon=True).start()

    @staticmethod
    def _kill_later(child: subprocess.Popen[bytes], grace: float = 10.0) -> None:
        try:
            child.wait(grace)
        except subprocess.TimeoutExpired:
            child.kill()


def log_to_data_folder(data_dir: Path) -> Path:
    """Send this module's log lines to logs/kiosk-supervisor.log (the GUI keeps its own log file)."""
    folder = data_dir / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILENAME
    for old in [h for h in logger.handlers if h.get_name() == HANDLER_NAME]:
        logger.removeHandler(old)
        old.close()
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s supervisor[%(process)d]: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return path


class SupervisorOptions(TypedDict, total=False):
    """The tuning a caller of supervise() may pass on to the Supervisor."""

    max_crashes: int
    crash_window: float
    first_delay: float
    max_delay: float


def supervise(command: Sequence[str], data_dir: Path, **options: Unpack[SupervisorOptions]) -> Outcome:
    """Run the supervisor in this (main) thread; SIGTERM, SIGINT and SIGHUP stop it with the child."""
    log_to_data_folder(data_dir)
    supervisor = Supervisor(command, **options)
    previous = {}
    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, lambda _n, _f: supervisor.stop())
    try:
        return supervisor.run()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def child_command(argv: Sequence[str], frozen: bool, executable: str, main_script: str) -> list[str]:
    """The command that starts the GUI again with the same arguments (a frozen bundle is its own exe)."""
    return [executable, *argv] if frozen else [executable, main_script, *argv]
