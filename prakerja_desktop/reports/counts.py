"""The dashboard's counts per UTC day, kept in the database so a year is read in a blink (issue 17).

Everything the dashboard shows is a sum over records of small counts keyed by a few values (the place, the
outcome, the checklist items answered "no", the hour, the wave...). `scan()` counts them for any time range
straight from the records. The table `dashboard_counts` holds the same counts per UTC day and
`dashboard_month_counts` the days of each month added up: counts only (no personal data). Triggers on
`records` and `wave_outcomes` (migration 0010) note the UTC day of every row added, changed or removed in
`dashboard_dirty`, whoever writes (the wizard, staff edits, outcomes, bundles, erasure, purge, demo data,
bulk SQL, salvage), so no writer has a delta to get wrong and two writers never wait on a shared counter
row (a day is noted once until recounted). `refresh()` recounts the noted days (a week of them per write, done before the
dashboard is built) and `range_counts()` reads the kept months and days of a range plus a scan of what
they cannot answer: the partial UTC days at both ends (an office day starts at 17:00, 16:00 or 15:00 UTC)
and any day still noted. So the numbers are the scan's numbers, exactly, even before a refresh.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    String,
    and_,
    case,
    cast,
    delete,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from prakerja_desktop.storage.models import (
    DashboardCount,
    DashboardDirty,
    DashboardMonthCount,
    RecordRow,
    WaveOutcome,
)

# (kind, key...) -> values; the kinds and their values:
#   place  (district, village, regency, outcome, items answered "no")  [people, registered online, assisted]
#   item   (checklist item, "1" answered no / "0" answered otherwise)  [people]
#   later  (district, village, regency)  [joined, accepted, finished training, incentive] (people, any wave)
#   hour   ("YYYY-MM-DD HH" in UTC)  [people]
#   reason (rule set, reason codes) of records not eligible  [people]
#   wave   (wave number)  [joined, accepted, rejected, outcomes, finished training, incentive]
#   waiting (items answered "no") of eligible people who consented and did not register online  [people]
Key = tuple[str, ...]
# Checklist items that do not stop someone registering online: the payout account is only needed once
# accepted (the rule set's own text says so), so it never keeps a person out of "ready". Left out of the
# kept "items answered no" (half the rows); changing this set needs a migration that recounts every day.
NOT_BLOCKING = frozenset(("payout_account",))
Counts = dict[Key, list[int]]
KEYS = 5
VALUES = 6
ROWS_PER_INSERT = 2000


def new_counts() -> Counts:
    """An empty set of counts (missing keys read as zeros)."""
    return defaultdict(lambda: [0] * VALUES)


def add(into: Counts, more: Counts) -> Counts:
    """Add MORE into INTO (and return it)."""
    for key, values in more.items():
        target = into[key]
        for index, value in enumerate(values):
            target[index] += value
    return into


def false_items(readiness: Any) -> str:
    """The checklist items that could block, answered "no" (False), sorted and comma-joined: what "ready"
    depends on (whatever the rule set in force names as blocking)."""
    if not isinstance(readiness, dict):
        return ""
    return ",".join(sorted(str(name) for name, value in readiness.items()
                           if value is False and name not in NOT_BLOCKING))


def _flag(condition: ColumnElement[Any]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def _dialect(bind: Session | Connection) -> str:
    return bind.get_bind().dialect.name if isinstance(bind, Session) else bind.dialect.name


def _hour(bind: Session | Connection) -> ColumnElement[str]:
    """SQL: "YYYY-MM-DD HH" of submitted_at (UTC)."""
    if _dialect(bind) == "sqlite":
        return func.strftime("%Y-%m-%d %H", RecordRow.submitted_at)
    return func.to_char(RecordRow.submitted_at, "YYYY-MM-DD HH24")


def _decoded(text_value: Any, cache: dict[Any, Any]) -> Any:
    """A stored JSON text decoded (once per distinct text)."""
    if text_value not in cache:
        try:
            cache[text_value] = json.loads(text_value) if isinstance(text_value, str) else (text_value or {})
        except ValueError:
            cache[text_value] = {}
    return cache[text_value]


def _range(start: datetime | None, end: datetime | None) -> list[ColumnElement[bool]]:
    return ([RecordRow.submitted_at >= start] if start is not None else []) + \
        ([RecordRow.submitted_at < end] if end is not None else [])


def scan(bind: Session | Connection, start: datetime | None, end: datetime | None) -> Counts:
    """Every count for the records submitted in [start, end) (UTC; None = open), straight from the records."""
    counts = new_counts()
    in_range = _range(start, end)
    cache: dict[Any, Any] = {}
    readiness_text = cast(RecordRow.readiness, String)
    registered = _flag(RecordRow.registered_online_on.is_not(None))
    assisted = _flag(RecordRow.entered_by_name != "")
    follow = _flag(RecordRow.follow_up == True)  # noqa: E712 - SQL comparison
    key_columns = (RecordRow.district_code, RecordRow.village, RecordRow.regency_code, RecordRow.eligibility_outcome,
                   registered, assisted, follow, readiness_text)
    for district, village, regency, outcome, is_registered, is_assisted, follows, text_value, n in bind.execute(
            select(*key_columns, func.count(RecordRow.id)).where(*in_range).group_by(*key_columns)):
        n = int(n)
        readiness = _decoded(text_value, cache)
        no_items = false_items(readiness)
        values = counts[("place", district or "", village or "", regency or "", outcome or "", no_items)]
        values[0] += n
        values[1] += n * int(is_registered)
        values[2] += n * int(is_assisted)
        if isinstance(readiness, dict):
            for item, value in readiness.items():
                if value is not None:
                    counts[("item", str(item), "1" if value is False else "0")][0] += n
        if follows and outcome == "eligible" and not is_registered:
            counts[("waiting", no_items)][0] += n
    per_person = (select(WaveOutcome.record_id,
                         func.max(_flag(WaveOutcome.joined == True)).label("joined"),  # noqa: E712 - SQL
                         func.max(_flag(WaveOutcome.accepted == True)).label("accepted"),  # noqa: E712
                         func.max(_flag(WaveOutcome.training_finished == True)).label("finished"),  # noqa: E712
                         func.max(_flag(WaveOutcome.incentive_received == True)).label("paid"))  # noqa: E712
                  .join(RecordRow, RecordRow.id == WaveOutcome.record_id).where(*in_range)
                  .group_by(WaveOutcome.record_id).subquery())
    place_columns = (RecordRow.district_code, RecordRow.village, RecordRow.regency_code)
    later = (select(*place_columns, func.sum(per_person.c.joined), func.sum(per_person.c.accepted),
                    func.sum(per_person.c.finished), func.sum(per_person.c.paid))
             .join(per_person, per_person.c.record_id == RecordRow.id).group_by(*place_columns))
    for district, village, regency, *stages in bind.execute(later):
        add(counts, {("later", district or "", village or "", regency or ""): [int(n or 0) for n in stages]})
    hour = _hour(bind)
    for hour_text, n in bind.execute(select(hour, func.count(RecordRow.id)).where(*in_range).group_by(hour)):
        counts[("hour", str(hour_text))][0] += int(n)
    for rule_set, codes, n in bind.execute(
            select(RecordRow.rule_set_id, RecordRow.reason_codes, func.count(RecordRow.id))
            .where(*in_range, RecordRow.eligibility_outcome != "eligible", RecordRow.reason_codes != "")
            .group_by(RecordRow.rule_set_id, RecordRow.reason_codes)):
        counts[("reason", rule_set or "", codes)][0] += int(n)
    add(counts, _scan_waves(bind, in_range))
    return counts


def _scan_waves(bind: Session | Connection, in_range: list[ColumnElement[bool]]) -> Counts:
    """Per wave: joined, accepted, rejected, outcomes, finished training, incentive received."""
    def count_true(column: Any) -> ColumnElement[Any]:
        return func.sum(cast(cast(column, Boolean) == True, Integer))  # noqa: E712 - SQL comparison

    def count_false(column: Any) -> ColumnElement[Any]:
        return func.sum(cast(cast(column, Boolean) == False, Integer))  # noqa: E712 - SQL comparison

    query = (select(WaveOutcome.wave, count_true(WaveOutcome.joined), count_true(WaveOutcome.accepted),
                    count_false(WaveOutcome.accepted), func.count(WaveOutcome.id),
                    count_true(WaveOutcome.training_finished), count_true(WaveOutcome.incentive_received))
             .join(RecordRow, RecordRow.id == WaveOutcome.record_id).where(*in_range)
             .group_by(WaveOutcome.wave))
    counts = new_counts()
    for wave, *values in bind.execute(query):
        add(counts, {("wave", str(wave)): [int(n or 0) for n in values]})
    return counts


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _dirty_days(bind: Session | Connection) -> set[date]:
    return {date.fromisoformat(day) for day in bind.execute(select(DashboardDirty.day).distinct()).scalars()}


def _sum_rows(bind: Session | Connection, table: Any, conditions: list[ColumnElement[bool]], into: Counts) -> None:
    """Add the kept rows of TABLE matching CONDITIONS into INTO (added up here: a GROUP BY over text keys
    costs the database a sort through an encrypted temporary file)."""
    columns = [table.kind, *(getattr(table, f"k{i + 1}") for i in range(KEYS)),
               *(getattr(table, f"n{i + 1}") for i in range(VALUES))]
    keys: dict[tuple[Any, ...], Key] = {}
    connection = bind.connection() if isinstance(bind, Session) else bind  # Core rows: no ORM loading
    for row in connection.execute(select(*columns).where(*conditions)):
        raw = row[:KEYS + 1]
        key = keys.get(raw)
        if key is None:
            key = keys[raw] = _key(raw[0], list(raw[1:]))
        target = into[key]
        for index in range(VALUES):
            target[index] += row[KEYS + 1 + index]


def _stored(bind: Session | Connection, first: date | None, last: date | None, kinds: Iterable[str] | None = None,
            dirty: set[date] | None = None) -> Counts:
    """The kept counts of the UTC days first..last-1 (None = open) not noted as changed: whole months from
    the months' rows (unless one of their days is noted), the rest from the days' rows."""
    dirty = _dirty_days(bind) if dirty is None else dirty
    dirty_months = {day.isoformat()[:7] for day in dirty}
    kind_filter = (lambda table: [table.kind.in_(list(kinds))]) if kinds is not None else (lambda table: [])
    counts = new_counts()
    months, day_ranges = [], []
    if first is None or last is None:  # every day: every clean month, the days of the others
        kept = bind.execute(select(DashboardMonthCount.month).distinct()).scalars()
        months = [m for m in kept if m not in dirty_months]
        day_ranges = [(date.fromisoformat(m + "-01"), _next_month(date.fromisoformat(m + "-01")))
                      for m in sorted(dirty_months)]
    else:
        day = first
        while day < last:
            month_end = _next_month(day)
            if day.day == 1 and month_end <= last and day.isoformat()[:7] not in dirty_months:
                months.append(day.isoformat()[:7])
            else:
                day_ranges.append((day, min(month_end, last)))
            day = month_end
    if months:
        _sum_rows(bind, DashboardMonthCount, [DashboardMonthCount.month.in_(months),
                                              *kind_filter(DashboardMonthCount)], counts)
    if day_ranges:
        spans = or_(*[and_(DashboardCount.day >= a.isoformat(), DashboardCount.day < b.isoformat())
                      for a, b in day_ranges])
        _sum_rows(bind, DashboardCount, [spans, DashboardCount.day.not_in([d.isoformat() for d in dirty]),
                                         *kind_filter(DashboardCount)], counts)
    return counts


_KEY_LENGTH = {"place": 5, "item": 2, "later": 3, "hour": 1, "reason": 2, "wave": 1, "waiting": 1}


def _key(kind: str, parts: list[Any]) -> Key:
    return (kind, *(str(p or "") for p in parts[:_KEY_LENGTH.get(kind, KEYS)]))


def range_counts(bind: Session | Connection, start: datetime, end: datetime) -> Counts:
    """Every count for [start, end): kept whole UTC days, scanned partial and changed days (= scan())."""
    first = start.date() if start.time() == time.min else start.date() + timedelta(days=1)
    last = end.date()  # whole days first..last-1
    if first >= last:
        return scan(bind, start, end)
    dirty = _dirty_days(bind)
    counts = _stored(bind, first, last, dirty=dirty)
    for piece_start, piece_end in ((start, _day_start(first)), (_day_start(last), end)):
        if piece_start < piece_end:
            add(counts, scan(bind, piece_start, piece_end))
    for day in sorted(dirty):
        if first <= day < last:
            add(counts, scan(bind, _day_start(day), _day_start(day + timedelta(days=1))))
    return counts


def waiting_counts(bind: Session | Connection) -> Counts:
    """The waiting list's counts over every record (kept days plus a scan of the changed ones)."""
    dirty = _dirty_days(bind)
    counts = _stored(bind, None, None, ["waiting"], dirty=dirty)
    for day in sorted(dirty):
        for key, values in scan(bind, _day_start(day), _day_start(day + timedelta(days=1))).items():
            if key[0] == "waiting":
                add(counts, {key: values})
    return counts


