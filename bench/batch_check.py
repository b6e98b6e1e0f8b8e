"""Batch pre-check of a village list: our run_check vs a bare baseline, in the same run.

    python bench/batch_check.py            100,000 rows
    python bench/batch_check.py --rows N   another size

The baseline is what a bare script would do: csv.reader, python-stdnum's nik.is_valid per row and a
CSV written with csv.writer. Ours does everything the product does per row (NIK with the century
resolved, KK, phone, email with suggestions, age rule, duplicates), writes the annotated XLSX in
openpyxl's write-only mode and the PDF. Absolute times on a shared machine are noisy: read the ratio.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stdnum.id import nik as stdnum_nik

from prakerja_desktop.batch import run_check

DISTRICTS = ("350820", "350801", "317101", "327301", "110507", "510101", "730101", "640101")
FIRST = ("Budi", "Siti", "Agus", "Dewi", "Eko", "Sri", "Andi", "Rina", "Joko", "Wati", "Made", "Ketut")
LAST = ("Santoso", "Rahayu", "Wibowo", "Lestari", "Saputra", "Hidayat", "Siregar", "Nasution", "Lubis")
T = TypeVar("T")
HEADER = ["No", "Nama", "NIK", "No KK", "No HP", "Email", "Tanggal Lahir", "Desa"]


def write_list(path: Path, rows: int, seed: int = 11) -> None:
    """A made-up village list: mostly good rows, ~3% short NIKs, typos in emails, some duplicates."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for i in range(rows):
            birth = date(1962, 1, 1) + timedelta(days=rng.randrange(0, 46 * 365))
            day = birth.day + (40 if rng.random() < 0.5 else 0)
            district = rng.choice(DISTRICTS)
            nik = f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{i % 9999 + 1:04d}"
            if rng.random() < 0.03:
                nik = nik[:-1]
            kk = f"{district}{rng.randrange(1, 28):02d}{rng.randrange(1, 13):02d}{rng.randrange(0, 24):02d}" \
                 f"{rng.randrange(1, 9999):04d}"
            email = f"{rng.choice(FIRST).lower()}{i}@{rng.choice(('gmail.com', 'yahoo.co.id', 'gmial.com'))}"
            writer.writerow([i + 1, f"{rng.choice(FIRST)} {rng.choice(LAST)}", nik, kk,
                             f"08{rng.choice('1257')}{rng.randrange(10**8, 10**9)}", email,
                             birth.strftime("%d-%m-%Y"), "Ranuyoso"])


def baseline(source: Path, out: Path) -> int:
    """csv.reader + stdnum's nik.is_valid per row, written back as CSV with a status column."""
    count = 0
    with source.open(encoding="utf-8", newline="") as inp, out.open("w", encoding="utf-8", newline="") as dst:
        reader = csv.reader(inp, delimiter=";")
        writer = csv.writer(dst, delimiter=";")
        writer.writerow([*next(reader), "Status"])
        for row in reader:
            writer.writerow([*row, "siap" if stdnum_nik.is_valid(row[2]) else "perbaiki"])
            count += 1
    return count


def timed(function: Callable[[], T], repeat: int) -> tuple[float, T]:
    """The fastest of `repeat` calls (the least disturbed by other load), and the last result."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def main(argv: list[str] | None = None) -> int:
    """Generate the list, run both, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs each (default 1)")
    parser.add_argument("--memory", action="store_true", help="also trace memory (about 4× slower)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as folder:
        work = Path(folder)
        source = work / "daftar.csv"
        write_list(source, args.rows)
        run_check(source, work / "warm.xlsx")  # warm the caches: first use loads region and phone tables
        base_s, base_rows = timed(lambda: baseline(source, work / "baseline.csv"), args.repeat)
        xlsx_s, summary = timed(lambda: run_check(source, work / "ours.xlsx"), args.repeat)
        pdf_s, _ = timed(lambda: run_check(source, work / "ours2.xlsx", work / "ours2.pdf"), args.repeat)
        peak = None
        if args.memory:
            tracemalloc.start()
            run_check(source, work / "ours3.xlsx", work / "ours3.pdf")
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        size_mb = source.stat().st_size / 1e6
    rows = [("baseline: csv + stdnum.is_valid -> CSV", base_s),
            ("run_check -> annotated XLSX", xlsx_s),
            ("run_check -> annotated XLSX + PDF", pdf_s)]
    print(f"\n{args.rows:,} rows ({size_mb:.1f} MB CSV); {summary.counts_line()}")
    print(f"{'what':42} {'seconds':>9} {'rows/s':>9} {'ratio':>7}")
    for name, seconds in rows:
        print(f"{name:42} {seconds:>9.2f} {base_rows / seconds:>9,.0f} {seconds / base_s:>6.1f}×")
    if peak is not None:
        print(f"traced peak memory of run_check (XLSX + PDF): {peak / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
