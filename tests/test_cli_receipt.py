"""`main.py receipt`: a receipt PDF for scripts, run in a child process as a person would."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pypdf
import pytest

from prakerja_desktop.app import App
from prakerja_desktop.commands import receipt as receipt_command
from prakerja_desktop.receipts.content import LAYOUTS
from tests.factories import make_draft
from tests.test_cli import run


@pytest.fixture
def stored(tmp_path: Path) -> tuple[Path, str]:
    """A data folder holding one record; returns the folder and the receipt number."""
    folder = tmp_path / "office"
    app = App.open(folder)
    try:
        number = app.records.submit(make_draft()).receipt_number
    finally:
        app.close()
    return folder, number


def pdf_pages(path: Path) -> list[pypdf.PageObject]:
    """The pages of a PDF file."""
    return list(pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_receipt_to_a_file_in_both_layouts(stored: tuple[Path, str], tmp_path: Path) -> None:
    folder, number = stored
    out = tmp_path / "tanda terima.pdf"
    result = run("receipt", number, "--out", str(out), "--data-dir", str(folder))
    assert result.returncode == 0, result.stderr
    assert number in result.stdout and "Budi" not in result.stdout + result.stderr
    pages = pdf_pages(out)
    assert len(pages) == 1 and round(float(pages[0].mediabox.width), 2) == 595.28
    assert number in pages[0].extract_text() and "CETAK ULANG" not in pages[0].extract_text()
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically, nothing left behind

    roll = tmp_path / "roll.pdf"
    result = run("receipt", number.lower(), "--out", str(roll), "--layout", "roll80", "--reprint",
                 "--data-dir", str(folder))
    assert result.returncode == 0, result.stderr
    pages = pdf_pages(roll)
    assert round(float(pages[0].mediabox.width), 2) == 226.77 and "CETAK ULANG" in pages[0].extract_text()


@pytest.mark.parametrize("number", ["K7QD2-001377", "nonsense", "ABCDE-000000",
                                    "PKJ1.ABCDE-000000.20230610.X"])
def test_a_wrong_or_unknown_number_is_one_line_and_exit_2(stored: tuple[Path, str], tmp_path: Path,
                                                          number: str) -> None:
    folder, _number = stored
    out = tmp_path / "x.pdf"
    result = run("receipt", number, "--out", str(out), "--data-dir", str(folder))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not out.exists()


def test_missing_arguments_are_exit_2(stored: tuple[Path, str]) -> None:
    folder, number = stored
    for args in (["receipt"], ["receipt", number], ["receipt", number, "--out", "x.pdf", "--layout", "a5"]):
        result = run(*args, "--data-dir", str(folder))
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, args


def test_an_unwritable_output_is_a_clear_message_and_exit_3(stored: tuple[Path, str], tmp_path: Path) -> None:
    folder, number = stored
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    targets = [tmp_path / "no such folder" / "r.pdf", a_file / "r.pdf", tmp_path]
    if os.geteuid() != 0:  # root may write anywhere: a read-only folder only stops other users
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o555)
        targets.append(locked / "r.pdf")
    for target in targets:
        result = run("receipt", number, "--out", str(target), "--data-dir", str(folder))
        assert result.returncode == 3, (target, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "tidak bisa ditulis" in lines[0] and "Traceback" not in result.stderr


def test_the_command_knows_every_layout() -> None:
    assert receipt_command.LAYOUTS == LAYOUTS