# Days recounted in one write: the recount holds the writer lock, and a writer waits at most the busy timeout
# (15 s); a busy day over 1M records takes about 0.4 s, so a week's worth stays well inside it.
DAYS_PER_REFRESH = 7


def refresh(bind: Session | Connection, max_days: int | None = None) -> int:
    """Recount the earliest days noted as changed (at most MAX_DAYS; None: all), their months, and clear
    their notes; returns the days recounted.

    Runs inside a write (the writer lock on PostgreSQL, BEGIN IMMEDIATE on SQLite), so no record changes
    between the count and the clearing. A month's row is read only while none of its days is noted, so a
    month whose days are recounted over several writes is right after each of them.
    """
    noted = select(DashboardDirty.day).distinct().order_by(DashboardDirty.day)
    if max_days is not None:
        noted = noted.limit(max_days)
    days = [date.fromisoformat(day) for day in bind.execute(noted).scalars()]
    if not days:
        return 0
    for day in days:
        bind.execute(delete(DashboardCount).where(DashboardCount.day == day.isoformat()))
        rows = [_row(day, key, values) for key, values in scan(
            bind, _day_start(day), _day_start(day + timedelta(days=1))).items() if any(values)]
        for index in range(0, len(rows), ROWS_PER_INSERT):
            bind.execute(insert(DashboardCount), rows[index:index + ROWS_PER_INSERT])
    for month in sorted({day.isoformat()[:7] for day in days}):
        bind.execute(delete(DashboardMonthCount).where(DashboardMonthCount.month == month))
        first = date.fromisoformat(month + "-01")
        month_counts = new_counts()
        _sum_rows(bind, DashboardCount, [DashboardCount.day >= first.isoformat(),
                                         DashboardCount.day < _next_month(first).isoformat()], month_counts)
        rows = [{**_row(first, key, values), "month": month} for key, values in month_counts.items() if any(values)]
        for row in rows:
            del row["day"]
        for index in range(0, len(rows), ROWS_PER_INSERT):
            bind.execute(insert(DashboardMonthCount), rows[index:index + ROWS_PER_INSERT])
    bind.execute(delete(DashboardDirty).where(DashboardDirty.day.in_([day.isoformat() for day in days])))
    return len(days)


def _row(day: date, key: Key, values: list[int]) -> dict[str, Any]:
    row: dict[str, Any] = {"day": day.isoformat(), "kind": key[0]}
    parts = list(key[1:]) + [""] * (KEYS - len(key) + 1)
    row.update({f"k{i + 1}": parts[i] for i in range(KEYS)})
    row.update({f"n{i + 1}": values[i] for i in range(VALUES)})
    return row
