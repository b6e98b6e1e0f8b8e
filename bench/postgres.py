"""Office server benchmarks: name search and submits on PostgreSQL against a bare psycopg baseline.

    python bench/postgres.py --db-url postgresql://prakerja:PW@127.0.0.1:5433/prakerja [--size 100000]

The URL's role must be allowed to create databases: the benchmark works in a scratch database of
its own and drops it at the end. Read the ratio column (absolute times on a shared machine are noisy):
- name search through app.records.search_names (SQLAlchemy, the trigram index of migration 0004) vs
  the same SQL sent by bare psycopg;
- the same search with the index dropped (what the index buys);
- submits (one transaction each: counter row, record, audit event under the writer lock) vs bare
  psycopg inserts of the same rows, one transaction each.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.run import FIRST, LAST, Row, _record_rows, best_of  # noqa: E402
from prakerja_desktop.app import App  # noqa: E402
from prakerja_desktop.storage import records, search_index  # noqa: E402
from prakerja_desktop.storage.database import normalise_url  # noqa: E402
from tests.factories import make_draft  # noqa: E402

SCRATCH = f"prakerja_bench_{os.getpid()}"
SUMMARY_SQL = ("SELECT uuid, receipt_number, full_name, district_code, village, eligibility_outcome, submitted_at "
               "FROM records WHERE {where} ORDER BY id DESC LIMIT 50")


def libpq(url: str) -> str:
    """The URL in the form libpq takes."""
    return make_url(normalise_url(url)).set(drivername="postgresql").render_as_string(hide_password=False)


def fill(app: App, size: int, rng: random.Random) -> None:
    """`size` made-up records, imported in batches."""
    device = app.device.id
    for offset in range(0, size, 20_000):
        chunk = _record_rows(min(20_000, size - offset), rng, device, offset)
        app.records.import_rows([
            records.row_values(a, receipt_number=f"S-{offset + i:08d}", device_id=device, rule_set_id="2023",
                               outcome="eligible", reasons=[]) for i, a in enumerate(chunk)])


def search_terms(rng: random.Random, queries: int) -> list[str]:
    """Half one-word prefixes, half two words (as staff type)."""
    words = [rng.choice(FIRST + LAST) for _ in range(queries)]
    return [w[: rng.randint(3, len(w))] if i % 2 else f"{w} {rng.choice(LAST)[:3]}" for i, w in enumerate(words)]


def bench_search(app: App, raw: psycopg.Connection, terms: list[str], size: int) -> list[Row]:
    """search_names vs the same SQL by bare psycopg, then without the index."""
    latencies: list[float] = []

    def ours() -> None:
        for term in terms:
            start = time.perf_counter()
            app.records.search_names(term, limit=50)
            latencies.append(time.perf_counter() - start)

    def bare() -> None:
        for term in terms:
            tokens = search_index.name_tokens(term)
            where = " AND ".join([f"{search_index.PADDED_NAME_SQL} LIKE %s"] * len(tokens))
            raw.execute(SUMMARY_SQL.format(where=where), [f"% {t}%" for t in tokens]).fetchall()

    ours_time = best_of(3, ours)
    bare_time = best_of(3, bare)
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    print(f"  name search over {size:,} records: mean {ours_time / len(terms) * 1000:.2f} ms, "
          f"p95 {p95:.2f} ms per query")
    raw.execute(f"DROP INDEX {search_index.SERVER_INDEX}")
    raw.commit()
    unindexed = best_of(1, bare)
    raw.execute(f"CREATE INDEX {search_index.SERVER_INDEX} ON records USING gin "
                f"({search_index.PADDED_NAME_SQL} gin_trgm_ops)")
    raw.commit()
    return [
        Row(f"name search ({len(terms)} q): search_names vs bare psycopg", size, ours_time, bare_time, "(info)"),
        Row(f"name search ({len(terms)} q): indexed vs no index (psycopg)", size, bare_time, unindexed, "(info)"),
    ]


def bench_submit(app: App, raw: psycopg.Connection, count: int) -> Row:
    """App.submit vs bare inserts of the same rows, one transaction each."""
    drafts = [make_draft(serial=i % 9999 + 1, birth=date(1990 + i // 9999, 5, 17)) for i in range(count)]
    start = time.perf_counter()
    for draft in drafts:
        app.records.submit(draft, today=date(2026, 11, 28))
    ours = time.perf_counter() - start
    rows = [records.row_values(d.applicant, receipt_number=f"RAW-{i:06d}", device_id=app.device.id,
                               rule_set_id="2023", outcome="eligible", reasons=[]) for i, d in enumerate(drafts)]
    columns = [c for c in rows[0] if c not in ("nik",)] + ["nik"]
    statement = sql.SQL("INSERT INTO records ({}) VALUES ({})").format(
        sql.SQL(", ").join(map(sql.Identifier, columns)), sql.SQL(", ").join(sql.Placeholder() * len(columns)))
    from psycopg.types.json import Jsonb

    start = time.perf_counter()
    for row in rows:
        values = [Jsonb(row[c]) if isinstance(row[c], (list, dict)) else row[c] for c in columns]
        values[-1] = f"9{row['nik'][1:]}"  # another NIK: the records above hold these
        raw.execute(statement, values)
        raw.commit()
    bare = time.perf_counter() - start
    return Row("submits: App.submit vs bare psycopg insert", count, ours, bare, "(info)")


def main(argv: list[str] | None = None) -> int:
    """Make the scratch database, run, print the table, drop it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-url", required=True, help="a PostgreSQL URL whose role may CREATE DATABASE")
    parser.add_argument("--size", type=int, default=100_000, help="records for the search (default 100,000)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--submits", type=int, default=300)
    args = parser.parse_args(argv)
    admin = psycopg.connect(libpq(args.db_url), autocommit=True)
    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(SCRATCH)))
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(SCRATCH)))
    url = make_url(normalise_url(args.db_url)).set(database=SCRATCH).render_as_string(hide_password=False)
    rng = random.Random(20261128)
    try:
        with tempfile.TemporaryDirectory(prefix="prakerja-bench-") as tmp:
            app = App.open(Path(tmp), url)
            fill(app, args.size, rng)
            with psycopg.connect(libpq(url)) as raw:
                raw.execute("ANALYZE records")
                raw.commit()
                rows = bench_search(app, raw, search_terms(rng, args.queries), args.size)
                rows.append(bench_submit(app, raw, args.submits))
            app.close()
    finally:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(SCRATCH)))
        admin.close()
    print()
    print(f"{'benchmark':58} {'n':>9} {'ours s':>9} {'base s':>9} {'ratio':>7}  target")
    for row in rows:
        print(f"{row.name:58} {row.size:>9,} {row.ours:>9.3f} {row.baseline:>9.3f} {row.ratio:>6.2f}×  {row.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
