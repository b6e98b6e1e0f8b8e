"""Benchmark: importing an outreach bundle at the office vs raw inserts of the same rows.

    python bench/bundle.py             50,000 records (target: import <= 2x raw inserts, a few seconds)
    python bench/bundle.py --quick     5,000 records

The bundle is made by a real laptop database (demo people, with their wave outcomes) and imported by
a real office database: checks, decryption, inflation, parsing, the merge and the commit are all timed.
The baseline inserts the very same record and outcome rows with executemany into an empty database
of the same encrypted schema (FTS triggers included, the same SQLCipher key handling through a bare
keyed connection), in one transaction: what encryption costs is in both figures. Bundle size per 10k records
is reported too. The import includes making the return bundle for the laptop; then the laptop applies it
(acknowledgement, the office's erasures of 1% of the people, wave outcomes the office set for another 1%,
the office package) and applies it again (no change): both timed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from prakerja_desktop.app import App
from prakerja_desktop.storage import encryption
from prakerja_desktop.storage.database import open_database


def pair(office: App, laptop: App, folder: Path) -> None:
    """Exchange key files both ways."""
    office.sync.write_card("office", folder / "office.json")
    laptop.sync.write_card("laptop", folder / "laptop.json")
    office.sync.accept_card(office.sync.read_card(folder / "laptop.json"))
    laptop.sync.accept_card(laptop.sync.read_card(folder / "office.json"))


def office_work(office: App, laptop: App, count: int) -> tuple[int, int]:
    """At the office: an admin erases 1% of the laptop's people and sets a wave outcome for another 1%."""
    from prakerja_desktop.staff.records import StaffRecords

    admin = office.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    people = _some_people(laptop, count // 50)
    half = len(people) // 2
    staff = StaffRecords(office)
    for person in people[:half]:
        staff.erase(person, admin)
    for person in people[half:]:
        staff.set_outcome(person, 9, admin, accepted=True)
    return half, len(people) - half


def _some_people(app: App, n: int) -> list:  # type: ignore[type-arg]
    """The UUIDs of N records (bench only: read straight from the database)."""
    from sqlalchemy import select

    from prakerja_desktop.storage.models import RecordRow

    with app.db.read() as session:
        return list(session.execute(select(RecordRow.uuid).order_by(RecordRow.id).limit(n)).scalars())


def raw_insert(source: Path, target_url: str, target: Path) -> float:
    """Seconds to insert the laptop's records and outcomes into an empty database, bare keyed connection."""
    open_database(target_url).dispose()  # the same schema, migrated, encrypted, empty
    # Both files are encrypted (SQLCipher): a plain sqlite3 connection would read "file is not a database".
    src = encryption.open_file(source, mode="ro")
    tables = {}
    for table in ("records", "wave_outcomes"):
        cursor = src.execute(f"SELECT * FROM {table}")
        tables[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    src.close()
    connection = encryption.open_file(target)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    start = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    for table, (columns, rows) in tables.items():
        marks = ", ".join("?" for _ in columns)
        connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def main() -> int:
    """Make, import and measure; print a small table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 records instead of 50,000")
    parser.add_argument("--count", type=int, default=None)
    args = parser.parse_args()
    count = args.count or (5_000 if args.quick else 50_000)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        laptop, office = App.open(root / "laptop"), App.open(root / "office")
        pair(office, laptop, root)
        laptop.records.add_demo_data(count, seed=7)
        start = time.perf_counter()
        exported = laptop.sync.export_bundle(root / "bundle.pkjb")
        export_seconds = time.perf_counter() - start
        start = time.perf_counter()
        outcome = office.sync.import_file(exported.path)
        import_seconds = time.perf_counter() - start
        assert outcome.result.added.get("records") == count, outcome.result
        start = time.perf_counter()
        again = office.sync.import_file(exported.path)
        repeat_seconds = time.perf_counter() - start
        assert again.result.already_imported
        erased, answered = office_work(office, laptop, count)
        start = time.perf_counter()
        answer = office.sync.import_file(exported.path)  # the same bundle again: a return with the office's news
        answer_make_seconds = time.perf_counter() - start
        (root / "answer.pkja").write_bytes(answer.ack)
        start = time.perf_counter()
        back = laptop.sync.import_file(root / "answer.pkja", purge=False)
        return_seconds = time.perf_counter() - start
        assert (back.erased, back.outcomes) == (erased, answered), back
        start = time.perf_counter()
        laptop.sync.import_file(root / "answer.pkja", purge=False)
        return_again_seconds = time.perf_counter() - start
        laptop_file = root / "laptop" / "prakerja.sqlite3"
        laptop.close()
        office.close()
        baseline = raw_insert(laptop_file, f"sqlite:///{root / 'raw.sqlite3'}", root / "raw.sqlite3")
    outcomes = exported.counts["wave_outcomes"]
    print(f"bundle of {count:,} records and {outcomes:,} wave outcomes: {exported.size / 1e6:.2f} MB "
          f"({exported.size / count * 10_000 / 1e6:.2f} MB per 10k records); export {export_seconds:.2f} s")
    print(f"{'what':42} {'ours s':>8} {'raw s':>8} {'ratio':>6}  target")
    print(f"{'import (verify, decrypt, merge, commit)':42} {import_seconds:8.2f} {baseline:8.2f} "
          f"{import_seconds / baseline:6.2f}  <= 2x, a few seconds")
    print(f"{'same bundle again (no change)':42} {repeat_seconds:8.2f} {'':>8} {'':>6}")
    print(f"{'  again, return with the office news':42} {answer_make_seconds:8.2f} {'':>8} {'':>6}  "
          f"({len(answer.ack) / 1e3:.1f} kB)")
    print(f"{'return bundle applied on the laptop':42} {return_seconds:8.2f} {'':>8} {'':>6}  "
          f"({erased} erased, {answered} outcomes)")
    print(f"{'  the same return bundle again':42} {return_again_seconds:8.2f} {'':>8} {'':>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
