"""Printing through CUPS with its command-line tools (lp, lpstat); the PDF is sent as is (vector).

Where CUPS is missing (Windows), the GUI prints with Qt instead. Every subprocess call has a
timeout, takes an argument list (never a shell string) and runs in the C locale so its answers can
be read. Job titles carry a receipt number at most, never personal data.
"""

from __future__ import annotations

import logging
import math
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from enum import StrEnum

from prakerja_desktop.i18n import _

logger = logging.getLogger(__name__)

QUERY_TIMEOUT = 10.0  # seconds for lpstat
SUBMIT_TIMEOUT = 30.0  # seconds for lp (it spools the whole file)
MEDIA = ("A4", "roll80", "roll58")
ROLL_WIDTHS_MM = {"roll80": 80, "roll58": 58}
POINTS_PER_MM = 72 / 25.4


class PrinterProblemKind(StrEnum):
    """The kinds of printer trouble we recognise."""

    NO_CUPS = "no_cups"  # lp/lpstat not installed (Windows): print with Qt instead
    NO_PRINTER = "no_printer"  # no printer, an unknown one, or the print service is not running
    QUEUE_STOPPED = "queue_stopped"  # the printer is paused/disabled or refuses jobs
    JOB_FAILED = "job_failed"  # lp refused the job or did not answer


class PrinterProblem(Exception):
    """Printing did not happen; `user_message` says so in plain words and offers saving the PDF."""

    def __init__(self, kind: PrinterProblemKind, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else str(kind))
        self.kind = kind
        self.detail = detail  # technical, for the log only

    @property
    def user_message(self) -> str:
        """What happened and what to do, in plain Bahasa Indonesia."""
        return _user_messages()[self.kind]


def _user_messages() -> dict[PrinterProblemKind, str]:
    """Messages per kind, translated at call time."""
    save = _("Tidak ada data yang hilang. Anda bisa menyimpan PDF-nya (misalnya ke flashdisk) lalu mencetaknya nanti.")
    return {
        PrinterProblemKind.NO_CUPS: _("Layanan cetak tidak ada di komputer ini.") + " " + save,
        PrinterProblemKind.NO_PRINTER: _(
            "Printer tidak ditemukan. Minta petugas memeriksa apakah printer sudah dipasang dan menyala."
        ) + " " + save,
        PrinterProblemKind.QUEUE_STOPPED: _(
            "Printer sedang berhenti, jadi tidak bisa mencetak. Minta petugas menyalakan kembali "
            "antrean printer."
        ) + " " + save,
        PrinterProblemKind.JOB_FAILED: _(
            "Pencetakan gagal. Minta petugas memeriksa printer (kertas, kabel), lalu coba lagi."
        ) + " " + save,
    }


@dataclass(frozen=True)
class PrinterInfo:
    """One CUPS queue as lpstat describes it."""

    name: str
    is_default: bool
    enabled: bool
    state_text: str  # lpstat's words (English, C locale), for staff and logs


@dataclass(frozen=True)
class PrintJob:
    """A job CUPS accepted."""

    job_id: str  # e.g. "PDF-12"
    printer: str


class JobState(StrEnum):
    """Where a job is."""

    PENDING = "pending"  # waiting or printing
    COMPLETED = "completed"  # done (or cancelled/aborted: CUPS lists those as completed too)
    UNKNOWN = "unknown"  # CUPS does not know the job (any more)


def cups_available() -> bool:
    """True when the CUPS command-line tools are installed."""
    return shutil.which("lp") is not None and shutil.which("lpstat") is not None


def _run(args: list[str], timeout: float, data: bytes | None = None,
         hang: PrinterProblemKind = PrinterProblemKind.NO_PRINTER) -> subprocess.CompletedProcess[str]:
    """Run a CUPS tool in the C locale; a missing tool is NO_CUPS, a hang is `hang`."""
    env = dict(os.environ, LC_ALL="C", LANG="C")
    try:
        done = subprocess.run(args, input=data, capture_output=True, timeout=timeout, env=env, check=False)
    except FileNotFoundError as exc:
        raise PrinterProblem(PrinterProblemKind.NO_CUPS, f"{args[0]} not found") from exc
    except subprocess.TimeoutExpired as exc:
        raise PrinterProblem(hang, f"{args[0]} timed out after {timeout}s") from exc
    return subprocess.CompletedProcess(args, done.returncode, done.stdout.decode("utf-8", "replace"),
                                       done.stderr.decode("utf-8", "replace"))


def _scheduler_down(text: str) -> bool:
    """lpstat's words when cupsd does not answer."""
    lowered = text.lower()
    return "scheduler is not running" in lowered or "connection refused" in lowered


