"""Logging set-up: a rotating file in the data folder, a crash log, and no personal data ever."""

from __future__ import annotations

import faulthandler
import logging
import os
import re
from pathlib import Path
from typing import IO, Any

from prakerja_desktop.paths import logs_dir

LOG_FILENAME = "prakerja.log"
HANDLER_NAME = "prakerja"  # the root handlers this module added (replaced when set up again)
CRASH_FILENAME = "crash.log"

# Defence in depth: code never logs personal data on purpose, but an exception text might carry
# a value (e.g. a SQL parameter). These patterns blank out anything that looks like one.
_REDACTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Key material: a raw SQLCipher key ("x'<64 hex>'") or any long hex/base64 run never reaches a log.
    (re.compile(r"(?i)(?<![0-9a-f])[0-9a-f]{32,}(?![0-9a-f])"), "<hex>"),
    (re.compile(r"(?i)\b(pragma\s+(re)?key\s*=\s*)\S+"), r"\1<key>"),
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "<email>"),
    (re.compile(r"(?<!\d)\d{16}(?!\d)"), "<16 digits>"),
    (re.compile(r"(?<![\w])(\+?62|0)8[\d\s-]{7,14}\d"), "<phone>"),
    (re.compile(r"(?<!\d)\d{9,15}(?!\d)"), "<digits>"),
)

# Every field of a person, by the names code uses for it (the field catalogue's ids and aliases, plus
# the spreadsheet and record names). tests/test_plaintext.py keeps this equal to the catalogue; it is
# spelled out here because importing the catalogue pulls the validators into start-up.
PERSON_FIELD_NAMES: tuple[str, ...] = (
    "full_name", "nik", "kk_number", "birth_place", "birth_date", "sex", "phone_e164", "has_email", "email",
    "province_code", "regency_code", "district_code", "village", "street", "rt", "rw", "education",
    "employment", "training_interests", "registered_online_on",
    "name", "kk", "phone",  # catalogue aliases
)
# name=value, name: value, 'name': 'value', "name": "value" with a person field's name.
_FIELD_VALUE = re.compile(
    r"(?i)(?<![\w])(['\"]?)(" + "|".join(sorted(PERSON_FIELD_NAMES, key=len, reverse=True)) + r")\1"
    r"(\s*[:=]\s*)('[^']*'|\"[^\"]*\"|[^\s,;)}\]]+)")
_DATES: tuple[tuple[re.Pattern[str], str], ...] = (
    # SQLAlchemy's parameter list (hidden at the source by hide_parameters=True; this is the spare).
    (re.compile(r"\[parameters: [^\n]*"), "[parameters: <hidden>]"),
    # A birth date in any of the shapes a value takes in an error text; years of living adults only,
    # so the log's own timestamps (never redacted anyway) and today's dates in messages stay readable.
    (re.compile(r"(?<!\d)(19\d\d|20[01]\d)-\d{1,2}-\d{1,2}(?!\d)"), "<date>"),
    (re.compile(r"(?<!\d)\d{1,2}[-/.]\d{1,2}[-/.](19\d\d|20[01]\d)(?!\d)"), "<date>"),
    (re.compile(r"date(time)?\((19\d\d|20[01]\d),[^)]*\)"), "<date>"),
)

_crash_file: IO[str] | None = None


def redact(text: str) -> str:
    """Blank out anything that looks like a NIK, KK, phone number, email or birth date, and every
    value written next to a person field's name."""
    text = _FIELD_VALUE.sub(lambda m: f"{m[1]}{m[2]}{m[1]}{m[3]}<{m[2].lower()}>", text)
    for pattern, replacement in (*_REDACTIONS, *_DATES):
        text = pattern.sub(replacement, text)
    return text


class RedactingFormatter(logging.Formatter):
    """A formatter whose message, traceback and stack pass through redact() (the timestamp does not)."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        """The formatted line with the message redacted."""
        shown = logging.LogRecord.__new__(logging.LogRecord)
        shown.__dict__.update(record.__dict__)
        shown.message = redact(record.message)
        return super().formatMessage(shown)

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        """The traceback, redacted."""
        return redact(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:  # noqa: N802 - logging's name
        """The stack, redacted."""
        return redact(super().formatStack(stack_info))


class RotatingFile(logging.FileHandler):
    """A log file that moves to .1 … .N when it would grow past max_bytes (RotatingFileHandler's rule).

    Written out here because importing logging.handlers (socket, pickle, queue) cost start-up time
    before the first screen (issue 20).
    """

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, encoding="utf-8")
        self.max_bytes, self.backups = max_bytes, backups

    def emit(self, record: logging.LogRecord) -> None:
        """Rotate first when this record would make the file too big, then write it."""
        try:
            if self._too_big(record):
                self._rotate()
        except Exception:  # logging must never raise into the app
            self.handleError(record)
            return
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        """The disk filled up or turned read-only: lose this log line (no traceback), never the program's work."""

    def _too_big(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            self.stream = self._open()
        if self.max_bytes <= 0 or not os.path.isfile(self.baseFilename):
            return False
        self.stream.seek(0, os.SEEK_END)
        return self.stream.tell() + len(self.format(record) + self.terminator) >= self.max_bytes

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        for number in range(self.backups - 1, 0, -1):
            older = f"{self.baseFilename}.{number}"
            if os.path.exists(older):
                os.replace(older, f"{self.baseFilename}.{number + 1}")
        if self.backups > 0 and os.path.exists(self.baseFilename):
            os.replace(self.baseFilename, f"{self.baseFilename}.1")
        self.stream = self._open()


def setup_logging(data_folder: Path, *, level: int = logging.INFO, console: bool = False) -> Path:
    """Log to a rotating file in the data folder and write Python crashes to crash.log."""
    global _crash_file
    folder = logs_dir(data_folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only data disk (rescue mode): the handler below falls back
        pass
    log_path = folder / LOG_FILENAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == HANDLER_NAME:
            root.removeHandler(handler)
            handler.close()
    formatter = RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    file_handler: logging.Handler
    try:
        file_handler = RotatingFile(log_path, max_bytes=2_000_000, backups=5)
    except OSError:  # a read-only or full data disk (rescue mode): no log file, but the program runs
        file_handler = logging.NullHandler()
    file_handler.setFormatter(formatter)
    file_handler.set_name(HANDLER_NAME)
    root.addHandler(file_handler)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(formatter)
        stream.set_name(HANDLER_NAME)
        root.addHandler(stream)
    root.setLevel(level)
    if _crash_file is None:
        # faulthandler needs a real file descriptor that stays open for the life of the process.
        try:
            _crash_file = open(folder / CRASH_FILENAME, "a", encoding="utf-8")  # noqa: SIM115
        except OSError:  # read-only or full disk: crashes go to the terminal, as without set-up
            return log_path
        faulthandler.enable(_crash_file)
    return log_path


def log_tail(data_folder: Path, lines: int = 200) -> str:
    """The last lines of the log, for staff to read inside the app."""
    path = logs_dir(data_folder) / LOG_FILENAME
    if not path.exists():
        return ""
    with path.open(encoding="utf-8", errors="replace") as handle:
        return "".join(handle.readlines()[-lines:])
