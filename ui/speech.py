"""Read aloud with the system's voice (QtTextToSpeech), when there is one; otherwise nothing shows.

The engine runs in a helper process (ui/speech_helper.py), started when a person first touches a
read-aloud button: connecting to speech-dispatcher takes seconds, a daemon without a sound device may
never answer, and a live speechd engine in this process was seen to crash it later. The window never
waits for it. Qt's "mock" engine (a test double in the wheel) is never used. PRAKERJA_SPEECH_ENGINE
picks an engine by name, or "none" turns reading aloud off.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

if TYPE_CHECKING:  # imported when the helper starts: QProcess's enums cost the first paint (issue 20)
    from PySide6.QtCore import QProcess

logger = logging.getLogger(__name__)
ENGINE_ENV = "PRAKERJA_SPEECH_ENGINE"
_NOT_REAL = {"mock"}
START_TIMEOUT_MS = 30_000  # the helper must say "ready" or "none" by then
# The frozen bundle cannot run `python -m`: it starts itself with this first argument (main.py).
HELPER_ARGUMENT = "--speech-helper"


def helper_command(engine: str, *extra: str) -> list[str]:
    """The command line of the speech helper process: the bundle itself, or `python -m ui.speech_helper`."""
    if getattr(sys, "frozen", False):
        return [sys.executable, HELPER_ARGUMENT, engine, *extra]
    return [sys.executable, "-m", "ui.speech_helper", engine, *extra]


_PLUGIN_NAME = re.compile(r"^(?:lib)?qtexttospeech_(\w+)\.(?:so|dll|dylib)$")


def engine_names() -> list[str]:
    """Real speech engines this Qt can load (PRAKERJA_SPEECH_ENGINE narrows them; "none": none)."""
    wanted = os.environ.get(ENGINE_ENV, "").strip()
    names = [name for name in _plugin_engines() if name not in _NOT_REAL]
    if wanted:
        names = [name for name in names if name == wanted]
    # The speechd plugin is listed even where speech-dispatcher is not installed.
    return [name for name in names if name != "speechd" or shutil.which("speech-dispatcher")]


def _plugin_engines() -> list[str]:
    """Engine names as QTextToSpeech.availableEngines() gives them, read from the plugin files' names
    (libqtexttospeech_speechd.so → "speechd"): importing QtTextToSpeech itself cost start-up time (issue
    20); it is imported only when no plugin folder is found, and in the helper process that speaks."""
    folders = [Path(p) / "texttospeech" for p in QCoreApplication.libraryPaths()]
    found = [f for f in folders if f.is_dir()]
    if not found:
        try:  # a bundle built without Qt TextToSpeech simply has no voice
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError:  # pragma: no cover - depends on the bundle
            return []
        return list(QTextToSpeech.availableEngines())
    names: list[str] = []
    for folder in found:
        for plugin in sorted(folder.iterdir()):
            match = _PLUGIN_NAME.match(plugin.name)
            if match and match.group(1) not in names:
                names.append(match.group(1))
    return names


class Speaker(QObject):
    """The app's voice; `availability_changed` when it turns out there is none."""

    availability_changed = Signal(bool)
    spoken = Signal(str)  # a text the engine started to speak

    def __init__(self) -> None:
        super().__init__()
        self._names = engine_names()
        self._available = bool(self._names)  # a guess until the helper answered
        self._process: QProcess | None = None
        self._ready = False
        self._waiting = ""  # the latest text asked for before the helper was ready
        self._buffer = b""

    @property
    def available(self) -> bool:
        """True while reading aloud may work (until the helper said there is no voice)."""
        return self._available

    @property
    def started(self) -> bool:
        """True once the helper process was started."""
        return self._process is not None

    def _set_available(self, available: bool) -> None:
        if available != self._available:
            self._available = available
            self.availability_changed.emit(available)

    def _start(self) -> None:
        from PySide6.QtCore import QProcess

        process = self._process = QProcess(self)
        program, *arguments = helper_command(self._names[0])
        process.setProgram(program)
        process.setArguments(arguments)
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        process.setWorkingDirectory(root)
        process.readyReadStandardOutput.connect(self._on_output)
        process.finished.connect(self._on_finished)
        process.errorOccurred.connect(lambda _error: self._on_finished())
        process.start()
        QTimer.singleShot(START_TIMEOUT_MS, self, self._on_start_timeout)

    def _on_start_timeout(self) -> None:
        if not self._ready and self._process is not None:
            logger.warning("the speech helper did not answer: reading aloud is hidden")
            self._process.kill()

    def _on_output(self) -> None:
        if self._process is None:
            return
        self._buffer += bytes(self._process.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for raw in lines:
            line = raw.decode("utf-8", "replace").strip()
            if line == "ready":
                self._ready = True
                if self._waiting:
                    self._send(self._waiting)
            elif line == "none":
                self._set_available(False)
            elif line.startswith("spoken "):
                self.spoken.emit(line[len("spoken "):])

    def _on_finished(self) -> None:
        self._ready = False
        self._process = None
        self._set_available(False)

    def _send(self, text: str) -> None:
        if self._process is not None:
            self._process.write((" ".join(text.split()) + "\n").encode("utf-8"))
            self._waiting = ""

    def say(self, text: str) -> bool:
        """Speak (the first time once the helper is ready); False when there is no voice."""
        if not self._available or not text.strip():
            return False
        if self._process is None:
            self._start()
        if self._ready:
            self._send(text)
        else:
            self._waiting = text
        return True

    def shutdown(self) -> None:
        """Close the helper (end of its input: it quits)."""
        process, self._process = self._process, None
        if process is not None and shiboken6.isValid(process):
            process.finished.disconnect()
            process.errorOccurred.disconnect()
            process.closeWriteChannel()
            if not process.waitForFinished(2000):
                process.kill()
                process.waitForFinished(1000)


_speaker: Speaker | None = None


def speaker() -> Speaker:
    """The app's speaker (made on first use, after the QApplication)."""
    global _speaker
    if _speaker is None:
        _speaker = Speaker()
        atexit.register(_speaker.shutdown)  # tests never quit the application
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(_speaker.shutdown)
    return _speaker
