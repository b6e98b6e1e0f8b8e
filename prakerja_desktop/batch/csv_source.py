"""CSV lists: encoding detection, delimiter sniffing, and rows streamed through csv.reader."""

from __future__ import annotations

import codecs
import csv
import io
import logging
import re
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from prakerja_desktop.batch.columns import HEADER_SCAN_ROWS, best_header, find_header
from prakerja_desktop.batch.source import (
    BatchFileError,
    SourceInfo,
    SourceRow,
    empty_message,
    missing_columns,
    unreadable,
)
from prakerja_desktop.i18n import _

logger = logging.getLogger(__name__)

SAMPLE_BYTES = 64 * 1024
CHUNK_BYTES = 1 << 20
DELIMITERS = (",", ";", "\t", "|")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32 (BOM)"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32 (BOM)"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 (BOM)"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 (BOM)"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 (BOM)"),
)
_SEP_HINT = re.compile(r"^\s*sep=(.)\s*$", re.IGNORECASE)


def delimiter_name(delimiter: str | None) -> str:
    """The delimiter in words, e.g. "titik koma (;)"."""
    names = {",": _("koma (,)"), ";": _("titik koma (;)"), "\t": _("tab"), "|": _("garis tegak (|)")}
    return names.get(delimiter or "", repr(delimiter))


def _decodes(path: Path, codec: str) -> bool:
    """True when the whole file decodes with the codec (read in chunks, never whole)."""
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when every other byte is NUL (ASCII text in UTF-16), else None."""
    sample = head[:2000]
    half = len(sample) // 2
    if half < 2:
        return None
    even = sample[0::2].count(0) / half
    odd = sample[1::2].count(0) / half
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


def detect_encoding(path: Path, head: bytes) -> tuple[str, str]:
    """The codec to read with and its name for people: BOMs, then UTF-8, cp1252, latin-1."""
    for bom, codec, label in _BOMS:
        if head.startswith(bom):
            return codec, label
    utf16 = _utf16_without_bom(head)
    if utf16:
        return utf16, "UTF-16 tanpa BOM"
    if b"\x00" in head:
        raise BatchFileError(_("Berkas {path} bukan berkas teks CSV (isinya data biner).").format(path=path))
    if _decodes(path, "utf-8"):
        return "utf-8", "UTF-8"
    if _decodes(path, "cp1252"):
        return "cp1252", "Windows-1252 (cp1252)"
    return "latin-1", "Latin-1 (ISO-8859-1)"


def _sample_text(head: bytes, codec: str, whole: bool) -> str:
    """The start of the file as text, cut after its last complete line unless it is the whole file."""
    text = codecs.getincrementaldecoder(codec)(errors="replace").decode(head, final=whole)
    if not whole and "\n" in text:
        text = text[: text.rindex("\n") + 1]
    return text


def scan_rows(sample: str, delimiter: str) -> list[tuple[str, ...]]:
    """The first records of the sample; one the parser cannot read is skipped, as rows() does.

    newline="" as for the file itself: a lone carriage return inside a record is the csv module's to
    judge (with StringIO's default it raised "new-line character seen in unquoted field" for every
    delimiter, and the sniffer failed an assert).
    """
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    rows: list[tuple[str, ...]] = []
    failures = 0
    while len(rows) < HEADER_SCAN_ROWS and failures < HEADER_SCAN_ROWS:
        try:
            rows.append(tuple(next(reader)))
        except StopIteration:
            break
        except csv.Error:
            failures += 1
    return rows


def sniff_delimiter(sample: str) -> tuple[str, list[tuple[str, ...]]]:
    """The delimiter whose first rows look most like our header (comma, semicolon, tab, bar)."""
    best: tuple[tuple[int, int, int, int], str, list[tuple[str, ...]]] | None = None
    for order, delimiter in enumerate(DELIMITERS):
        rows = scan_rows(sample, delimiter)
        found = find_header(rows)
        match = found[1] if found else best_header(rows)
        width = len(match.titles) if match else 0
        consistent = sum(1 for r in rows if len(r) == width > 1)
        score = (int(found is not None), len(match.columns) if match else 0, consistent, -order)
        if best is None or score > best[0]:
            best = (score, delimiter, rows)
    return (best[1], best[2]) if best is not None else (DELIMITERS[0], [])


class CsvTable:
    """A CSV list opened for streaming."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            with path.open("rb") as handle:
                head = handle.read(SAMPLE_BYTES)
                whole = not handle.read(1)
        except OSError as exc:
            raise unreadable(path, exc) from exc
        if head.startswith(b"PK\x03\x04"):
            raise BatchFileError(_("Berkas {path} berisi data Excel (XLSX), bukan CSV. Ganti akhiran "
                                   "namanya menjadi .xlsx.").format(path=path))
        self.codec, label = detect_encoding(path, head)
        sample = _sample_text(head, self.codec, whole)
        self.skip = 0
        first_line = sample.split("\n", 1)[0].strip("\r\ufeff")
        hint = _SEP_HINT.match(first_line)
        if hint:  # Excel's "sep=;" first line names the delimiter
            self.skip = 1
            delimiter = hint.group(1)
            sample = sample.split("\n", 1)[1] if "\n" in sample else ""
            rows = scan_rows(sample, delimiter)
        else:
            delimiter, rows = sniff_delimiter(sample)
        if not any(any(c.strip() for c in r) for r in rows):
            raise BatchFileError(empty_message(path))
        found = find_header(rows)
        if found is None:
            raise missing_columns(path, rows)
        index, header = found
        self.delimiter = delimiter
        self.header_index = index  # records before the header (after a "sep=" line)
        self.width = len(header.titles)
        total = self._count_records() - self.skip - index - 1
        self.info = SourceInfo(path=path, kind="csv", encoding=label, delimiter=delimiter, sheet=None,
                               header_row=index + 1, header=header, total_rows=max(total, 0))

    def _open(self) -> io.TextIOWrapper:
        return self.path.open(encoding=self.codec, errors="replace", newline="")

    def _count_records(self) -> int:
        """How many CSV records the file holds (one quick pass)."""
        count = 0
        with self._open() as handle:
            reader = csv.reader(handle, delimiter=self.delimiter)
            while True:
                try:
                    next(reader)
                except StopIteration:
                    return count
                except csv.Error:
                    pass
                count += 1

    def rows(self) -> Iterator[SourceRow]:
        """The records below the header; a record the parser cannot read is marked, not fatal."""
        width = self.width
        number = 0  # records after any "sep=" line: the row numbers Excel shows
        with self._open() as handle:
            reader = csv.reader(handle, delimiter=self.delimiter)
            for _skipped in islice(reader, self.skip):
                pass
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    number += 1
                    logger.warning("csv record %d unreadable: %s", number, type(exc).__name__)
                    if number > self.header_index + 1:
                        yield SourceRow(number, ("",) * width, unreadable=True)
                    continue
                number += 1
                if number <= self.header_index + 1:
                    continue
                if len(cells) < width:
                    cells.extend([""] * (width - len(cells)))
                yield SourceRow(number, tuple(cells[:width]))

    def close(self) -> None:
        """Nothing stays open between calls."""
