"""The batch pre-check against random bytes, random CSV text and mangled XLSX files: every file ends in
a report or one plain BatchFileError line, never an unhandled exception."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from prakerja_desktop.batch import BatchFileError, run_check
from tests.batch_files import HEADER, TODAY, person, write_xlsx

HUNT = int(os.environ.get("PRAKERJA_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=HUNT or 40, deadline=None, derandomize=not HUNT,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
GOOD_ROWS = [person("Budi", TODAY.replace(year=2000), 1), person("Siti", TODAY.replace(year=1995), 2)]
CELL = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "3508201705000001", "٣٥٠٨٢٠١٧٠٥٠٠٠٠٠١", "3.50820170500001E+15", "=1+1", "=HYPERLINK(\"x\")",
                     "0812-3456-7890", "+62 812", "17/05/2000", "2000-05-17", "31-02-2000", "99999999999",
                     "\x00", "\ufeff", "\u202e", "😀", "\"", "\"\"", "'", "\r", "\n", ";", ",", "\t", "-1e309",
                     "budi@@gmail", "Budi\x00Santoso", " " * 50, "x" * 5000]),
)


def check(path: Path, tmp_path: Path) -> None:
    """Run the pre-check; a report or a plain line are both fine answers."""
    out = tmp_path / "hasil.xlsx"
    out.unlink(missing_ok=True)
    pdf = tmp_path / "hasil.pdf"
    pdf.unlink(missing_ok=True)
    try:
        summary = run_check(path, out, pdf, today=TODAY)
    except BatchFileError as exc:
        message = str(exc)
        assert message.strip() and "\n" not in message.strip() and "Traceback" not in message
        assert not out.exists()  # no half-written report left behind
        return
    assert out.exists() and out.stat().st_size > 0
    assert summary.rows >= 0


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".csv", ".xlsx", ".txt", ".tsv", ".xlsm"]))
def test_random_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"acak{suffix}"
    path.write_bytes(data)
    check(path, tmp_path)


@FUZZ
@given(rows=st.lists(st.lists(CELL, max_size=9), max_size=12),
       header=st.one_of(st.just(HEADER), st.permutations(HEADER), st.lists(st.text(max_size=12), max_size=8)),
       delimiter=st.sampled_from([",", ";", "\t", "|"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]),
       quoting=st.booleans())
def test_random_csv_text(tmp_path: Path, rows: list[list[str]], header: list[str], delimiter: str,
                         encoding: str, quoting: bool) -> None:
    lines = [header, *rows]

    def cell(text: str) -> str:
        return '"' + text.replace('"', '""') + '"' if quoting else text

    text = "\r\n".join(delimiter.join(cell(c) for c in line) for line in lines)
    path = tmp_path / "desa.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    check(path, tmp_path)


def _good_xlsx(tmp_path: Path, rows: list[list[str]]) -> bytes:
    path = write_xlsx(tmp_path / "asli.xlsx", [*GOOD_ROWS, *rows])
    return path.read_bytes()


MANGLE = st.sampled_from(["drop", "garbage", "truncate_part", "flip_bytes", "truncate_zip", "empty_part",
                          "random_xml", "duplicate"])


@FUZZ
@given(rows=st.lists(st.lists(CELL, min_size=6, max_size=6), max_size=5), how=MANGLE,
       victim=st.integers(0, 20), noise=st.binary(min_size=1, max_size=600), cut=st.floats(0, 1))
def test_mangled_xlsx(tmp_path: Path, rows: list[list[str]], how: str, victim: int, noise: bytes,
                      cut: float) -> None:
    # Excel files cannot hold control characters: openpyxl refuses them, so they are left out here.
    original = _good_xlsx(tmp_path, [[ILLEGAL_CHARACTERS_RE.sub("", c) for c in row] for row in rows])
    path = tmp_path / "desa.xlsx"
    if how == "truncate_zip":
        path.write_bytes(original[: int(len(original) * cut)] or b"P")
        check(path, tmp_path)
        return
    with zipfile.ZipFile(io.BytesIO(original)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    names = sorted(parts)
    name = names[victim % len(names)]
    body = parts[name]
    if how == "drop":
        del parts[name]
    elif how == "garbage":
        parts[name] = noise
    elif how == "truncate_part":
        parts[name] = body[: int(len(body) * cut)]
    elif how == "flip_bytes":
        spot = int(len(body) * cut) % max(len(body), 1)
        parts[name] = body[:spot] + bytes(b ^ 0x5A for b in noise[:8]) + body[spot + 8:]
    elif how == "empty_part":
        parts[name] = b""
    elif how == "random_xml":
        parts[name] = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/' \
                      b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>' + \
                      str(victim * 1000).encode() + b"</v></c></row></sheetData></worksheet>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for part, content in parts.items():
            target.writestr(part, content)
        if how == "duplicate":
            with pytest.warns(UserWarning):
                target.writestr(name, noise)
    path.write_bytes(buffer.getvalue())
    check(path, tmp_path)


@FUZZ
@given(hint=st.text(min_size=1, max_size=1), rows=st.lists(st.lists(CELL, max_size=7), max_size=4))
def test_excel_sep_line_with_any_character(tmp_path: Path, hint: str, rows: list[list[str]]) -> None:
    """Excel's "sep=X" first line names the delimiter; X may be anything a file holds."""
    lines = [f"sep={hint}", hint.join(HEADER), *(hint.join(row) for row in rows)]
    path = tmp_path / "desa.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8", errors="replace")
    check(path, tmp_path)


