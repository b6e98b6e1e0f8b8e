"""A real CUPS queue for the printing tests: the cups-pdf queue "PDF" that .ci/start-cups sets up.

Without it the tests skip with the reason; under CI=true a missing queue is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest

QUEUE = "PDF"
OUT_DIR_ENV = "PRAKERJA_TEST_CUPS_PDF_DIR"
CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
MM = 72 / 25.4


@dataclass(frozen=True)
class CupsPdf:
    """The queue's name and the folder where cups-pdf writes what it prints."""

    queue: str
    out_dir: Path

    def find_printed(self, token: str, timeout: float = 60.0) -> Path:
        """The PDF cups-pdf wrote for a job whose title holds `token` (waits until it is complete)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for path in self.out_dir.glob(f"*{token}*.pdf"):
                size = path.stat().st_size
                time.sleep(0.2)
                if size and size == path.stat().st_size and path.read_bytes().rstrip().endswith(b"%%EOF"):
                    return path
            time.sleep(0.2)
        raise AssertionError(f"cups-pdf wrote no file for {token!r} into {self.out_dir} within {timeout}s")


def _configured_out_dir() -> Path | None:
    """The folder from PRAKERJA_TEST_CUPS_PDF_DIR, else cups-pdf.conf's Out line."""
    if os.environ.get(OUT_DIR_ENV):
        return Path(os.environ[OUT_DIR_ENV])
    try:
        text = CUPS_PDF_CONF.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    match = re.search(r"^Out\s+(\S+)", text, re.MULTILINE)
    if match is None:
        return None
    return Path(match.group(1).replace("${HOME}", str(Path.home())))


def missing_reason() -> str | None:
    """Why the cups-pdf queue cannot be used here, or None when it can."""
    if shutil.which("lp") is None or shutil.which("lpstat") is None:
        return "CUPS is not installed (no lp/lpstat); as root: apt-get install cups printer-driver-cups-pdf " \
               "&& .ci/start-cups"
    env = dict(os.environ, LC_ALL="C")
    state = subprocess.run(["lpstat", "-r"], capture_output=True, text=True, timeout=10, env=env, check=False)
    if "scheduler is running" not in state.stdout:
        return "cupsd is not running (as root: .ci/start-cups)"
    queue = subprocess.run(["lpstat", "-v", QUEUE], capture_output=True, text=True, timeout=10, env=env,
                           check=False)
    if queue.returncode != 0 or "cups-pdf:" not in queue.stdout:
        return f"no cups-pdf queue named {QUEUE!r} (as root: .ci/start-cups)"
    out_dir = _configured_out_dir()
    if out_dir is None or not out_dir.is_dir():
        return f"the cups-pdf output folder is unknown or missing ({out_dir}); set {OUT_DIR_ENV}"
    return None


def require_cups_pdf() -> CupsPdf:
    """The queue, or skip with the reason (fail under CI=true, where CUPS must be there)."""
    reason = missing_reason()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true, but the CUPS test queue is missing: {reason}")
        pytest.skip(reason)
    return CupsPdf(QUEUE, _configured_out_dir())  # type: ignore[arg-type]


def _admin(command: str, queue: str) -> None:
    """cupsdisable/cupsenable/cupsreject/cupsaccept; skip (fail in CI) without the right to."""
    done = subprocess.run([command, queue], capture_output=True, text=True, timeout=10, check=False)
    if done.returncode != 0:
        reason = f"{command} {queue} is not allowed for this user: {done.stderr.strip()}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


@contextmanager
def stopped(queue: str, how: str = "disable") -> Iterator[None]:
    """The queue paused (cupsdisable) or refusing jobs (cupsreject) for the block, then restored."""
    stop, start = ("cupsdisable", "cupsenable") if how == "disable" else ("cupsreject", "cupsaccept")
    _admin(stop, queue)
    try:
        yield
    finally:
        subprocess.run([start, queue], capture_output=True, timeout=10, check=False)


def sample_pdf(layout: str = "a4", text: str = "Tanda terima TEST-000001") -> bytes:
    """A one-page PDF the size of a receipt (A4, or 80 mm × 200 mm roll), made by reportlab."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    size = A4 if layout == "a4" else (80 * MM, 200 * MM)
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=size)
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(5 * MM, size[1] - 20 * MM, text)
    pdf.rect(5 * MM, 5 * MM, size[0] - 10 * MM, size[1] - 30 * MM)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def page_size_mm(path: Path) -> tuple[float, float, int]:
    """Width and height of the first page in millimetres, and the page count (read with pypdf)."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    box = reader.pages[0].mediabox
    return float(box.width) / MM, float(box.height) / MM, len(reader.pages)