def printers() -> list[PrinterInfo]:
    """The CUPS queues, default first; raises PrinterProblem when CUPS is missing or not running."""
    if not cups_available():
        raise PrinterProblem(PrinterProblemKind.NO_CUPS, "lp/lpstat not installed")
    done = _run(["lpstat", "-p", "-d"], QUERY_TIMEOUT)
    if _scheduler_down(done.stderr):
        raise PrinterProblem(PrinterProblemKind.NO_PRINTER, "scheduler not running")
    default = _parse_default(done.stdout)
    found: list[PrinterInfo] = []
    for line in done.stdout.splitlines():
        match = re.match(r"printer (\S+) (.*)$", line)
        if match:  # "printer PDF is idle.  enabled since …" or "printer PDF disabled since … -"
            name, state = match.groups()
            found.append(PrinterInfo(name, name == default, not state.startswith("disabled"), state.strip()))
        elif line.startswith(("\t", " ")) and found and line.strip():  # a reason under the printer
            last = found[-1]
            found[-1] = PrinterInfo(last.name, last.is_default, last.enabled, f"{last.state_text} ({line.strip()})")
    found.sort(key=lambda p: (not p.is_default, p.name.lower()))
    return found


def _parse_default(text: str) -> str | None:
    """The default queue from lpstat -d output."""
    match = re.search(r"^system default destination: (\S+)", text, re.MULTILINE)
    return match.group(1) if match else None


def default_printer() -> str | None:
    """The default queue's name, or None when there is none."""
    if not cups_available():
        raise PrinterProblem(PrinterProblemKind.NO_CUPS, "lp/lpstat not installed")
    done = _run(["lpstat", "-d"], QUERY_TIMEOUT)
    if _scheduler_down(done.stderr):
        raise PrinterProblem(PrinterProblemKind.NO_PRINTER, "scheduler not running")
    return _parse_default(done.stdout)


def safe_title(title: str) -> str:
    """A job title of plain ASCII letters, digits and a few signs (cups-pdf names its files after it)."""
    cleaned = re.sub(r"[^A-Za-z0-9 ._-]+", "", title).strip()
    return cleaned[:60] or "Prakerja"


def page_size_points(pdf: bytes) -> tuple[float, float] | None:
    """The first /MediaBox of a PDF (width, height in points), when it is written in plain text."""
    match = re.search(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", pdf)
    if match is None:
        return None
    x0, y0, x1, y1 = (float(value) for value in match.groups())
    return abs(x1 - x0), abs(y1 - y0)


def media_option(pdf: bytes, media: str) -> str:
    """The lp media option: A4, or an 80 or 58 mm roll cut to the PDF's own length."""
    if media not in MEDIA:
        raise ValueError(f"unknown media {media!r}")
    if media == "A4":
        return "media=A4"
    size = page_size_points(pdf)
    length_mm = math.ceil(size[1] / POINTS_PER_MM) if size else 297
    return f"media=Custom.{ROLL_WIDTHS_MM[media]}x{length_mm}mm"


def print_pdf(pdf: bytes, printer: str | None, title: str, media: str = "A4") -> PrintJob:
    """Send a PDF to a CUPS queue (None: the default one); raises PrinterProblem when it cannot."""
    option = media_option(pdf, media)
    queues = printers()
    queue = printer or next((p.name for p in queues if p.is_default), None)
    if queue is None:
        raise PrinterProblem(PrinterProblemKind.NO_PRINTER,
                             "no default printer" if queues else "no printer installed")
    info = next((p for p in queues if p.name == queue), None)
    if info is None:
        raise PrinterProblem(PrinterProblemKind.NO_PRINTER, f"unknown printer {queue!r}")
    if not info.enabled:
        raise PrinterProblem(PrinterProblemKind.QUEUE_STOPPED, f"{queue}: {info.state_text}")
    done = _run(["lp", "-d", queue, "-t", safe_title(title), "-o", option], SUBMIT_TIMEOUT, data=pdf,
                hang=PrinterProblemKind.JOB_FAILED)
    if done.returncode != 0:
        raise _lp_problem(queue, done.stderr.strip())
    match = re.search(r"request id is (\S+)", done.stdout)
    job = PrintJob(match.group(1) if match else "", queue)
    logger.info("print job %s sent to %s (%d bytes, %s)", job.job_id or "?", queue, len(pdf), option)
    return job


def _lp_problem(queue: str, stderr: str) -> PrinterProblem:
    """Read lp's complaint."""
    lowered = stderr.lower()
    if "not accepting" in lowered:
        kind = PrinterProblemKind.QUEUE_STOPPED
    elif "does not exist" in lowered or "unknown destination" in lowered or _scheduler_down(lowered):
        kind = PrinterProblemKind.NO_PRINTER
    else:
        kind = PrinterProblemKind.JOB_FAILED
    return PrinterProblem(kind, f"lp to {queue}: {stderr[:200]}")


def job_state(job_id: str) -> JobState:
    """Whether CUPS still holds a job, has finished it, or does not know it."""
    if not cups_available():
        raise PrinterProblem(PrinterProblemKind.NO_CUPS, "lp/lpstat not installed")
    for which, state in (("not-completed", JobState.PENDING), ("completed", JobState.COMPLETED)):
        done = _run(["lpstat", "-W", which, "-o"], QUERY_TIMEOUT)
        if _scheduler_down(done.stderr):
            raise PrinterProblem(PrinterProblemKind.NO_PRINTER, "scheduler not running")
        if any(line.split(" ", 1)[0] == job_id for line in done.stdout.splitlines()):
            return state
    return JobState.UNKNOWN
