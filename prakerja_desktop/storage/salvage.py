"""Salvage a damaged database: copy every row that can still be read into a new, whole database.

One damaged page made the whole file refused although most rows were readable. Here each table is
read in rowid order; where a page cannot be read, the rows around it are tried one by one, and each
rowid that fails is counted as lost. The new database is made by the migrations (the current
schema) in a new data folder with its own key; this device's identity (device.json) is copied so
receipt numbers and the audit chain go on. The damaged file is only read (mode=ro), never changed.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prakerja_desktop import paths
from prakerja_desktop.device import DEVICE_FILENAME
from prakerja_desktop.security import keyslots
from prakerja_desktop.storage import encryption
from prakerja_desktop.storage.database import open_database

logger = logging.getLogger(__name__)

BATCH = 500
# The dashboard's counts are not copied: they may count rows that could not be read; the copied records'
# triggers note their days, so the salvaged database recounts them from what it really holds.
SKIPPED_TABLES = ("alembic_version", "dashboard_counts", "dashboard_dirty")


@dataclass(frozen=True)
class TableSalvage:
    """What happened to one table: rows copied, rowids that could not be read, rows already there."""

    table: str
    copied: int
    lost: int
    skipped: int = 0


class SalvageCancelled(Exception):
    """Staff stopped the salvage: the new folder is left without a database (the damaged file is unchanged)."""


Progress = Callable[[int, int], None]


def salvage(source_dir: Path, target_dir: Path, progress: Progress | None = None,
            cancelled: Callable[[], bool] | None = None) -> list[TableSalvage]:
    """Copy every readable row of SOURCE_DIR's database into a new database in TARGET_DIR (empty or new).

    PROGRESS gets (rows looked at, rows expected) as it goes; CANCELLED is asked between batches.
    """
    source = Path(source_dir) / paths.DB_FILENAME
    target_dir = Path(target_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    if (target_dir / paths.DB_FILENAME).exists():
        raise FileExistsError(str(target_dir / paths.DB_FILENAME))
    identity = Path(source_dir) / DEVICE_FILENAME
    target = target_dir / paths.DB_FILENAME
    made = [target, keyslots.key_file_path(target)] + [target.with_name(target.name + side)
                                                       for side in encryption.SIDE_FILES]
    try:
        if identity.exists() and not (target_dir / DEVICE_FILENAME).exists():
            made.append(target_dir / DEVICE_FILENAME)
            shutil.copy2(identity, target_dir / DEVICE_FILENAME)
        open_database(paths.default_db_url(target_dir), check=False).dispose()  # the schema, with its own key
        return _copy_all(source, target, progress, cancelled)
    except BaseException:
        encryption.forget(target)
        for path in made:  # a cancelled or failed salvage leaves no half database to be mistaken for data
            path.unlink(missing_ok=True)
        raise


def _copy_all(source: Path, target: Path, progress: Progress | None,
              cancelled: Callable[[], bool] | None) -> list[TableSalvage]:
    """Copy table by table in one transaction of the new database."""
    reading = encryption.open_file(source, mode="ro")
    writing = encryption.open_file(target)
    try:
        writing.execute("PRAGMA foreign_keys = OFF")  # rows of a parent may be among the lost
        tables = _tables(writing)
        expected = sum(_highest(reading, table) for table in tables)
        counter = _Counter(expected, progress, cancelled)
        results = []
        for table in tables:
            columns = _shared_columns(reading, writing, table)
            if not columns:
                results.append(TableSalvage(table, 0, 0))
                continue
            results.append(_copy_table(reading, writing, table, columns, counter))
        writing.commit()
        counter.done()
        return results
    finally:
        reading.close()
        writing.close()


class _Counter:
    """Rows looked at so far, for the progress bar and the cancel button."""

    def __init__(self, expected: int, progress: Progress | None, cancelled: Callable[[], bool] | None) -> None:
        self.seen, self.expected = 0, expected
        self._progress, self._cancelled = progress, cancelled

    def step(self) -> None:
        """One more row; every BATCH rows report progress and honour a cancel."""
        self.seen += 1
        if self.seen % BATCH == 0:
            if self._cancelled is not None and self._cancelled():
                raise SalvageCancelled()
            if self._progress is not None:
                self._progress(self.seen, max(self.seen, self.expected))

    def done(self) -> None:
        """Everything looked at."""
        if self._progress is not None:
            self._progress(self.seen, self.seen)


def _highest(reading: Any, table: str) -> int:
    """The table's highest rowid (an estimate of its rows; 0 when not even that can be read)."""
    try:
        return int(reading.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0] or 0)
    except encryption.sqlcipher.DatabaseError:
        return 0


