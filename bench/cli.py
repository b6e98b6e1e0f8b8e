"""Benchmark: whole command-line runs of main.py against bare scripts doing the same work.

    python bench/cli.py             medians of 5 runs each (a few minutes)
    python bench/cli.py --runs 1    one run each (the smoke test)
    python bench/cli.py --compare /work/main   also another checkout's main.py, in the same rounds

Each row starts a fresh Python process, as a person typing the command does. `--version` and `--help`
are compared with `python -c pass` (target ≤ 2×). `info`, `receipt`, `check` (a 50-row list) and
`report` are compared with a bare script that imports the same libraries (SQLAlchemy and SQLCipher
through the keyed-file opener, reportlab and segno, stdnum, phonenumbers and openpyxl) and does the
same work without our layers (target ≤ 1.5×). Runs alternate ours and bare so machine noise hits both.
Both sides run from compiled bytecode, as an installed program does (a cache folder of this run, written by
the warm-up runs, even where PYTHONDONTWRITEBYTECODE is set). Beside the wall-clock medians, the CPU
seconds (user + system) of each run: on a busy machine they vary less than the wall clock.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from prakerja_desktop.app import App  # noqa: E402

BARE_INFO = """
from pathlib import Path
from prakerja_desktop.storage import encryption
c = encryption.open_file(Path({db!r}), mode="ro")
print(c.execute("SELECT count(*) FROM records").fetchone()[0], c.execute("PRAGMA user_version").fetchone()[0])
"""

BARE_RECEIPT = """
from pathlib import Path
import segno
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Rect
from prakerja_desktop.storage import encryption
c = encryption.open_file(Path({db!r}), mode="ro")
row = c.execute("SELECT receipt_number, full_name, nik, submitted_at FROM records WHERE receipt_number = ?",
                ({number!r},)).fetchone()
pdfmetrics.registerFont(TTFont("DejaVuSans", {font!r}))
page = canvas.Canvas({out!r}, pagesize=A4)
page.setFont("DejaVuSans", 11)
for i, text in enumerate([str(v) for v in row] * 10):
    page.drawString(60, 780 - 16 * i, text)
qr = segno.make("PKJ1." + row[0] + ".20261128.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", error="m")
cells = Drawing(200, 200)
for y, line in enumerate(qr.matrix):
    for x, on in enumerate(line):
        if on:
            cells.add(Rect(x * 4, 200 - y * 4, 4, 4, fillColor=None, strokeColor=None))
renderPDF.draw(cells, page, 350, 500)
page.showPage()
page.save()
"""

BARE_CHECK = """
import csv
from pathlib import Path
import phonenumbers
from openpyxl import Workbook
from stdnum.id import nik
from prakerja_desktop.storage import encryption
c = encryption.open_file(Path({db!r}), mode="ro")
known = {{row[0] for row in c.execute("SELECT nik FROM records")}}
book = Workbook(write_only=True)
sheet = book.create_sheet("Hasil")
with open({source!r}, newline="", encoding="utf-8") as handle:
    for row in csv.DictReader(handle):
        ok = nik.is_valid(row["NIK"])
        phone = phonenumbers.is_valid_number(phonenumbers.parse(row["HP"], "ID"))
        sheet.append([row["NIK"], row["Nama"], ok, phone, row["NIK"] in known])
book.save({out!r})
"""

BARE_REPORT = """
from pathlib import Path
from openpyxl import Workbook
from prakerja_desktop.storage import encryption
c = encryption.open_file(Path({db!r}), mode="ro")
rows = c.execute("SELECT district_code, village, eligibility_outcome, count(*) FROM records "
                 "GROUP BY district_code, village, eligibility_outcome").fetchall()
book = Workbook(write_only=True)
sheet = book.create_sheet("Ringkasan")
for row in rows:
    sheet.append(list(row))
book.save({out!r})
"""


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds for one whole process run; a failed run stops the benchmark with its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"{command[1:4]} exited {result.returncode}: {result.stderr[-800:]}")
    return elapsed, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def write_list(path: Path, rows: int) -> None:
    """A small village list as people fill it (some faulty NIKs and phones)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["NIK", "Nama", "Tanggal lahir", "HP"])
        for i in range(rows):
            nik = f"350820{(i % 28) + 1:02d}0{(i % 9) + 1}98{i:04d}"[:16] if i % 7 else "35082012345"
            writer.writerow([nik, f"Orang Desa {i}", "12-03-1998", f"0812{i:08d}" if i % 5 else "12345"])