# --- the bugs the fuzzers found, kept as plain examples ---------------------------------------------

def test_a_lone_carriage_return_in_the_first_rows_is_read(tmp_path: Path) -> None:
    """Was: csv.Error for every delimiter in the sniffer, then an AssertionError."""
    path = tmp_path / "desa.csv"
    path.write_bytes(",".join(HEADER).encode() + b"\r\n\r0")
    check(path, tmp_path)


def test_a_shared_string_index_past_the_end_is_a_damaged_file(tmp_path: Path) -> None:
    """Was: IndexError from openpyxl's cell parser, unhandled."""
    original = _good_xlsx(tmp_path, [])
    with zipfile.ZipFile(io.BytesIO(original)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["xl/worksheets/sheet1.xml"] = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                                         b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>9999'
                                         b"</v></c></row></sheetData></worksheet>")
    path = tmp_path / "desa.xlsx"
    with zipfile.ZipFile(path, "w") as target:
        for name, body in parts.items():
            target.writestr(name, body)
    with pytest.raises(BatchFileError, match="rusak"):
        run_check(path, tmp_path / "hasil.xlsx", today=TODAY)


def test_a_zip_without_a_workbook_part_is_a_damaged_file(tmp_path: Path) -> None:
    """Was: openpyxl's OSError("File contains no valid workbook part") passed on as a system error."""
    path = tmp_path / "desa.xlsx"
    with zipfile.ZipFile(path, "w") as target:
        target.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(BatchFileError, match="tidak bisa dibuka"):
        run_check(path, tmp_path / "hasil.xlsx", today=TODAY)


def test_column_titles_in_the_message_stay_on_one_short_line(tmp_path: Path) -> None:
    """Was: a header cell holding a line break or a terminal escape went into the message as it was."""
    path = tmp_path / "desa.csv"
    path.write_bytes(b'"Nama\nlengkap","\x1b[31mmerah","' + b"x" * 200 + b'"\r\nBudi,1,2\r\n')
    with pytest.raises(BatchFileError) as refused:
        run_check(path, tmp_path / "hasil.xlsx", today=TODAY)
    message = str(refused.value)
    assert "\n" not in message and "\x1b" not in message and "Nama lengkap" in message
    assert "x" * 60 not in message and "…" in message
