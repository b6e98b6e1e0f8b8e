"""A lazy table model over StaffRecords.count/page: a million rows scroll smoothly in bounded memory.

The row count and the rows come from the worker thread. data() for a row whose page is not here yet
shows "…" and asks for that page; pages asked for while the person scrolls are collected and only the
newest few are fetched (one request at a time), so dragging the scroll bar from top to bottom loads
the pages seen at the end, not every page passed on the way. At most `max_pages` pages are kept
(least recently used go first).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from prakerja_desktop.domain import regions
from prakerja_desktop.i18n import _, ngettext
from prakerja_desktop.staff.records import RecordFilter, RecordListRow, StaffRecords

logger = logging.getLogger(__name__)

LOADING = "…"
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the RecordListRow itself (None while loading)
Index = QModelIndex | QPersistentModelIndex
Runner = Callable[..., None]  # StaffContext.run


def outcome_words(outcome: str | None) -> str:
    """The eligibility outcome in plain words."""
    return {"eligible": _("Memenuhi syarat"), "not_eligible": _("Tidak memenuhi syarat"),
            "needs_check": _("Perlu diperiksa")}.get(outcome or "", _("Belum dicek"))


@functools.lru_cache(maxsize=8192)
def place_words(village: str | None, district_code: str | None) -> str:
    """"Ranuyoso / Kec. Ranuyoso" from a village name and a district code."""
    region = regions.lookup(district_code) if district_code else None
    if region and region.district:
        district = _("Kec. {name}").format(name=region.district)
    else:
        district = district_code or "-"
    return f"{village or '-'} / {district}"


SORTABLE = {0: "date", 1: "name", 3: "status"}  # column -> RecordFilter.sort


def wave_words(wave: int | None, accepted: bool | None) -> str:
    """"Gel. 64: diterima" for the newest wave outcome, "-" when none is recorded."""
    if wave is None:
        return "-"
    result = {True: _("diterima"), False: _("tidak diterima"), None: _("menunggu")}[accepted]
    return _("Gel. {wave}: {result}").format(wave=wave, result=result)


def people_count(count: int) -> str:
    """"12.345 orang" (Indonesian thousands separator)."""
    return ngettext("{n} orang", "{n} orang", count).format(n=f"{count:,}".replace(",", "."))


class RecordsModel(QAbstractTableModel):
    """The records table: tanggal, nama, desa/kecamatan, hasil cek, belum siap, dicatat oleh."""

    count_changed = Signal(int)  # the number of matching records, once known
    failed = Signal(str)  # a page or count could not be read (plain words)

    COLUMNS = ("date", "name", "place", "outcome", "missing", "entered_by")

    def __init__(self, run: Runner, records: StaffRecords, *, page_size: int = 200, max_pages: int = 20,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run = run
        self._records = records
        self.page_size = page_size
        self.max_pages = max_pages
        self.filter = RecordFilter()
        self._sort = ("date", True)  # newest first
        self._count = 0
        self._known = False  # the count for the current filter has arrived
        self._generation = 0
        self._pages: OrderedDict[int, list[RecordListRow]] = OrderedDict()
        self._wanted: OrderedDict[int, None] = OrderedDict()
        self._in_flight = False
        self.page_queries = 0  # how many page reads were sent (tests and benchmarks look)
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(15)
        self._flush_timer.timeout.connect(self._flush)
        self._headers = (_("Tanggal"), _("Nama"), _("Desa /\nkecamatan"), _("Hasil cek /\ngelombang"),
                         _("Belum\nsiap"),
                         _("Dicatat\noleh"))

    # --- filter and count ------------------------------------------------------------------------

    def set_filter(self, flt: RecordFilter) -> None:
        """Show the records matching this filter (the table empties, then fills from the worker)."""
        flt = dataclasses.replace(flt, sort=self._sort[0], descending=self._sort[1])
        self.beginResetModel()
        self.filter = flt
        self._generation += 1
        self._count, self._known = 0, False
        self._pages.clear()
        self._wanted.clear()
        self._in_flight = False
        self.endResetModel()
        generation, records, size = self._generation, self._records, self.page_size
        self.page_queries += 1

        def count_and_first_page() -> tuple[int, list[RecordListRow]]:
            return records.count(flt), records.page(flt, offset=0, limit=size)

        self._in_flight = True
        self._run(count_and_first_page, lambda result: self._on_counted(generation, result),
                  lambda exc: self._on_failed(generation, exc), owner=self)

    def refresh(self) -> None:
        """Read everything again (after an edit or an erasure)."""
        self.set_filter(self.filter)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by date, name or result in the database (other columns keep the order there is)."""
        key = SORTABLE.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != self._sort:
            self._sort = (key, descending)
            self.set_filter(self.filter)

    @property
    def sort_column(self) -> int:
        """The column sorted by now."""
        return next(c for c, key in SORTABLE.items() if key == self._sort[0])

    @property
    def count_known(self) -> bool:
        """True once the count for the current filter has arrived."""
        return self._known

    def _on_counted(self, generation: int, result: tuple[int, list[RecordListRow]]) -> None:
        if generation != self._generation:
            return
        count, first = result
        self._in_flight = False
        self.beginResetModel()
        self._count, self._known = count, True
        self._pages.clear()
        if first:
            self._pages[0] = first
        self.endResetModel()
        self.count_changed.emit(count)
        if self._wanted:
            self._flush_timer.start()

    def _on_failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self._in_flight = False
        logger.error("reading records failed", exc_info=exc)
        message = getattr(exc, "user_message", None) or _("Data tidak bisa dibaca. Coba lagi.")
        self.failed.emit(message)

    # --- pages -----------------------------------------------------------------------------------

    def row_at(self, row: int) -> RecordListRow | None:
        """The loaded row, or None while its page is on its way."""
        rows = self._pages.get(row // self.page_size)
        if rows is None:
            return None
        offset = row % self.page_size
        return rows[offset] if offset < len(rows) else None

    @property
    def cached_pages(self) -> list[int]:
        """The pages held now, least recently used first."""
        return list(self._pages)

    def _page_for(self, row: int) -> list[RecordListRow] | None:
        page = row // self.page_size
        rows = self._pages.get(page)
        if rows is not None:
            self._pages.move_to_end(page)
            return rows
        self._wanted[page] = None
        self._wanted.move_to_end(page)
        if not self._flush_timer.isActive() and not self._in_flight:
            self._flush_timer.start()
        return None

    def _flush(self) -> None:
        """Fetch the newest wanted pages (those the view painted last) in one worker call."""
        if self._in_flight or not self._wanted:
            return
        newest = [page for page in reversed(self._wanted) if page not in self._pages][:3]
        self._wanted.clear()
        if not newest:
            return
        generation, records, flt, size = self._generation, self._records, self.filter, self.page_size
        self.page_queries += len(newest)
        self._in_flight = True

        def fetch() -> dict[int, list[RecordListRow]]:
            return {page: records.page(flt, offset=page * size, limit=size) for page in newest}

        self._run(fetch, lambda pages: self._on_pages(generation, pages),
                  lambda exc: self._on_failed(generation, exc), owner=self)

    def _on_pages(self, generation: int, pages: dict[int, list[RecordListRow]]) -> None:
        if generation != self._generation:
            return
        self._in_flight = False
        last_column = len(self.COLUMNS) - 1
        for page, rows in pages.items():
            self._pages[page] = rows
            self._pages.move_to_end(page)
            while len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)
            first = page * self.page_size
            last = min(self._count, first + self.page_size) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, last_column))
        if self._wanted:
            self._flush_timer.start()

    # --- Qt's model interface --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        """How many records match (0 until the count has arrived)."""
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        """Six columns."""
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles; rows have none."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell's text; "…" (and a request for its page) while the row is not here yet."""
        if not index.isValid() or index.row() >= self._count:
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, ROW_ROLE,
                        Qt.ItemDataRole.TextAlignmentRole):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if index.column() == 4:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        rows = self._page_for(index.row())
        if rows is None:
            return None if role == ROW_ROLE else LOADING
        offset = index.row() % self.page_size
        if offset >= len(rows):
            return None if role == ROW_ROLE else ""
        record = rows[offset]
        if role == ROW_ROLE:
            return record
        return self._cell(record, index.column())

    @staticmethod
    def _cell(record: RecordListRow, column: int) -> str:
        """One cell's text."""
        if column == 0:
            return record.shown_at[:10]
        if column == 1:
            return record.full_name
        if column == 2:
            return place_words(record.village, record.district_code)
        if column == 3:  # the pre-check, and under it the newest wave's result when there is one
            wave = wave_words(record.latest_wave, record.latest_accepted)
            return outcome_words(record.eligibility_outcome) + ("" if wave == "-" else f"\n{wave}")
        if column == 4:
            return str(record.readiness_missing)
        return record.entered_by_name or _("Mandiri")

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Selectable, never editable in place."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
