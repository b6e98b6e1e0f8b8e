"""Batch pre-check of village lists: made-up CSV/XLSX files with good and bad rows, read back."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import textwrap
import tracemalloc
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from prakerja_desktop.app import App
from prakerja_desktop.batch import BatchFileError, RowStatus, database_lookup, run_check
from prakerja_desktop.batch.check import RowChecker
from prakerja_desktop.batch.reader import SourceRow
from prakerja_desktop.domain import rules
from tests.batch_files import (
    HEADER,
    TODAY,
    count_result_rows,
    kk,
    person,
    phone,
    result_rows,
    with_cached_value,
    write_csv,
    write_generated_csv,
    write_xlsx,
)
from tests.conftest import ROOT
from tests.factories import make_draft, make_nik

KNOWN = {"birth": date(1990, 1, 2), "serial": 9}  # the person already recorded in the database


def check(path: Path, tmp_path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    """run_check into tmp_path with a fixed today."""
    return run_check(path, tmp_path / "hasil.xlsx", tmp_path / "hasil.pdf", today=TODAY, **kwargs)


# --- good and bad rows together ------------------------------------------------------------------

MIXED = [
    person("Budi Santoso", date(2000, 5, 17), 1),                                     # 2 ready
    person("Salah Panjang", date(2000, 5, 17), 2, nik="350820170500002"),             # 3 15 digits
    person("Ada Huruf", date(2000, 5, 17), 3, nik="35082017O5000003"),                # 4 letter O
    person("Lahir Dua Ribu Lima", date(2005, 3, 4), 4),                               # 5 ready: not 1905
    person("KK Sama", date(1990, 1, 2), 5, kk=make_nik(date(1990, 1, 2), serial=5)),  # 6 KK = NIK
    person("Telepon Rumah", date(1990, 1, 2), 6, phone="0334 881234"),                # 7 landline
    person("Salah Ketik", date(1990, 1, 2), 7, email="salah.ketik@gmial.com"),        # 8 typo
    person("Anak Sekolah", date(2010, 10, 17), 8),                                    # 9 under 18
    person("Budi Kembar", date(2000, 5, 17), 1, kk=kk(10), phone=phone(10)),          # 10 same NIK as row 2
    person("Sudah Tercatat", KNOWN["birth"], KNOWN["serial"]),                        # 11 in the database
]


def test_good_and_bad_rows_in_one_csv(tmp_path: Path, app: App) -> None:
    app.records.submit(make_draft(**KNOWN), today=TODAY)
    source = write_csv(tmp_path / "desa.csv", MIXED)
    with database_lookup(app.db) as known:
        summary = check(source, tmp_path, known_nik=known)
    rows = result_rows(tmp_path / "hasil.xlsx")
    expected = {2: "siap", 3: "perbaiki", 4: "perbaiki", 5: "siap", 6: "perbaiki", 7: "perbaiki",
                8: "periksa", 9: "periksa", 10: "periksa", 11: "periksa"}
    assert {n: status for n, (status, _notes) in rows.items()} == expected
    assert "16 angka" in rows[3][1] and "15 angka" in rows[3][1]
    assert 'Ada huruf "O"' in rows[4][1] and "bukan angka 0" in rows[4][1]
    assert "sama dengan NIK" in rows[6][1]
    assert "bukan nomor HP" in rows[7][1]
    assert "salah.ketik@gmail.com" in rows[8][1]
    assert "16 tahun" in rows[9][1] and "18 tahun" in rows[9][1]
    assert "baris 2" in rows[10][1]
    assert "sudah tercatat" in rows[11][1]
    assert summary.rows == 10 and not summary.cancelled
    assert summary.counts == {RowStatus.READY: 2, RowStatus.FIX: 4, RowStatus.CHECK: 4}
    for code in ("nik.length", "nik.characters", "kk.same_as_nik", "phone.not_mobile", "email.suggestion",
                 "age.too_young", "dup.nik_in_file", "dup.nik_known"):
        assert summary.problems[code] == 1, code


def test_without_a_database_the_recorded_nik_is_ready(tmp_path: Path) -> None:
    summary = check(write_csv(tmp_path / "desa.csv", [person("Sudah", KNOWN["birth"], 9)]), tmp_path)
    assert summary.counts[RowStatus.READY] == 1


def test_output_keeps_nik_and_kk_as_text_and_never_writes_formulas(tmp_path: Path) -> None:
    rows = [[*person("Budi", date(2000, 5, 17), 1), '=HYPERLINK("http://contoh.invalid","klik")']]
    check(write_csv(tmp_path / "desa.csv", rows, header=[*HEADER, "Alamat"]), tmp_path)
    sheet = load_workbook(tmp_path / "hasil.xlsx")["Hasil"]
    titles = [c.value for c in sheet[1]]
    nik, kk_cell, alamat = (sheet.cell(2, titles.index(t) + 1) for t in ("NIK", "No KK", "Alamat"))
    assert nik.value == make_nik(date(2000, 5, 17)) and nik.data_type == "s" and nik.number_format == "@"
    assert kk_cell.value == kk(1) and kk_cell.number_format == "@"
    assert alamat.data_type == "s" and alamat.value.startswith("=HYPERLINK")
    summary = [r for r in load_workbook(tmp_path / "hasil.xlsx")["Ringkasan"].iter_rows(values_only=True)]
    assert ("Kolom diabaikan", "Alamat") in summary
    assert ("siap", 1) in summary


def test_title_rows_english_headers_and_ignored_columns(tmp_path: Path) -> None:
    source = tmp_path / "list.csv"
    with source.open("w", encoding="utf-8") as handle:
        handle.write("DAFTAR CALON PESERTA DESA RANUYOSO\n\n")
        handle.write("No.,Full Name,No. KTP (16 digit),Family Card,WhatsApp,E-mail,Date of Birth,RT/RW\n")
        nik = make_nik(date(2000, 5, 17))
        handle.write(f"1,Budi,{nik},{kk(1)},{phone(1)},b@gmail.com,2000-05-17,002/005\n")
    summary = check(source, tmp_path)
    assert summary.source.header_row == 3 and summary.counts[RowStatus.READY] == 1
    assert set(summary.source.header.ignored) == {"No.", "RT/RW"}
    assert summary.missing_fields() == []


def test_missing_optional_columns_are_reported_not_checked(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "desa.csv", [["Budi", make_nik(date(2000, 5, 17))]], header=["nama", "nik"])
    summary = check(source, tmp_path)
    assert summary.counts[RowStatus.READY] == 1
    assert summary.missing_fields() == ["Nomor KK", "Nomor HP", "Email", "Tanggal lahir"]


def test_age_comes_from_the_nik_without_a_birth_date_column(tmp_path: Path) -> None:
    young = make_nik(date(2012, 2, 3), serial=2)
    source = write_csv(tmp_path / "desa.csv", [["Anak", young]], header=["nama", "nik"])
    summary = check(source, tmp_path)
    assert summary.problems["age.too_young"] == 1


# --- encodings and delimiters --------------------------------------------------------------------

@pytest.mark.parametrize(("encoding", "delimiter", "label"), [
    ("utf-8-sig", ",", "UTF-8 (BOM)"),
    ("utf-8", ";", "UTF-8"),
    ("cp1252", ";", "Windows-1252 (cp1252)"),
    ("utf-16", "\t", "UTF-16 (BOM)"),
])
def test_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str, label: str) -> None:
    rows = [person("José Gonçalves", date(2000, 5, 17), 1), person("Siti Aminah", date(1999, 1, 2), 2)]
    source = write_csv(tmp_path / "desa.csv", rows, encoding=encoding, delimiter=delimiter)
    summary = check(source, tmp_path)
    assert summary.source.encoding == label and summary.source.delimiter == delimiter
    assert summary.counts[RowStatus.READY] == 2
    sheet = load_workbook(tmp_path / "hasil.xlsx")["Hasil"]
    assert sheet["A2"].value == "José Gonçalves"
    assert label in summary.how_read()


def test_latin1_fallback_and_excel_sep_line(tmp_path: Path) -> None:
    source = tmp_path / "desa.csv"
    line = f"Budi\x81;{make_nik(date(2000, 5, 17))};{kk(1)};{phone(1)};b@gmail.com;17-05-2000\r\n"
    source.write_bytes(b"sep=;\r\n" + ";".join(HEADER).encode() + b"\r\n" + line.encode("latin-1"))
    summary = check(source, tmp_path)
    assert summary.source.encoding == "Latin-1 (ISO-8859-1)" and summary.source.delimiter == ";"
    assert summary.rows == 1 and summary.source.header_row == 1


def test_excel_scientific_notation_in_csv(tmp_path: Path) -> None:
    nik = make_nik(date(2000, 5, 17))
    rows = [person("Rusak", date(2000, 5, 17), 1, nik="3,50820E+15"),
            person("Utuh", date(2000, 5, 17), 1, nik=f"{nik[0]}.{nik[1:]}E+15", kk=kk(2), phone=phone(2)),
            person("Tanpa Nol", date(1990, 1, 2), 3, phone="8123456789")]
    summary = check(write_csv(tmp_path / "desa.csv", rows, delimiter=";"), tmp_path)
    rows_out = result_rows(tmp_path / "hasil.xlsx")
    assert rows_out[2][0] == "perbaiki" and "Excel" in rows_out[2][1]
    assert rows_out[3][0] == "siap" and rows_out[4][0] == "siap"
    assert summary.problems["nik.excel_lost"] == 1


# --- XLSX ----------------------------------------------------------------------------------------

def test_xlsx_formulas_numbers_and_dates(tmp_path: Path) -> None:
    nik1 = make_nik(date(2000, 5, 17))
    rows = [
        ["Angka", int(nik1), kk(1), 81234567890, "a@gmail.com", datetime(2000, 5, 17)],        # 4 ready
        ["Rumus", '=CONCATENATE("3508","201705000002")', kk(2), phone(2), "r@gmail.com",
         "17-05-2000"],                                                                          # 5 formula
        ["Dibulatkan", 3508201705000010, kk(3), phone(3), "d@gmail.com", datetime(2000, 5, 17)],  # 6 rounded
        ["Serial Excel", make_nik(date(1990, 1, 2), serial=4), kk(4), phone(4), "s@gmail.com", 32875],
    ]
    source = write_xlsx(tmp_path / "desa.xlsx", rows, above=[["DAFTAR DESA RANUYOSO"], []])
    summary = check(source, tmp_path)
    out = result_rows(tmp_path / "hasil.xlsx")
    assert summary.source.sheet == "Data" and summary.source.header_row == 3
    assert out[4] == ("siap", "")
    assert out[5][0] == "perbaiki" and "sel berisi rumus tanpa nilai" in out[5][1]
    assert out[6][0] == "periksa" and "15 angka" in out[6][1]
    assert out[7] == ("siap", "")
    sheet = load_workbook(tmp_path / "hasil.xlsx")["Hasil"]
    assert sheet["B2"].value == nik1 and sheet["B2"].number_format == "@"
    assert sheet["D2"].value == "081234567890"

    cached = with_cached_value(source, tmp_path / "cached.xlsx", "B5", "3508201705000002")
    summary = run_check(cached, tmp_path / "cached-out.xlsx", today=TODAY)
    assert result_rows(tmp_path / "cached-out.xlsx")[5] == ("siap", "")


def test_xlsx_picks_the_sheet_with_the_header(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "desa.xlsx", [], header=["Catatan"], sheet="Catatan")
    book = load_workbook(source)
    data = book.create_sheet("Peserta")
    data.append(HEADER)
    data.append(person("Budi", date(2000, 5, 17), 1))
    book.save(source)
    assert check(source, tmp_path).source.sheet == "Peserta"


# --- files that cannot be checked: one clear message ---------------------------------------------

@pytest.mark.parametrize(("name", "content", "words"), [
    ("kosong.csv", b"", "kosong"),
    ("baris-kosong.csv", b"\r\n\r\n,,\r\n", "kosong"),
    ("judul.csv", b"Nama,NIK,HP\r\n", "hanya berisi judul kolom"),
    ("judul-dan-kosong.csv", b"Nama,NIK,HP\r\n,,\r\n\r\n", "hanya berisi judul kolom"),
    ("tanpa-nik.csv", b"Nama,Alamat\r\nBudi,Jl. Melati\r\n", "Kolom wajib tidak ditemukan: NIK"),
    ("rusak.xlsx", b"PK\x03\x04 not really a zip", "tidak bisa dibuka"),
    ("lama.xls", b"\xd0\xcf\x11\xe0", ".xls"),
    ("daftar.docx", b"x", "tidak bisa diperiksa"),
    ("biner.csv", b"\x00\x01\x02Nama\x00", "bukan berkas teks"),
    ("excel.csv", b"PK\x03\x04", "berisi data Excel"),
])
def test_unusable_files_give_one_clear_line(tmp_path: Path, name: str, content: bytes, words: str) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    with pytest.raises(BatchFileError) as caught:
        check(source, tmp_path)
    message = str(caught.value)
    assert words in message and "\n" not in message
    assert not (tmp_path / "hasil.xlsx").exists() and not (tmp_path / "hasil.pdf").exists()


def test_missing_column_message_names_found_missing_and_accepted(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "desa.csv", [["Budi", "x"]], header=["Nama Lengkap", "Alamat"])
    with pytest.raises(BatchFileError) as caught:
        check(source, tmp_path)
    message = str(caught.value)
    assert '"no ktp"' in message and '"Nama Lengkap", "Alamat"' in message


def test_empty_xlsx_and_missing_paths(tmp_path: Path) -> None:
    empty = tmp_path / "kosong.xlsx"
    write_xlsx(empty, [], header=[])
    for source, words in ((empty, "kosong"), (tmp_path / "tidak-ada.csv", "tidak ditemukan"),
                          (tmp_path, "adalah folder")):
        with pytest.raises(BatchFileError, match=words):
            check(source, tmp_path)


def test_bad_output_paths(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "desa.csv", [person("Budi", date(2000, 5, 17), 1)])
    cases = ((tmp_path / "a.csv", None, ".xlsx"), (tmp_path / "no" / "a.xlsx", None, "Folder"),
             (tmp_path / "a.xlsx", tmp_path / "a.txt", ".pdf"))
    for xlsx, pdf, words in cases:
        with pytest.raises(BatchFileError, match=re.escape(words)):
            run_check(source, xlsx, pdf)


# --- robustness, progress, cancel ---------------------------------------------------------------

def test_a_row_whose_check_crashes_does_not_stop_the_others(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    from prakerja_desktop.domain.fields import parsed as check_module  # the catalogue's phone validator

    real = check_module.phone

    def flaky(text: str):  # type: ignore[no-untyped-def]
        if text == phone(2):
            raise RuntimeError(f"boom {text}")
        return real(text)

    monkeypatch.setattr(check_module, "phone", flaky)
    rows = [person("Budi", date(2000, 5, 17), 1), person("Rusak", date(2000, 5, 17), 2),
            person("Siti", date(2000, 5, 17), 3)]
    with caplog.at_level(logging.ERROR):
        summary = check(write_csv(tmp_path / "desa.csv", rows), tmp_path)
    out = result_rows(tmp_path / "hasil.xlsx")
    assert out[2] == ("siap", "") and out[4] == ("siap", "")
    assert out[3][0] == "periksa" and "manual" in out[3][1]
    assert summary.failed_rows == 1
    logged = caplog.text
    assert "row 3" in logged and "RuntimeError" in logged
    assert phone(2) not in logged and "Rusak" not in logged
    assert make_nik(date(2000, 5, 17), serial=2) not in logged


def test_progress_and_cancel(tmp_path: Path) -> None:
    source = write_generated_csv(tmp_path / "besar.csv", 1200)
    calls: list[tuple[int, int | None]] = []
    summary = run_check(source, tmp_path / "a.xlsx", today=TODAY, progress=lambda d, t: calls.append((d, t)))
    assert calls[:2] == [(500, 1200), (1000, 1200)] and calls[-1] == (1200, 1200)
    assert summary.rows == 1200

    summary = run_check(source, tmp_path / "b.xlsx", tmp_path / "b.pdf", today=TODAY,
                        progress=lambda d, t: calls.append((d, t)), cancelled=lambda: len(calls) >= 4)
    assert summary.cancelled and summary.rows == 500
    assert len(result_rows(tmp_path / "b.xlsx")) == 500
    first = next(load_workbook(tmp_path / "b.xlsx")["Ringkasan"].iter_rows(min_row=2, values_only=True))
    assert first[0] == "DIBATALKAN"


# --- PDF -----------------------------------------------------------------------------------------

def test_pdf_lists_rows_to_fix_with_masked_niks_only(tmp_path: Path) -> None:
    check(write_csv(tmp_path / "desa.csv", MIXED), tmp_path)
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "hasil.pdf").pages)
    flat = re.sub(r"\s+", " ", text)
    assert "350820******0005" in flat and "Salah Ketik" in flat
    assert "Budi Santoso" not in flat  # a ready row is not listed
    assert re.search(r"\d{16}", text.replace(" ", "")) is None
    assert "gmial" in flat and "salah.ketik" not in flat and "0812" not in text
    assert "17-05-2000" not in flat


# --- memory and random input --------------------------------------------------------------------

def test_memory_does_not_grow_with_the_rows(tmp_path: Path) -> None:
    run_check(write_generated_csv(tmp_path / "warm.csv", 20), tmp_path / "warm.xlsx", today=TODAY)
    peaks = []
    for count in (300, 1500):
        source = write_generated_csv(tmp_path / f"list{count}.csv", count)
        tracemalloc.start()
        try:
            run_check(source, tmp_path / f"out{count}.xlsx", tmp_path / f"out{count}.pdf", today=TODAY)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    per_row = (peaks[1] - peaks[0]) / 1200
    assert per_row < 2000, f"{per_row:.0f} bytes kept per row"  # 100k rows stay far below 200 MB


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="peak memory via the resource module")
def test_100k_rows_with_bounded_memory(tmp_path: Path) -> None:
    source = write_generated_csv(tmp_path / "besar.csv", 100_000)
    small = write_generated_csv(tmp_path / "kecil.csv", 50)
    child = textwrap.dedent(f"""
        import json, resource, sys, time
        from prakerja_desktop.batch import run_check
        # libraries and tables loaded (the PDF's too: reportlab loads only when a PDF is asked for)
        run_check({str(small)!r}, {str(tmp_path / 'kecil.xlsx')!r}, {str(tmp_path / 'kecil.pdf')!r})
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.monotonic()
        summary = run_check({str(source)!r}, {str(tmp_path / 'besar.xlsx')!r},
                            {str(tmp_path / 'besar.pdf')!r})
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        scale = 1 if sys.platform == "darwin" else 1024
        print(json.dumps({{"rows": summary.rows, "grown": (after - before) * scale,
                          "seconds": time.monotonic() - started}}))
    """)
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, cwd=ROOT,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["rows"] == 100_000
    assert result["grown"] < 200 * 1024 * 1024, result
    assert count_result_rows(tmp_path / "besar.xlsx") == 100_000


_CELL = st.one_of(st.none(), st.text(max_size=40), st.integers(), st.floats(allow_nan=True),
                  st.datetimes(), st.dates(), st.booleans(),
                  st.from_regex(r"[0-9 .\-+E,]{0,20}", fullmatch=True))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_CELL, min_size=6, max_size=6))
def test_random_cells_never_break_a_row(cells: list[object]) -> None:
    columns = {name: i for i, name in enumerate(("name", "nik", "kk", "phone", "email", "birth_date"))}
    checker = RowChecker(columns, tuple(HEADER), rule_set=rules.load_rule_set(), today=TODAY,
                         known_nik=lambda nik: nik.endswith("7"), excel_numbers=True)
    result = checker.check(SourceRow(2, tuple(cells)))
    assert checker.failures == 0, result.notes
    assert result.status in RowStatus


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                                 max_size=30), min_size=6, max_size=6), min_size=1, max_size=8))
def test_random_text_in_every_cell_of_a_csv(tmp_path: Path, rows: list[list[str]]) -> None:
    source = write_csv(tmp_path / "acak.csv", rows)
    filled = sum(1 for row in rows if any(cell.strip() for cell in row))
    try:
        summary = run_check(source, tmp_path / "acak.xlsx", tmp_path / "acak.pdf", today=TODAY)
    except BatchFileError as exc:
        assert filled == 0 and "judul kolom" in str(exc)
        return
    assert summary.rows == filled and summary.failed_rows == 0


def test_a_database_that_fails_part_way_is_told_not_fatal(tmp_path: Path) -> None:
    asked: list[str] = []

    def flaky(nik: str) -> bool:
        asked.append(nik)
        raise RuntimeError("database is locked")

    rows = [person("Budi", date(2000, 5, 17), 1), person("Siti", date(2000, 5, 17), 2)]
    summary = check(write_csv(tmp_path / "desa.csv", rows), tmp_path, known_nik=flaky)
    assert summary.counts[RowStatus.READY] == 2 and summary.lookup_failed and len(asked) == 1
    assert any("Data kantor tidak bisa dibuka" in line for line in summary.lines())
