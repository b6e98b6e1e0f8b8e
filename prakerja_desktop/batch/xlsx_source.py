"""XLSX lists through openpyxl's read-only mode: cached formula values, never evaluated."""

from __future__ import annotations

import logging
import re
import zipfile
import zlib
from collections.abc import Generator, Iterator
from itertools import islice
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from prakerja_desktop.batch.columns import HEADER_SCAN_ROWS, find_header
from prakerja_desktop.batch.source import (
    BatchFileError,
    SourceInfo,
    SourceRow,
    empty_message,
    missing_columns,
    quiet_openpyxl,
)
from prakerja_desktop.i18n import _

logger = logging.getLogger(__name__)

_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_CHUNK = 1 << 20
# What openpyxl raises on damaged parts (found by tests/test_fuzz_batch.py: a shared-string index past
# the end is an IndexError, a missing attribute an AttributeError, a huge date serial an OverflowError).
MAX_CELL_CHARS = 32_767  # Excel's own limit: a longer cell was not made by Excel
READ_ERRORS = (zipfile.BadZipFile, zlib.error, ParseError, KeyError, EOFError, ValueError, TypeError, IndexError,
               AttributeError, OverflowError)


def has_formulas(path: Path) -> bool:
    """True when any worksheet holds a formula (a quick scan of the zipped XML, no parsing)."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            with archive.open(name) as part:
                tail = b""
                while chunk := part.read(_CHUNK):
                    if _FORMULA_TAG.search(tail + chunk):
                        return True
                    tail = chunk[-32:]
    return False


def _is_formula(value: Any) -> bool:
    return (isinstance(value, str) and value.startswith("=")) or isinstance(
        value, ArrayFormula | DataTableFormula)


def _corrupt(path: Path) -> BatchFileError:
    return BatchFileError(_("Berkas Excel {path} tidak bisa dibuka: rusak, dilindungi kata sandi, atau "
                            "bukan berkas .xlsx. Buka di Excel lalu simpan ulang.").format(path=path))


def _head(worksheet: Any) -> list[tuple[Any, ...]]:
    """The first rows of a sheet (its declared size may be wrong, so it is ignored)."""
    worksheet.reset_dimensions()
    rows = worksheet.iter_rows(values_only=True)
    try:
        return [tuple(r) for r in islice(rows, HEADER_SCAN_ROWS)]
    finally:
        rows.close()


class XlsxTable:
    """An XLSX list opened for streaming (the first sheet with our header)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._formula_book: Any = None
        try:
            with quiet_openpyxl():
                self._book = load_workbook(path, read_only=True, data_only=True)
        except OSError as exc:
            if exc.errno is not None:
                raise  # the system would not let us read it: said as such by the caller
            logger.warning("xlsx could not be opened: %s", exc)  # openpyxl's "no valid workbook part"
            raise _corrupt(path) from exc
        except Exception as exc:  # any parser error means the same to a person
            logger.warning("xlsx could not be opened: %s", type(exc).__name__)
            raise _corrupt(path) from exc
        try:
            self._pick_sheet()
            if has_formulas(path):
                with quiet_openpyxl():
                    self._formula_book = load_workbook(path, read_only=True, data_only=False)
        except BatchFileError:
            self.close()
            raise
        except READ_ERRORS as exc:
            self.close()
            logger.warning("xlsx could not be read: %s", type(exc).__name__)
            raise _corrupt(path) from exc

    def _pick_sheet(self) -> None:
        first_rows: list[tuple[Any, ...]] | None = None
        for sheet in self._book.worksheets:
            declared = sheet.max_row  # from the file's dimension tag; may be missing or wrong
            rows = _head(sheet)
            if first_rows is None and any(any(c is not None and str(c).strip() for c in r) for r in rows):
                first_rows = rows
            found = find_header(rows)
            if found is None:
                continue
            index, header = found
            self.sheet_name = sheet.title
            self.width = len(header.titles)
            total = declared - index - 1 if isinstance(declared, int) and declared > index + 1 else None
            self.info = SourceInfo(path=self.path, kind="xlsx", encoding=None, delimiter=None,
                                   sheet=sheet.title, header_row=index + 1, header=header,
                                   total_rows=total)
            return
        if first_rows is None:
            raise BatchFileError(empty_message(self.path))
        raise missing_columns(self.path, first_rows)

    def _sheet_rows(self, book: Any) -> Generator[tuple[Any, ...], None, None]:
        sheet = book[self.sheet_name]
        sheet.reset_dimensions()
        return sheet.iter_rows(min_row=self.info.header_row + 1, values_only=True)

    def rows(self) -> Iterator[SourceRow]:
        """The rows below the header, with formulas that have no cached value marked."""
        width = self.width
        values = self._sheet_rows(self._book)
        formulas = self._sheet_rows(self._formula_book) if self._formula_book is not None else None
        number = self.info.header_row
        try:
            for row in values:
                number += 1
                cells = tuple(row[:width]) + (None,) * (width - len(row))
                marked: frozenset[int] = frozenset()
                if formulas is not None:
                    shown = next(formulas, ())
                    marked = frozenset(i for i, v in enumerate(shown[:width])
                                       if cells[i] is None and _is_formula(v))
                if any(isinstance(c, str) and len(c) > MAX_CELL_CHARS for c in cells):
                    logger.warning("xlsx row %d has a cell past %d characters", number, MAX_CELL_CHARS)
                    yield SourceRow(number, (None,) * width, unreadable=True)  # as CSV's field limit does
                    continue
                yield SourceRow(number, cells, marked)
        except READ_ERRORS as exc:
            logger.warning("xlsx unreadable after row %d: %s", number, type(exc).__name__)
            message = _("Berkas Excel {path} rusak mulai sekitar baris {row}; baris sesudahnya tidak bisa "
                        "dibaca.").format(path=self.path, row=number)
            raise BatchFileError(message) from exc
        finally:
            values.close()
            if formulas is not None:
                formulas.close()

    def close(self) -> None:
        """Close the workbook files."""
        for book in (getattr(self, "_book", None), self._formula_book):
            if book is not None:
                book.close()
