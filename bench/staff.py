"""Staff records over a million people: the table, the search, the dashboard, the export, against bare
baselines.

    python bench/staff.py              1,000,000 records (made once, kept under /tmp), export of 100k
    python bench/staff.py --quick      100,000 records, export of 20k
    python bench/staff.py --records 1000000 --only dashboard --runs 20

Demo people are made by the app (rules engine, receipts) up to 100,000; beyond that the database is filled
by bulk insert: INSERT … SELECT copies of those people (new UUID, receipt number and NIK; same days,
places, checklists and wave outcomes), a few seconds per 100,000 instead of minutes.

- table: open the records screen, then scroll to 10 random places and to the end; time until the rows
  on screen are loaded and painted. Baseline: a raw sqlite3 OFFSET/LIMIT query for the same page.
- search: p95 of StaffRecords.page(RecordFilter(text=...)) for names, NIKs, phones and receipt numbers.
  Baseline: the raw FTS5 query (names) or the raw indexed lookup (numbers) with sqlite3.
- dashboard: p95 of app.reports.build (every number the dashboard shows: funnel per desa, waves, days,
  reasons, gaps, the waiting list) for the last 30 days and for the whole year, and of the change check
  the shown dashboard makes every 5 s. Baseline: one bare GROUP BY count per office day of the range.
  The first build, which recounts the days changed since their counts were kept, is timed on its own.
- export: staff_views.export_records (CSV and XLSX, NIK masked, office time). Baseline: csv.writer /
  openpyxl write-only over raw rows, no masking.
Every baseline reads the same encrypted file through the app's own SQLCipher connection (a plain sqlite3
connection cannot open it).
The demo databases are reused from /tmp when present.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QAbstractItemView, QApplication  # noqa: E402
from sqlalchemy import select  # noqa: E402

from prakerja_desktop.app import App, StaffSession  # noqa: E402
from prakerja_desktop.reports.export import RECORD_COLUMNS  # noqa: E402
from prakerja_desktop.staff import views as staff_views  # noqa: E402
from prakerja_desktop.staff.records import RecordFilter, StaffRecords  # noqa: E402
from prakerja_desktop.storage import search_index  # noqa: E402
from prakerja_desktop.storage.models import StaffAccount  # noqa: E402

PAGE_COLUMNS = ("id, uuid, submitted_at, full_name, village, district_code, eligibility_outcome, readiness, "
                "entered_by_name, receipt_number")
Results = list[tuple[str, float, float]]  # (what, ours in s, baseline in s)


DEMO_PEOPLE = 100_000  # made one by one by the app; more are bulk copies of these


def demo_database(rows: int, demo_people: int = DEMO_PEOPLE) -> App:
    """A data folder under /tmp holding `rows` people (topped up if it has fewer): up to `demo_people`
    made by the app, the rest bulk copies of them."""
    # "v2": demo people since issue 17 (rules-engine outcomes, kiosk/assisted mix, registrations).
    made = min(rows, demo_people)
    copied = f"-from-{made}" if made < rows and demo_people != DEMO_PEOPLE else ""
    folder = Path(tempfile.gettempdir()) / f"prakerja-bench-staff-v2-{rows}{copied}"
    app = App.open(folder)
    have = app.records.count()
    if have < made:
        print(f"making {made - have:,} demo people in {folder} (once; reused next time)…", file=sys.stderr)
        started = time.perf_counter()
        app.records.add_demo_data(made - have, seed=have + 1, progress=lambda done, total: print(
            f"  {done:,}/{total:,}", file=sys.stderr) if done % 100_000 == 0 else None)
        print(f"  done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        have = made
    if have < rows:
        print(f"copying to {rows:,} people by bulk insert…", file=sys.stderr)
        started = time.perf_counter()
        bulk_copies(app, rows)
        print(f"  done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if not app.staff.has_staff():
        app.staff.create("bench", "Bench Admin", "admin", "bench-rahasia")
    return app


def bulk_copies(app: App, rows: int) -> None:
    """Top the records up to `rows` with INSERT … SELECT copies of the first people (and their wave
    outcomes): fresh UUID, receipt number and NIK; everything else, the derived columns too, as made."""
    from prakerja_desktop.storage.models import RecordRow, WaveOutcome

    record_columns = [c.name for c in RecordRow.__table__.columns]
    outcome_columns = [c.name for c in WaveOutcome.__table__.columns if c.name != "id"]
    fresh = {"uuid": "lower(hex(randomblob(16)))", "id": "id + :shift",
             "receipt_number": "receipt_number || '-' || :shift", "nik": "printf('%016d', :shift + id)"}
    copy_records = (f"INSERT INTO records ({', '.join(record_columns)}) SELECT "
                    f"{', '.join(fresh.get(c, c) for c in record_columns)} FROM records WHERE id <= :last")
    copy_outcomes = (f"INSERT INTO wave_outcomes ({', '.join(outcome_columns)}) SELECT "
                     f"{', '.join({'uuid': fresh['uuid'], 'record_id': 'record_id + :shift'}.get(c, c) for c in outcome_columns)} "
                     "FROM wave_outcomes WHERE record_id <= :last")
    raw = raw_connection(app)
    source = raw.execute("SELECT max(id) FROM records").fetchone()[0]
    while True:
        have, top = raw.execute("SELECT count(*), max(id) FROM records").fetchone()
        if have >= rows:
            break
        last = min(source, rows - have)
        parameters = {"shift": top, "last": last}
        raw.execute("BEGIN")
        raw.execute(copy_records, parameters)
        raw.execute(copy_outcomes, parameters)
        raw.execute("COMMIT")
        print(f"  {have + last:,}/{rows:,}", file=sys.stderr)
    raw.execute("ANALYZE")
    raw.close()


def admin_of(app: App) -> StaffSession:
    """The benchmark's admin account."""
    with app.db.read() as session:
        account = session.execute(select(StaffAccount).where(StaffAccount.role == "admin")).scalars().first()
    return StaffSession(account.id, account.uuid, account.username, account.display_name, account.role)