def prepare(folder: Path) -> tuple[Path, str]:
    """A data folder with 500 demo people; the database file and one receipt number."""
    app = App.open(folder)
    try:
        app.records.add_demo_data(500, seed=3)
        number = next(r.receipt_number for r in app.records.search_names("DEMO", limit=1))
    finally:
        app.close()
    return folder / "prakerja.sqlite3", number


def main(argv: list[str] | None = None) -> int:
    """Prepare a data folder, alternate ours and bare, print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--compare", metavar="CHECKOUT", type=Path,
                        help="also time this checkout's main.py (e.g. the main branch), alternating with ours")
    args = parser.parse_args(argv)
    python, main_py = sys.executable, str(ROOT / "main.py")
    with tempfile.TemporaryDirectory(prefix="prakerja-cli-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "PRAKERJA_CONFIG_DIR": str(work / "config"), "PRAKERJA_DATA_DIR": str(work / "data"),
               "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(work / "bytecode")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program runs from .pyc files
        os.environ["PRAKERJA_CONFIG_DIR"] = env["PRAKERJA_CONFIG_DIR"]  # never the real device secret
        db, number = prepare(work / "data")
        source = work / "daftar.csv"
        write_list(source, 50)
        font = str(ROOT / "resources" / "fonts" / "DejaVuSans.ttf")
        if not Path(font).exists():
            font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
        today = date.today().isoformat()
        cases = [
            ("--version", [python, main_py, "--version"], [python, "-c", "pass"], 2.0),
            ("--help", [python, main_py, "--help"], [python, "-c", "pass"], 2.0),
            ("info", [python, main_py, "info"], [python, "-c", BARE_INFO.format(db=str(db))], 1.5),
            ("receipt (A4 PDF)", [python, main_py, "receipt", number, "--out", str(work / "r.pdf")],
             [python, "-c", BARE_RECEIPT.format(db=str(db), number=number, font=font, out=str(work / "b.pdf"))], 1.5),
            ("check (50 rows -> XLSX)", [python, main_py, "check", str(source), "--out", str(work / "c.xlsx")],
             [python, "-c", BARE_CHECK.format(db=str(db), source=str(source), out=str(work / "b.xlsx"))], 1.5),
            ("report (XLSX)", [python, main_py, "report", "--from", "2020-01-01", "--to", today, "--format", "xlsx",
                               "--out", str(work / "rep.xlsx")],
             [python, "-c", BARE_REPORT.format(db=str(db), out=str(work / "brep.xlsx"))], 1.5),
        ]
        table, compared = [], []
        other_env = {**env, "PYTHONPATH": str(args.compare)} if args.compare else env
        for name, ours_cmd, bare_cmd, target in cases:
            other_cmd = [python, str(args.compare / "main.py"), *ours_cmd[2:]] if args.compare else []
            for command in (ours_cmd, bare_cmd):  # warm the file cache and the bytecode for both
                timed(command, env)
            if other_cmd:
                timed(other_cmd, other_env)
            ours, bare, other = [], [], []
            for _ in range(args.runs):
                ours.append(timed(ours_cmd, env))
                bare.append(timed(bare_cmd, env))
                if other_cmd:
                    other.append(timed(other_cmd, other_env))
            table.append((name, statistics.median(w for w, _ in ours), statistics.median(w for w, _ in bare),
                          statistics.median(c for _, c in ours), statistics.median(c for _, c in bare), target))
            if other:
                compared.append((name, statistics.median(w for w, _ in other), statistics.median(c for _, c in other)))
    print(f"{'whole process, median of ' + str(args.runs):34} {'ours s':>8} {'bare s':>8} {'ratio':>6}  target"
          f"{'':12} {'CPU ours':>9} {'bare':>6} {'ratio':>6}")
    for name, ours_s, bare_s, ours_cpu, bare_cpu, target in table:
        ratio = ours_s / bare_s
        verdict = "met" if ratio <= target else "NOT met"
        print(f"{name:34} {ours_s:8.3f} {bare_s:8.3f} {ratio:6.2f}  ≤ {target:g}× {verdict:8} "
              f"{ours_cpu:9.3f} {bare_cpu:6.3f} {ours_cpu / bare_cpu:6.2f}")
    if compared:
        print(f"\n{str(args.compare) + ' in the same rounds':34} {'its s':>8} {'ratio':>6} {'CPU':>6} {'ratio':>6}")
        for (name, wall, cpu), row in zip(compared, table, strict=True):
            print(f"{name:34} {wall:8.3f} {wall / row[2]:6.2f} {cpu:6.3f} {cpu / row[4]:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