def _tables(connection: Any) -> list[str]:
    """The new database's own tables (not FTS shadow tables: the triggers fill those)."""
    names = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")]
    virtual = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")]
    return [n for n in names if n not in SKIPPED_TABLES and not any(n.startswith(v + "_") for v in virtual)]


def _shared_columns(reading: Any, writing: Any, table: str) -> list[str]:
    """The columns both databases have (an older damaged file may lack newer ones)."""
    try:
        old = {row[1] for row in reading.execute(f'PRAGMA table_info("{table}")')}
    except encryption.sqlcipher.DatabaseError:
        return []
    return [row[1] for row in writing.execute(f'PRAGMA table_info("{table}")') if row[1] in old]


def _copy_table(reading: Any, writing: Any, table: str, columns: list[str], counter: _Counter) -> TableSalvage:
    """Copy TABLE's readable rows; count the rowids that fail."""
    names = ", ".join(f'"{c}"' for c in columns)
    insert = f'INSERT OR IGNORE INTO "{table}" ({names}) VALUES ({", ".join("?" for _ in columns)})'
    copied = lost = skipped = 0
    for row, ok in _readable_rows(reading, table, names):
        counter.step()
        if not ok:
            lost += 1
            continue
        before = writing.total_changes
        writing.execute(insert, row)
        if writing.total_changes == before:
            skipped += 1  # already there (e.g. a settings row the migrations made)
        else:
            copied += 1
    if lost:
        logger.warning("salvage: table %s, %d rows copied, %d unreadable", table, copied, lost)
    return TableSalvage(table, copied, lost, skipped)


def _readable_rows(reading: Any, table: str, names: str) -> Iterator[tuple[tuple[Any, ...], bool]]:
    """(row, True) for each readable row in rowid order; ((), False) for each rowid that cannot be read."""
    error = encryption.sqlcipher.DatabaseError
    try:
        highest = reading.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0]
    except error:
        highest = None
    last = -(2**63)
    read = 0
    while True:
        try:
            batch = reading.execute(f'SELECT rowid, {names} FROM "{table}" WHERE rowid > ? ORDER BY rowid LIMIT ?',
                                    (last, BATCH)).fetchall()
        except error:
            if highest is None:  # the rowids cannot be walked: an index may still count the rows
                try:
                    total = reading.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                except error:
                    total = read + 1  # at least one row was there and could not be read
                for _ in range(max(total - read, 1)):
                    yield (), False
                return
            if last >= highest:
                return
            last = yield from _probe(reading, table, names, max(last, 0), highest)
            continue
        if not batch:
            return
        for row in batch:
            yield tuple(row[1:]), True
        read += len(batch)
        last = batch[-1][0]


def _probe(reading: Any, table: str, names: str, last: int, highest: int
           ) -> Generator[tuple[tuple[Any, ...], bool], None, int]:
    """Past a damaged page: try each rowid after LAST until one reads and a scan can go on; returns it."""
    error = encryption.sqlcipher.DatabaseError
    rowid = last + 1
    while rowid <= highest:
        try:
            row = reading.execute(f'SELECT rowid, {names} FROM "{table}" WHERE rowid = ?', (rowid,)).fetchone()
        except error:
            yield (), False
            rowid += 1
            continue
        if row is not None:
            yield tuple(row[1:]), True
            return rowid
        rowid += 1
    return highest
