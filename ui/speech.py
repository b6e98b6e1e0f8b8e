"""Read aloud with the system's voice (QtTextToSpeech), when there is one; otherwise nothing shows.

Connecting to speech-dispatcher and listing its voices takes seconds and holds the interpreter, so the
engine is made when a person first touches a read-aloud button, never at start-up. A speech-dispatcher
that lost its sound device may stop answering; it is asked first with a time limit, so a stuck daemon
hides the buttons instead of freezing the window. Qt's "mock" engine (a test double in the wheel) is
never used. PRAKERJA_SPEECH_ENGINE picks an engine by name, or "none" turns reading aloud off.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, Signal

try:  # a bundle built without Qt TextToSpeech simply has no voice
    from PySide6.QtTextToSpeech import QTextToSpeech
except ImportError:  # pragma: no cover - depends on the bundle
    QTextToSpeech = None  # type: ignore[assignment,misc]

logger = logging.getLogger(__name__)
ENGINE_ENV = "PRAKERJA_SPEECH_ENGINE"
_NOT_REAL = {"mock"}
DAEMON_ANSWER_SECONDS = 1.5


def engine_names() -> list[str]:
    """Real speech engines this Qt can load (PRAKERJA_SPEECH_ENGINE narrows them; "none": none)."""
    wanted = os.environ.get(ENGINE_ENV, "").strip()
    if QTextToSpeech is None:
        return []
    names = [name for name in QTextToSpeech.availableEngines() if name not in _NOT_REAL]
    if wanted:
        names = [name for name in names if name == wanted]
    # The speechd plugin is listed even where speech-dispatcher is not installed.
    return [name for name in names if name != "speechd" or shutil.which("speech-dispatcher")]


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


class Speaker(QObject):
    """The app's voice; `availability_changed` when it turns out there is none (or one after all)."""

    availability_changed = Signal(bool)
    spoken = Signal(str)  # a text the engine started to speak

    def __init__(self) -> None:
        super().__init__()
        self._names = engine_names()
        self._available = bool(self._names)  # a guess until the engine is made
        self.engine: QTextToSpeech | None = None
        self._pending = ""

    @property
    def available(self) -> bool:
        """True while reading aloud may work (until an engine turned out to have no voice)."""
        return self._available

    def _set_available(self, available: bool) -> None:
        if available != self._available:
            self._available = available
            self.availability_changed.emit(available)

    def _make_engine(self) -> QTextToSpeech | None:  # type: ignore[valid-type]
        name = self._names[0]
        if name == "speechd" and not speechd_answers():
            logger.warning("speech-dispatcher does not answer: reading aloud is hidden")
            return None
        engine = QTextToSpeech(name, self)
        if engine.state() == QTextToSpeech.State.Error or not engine.availableVoices():
            logger.info("speech engine %s has no voice: reading aloud is hidden", name)
            engine.deleteLater()
            return None
        indonesian = [loc for loc in engine.availableLocales() if loc.language() == QLocale.Language.Indonesian]
        if indonesian:
            engine.setLocale(indonesian[0])
        engine.stateChanged.connect(self._on_state)
        return engine

    def say(self, text: str) -> bool:
        """Speak (stops what was being said); False when there is no voice."""
        if not self._available or not text.strip():
            return False
        if self.engine is None:
            self.engine = self._make_engine()
            if self.engine is None:
                self._set_available(False)
                return False
        self._pending = text
        self.engine.say(text)
        self._on_state(self.engine.state())
        return True

    def _on_state(self, state: QTextToSpeech.State) -> None:
        text = self._pending
        if text and state in (QTextToSpeech.State.Speaking, QTextToSpeech.State.Synthesizing):
            self._pending = ""
            self.spoken.emit(text)


_speaker: Speaker | None = None


def speaker() -> Speaker:
    """The app's speaker (made on first use, after the QApplication)."""
    global _speaker
    if _speaker is None:
        _speaker = Speaker()
    return _speaker
