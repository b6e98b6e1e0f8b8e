"""Header matching, ID numbers mangled by spreadsheets, and birth dates as villages write them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from prakerja_desktop.batch.columns import find_header, match_header, normalize_header
from prakerja_desktop.domain.fields.cells import Digits, id_digits, phone_text
from prakerja_desktop.domain.fields.dates import read_birth_date as parse_birth_date


@pytest.mark.parametrize(("title", "field"), [
    ("Nama", "name"), ("NAMA LENGKAP", "name"), ("Full name", "name"), ("nama_sesuai_ktp", "name"),
    ("NIK", "nik"), ("No. KTP", "nik"), ("Nomor Induk Kependudukan", "nik"), ("no ktp (16 digit)", "nik"),
    ("KK", "kk"), ("No. KK", "kk"), ("Nomor KK", "kk"), ("Family card", "kk"),
    ("HP", "phone"), ("No HP/WA", "phone"), ("Telepon", "phone"), ("Phone", "phone"), ("WhatsApp", "phone"),
    ("Email", "email"), ("E-mail", "email"), ("Surel", "email"),
    ("Tanggal Lahir", "birth_date"), ("Tgl. Lahir", "birth_date"), ("Birth date", "birth_date"),
    ("Date of birth", "birth_date"), ("Tempat/Tanggal Lahir", "birth_date"),
])
def test_header_names(title: str, field: str) -> None:
    assert match_header(["x", title]).columns == {field: 1}


def test_header_row_found_below_a_title_and_extras_reported() -> None:
    rows = [("Daftar peserta",), (), ("No", "Nama", "NIK", "Alamat", None, "")]
    index, header = find_header(rows)  # type: ignore[misc]
    assert index == 2 and header.columns == {"name": 1, "nik": 2}
    assert header.ignored == ("No", "Alamat") and header.titles == ("No", "Nama", "NIK", "Alamat")
    assert normalize_header("  Nó. K.T.P  ") == "noktp"


@pytest.mark.parametrize(("value", "expected"), [
    ("3508201705000001", Digits("3508201705000001")),
    (3508201705000001, Digits("3508201705000001")),
    (3508201705000001.0, Digits("3508201705000001")),
    (3508201705000000, Digits("3508201705000000", "rounded")),  # Excel's 15 digits: the 16th became 0
    (9171011705000001.0, Digits("9171011705000000", "rounded")),  # beyond a float's exact whole numbers
    ("3,50821E+15", Digits("3508210000000000", "lost")),
    ("3.50821E+15", Digits("3508210000000000", "lost")),
    ("3.508201705000001E+15", Digits("3508201705000001")),
    ("3508201705000001.0", Digits("3508201705000001")),
    ("'3508201705000001", Digits("3508201705000001")),
    ('="3508201705000001"', Digits("3508201705000001")),
    (None, Digits("")),
])
def test_id_digits(value: object, expected: Digits) -> None:
    assert id_digits(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (81234567890, "081234567890"), ("81234567890", "081234567890"), ("812-3456-7890", "0812-3456-7890"),
    ("081234567890", "081234567890"), ("+62 812 3456 7890", "+62 812 3456 7890"),
    (6281234567890, "6281234567890"), ('="081234567890"', "081234567890"),
])
def test_phone_text_gets_its_leading_zero_back(value: object, expected: str) -> None:
    assert phone_text(value).text == expected


def test_phone_in_scientific_notation_is_lost() -> None:
    assert phone_text("8,12346E+10").damage == "lost"


@pytest.mark.parametrize(("value", "expected"), [
    ("17-05-2000", date(2000, 5, 17)), ("17/05/2000", date(2000, 5, 17)), ("2000-05-17", date(2000, 5, 17)),
    ("17.05.2000", date(2000, 5, 17)), ("7-5-2000", date(2000, 5, 7)), ("17 Mei 2000", date(2000, 5, 17)),
    ("17 Agustus 1999", date(1999, 8, 17)), ("17-May-2000", date(2000, 5, 17)),
    ("Lumajang, 17-05-2000", date(2000, 5, 17)), ("2000-05-17 00:00:00", date(2000, 5, 17)),
    ("17052000", date(2000, 5, 17)), ("20000517", date(2000, 5, 17)),
    (datetime(2000, 5, 17), date(2000, 5, 17)), (date(2000, 5, 17), date(2000, 5, 17)),
])
def test_birth_dates(value: object, expected: date) -> None:
    assert parse_birth_date(value) == parse_birth_date(value, excel_numbers=True)
    assert parse_birth_date(value).value == expected


@pytest.mark.parametrize(("value", "problem"), [
    ("", "missing"), (None, "missing"), ("kemarin", "unreadable"), ("17-05-00", "two_digit_year"),
    ("05/17/2000", "month_first"), ("31-02-2000", "impossible"), (36663, "unreadable"),
])
def test_birth_date_problems(value: object, problem: str) -> None:
    assert parse_birth_date(value).problem == problem


def test_excel_day_numbers_only_from_xlsx() -> None:
    assert parse_birth_date(36663, excel_numbers=True).value == date(2000, 5, 17)
    assert parse_birth_date(36663.0, excel_numbers=True).value == date(2000, 5, 17)
