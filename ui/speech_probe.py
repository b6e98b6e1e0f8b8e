"""Is speech-dispatcher answering? A daemon that lost its sound device may stop answering for good."""

from __future__ import annotations

import os
import socket
from pathlib import Path

DAEMON_ANSWER_SECONDS = 1.5


def _speechd_socket() -> Path:
    """Where libspeechd looks for the daemon (it starts one there when none runs)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) if runtime else Path.home() / ".cache"
    return base / "speech-dispatcher" / "speechd.sock"


def speechd_answers(path: Path | None = None, timeout: float = DAEMON_ANSWER_SECONDS) -> bool:
    """False when a speech-dispatcher runs but does not answer (it would freeze whoever connects)."""
    path = path or _speechd_socket()
    if not path.exists():
        return True  # none runs: libspeechd starts a fresh one
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(timeout)
        try:
            probe.connect(str(path))
        except (ConnectionRefusedError, FileNotFoundError):
            return True  # a stale socket file: a fresh daemon will be started
        except OSError:
            return False
        try:
            probe.sendall(b"HELP\r\n")
            return bool(probe.recv(64))
        except OSError:
            return False
