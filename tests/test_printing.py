"""Printing through CUPS: a real cups-pdf queue (set up by .ci/start-cups), and lp/lpstat's answers."""

from __future__ import annotations

import os
import stat
import uuid
from pathlib import Path

import pytest

from prakerja_desktop import printing
from prakerja_desktop.printing import JobState, PrinterProblem, PrinterProblemKind
from tests.cups_support import CupsPdf, page_size_mm, require_cups_pdf, sample_pdf, stopped
from tests.factories import make_draft


@pytest.fixture
def cups_pdf() -> CupsPdf:
    """The cups-pdf queue; skips with a reason without it, fails under CI=true."""
    return require_cups_pdf()


def receipt(app, layout: str) -> tuple[bytes, str]:  # type: ignore[no-untyped-def]
    """A real receipt of a stored record when the core renders them, else a receipt-sized sample."""
    if not hasattr(app, "receipts"):
        token = uuid.uuid4().hex[:10].upper()
        return sample_pdf(layout, f"Tanda terima {token}"), token
    result = app.records.submit(make_draft())
    return app.receipts.pdf(result.record_uuid, layout=layout), result.receipt_number


def wait_completed(job: printing.PrintJob, timeout: float = 60.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while printing.job_state(job.job_id) is not JobState.COMPLETED:
        assert time.monotonic() < deadline, f"job {job.job_id} did not complete"
        time.sleep(0.2)


# --- a real queue --------------------------------------------------------------------------------------


def test_the_pdf_queue_is_listed_enabled(cups_pdf: CupsPdf) -> None:
    found = {p.name: p for p in printing.printers()}
    assert cups_pdf.queue in found
    assert found[cups_pdf.queue].enabled
    assert printing.default_printer() in found


@pytest.mark.parametrize(("layout", "media", "width_mm"), [("a4", "A4", 210.0), ("roll80", "roll80", 80.0)])
def test_a_receipt_prints_to_cups_pdf_with_its_page_size(cups_pdf: CupsPdf, app, layout: str, media: str,
                                                         width_mm: float) -> None:  # type: ignore[no-untyped-def]
    pdf, number = receipt(app, layout)
    job = printing.print_pdf(pdf, cups_pdf.queue, f"Tanda terima {number}", media)
    assert job.printer == cups_pdf.queue
    assert job.job_id.startswith(f"{cups_pdf.queue}-")
    wait_completed(job)
    printed = cups_pdf.find_printed(number)
    width, height, pages = page_size_mm(printed)
    printed.unlink()  # the shared output folder does not fill up over many runs
    assert pages == 1
    assert width == pytest.approx(width_mm, abs=1.5)  # ghostscript rounds to whole points
    expected_height = 297.0 if media == "A4" else printing.page_size_points(pdf)[1] / printing.POINTS_PER_MM
    assert height == pytest.approx(expected_height, abs=1.5)


def test_no_printer_named_means_the_default_one(cups_pdf: CupsPdf) -> None:
    token = uuid.uuid4().hex[:10].upper()
    job = printing.print_pdf(sample_pdf("a4", token), None, f"Tanda terima {token}", "A4")
    assert job.printer == printing.default_printer()
    if job.printer == cups_pdf.queue:  # as in CI
        cups_pdf.find_printed(token).unlink()


def test_a_stopped_queue_says_so_and_offers_saving(cups_pdf: CupsPdf) -> None:
    with stopped(cups_pdf.queue):
        assert not {p.name: p for p in printing.printers()}[cups_pdf.queue].enabled
        with pytest.raises(PrinterProblem) as caught:
            printing.print_pdf(sample_pdf(), cups_pdf.queue, "Tanda terima X", "A4")
    assert caught.value.kind is PrinterProblemKind.QUEUE_STOPPED
    assert "Printer sedang berhenti" in caught.value.user_message
    assert "menyimpan PDF" in caught.value.user_message


def test_a_queue_refusing_jobs_is_a_stopped_queue(cups_pdf: CupsPdf) -> None:
    with stopped(cups_pdf.queue, how="reject"), pytest.raises(PrinterProblem) as caught:
        printing.print_pdf(sample_pdf(), cups_pdf.queue, "Tanda terima X", "A4")
    assert caught.value.kind is PrinterProblemKind.QUEUE_STOPPED


def test_an_unknown_printer_is_no_printer(cups_pdf: CupsPdf) -> None:
    with pytest.raises(PrinterProblem) as caught:
        printing.print_pdf(sample_pdf(), "TidakAda", "Tanda terima X", "A4")
    assert caught.value.kind is PrinterProblemKind.NO_PRINTER
    assert "Printer tidak ditemukan" in caught.value.user_message


def test_an_unknown_job_has_no_state(cups_pdf: CupsPdf) -> None:
    assert printing.job_state(f"{cups_pdf.queue}-999999") is JobState.UNKNOWN


# --- lp and lpstat's answers, with stand-in tools on PATH (no CUPS needed) ---------------------------


def fake_tools(folder: Path, monkeypatch: pytest.MonkeyPatch, *, lpstat: str, lp: str = "") -> Path:
    """Put shell scripts named lp and lpstat first on PATH; lp records its arguments in lp.args."""
    folder.mkdir()
    log = folder / "lp.args"
    scripts = {"lpstat": f"#!/bin/sh\n{lpstat}\n",
               "lp": f'#!/bin/sh\nprintf "%s\\n" "$@" > "{log}"\ncat > /dev/null\n{lp}\n'}
    for name, text in scripts.items():
        path = folder / name
        path.write_text(text)
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
    return log


LISTING = r"""cat <<'EOF'
printer Kantor is idle.  enabled since Sat 28 Nov 2026 08:00:00 AM WIB
printer Struk disabled since Sat 28 Nov 2026 08:01:00 AM WIB -
	Paused
system default destination: Struk
EOF"""

posix_only = pytest.mark.skipif(os.name == "nt", reason="stand-in tools are POSIX shell scripts")


@posix_only
def test_lpstat_listing_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_tools(tmp_path / "bin", monkeypatch, lpstat=LISTING)
    found = printing.printers()
    assert [(p.name, p.is_default, p.enabled) for p in found] == [("Struk", True, False), ("Kantor", False, True)]
    assert "Paused" in found[0].state_text
    assert printing.default_printer() == "Struk"
    with pytest.raises(PrinterProblem) as caught:  # the default queue is paused
        printing.print_pdf(sample_pdf(), None, "Tanda terima X", "A4")
    assert caught.value.kind is PrinterProblemKind.QUEUE_STOPPED


@posix_only
def test_lp_gets_an_argument_list_a_clean_title_and_the_roll_length(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    log = fake_tools(tmp_path / "bin", monkeypatch, lpstat=LISTING, lp='echo "request id is Kantor-7 (0 file(s))"')
    pdf = sample_pdf("roll80")
    job = printing.print_pdf(pdf, "Kantor", "Tanda terima K7QD2-000137; rm -rf / `x`", "roll80")
    assert job == printing.PrintJob("Kantor-7", "Kantor")
    args = log.read_text().splitlines()
    assert args == ["-d", "Kantor", "-t", "Tanda terima K7QD2-000137 rm -rf  x", "-o", "media=Custom.80x200mm"]


@posix_only
def test_lp_failing_is_job_failed_and_a_hang_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_tools(tmp_path / "bin", monkeypatch, lpstat=LISTING, lp='echo "lp: Error - out of paper" >&2; exit 1')
    with pytest.raises(PrinterProblem) as caught:
        printing.print_pdf(sample_pdf(), "Kantor", "X", "A4")
    assert caught.value.kind is PrinterProblemKind.JOB_FAILED
    assert "Pencetakan gagal" in caught.value.user_message
    (tmp_path / "bin" / "lp").write_text("#!/bin/sh\nsleep 5\n")
    monkeypatch.setattr(printing, "SUBMIT_TIMEOUT", 0.5)
    with pytest.raises(PrinterProblem) as caught:
        printing.print_pdf(sample_pdf(), "Kantor", "X", "A4")
    assert caught.value.kind is PrinterProblemKind.JOB_FAILED
    assert "timed out" in caught.value.detail


@posix_only
def test_a_stopped_scheduler_or_no_queue_is_no_printer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_tools(tmp_path / "bin", monkeypatch, lpstat='echo "lpstat: Scheduler is not running." >&2; exit 1')
    with pytest.raises(PrinterProblem) as caught:
        printing.printers()
    assert caught.value.kind is PrinterProblemKind.NO_PRINTER
    (tmp_path / "bin" / "lpstat").write_text('#!/bin/sh\necho "lpstat: No destinations added." >&2\nexit 1\n')
    assert printing.printers() == []
    with pytest.raises(PrinterProblem) as caught:
        printing.print_pdf(sample_pdf(), None, "X", "A4")
    assert caught.value.kind is PrinterProblemKind.NO_PRINTER


def test_without_cups_tools_it_is_no_cups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no lp, no lpstat (as on Windows)
    assert not printing.cups_available()
    with pytest.raises(PrinterProblem) as caught:
        printing.print_pdf(sample_pdf(), None, "X", "A4")
    assert caught.value.kind is PrinterProblemKind.NO_CUPS
    assert "PDF" in caught.value.user_message


def test_every_message_is_plain_and_offers_the_pdf() -> None:
    for kind in PrinterProblemKind:
        message = PrinterProblem(kind, "lp: technical detail").user_message
        assert "menyimpan PDF" in message
        assert "lp" not in message.split() and "technical" not in message and "CUPS" not in message


def test_media_options() -> None:
    assert printing.media_option(sample_pdf("a4"), "A4") == "media=A4"
    assert printing.media_option(sample_pdf("roll80"), "roll80") == "media=Custom.80x200mm"
    assert printing.media_option(b"%PDF-1.4 no box", "roll80") == "media=Custom.80x297mm"
    with pytest.raises(ValueError):
        printing.media_option(b"", "A5")
    assert printing.safe_title("Tanda terima K7QD2-000137") == "Tanda terima K7QD2-000137"
    assert printing.safe_title("Ñ;`") == "Prakerja"
