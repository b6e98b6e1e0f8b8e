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
        if path.stat().st_size == 0:
            raise BatchFileError(empty_message(path))
        with path.open("rb"):
            pass
    except OSError as exc:
        raise unreadable(path, exc) from exc