class RawConnection:
    """A bare DB-API connection to the same (encrypted) file: the app's SQLCipher connection, keyed, with
    nothing of ours between the query and the driver."""

    def __init__(self, app: App) -> None:
        self._pooled = app.db.engine.raw_connection()
        self._driver: sqlite3.Connection = self._pooled.driver_connection  # type: ignore[assignment]

    def execute(self, sql: str, parameters: tuple[object, ...] | dict[str, object] = ()) -> sqlite3.Cursor:
        """Run one statement."""
        return self._driver.execute(sql, parameters)

    def close(self) -> None:
        """Give the connection back to the pool."""
        self._pooled.close()


def raw_connection(app: App) -> RawConnection:
    """A bare connection to the same file (see RawConnection)."""
    return RawConnection(app)


def wait_until(qt_app: QApplication, condition: Callable[[], bool], timeout: float = 120.0) -> None:
    """Let Qt run until the condition holds."""
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError("the table did not fill in time")
        qt_app.processEvents()
        time.sleep(0.0005)


def bench_table(qt_app: QApplication, app: App, staff: StaffSession, rng: random.Random) -> Results:
    """Open the table, scroll to 10 random places and to the end; time until painted."""
    from ui.models.records_model import LOADING
    from ui.staff.context import StaffContext
    from ui.staff.records import RecordsScreen
    from ui.tasks import TaskRunner

    tasks = TaskRunner()
    raw = raw_connection(app)
    start = time.perf_counter()
    screen = RecordsScreen(StaffContext(app, tasks, staff))
    screen.resize(1024, 768)
    screen.show()
    table, model = screen.table, screen.model

    def visible_rows_loaded() -> bool:
        top = table.rowAt(0)
        bottom = table.rowAt(table.viewport().height() - 1)
        bottom = model.rowCount() - 1 if bottom < 0 else bottom
        return model.count_known and top >= 0 and all(
            model.data(model.index(r, 1)) != LOADING for r in range(top, bottom + 1))

    wait_until(qt_app, visible_rows_loaded)
    table.viewport().repaint()
    opened = time.perf_counter() - start
    start = time.perf_counter()
    raw.execute("SELECT count(id) FROM records").fetchone()
    raw.execute(f"SELECT {PAGE_COLUMNS} FROM records ORDER BY submitted_at DESC, id DESC LIMIT 200").fetchall()
    open_base = time.perf_counter() - start
    total = model.rowCount()
    ours, base = [], []
    targets = [rng.randrange(total) for _ in range(10)] + [total - 1]
    queries_before = model.page_queries
    for row in targets:
        start = time.perf_counter()
        table.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        wait_until(qt_app, visible_rows_loaded)
        table.viewport().repaint()
        ours.append(time.perf_counter() - start)
        offset = row // model.page_size * model.page_size
        start = time.perf_counter()
        raw.execute(f"SELECT {PAGE_COLUMNS} FROM records ORDER BY submitted_at DESC, id DESC LIMIT 200 OFFSET ?",
                    (offset,)).fetchall()
        base.append(time.perf_counter() - start)
    reads = model.page_queries - queries_before
    print(f"table: {total:,} rows; {reads} page reads for {len(targets)} jumps; "
          f"{len(model.cached_pages)} pages held (at most {model.max_pages})", file=sys.stderr)
    screen.close()
    tasks.shutdown()
    raw.close()
    return [("open the table (count + first rows painted)", opened, open_base),
            ("scroll to a random place, median", statistics.median(ours[:-1]), statistics.median(base[:-1])),
            ("scroll to a random place, worst", max(ours[:-1]), max(base[:-1])),
            ("scroll to the end", ours[-1], base[-1])]


