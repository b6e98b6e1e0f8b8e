"""Open a village list (CSV or XLSX): find its header row and yield its rows one by one.

Nothing here holds the whole file: CSV is read through csv.reader, XLSX through openpyxl's
read-only mode with cached formula values (formulas are never evaluated). The shared types and
messages are in source.py.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Protocol

from prakerja_desktop.batch.columns import FIELDS
from prakerja_desktop.batch.csv_source import CsvTable
from prakerja_desktop.batch.source import (  # noqa: F401 - BatchFileError, SourceInfo, SourceRow re-exported
    CSV_SUFFIXES,
    XLSX_SUFFIXES,
    BatchFileError,
    SourceInfo,
    SourceRow,
    empty_message,
    unreadable,
)
from prakerja_desktop.i18n import _

logger = logging.getLogger(__name__)

# Caps on a list, like the caps on bundles: checked before anything is parsed, so a small file that
# unpacks to gigabytes (one 3 GB shared string in 2.9 MB) is refused at once with little memory.
# A real list of a million rows is ~150 MB as CSV, ~60 MB as XLSX. Per cell: CSV's field limit
# (131,072 characters) and Excel's own 32,767 (xlsx_source) mark a row unreadable.
MAX_INPUT_BYTES = 512 * 1024 * 1024
MAX_XLSX_UNPACKED = 4 * 1024 * 1024 * 1024  # all parts together (worksheets are streamed)
MAX_XLSX_PART = 256 * 1024 * 1024  # one part read whole by openpyxl (shared strings, styles)
# A worksheet is streamed, but one cell is read whole: a big part that packs more than 100:1 is one
# enormous repeated value (real sheet XML packs 5-15:1).
MAX_PACKING = 100
PACKING_CHECKED_FROM = 64 * 1024 * 1024


class Table(Protocol):
    """An opened list."""

    info: SourceInfo

    def rows(self) -> Iterator[SourceRow]:
        """The data rows below the header, one at a time."""
        ...

    def close(self) -> None:
        """Release the file."""
        ...


class TableContext:
    """`with open_table(path) as table:` closes the file whatever happens."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def __enter__(self) -> Table:
        return self.table

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.table.close()


def open_table(path: str | Path) -> TableContext:
    """Open a CSV or XLSX list and find its header; BatchFileError with one plain line if it cannot."""
    path = Path(path)
    check_input_path(path)
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        from prakerja_desktop.batch.xlsx_source import XlsxTable  # start-up speed: openpyxl on first use

        table: Table = XlsxTable(path)
    else:
        table = CsvTable(path)
    logger.info("batch list opened: %s, encoding %s, header row %d, %d of %d fields mapped",
                table.info.kind, table.info.encoding or "-", table.info.header_row,
                len(table.info.header.columns), len(FIELDS))
    return TableContext(table)


def check_input_path(path: Path) -> None:
    """Refuse a missing file, a folder, an unknown kind of file or an empty one, in one line."""
    suffix = path.suffix.lower()
    try:
        if not path.exists():
            raise BatchFileError(_("Berkas tidak ditemukan: {path}").format(path=path))
        if path.is_dir():
            raise BatchFileError(_("{path} adalah folder, bukan berkas. Pilih berkas .csv atau .xlsx.")
                                 .format(path=path))
        if suffix == ".xls":
            raise BatchFileError(_("Berkas .xls (Excel lama) belum bisa dibaca. Buka di Excel, lalu "
                                   "simpan sebagai .xlsx atau .csv."))
        if suffix not in CSV_SUFFIXES | XLSX_SUFFIXES:
            raise BatchFileError(_("Jenis berkas \"{suffix}\" tidak bisa diperiksa. Pakai berkas .csv "
                                   "atau .xlsx.").format(suffix=path.suffix or _("tanpa akhiran")))
        size = path.stat().st_size
        if size == 0:
            raise BatchFileError(empty_message(path))
        if size > MAX_INPUT_BYTES:
            raise too_big(path)
        with path.open("rb"):
            pass
        if suffix in XLSX_SUFFIXES:
            check_xlsx_size(path)
    except OSError as exc:
        raise unreadable(path, exc) from exc


def too_big(path: Path) -> BatchFileError:
    """The message for a list past the caps."""
    return BatchFileError(_("Berkas {path} terlalu besar untuk diperiksa (paling besar {limit} MB, atau isinya "
                            "jauh lebih besar setelah dibuka). Bagi daftar menjadi beberapa berkas.").format(
        path=path, limit=MAX_INPUT_BYTES // (1024 * 1024)))


def check_xlsx_size(path: Path) -> None:
    """Refuse an XLSX whose parts unpack past the caps (read from the zip directory, nothing unpacked).

    The zip module never unpacks more than a part's declared size, so the declared sizes bound memory.
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return  # not a zip: xlsx_source says the file is damaged, in its own words
    total = sum(part.file_size for part in parts)
    largest_read_whole = max((p.file_size for p in parts if not p.filename.startswith("xl/worksheets/")),
                             default=0)
    packed = any(p.file_size > PACKING_CHECKED_FROM and p.file_size > MAX_PACKING * max(p.compress_size, 1)
                 for p in parts)
    if total > MAX_XLSX_UNPACKED or largest_read_whole > MAX_XLSX_PART or packed:
        logger.warning("xlsx refused: %d bytes unpacked, largest whole part %d", total, largest_read_whole)
        raise too_big(path)
