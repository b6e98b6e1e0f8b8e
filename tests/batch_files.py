"""Made-up village lists for the batch pre-check tests: CSV and XLSX written into tmp_path."""

from __future__ import annotations

import csv
import random
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from tests.factories import make_nik

TODAY = date(2026, 11, 28)
HEADER = ["Nama", "NIK", "No KK", "No HP", "Email", "Tanggal Lahir"]


def kk(serial: int) -> str:
    """A made-up valid KK number (issued 12-03-2015 in Kec. Ranuyoso)."""
    return f"350820120315{serial:04d}"


def phone(serial: int) -> str:
    """A made-up Telkomsel-looking mobile number."""
    return f"0812{serial:08d}"


def person(name: str, birth: date, serial: int, **override: str) -> list[str]:
    """One good row; keyword arguments replace single cells (nik, kk, phone, email, birth)."""
    row = {"name": name, "nik": make_nik(birth, serial=serial), "kk": kk(serial), "phone": phone(serial),
           "email": f"orang{serial}@gmail.com", "birth": birth.strftime("%d-%m-%Y")}
    row.update(override)
    return [row["name"], row["nik"], row["kk"], row["phone"], row["email"], row["birth"]]


def write_csv(path: Path, rows: Iterable[Sequence[Any]], *, header: Sequence[str] = HEADER,
              encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """A CSV file with the header and rows."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: Iterable[Sequence[Any]], *, header: Sequence[str] = HEADER,
               above: Sequence[Sequence[Any]] = (), sheet: str = "Data") -> Path:
    """An XLSX file (openpyxl writes formulas without a cached value, like a file never opened in Excel)."""
    book = Workbook()
    first = book.active
    first.title = sheet
    for row in above:
        first.append(list(row))
    first.append(list(header))
    for row in rows:
        first.append(list(row))
    book.save(path)
    return path


def with_cached_value(source: Path, target: Path, cell: str, value: str) -> Path:
    """A copy of an XLSX whose formula in `cell` carries a cached value, as Excel saves it."""
    pattern = re.compile(rf'<c r="{cell}">(<f>.*?</f>)<v ?/>'.encode())
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data, count = pattern.subn(rf'<c r="{cell}" t="str">\1<v>{value}</v>'.encode(), data)
                assert count == 1, "formula cell not found"
            new.writestr(item, data)
    return target


def result_rows(report: Path) -> dict[int, tuple[str, str]]:
    """Source row number -> (status, notes) from an annotated XLSX."""
    sheet = load_workbook(report, read_only=True)["Hasil"]
    rows = sheet.iter_rows(values_only=True)
    header = list(next(rows))
    status, notes, number = (header.index(t) for t in ("Status", "Yang perlu diperbaiki",
                                                        "Baris di berkas asal"))
    return {row[number]: (row[status], row[notes] or "") for row in rows}


def count_result_rows(report: Path) -> int:
    """Data rows in the "Hasil" sheet, counted in its XML (reading 100k rows back would take longer)."""
    with zipfile.ZipFile(report) as archive:
        names = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        sheet = sorted(names)[1]  # Ringkasan first, Hasil second
        count = 0
        tail = b""
        with archive.open(sheet) as part:
            while chunk := part.read(1 << 20):
                count += (tail + chunk).count(b"<row ") - tail.count(b"<row ")
                tail = chunk[-8:]
    return count - 1  # the header row


def write_generated_csv(path: Path, count: int, seed: int = 7) -> Path:
    """A big made-up list (streamed to disk): mostly good rows, some typos, a few duplicates."""
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*HEADER, "Desa"])
        for i in range(count):
            birth = date(1965, 1, 1) + timedelta(days=rnd.randrange(20000))
            nik = make_nik(birth, female=rnd.random() < 0.5, serial=1 + i % 9999)
            if rnd.random() < 0.03:
                nik = nik[:-1]
            email = f"orang{i}@{rnd.choice(('gmail.com', 'yahoo.co.id', 'gmial.com'))}"
            writer.writerow([f"Orang Contoh {i}", nik, kk(1 + rnd.randrange(9999)),
                             f"08{rnd.choice('1257')}{rnd.randrange(10**8, 10**9)}", email,
                             birth.strftime("%d-%m-%Y"), "Ranuyoso"])
    return path
