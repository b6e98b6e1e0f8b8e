"""What the CSV and XLSX readers share: the row and file types, the one-line errors, quiet openpyxl.

reader.py opens a list and picks csv_source or xlsx_source; both build on this module (and never on
reader.py), so the imports run one way.
"""

from __future__ import annotations

import errno
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prakerja_desktop.batch.columns import REQUIRED, HeaderMatch, accepted_names, best_header, field_label
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _

CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})


class BatchFileError(UserInputError):
    """A file that cannot be checked at all; the text is one plain line."""


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One data row: its number in the file, its cells, and which cells hold a formula without value."""

    number: int  # the row number people see in Excel (for CSV: the record number, header included)
    cells: tuple[Any, ...]  # padded or cut to the header's width
    formulas: frozenset[int] = frozenset()  # column indexes of formulas with no cached value
    unreadable: bool = False  # the CSV parser could not read this record


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """How the file was read: for the summary and for people to trust the result."""

    path: Path
    kind: str  # "csv" or "xlsx"
    encoding: str | None  # CSV only, e.g. "UTF-8 dengan BOM"
    delimiter: str | None  # CSV only
    sheet: str | None  # XLSX only
    header_row: int  # 1-based
    header: HeaderMatch
    total_rows: int | None  # data rows below the header, when known in advance

    @property
    def excel_numbers(self) -> bool:
        """True when numbers in cells are real numbers (XLSX), not text."""
        return self.kind == "xlsx"


def unreadable(path: Path, exc: OSError) -> BatchFileError:
    """A plain line for a file the system will not let us read."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return BatchFileError(_("Berkas {path} tidak boleh dibaca (izin ditolak).").format(path=path))
    return BatchFileError(_("Berkas {path} tidak bisa dibaca ({reason}).").format(
        path=path, reason=exc.strerror or type(exc).__name__))


def empty_message(path: Path) -> str:
    """The line for a file without any rows."""
    return _("Berkas {path} kosong: tidak ada baris untuk diperiksa.").format(path=path)


MAX_TITLES_SHOWN = 12
MAX_TITLE_LENGTH = 40


def _shown_title(title: Any) -> str:
    """A column title as one short line: control characters and line breaks become spaces (a header
    cell holding a newline or a terminal escape must not break the one-line message)."""
    text = "".join(" " if not ch.isprintable() else ch for ch in str(title or ""))
    text = " ".join(text.split())
    return text if len(text) <= MAX_TITLE_LENGTH else text[: MAX_TITLE_LENGTH - 1] + "…"


def missing_columns(path: Path, rows: list[tuple[Any, ...]]) -> BatchFileError:
    """Name the required columns not found, the accepted names, and the columns that are there."""
    best = best_header(rows)
    if best is None:
        return BatchFileError(empty_message(path))
    missing = [f for f in REQUIRED if f not in best.columns]
    wanted = "; ".join(_("{field} (nama yang diterima: {names})").format(
        field=field_label(f), names=accepted_names(f)) for f in missing)
    shown = [_shown_title(t) for t in best.titles]
    found = ", ".join(f'"{t}"' for t in shown[:MAX_TITLES_SHOWN] if t) or _("tidak ada")
    if len([t for t in shown if t]) > MAX_TITLES_SHOWN:
        found += ", …"
    return BatchFileError(_("Kolom wajib tidak ditemukan: {wanted}. Judul kolom yang ada: {found}.")
                          .format(wanted=wanted, found=found))


@contextmanager
def quiet_openpyxl() -> Iterator[None]:
    """Silence openpyxl's warnings about extras it does not support (data validation, styles)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        yield
