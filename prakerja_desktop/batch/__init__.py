"""Batch pre-check of village lists (CSV or XLSX): every row checked with the wizard's rules.

    summary = run_check("desa.xlsx", "hasil.xlsx", "hasil.pdf", progress=..., cancelled=...)

Modules: columns (header names, cell cleaning), dates, reader/csv_source/xlsx_source (streaming),
check (one row), notes (statuses and labels), summary, report (XLSX), pdf, run (the use case).
"""

from __future__ import annotations

from prakerja_desktop.batch.check import KnownNik, RowResult
from prakerja_desktop.batch.notes import Note, RowStatus
from prakerja_desktop.batch.reader import BatchFileError
from prakerja_desktop.batch.run import Progress, database_lookup, run_check
from prakerja_desktop.batch.summary import CheckSummary

__all__ = [
    "BatchFileError",
    "CheckSummary",
    "KnownNik",
    "Note",
    "Progress",
    "RowResult",
    "RowStatus",
    "database_lookup",
    "run_check",
]
