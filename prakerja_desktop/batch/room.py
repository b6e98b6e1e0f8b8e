"""The batch room: the one use case that pre-checks a village list (the GUI and `main.py check` share it)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

from prakerja_desktop.batch.check import KnownNik
from prakerja_desktop.batch.run import Progress, database_lookup, run_check
from prakerja_desktop.batch.summary import CheckSummary
from prakerja_desktop.room import Room


class Batch(Room):
    """Batch pre-check of CSV/XLSX lists."""

    def check(self, path: str | Path, out_xlsx: str | Path, out_pdf: str | Path | None = None, *,
              against_records: bool = True, progress: Progress | None = None,
              cancelled: Callable[[], bool] | None = None, today: date | None = None) -> CheckSummary:
        """Check every row with the wizard's rules and write the report(s); BatchFileError if unusable.

        With `against_records`, a NIK already recorded in this database is flagged (one read-only session).
        """
        lookup: contextlib.AbstractContextManager[KnownNik | None] = (
            database_lookup(self.app.db) if against_records else contextlib.nullcontext(None))
        with lookup as known_nik:
            return run_check(path, out_xlsx, out_pdf, known_nik=known_nik, progress=progress,
                             cancelled=cancelled, rule_set=self.app.rule_set,
                             today=today or self.app.rules.office_today())  # ages on the office's day