def p95(values: list[float]) -> float:
    """The 95th percentile."""
    return statistics.quantiles(values, n=20)[-1]


def bench_search(app: App, rng: random.Random) -> Results:
    """Search latency p95 by kind, ours (StaffRecords.page) against raw sqlite3."""
    finder = StaffRecords(app)
    raw = raw_connection(app)
    total = app.records.count()
    sample = [raw.execute("SELECT full_name, nik, phone_e164, receipt_number FROM records WHERE id = ?",
                          (rng.randrange(1, total + 1),)).fetchone() for _ in range(40)]
    sample = [s for s in sample if s]
    names = [" ".join(s[0].split()[:2]) for s in sample[:20]] + [s[0].split()[0][:3] for s in sample[20:30]]
    kinds = {
        "name": (names, lambda q: raw.execute(
            f"SELECT {PAGE_COLUMNS} FROM records WHERE id IN (SELECT rowid FROM {search_index.FTS_TABLE} "
            f"WHERE {search_index.FTS_TABLE} MATCH ?) ORDER BY submitted_at DESC, id DESC LIMIT 200",
            (search_index.fts_match_expression(q),)).fetchall()),
        "NIK": ([s[1] for s in sample], lambda q: raw.execute(
            f"SELECT {PAGE_COLUMNS} FROM records WHERE nik = ? OR kk_number = ? ORDER BY submitted_at DESC, id DESC LIMIT 200",
            (q, q)).fetchall()),
        "phone": (["0" + s[2][3:] for s in sample if s[2]], lambda q: raw.execute(
            f"SELECT {PAGE_COLUMNS} FROM records WHERE phone_e164 = ? ORDER BY submitted_at DESC, id DESC LIMIT 200",
            ("+62" + q[1:],)).fetchall()),
        "receipt number": ([s[3] for s in sample], lambda q: raw.execute(
            f"SELECT {PAGE_COLUMNS} FROM records WHERE receipt_number = ? ORDER BY submitted_at DESC, id DESC LIMIT 200",
            (q,)).fetchall()),
    }
    results: Results = []
    everything_ours, everything_base = [], []
    for kind, (queries, baseline) in kinds.items():
        ours, base = [], []
        for query in queries:
            start = time.perf_counter()
            finder.page(RecordFilter(text=query))
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            baseline(query)
            base.append(time.perf_counter() - start)
        everything_ours += ours
        everything_base += base
        results.append((f"search p95: {kind} ({len(queries)} queries)", p95(ours), p95(base)))
    results.append(("search p95: all kinds", p95(everything_ours), p95(everything_base)))
    names_count, names_count_base = [], []
    for query in names:
        start = time.perf_counter()
        finder.count(RecordFilter(text=query))
        names_count.append(time.perf_counter() - start)
        start = time.perf_counter()
        raw.execute(f"SELECT count(*) FROM {search_index.FTS_TABLE} WHERE {search_index.FTS_TABLE} MATCH ?",
                    (search_index.fts_match_expression(query),)).fetchone()
        names_count_base.append(time.perf_counter() - start)
    results.append(("count of a name search p95 (the screen's label)", p95(names_count),
                    p95(names_count_base)))
    raw.close()
    return results


