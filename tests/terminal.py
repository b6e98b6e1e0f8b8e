"""Run main.py on a pseudo-terminal, as a person at a real terminal would: prompts appear, answers are typed."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT


def run_in_terminal(args: list[str], answer: str, data: Path, *, prompt: bytes,
                    timeout: float = 120) -> tuple[int, str]:
    """Run main.py with a pseudo-terminal as stdin/stdout, typing ANSWER once PROMPT appears; (exit code, screen)."""
    main_fd, child_fd = pty.openpty()
    env = {**os.environ, "PRAKERJA_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), *args], stdin=child_fd,
                               stdout=child_fd, stderr=child_fd, env=env, cwd=ROOT, close_fds=True)
    os.close(child_fd)
    seen, answered, deadline = b"", False, time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _w, _x = select.select([main_fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(main_fd, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        if not answered and prompt in seen:
            os.write(main_fd, answer.encode() + b"\n")
            answered = True
        if process.poll() is not None and not ready:
            break
    os.close(main_fd)
    return process.wait(timeout=30), seen.decode(errors="replace")
