"""The speech engine's own process: `python -m ui.speech_helper ENGINE [--list]` (frozen bundle:
`PrakerjaDesktop --speech-helper ENGINE [--list]`).

QtTextToSpeech's speechd engine keeps a thread of libspeechd's in the process that made it, and a live
engine in the window's process was seen to crash it later during garbage collection while the worker
thread ran. So the engine lives here: the window writes one text per line to stdin; this process
answers "ready" (a voice is there) or "none", and "spoken <text>" when speaking starts. With --list it
prints one JSON line with the engine's locales and voices and exits (the installed bundle's smoke check).
"""

from __future__ import annotations

import json
import sys
import threading

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Signal
from PySide6.QtTextToSpeech import QTextToSpeech

from ui.speech_probe import speechd_answers


class _Lines(QObject):
    """stdin, a line at a time, delivered on the main thread."""

    line = Signal(str)
    ended = Signal()


def _answer(text: str) -> None:
    print(text, flush=True)


def describe(engine_name: str) -> dict[str, object]:
    """The engine's state, how many locales it has and its Indonesian voices, for --list."""
    if engine_name == "speechd" and not speechd_answers():
        return {"engine": engine_name, "state": "not answering", "locales": 0, "indonesian": []}
    engine = QTextToSpeech(engine_name)
    locales = engine.availableLocales()
    indonesian: list[str] = []
    for locale in locales:
        if locale.language() == QLocale.Language.Indonesian:
            engine.setLocale(locale)
            indonesian += [f"{voice.name()} ({locale.name()})" for voice in engine.availableVoices()]
    return {"engine": engine_name, "state": engine.state().name, "locales": len(locales),
            "indonesian": indonesian[:5]}


def main(engine_name: str, *options: str) -> int:
    """Speak what arrives on stdin until it closes (--list: describe the voices instead)."""
    app = QCoreApplication([])
    if "--list" in options:
        print(json.dumps(describe(engine_name)), flush=True)
        return 0
    if engine_name == "speechd" and not speechd_answers():
        _answer("none")
        return 0
    engine = QTextToSpeech(engine_name)
    if engine.state() == QTextToSpeech.State.Error or not engine.availableVoices():
        _answer("none")
        return 0
    indonesian = [loc for loc in engine.availableLocales() if loc.language() == QLocale.Language.Indonesian]
    if indonesian:
        engine.setLocale(indonesian[0])
    pending: list[str] = []

    def on_state(state: QTextToSpeech.State) -> None:
        if pending and state in (QTextToSpeech.State.Speaking, QTextToSpeech.State.Synthesizing):
            _answer("spoken " + pending.pop())

    def say(text: str) -> None:
        pending[:] = [text]
        engine.say(text)
        on_state(engine.state())

    engine.stateChanged.connect(on_state)
    lines = _Lines()
    lines.line.connect(say)
    lines.ended.connect(app.quit)

    def read() -> None:
        for raw in sys.stdin:
            text = raw.strip()
            if text:
                lines.line.emit(text)
        lines.ended.emit()

    threading.Thread(target=read, daemon=True).start()
    _answer("ready")
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "speechd", *sys.argv[2:]))