def bench_dashboard(app: App, runs: int = 10) -> Results:
    """The dashboard's numbers (app.reports.build) for 30 days and the year, and its change check."""
    from prakerja_desktop import clock

    raw = raw_connection(app)
    zone = app.reports.office_zone()
    today = clock.office_today(zone)
    results: Results = []
    # The first build recounts the days changed since their counts were made (every day after the bulk
    # copies: their triggers note them); timed on its own, the p95 below is the dashboard as staff use it.
    began = time.perf_counter()
    app.reports.build(today, today)
    results.append(("dashboard first build (recount of changed days)", time.perf_counter() - began, 0.0))
    for label, first in (("30 days", today - timedelta(days=29)), ("this year", date(today.year, 1, 1))):
        start, end = clock.day_bounds(first, today, zone)
        hours = clock.ZONES[zone]
        ours, base = [], []
        for _run in range(runs):
            began = time.perf_counter()
            report = app.reports.build(first, today)
            ours.append(time.perf_counter() - began)
            began = time.perf_counter()
            raw.execute(f"SELECT date(submitted_at, '+{hours} hours'), count(*) FROM records "
                        "WHERE submitted_at >= ? AND submitted_at < ? GROUP BY 1",
                        (start.isoformat(" "), end.isoformat(" "))).fetchall()
            base.append(time.perf_counter() - began)
        results.append((f"dashboard p95: {label} ({report.total:,} people)", p95(ours), p95(base)))
    checks, check_base = [], []
    for _run in range(runs):
        began = time.perf_counter()
        app.reports.data_version()
        checks.append(time.perf_counter() - began)
        began = time.perf_counter()
        raw.execute("SELECT max(id) FROM records").fetchone()
        check_base.append(time.perf_counter() - began)
    results.append(("dashboard change check p95 (every 5 s)", p95(checks), p95(check_base)))
    raw.close()
    return results


def bench_export(app: App, staff: StaffSession) -> Results:
    """Every record to CSV and XLSX (masked) against bare writers over raw rows."""
    raw = raw_connection(app)
    results: Results = []
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("csv", "xlsx"):
            path = Path(folder) / f"ours.{fmt}"
            start = time.perf_counter()
            staff_views.export_records(app, path, fmt, staff)
            ours = time.perf_counter() - start
            start = time.perf_counter()
            rows = raw.execute(f"SELECT {', '.join(RECORD_COLUMNS)} FROM records ORDER BY id")
            if fmt == "csv":
                with (Path(folder) / "bare.csv").open("w", newline="", encoding="utf-8") as handle:
                    writer = csv.writer(handle)
                    writer.writerow(RECORD_COLUMNS)
                    writer.writerows(rows)
            else:
                from openpyxl import Workbook

                book = Workbook(write_only=True)
                sheet = book.create_sheet("Data")
                sheet.append(list(RECORD_COLUMNS))
                for row in rows:
                    sheet.append(list(row))
                book.save(Path(folder) / "bare.xlsx")
            results.append((f"export {app.records.count():,} rows to {fmt.upper()}", ours,
                            time.perf_counter() - start))
    raw.close()
    return results


def main() -> None:
    """Run everything and print the table."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="100k records and an export of 20k")
    parser.add_argument("--rows", "--records", type=int, dest="rows",
                        help="records for the dashboard, the table and the search (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=10, help="repeats of each dashboard measurement (p95)")
    parser.add_argument("--demo-people", type=int, default=DEMO_PEOPLE,
                        help="people made by the app; the rest are bulk copies (default 100,000)")
    parser.add_argument("--export-rows", type=int, help="records for the export (default 100,000)")
    parser.add_argument("--only", choices=("dashboard", "export", "table"), help="run one part only")
    args = parser.parse_args()
    rows = args.rows or (100_000 if args.quick else 1_000_000)
    export_rows = args.export_rows or (20_000 if args.quick else 100_000)
    qt_app = QApplication.instance() or QApplication([])
    rng = random.Random(7)
    results: Results = []
    if args.only in (None, "dashboard", "table"):
        big = demo_database(rows, args.demo_people)
        staff = admin_of(big)
        if args.only in (None, "dashboard"):
            results += bench_dashboard(big, args.runs)
        if args.only in (None, "table"):
            results += bench_table(qt_app, big, staff, rng) + bench_search(big, rng)
        big.close()
    if args.only in (None, "export"):
        small = demo_database(export_rows, args.demo_people)
        results += bench_export(small, admin_of(small))
        small.close()
    print(f"\nStaff records benchmark ({rows:,} records; export of {export_rows:,})\n")
    print(f"{'what':<50} {'ours':>10} {'baseline':>10} {'ratio':>7}")
    for what, ours, base in results:
        if not base:  # nothing bare to compare with
            print(f"{what:<50} {ours * 1000:>8.1f}ms {'-':>10} {'-':>7}")
            continue
        print(f"{what:<50} {ours * 1000:>8.1f}ms {base * 1000:>8.1f}ms {ours / base:>6.1f}×")


if __name__ == "__main__":
    main()
