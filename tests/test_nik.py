"""NIK parsing: cleaning, century, region, messages, masking; with property tests."""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prakerja_desktop.domain import regions
from prakerja_desktop.domain.findings import CheckResult, Severity
from prakerja_desktop.domain.nik import NikInfo, age_on, mask_nik, parse_nik, resolve_century

TODAY = date(2026, 11, 28)
DISTRICT_CODES = sorted(
    code
    for province, _name in regions.provinces()
    for regency, _rname in regions.regencies(province)
    for code, _dname in regions.districts(regency)
)


def build_nik(code6: str, birth: date, sex: str, serial: int) -> str:
    """A NIK from its parts (women: day + 40)."""
    day = birth.day + (40 if sex == "P" else 0)
    return f"{code6}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def assert_well_formed(result: CheckResult[NikInfo]) -> None:
    assert isinstance(result, CheckResult)
    for finding in result.findings:
        assert finding.message.strip()
        assert finding.code.startswith("nik.")
        assert not re.search(r"\{[a-z_]*\}", finding.message)  # every placeholder filled
    if result.ok:
        assert result.value is not None
        assert len(result.value.nik) == 16 and result.value.nik.isascii()
        assert result.value.nik.isdigit()
    else:
        assert result.value is None
        assert result.errors


# --- the happy path ---------------------------------------------------------------------------


def test_valid_male_nik() -> None:
    result = parse_nik("3508201708450001", today=TODAY)
    assert result.ok
    value = result.value
    assert value == NikInfo(
        nik="3508201708450001",
        province_code="35",
        regency_code="3508",
        district_code="350820",
        region=regions.lookup("350820"),
        birth_date=date(1945, 8, 17),
        sex="L",
        serial="0001",
    )
    assert result.codes() == {"nik.region"}
    assert result.findings[0].severity is Severity.INFO
    assert "Kec. Ranuyoso, Kab. Lumajang, Jawa Timur" in result.findings[0].message


def test_valid_female_nik_day_plus_40() -> None:
    result = parse_nik("3508205708450001", today=TODAY)
    assert result.ok
    assert result.value.sex == "P"
    assert result.value.birth_date == date(1945, 8, 17)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("3508204101900002", date(1990, 1, 1)), ("3508207101900002", date(1990, 1, 31))],
)
def test_female_day_edges(raw: str, expected: date) -> None:
    result = parse_nik(raw, today=TODAY)
    assert result.ok
    assert (result.value.birth_date, result.value.sex) == (expected, "P")


@pytest.mark.parametrize(
    "typed",
    [
        "3508 2017 0845 0001",
        "3508.2017.0845.0001",
        "3508-2017-0845-0001",
        "3508\u20132017\u20140845\u22120001",  # en dash, em dash, minus sign from a pasted document
        "  3508201708450001\n",
        "3508\u00a02017\t0845 0001",  # no-break space and a tab
        "\u200b3508201708450001\ufeff",  # zero-width characters from chat apps
        "35 08 20 17 08 45 00 01",
    ],
)
def test_separators_are_removed(typed: str) -> None:
    result = parse_nik(typed, today=TODAY)
    assert result.ok
    assert result.value.nik == "3508201708450001"


# --- blocked input ----------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["", "   ", "\n\t", " - . "])
def test_empty(typed: str) -> None:
    result = parse_nik(typed, today=TODAY)
    assert not result.ok
    assert result.codes() == {"nik.empty"}
    assert result.errors[0].message == "NIK belum diisi."


@pytest.mark.parametrize(("typed", "count"), [("350820170845000", 15), ("3508", 4), ("1", 1)])
def test_too_short_says_how_many(typed: str, count: int) -> None:
    result = parse_nik(typed, today=TODAY)
    assert result.codes() == {"nik.length"}
    assert result.errors[0].message == (
        f"NIK harus 16 angka. Anda baru mengetik {count} angka."
    )


def test_too_long_says_how_many() -> None:
    result = parse_nik("35082017084500011", today=TODAY)
    assert result.codes() == {"nik.length"}
    assert "17 angka" in result.errors[0].message
    assert "kelebihan 1" in result.errors[0].message


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("35082O1708450001", "angka 0"),
        ("3508201708450oo1", "angka 0"),
        ("350820170845000l", "angka 1"),
        ("3508201708450A01", 'huruf "A"'),
        ("NIK 3508201708450001", 'huruf "N"'),
    ],
)
def test_letters_are_errors_with_plain_hints(typed: str, hint: str) -> None:
    result = parse_nik(typed, today=TODAY)
    assert not result.ok
    assert result.codes() == {"nik.characters"}
    assert hint in result.errors[0].message


@pytest.mark.parametrize("typed", ["3508/2017/0845/0001", "3508201708450001*", "3508_201708450001"])
def test_symbols_are_errors(typed: str) -> None:
    result = parse_nik(typed, today=TODAY)
    assert result.codes() == {"nik.characters"}


def test_invisible_control_character_is_named_as_invisible() -> None:
    result = parse_nik("3508201708450001\x07", today=TODAY)
    assert result.codes() == {"nik.characters"}
    assert "tidak terlihat" in result.errors[0].message


@pytest.mark.parametrize(
    "typed",
    [
        "٣٥٠٨٢٠١٧٠٨٤٥٠٠٠١",  # Arabic-Indic
        "３５０８２０１７０８４５０００１",  # full-width
        "३५०८२०१७०८४५०००१",  # Devanagari
        "350820170845000\u0661",  # one Arabic-Indic digit at the end
        "3508201708450001\u00b2",  # superscript two
    ],
)
def test_non_ascii_digits_are_errors(typed: str) -> None:
    assert any(ch.isdigit() and not ch.isascii() for ch in typed)  # why isdigit() is not enough
    result = parse_nik(typed, today=TODAY)
    assert not result.ok
    assert result.codes() == {"nik.non_ascii_digit"}
    assert "0 sampai 9" in result.errors[0].message


def test_unknown_province_is_an_error() -> None:
    result = parse_nik("9908201708450001", today=TODAY)
    assert not result.ok
    assert "nik.province_unknown" in result.codes()
    assert "nik.region" not in result.codes()


def test_unknown_regency_is_only_a_warning() -> None:
    result = parse_nik("3599011708450001", today=TODAY)
    assert result.ok
    assert {f.code for f in result.warnings} == {"nik.regency_unknown"}
    assert result.value.region == regions.Region("35", "Jawa Timur")


def test_unknown_district_is_only_a_warning() -> None:
    result = parse_nik("3508991708450001", today=TODAY)
    assert result.ok
    assert {f.code for f in result.warnings} == {"nik.district_unknown"}
    assert result.value.region.regency == "Kab. Lumajang"
    assert result.value.region.district is None


def test_pre_2022_papua_code_still_parses() -> None:
    # Merauke was 9101 before Papua Selatan (93) was created; such NIKs are never reissued.
    result = parse_nik("9101011708450001", today=TODAY)
    assert result.ok
    # The old-code table (resources/regions/kode_lama.csv) now knows it: a note, no longer a warning.
    assert "nik.region_former_code" in result.codes()
    assert not result.warnings
    assert result.value is not None and result.value.region is not None
    assert result.value.region.label() == "Kec. Merauke, Kab. Merauke, Papua Selatan"


@pytest.mark.parametrize(
    "date_part",
    [
        "320190",  # day 32
        "000190",  # day 0
        "400190",  # day 40 (neither a man's nor a woman's day)
        "720190",  # day 72 (women: 32)
        "810190",  # day 81: stdnum takes the day modulo 40 and would accept it
        "011390",  # month 13
        "010090",  # month 0
        "310490",  # 31 April
        "710490",  # women: 31 April
        "290201",  # 29 February in neither 1901 nor 2001
        "300200",  # 30 February
    ],
)
def test_impossible_birth_dates(date_part: str) -> None:
    result = parse_nik(f"350820{date_part}0001", today=TODAY)
    assert not result.ok
    assert "nik.birth_date_invalid" in result.codes()
    assert date_part in result.errors[0].message


def test_29_february_2000() -> None:
    result = parse_nik("3508202902000001", today=TODAY)
    assert result.ok
    assert result.value.birth_date == date(2000, 2, 29)


def test_serial_0000_is_an_error() -> None:
    result = parse_nik("3508201708450000", today=TODAY)
    assert not result.ok
    assert "nik.serial_zero" in result.codes()


def test_all_errors_are_reported_together() -> None:
    result = parse_nik("9908203202900000", today=TODAY)
    assert {"nik.province_unknown", "nik.birth_date_invalid", "nik.serial_zero"} <= result.codes()
    assert len(result.errors) == 3


# --- the century ------------------------------------------------------------------------------


def test_born_2005_is_21_not_121() -> None:
    result = parse_nik("3508200505050001", today=TODAY)
    assert result.value.birth_date == date(2005, 5, 5)
    assert age_on(result.value.birth_date, TODAY) == 21


def test_year_of_today_before_today_is_this_century() -> None:
    result = parse_nik("3508200101260001", today=TODAY)
    assert result.value.birth_date == date(2026, 1, 1)


def test_date_later_this_year_falls_back_a_century() -> None:
    result = parse_nik("3508201512260001", today=TODAY)
    assert result.value.birth_date == date(1926, 12, 15)


def test_stated_birth_date_picks_the_century() -> None:
    # YY 20 could be 2020 (a child) or 1920 (106): only the stated date can tell.
    assert parse_nik("3508200101200001", today=TODAY).value.birth_date == date(2020, 1, 1)
    result = parse_nik("3508200101200001", stated_birth_date=date(1920, 1, 1), today=TODAY)
    assert result.value.birth_date == date(1920, 1, 1)
    assert "nik.birth_date_mismatch" not in result.codes()


def test_stated_date_never_pushes_age_over_110() -> None:
    result = parse_nik("3508200101100001", stated_birth_date=date(1910, 1, 1), today=TODAY)
    assert result.value.birth_date == date(2010, 1, 1)
    assert "nik.birth_date_mismatch" in result.codes()


def test_resolve_century_directly() -> None:
    assert resolve_century(5, 5, 5, today=TODAY) == date(2005, 5, 5)
    assert resolve_century(5, 5, 95, today=TODAY) == date(1995, 5, 5)
    assert resolve_century(29, 2, 0, today=TODAY) == date(2000, 2, 29)
    assert resolve_century(29, 2, 0, today=date(1999, 1, 1)) is None  # 1900 was not a leap year
    assert resolve_century(5, 5, 95, today=TODAY, hint=date(2095, 1, 1)) == date(1995, 5, 5)


# --- stated birth date ------------------------------------------------------------------------


def test_birth_date_mismatch_is_a_warning_not_a_rejection() -> None:
    result = parse_nik("3508201708450001", stated_birth_date=date(1945, 8, 18), today=TODAY)
    assert result.ok
    assert result.value.birth_date == date(1945, 8, 17)
    mismatch = [f for f in result.findings if f.code == "nik.birth_date_mismatch"]
    assert len(mismatch) == 1
    assert mismatch[0].severity is Severity.WARNING
    assert "17-08-1945" in mismatch[0].message
    assert "18-08-1945" in mismatch[0].message
    assert "Dukcapil" in mismatch[0].message


def test_matching_stated_date_gives_no_warning() -> None:
    result = parse_nik("3508205708450001", stated_birth_date=date(1945, 8, 17), today=TODAY)
    assert result.ok
    assert not result.warnings


# --- age and masking --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(2005, 11, 28), date(2026, 11, 28), 21),
        (date(2005, 11, 29), date(2026, 11, 28), 20),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2027, 1, 1), date(2026, 11, 28), -1),
    ],
)
def test_age_on(birth: date, on: date, age: int) -> None:
    assert age_on(birth, on) == age


def test_mask_nik() -> None:
    assert mask_nik("3508201708450001") == "350820******0001"
    assert mask_nik("3508 2017 0845 0001") == "350820******0001"


@pytest.mark.parametrize("bad", ["", "123", "35082017084500011", "35082O1708450001", "٣٥٠٨"])
def test_mask_of_anything_else_shows_nothing(bad: str) -> None:
    assert mask_nik(bad) == "*" * 16


def test_nothing_personal_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for typed in ["3508201708450001", "9908203202900000", "35082O1708450001", "3508991708450001"]:
        parse_nik(typed, stated_birth_date=date(1990, 1, 1), today=TODAY)
    assert "35082" not in caplog.text
    assert "99082" not in caplog.text


# --- properties -------------------------------------------------------------------------------


NON_ASCII_DIGITS = st.characters(categories=["Nd"]).filter(lambda ch: not ch.isascii())
ANY_TEXT = st.one_of(
    st.text(),
    st.text(st.characters(), min_size=1),
    st.text(st.characters(codec="utf-8"), min_size=500, max_size=5000),
    st.text(alphabet="0123456789", min_size=15, max_size=15),
    st.text(alphabet="0123456789", min_size=16, max_size=16),
    st.text(alphabet="0123456789", min_size=17, max_size=17),
    st.text(alphabet="0123456789 .-", max_size=40),
    st.text(NON_ASCII_DIGITS, min_size=16, max_size=16),
    st.text(st.sampled_from(" \t\n\r\u00a0\u2003\u200b"), max_size=20),
)


@given(ANY_TEXT, st.one_of(st.none(), st.dates()), st.dates(date(1900, 1, 1), date(2200, 1, 1)))
@settings(deadline=None)
def test_never_raises_and_always_explains(text: str, stated: date | None, today: date) -> None:
    result = parse_nik(text, stated_birth_date=stated, today=today)
    assert_well_formed(result)
    if result.ok:
        assert result.value.birth_date <= today
        assert 0 <= age_on(result.value.birth_date, today) <= 110


PEOPLE = st.tuples(
    st.sampled_from(DISTRICT_CODES),
    st.dates(TODAY - timedelta(days=365 * 99), TODAY),
    st.sampled_from(["L", "P"]),
    st.integers(1, 9999),
)


@given(PEOPLE)
def test_round_trip(person: tuple[str, date, str, int]) -> None:
    code6, birth, sex, serial = person
    result = parse_nik(build_nik(code6, birth, sex, serial), today=TODAY)
    assert result.ok
    assert result.value.birth_date == birth
    assert result.value.sex == sex
    assert result.value.region == regions.lookup(code6)
    assert result.value.serial == f"{serial:04d}"
    assert result.codes() == {"nik.region"}


@given(
    st.sampled_from(DISTRICT_CODES),
    st.dates(date(1916, 11, 28), TODAY),  # everyone up to 110 years old on TODAY
    st.sampled_from(["L", "P"]),
    st.integers(1, 9999),
)
def test_round_trip_with_stated_date_up_to_110(
    code6: str, birth: date, sex: str, serial: int
) -> None:
    result = parse_nik(build_nik(code6, birth, sex, serial), stated_birth_date=birth, today=TODAY)
    assert result.ok
    assert result.value.birth_date == birth
    assert "nik.birth_date_mismatch" not in result.codes()


@given(st.dates(date(2000, 1, 1), date(2008, 12, 31)), st.sampled_from(["L", "P"]))
def test_born_2000_to_2008_gets_the_right_century(birth: date, sex: str) -> None:
    result = parse_nik(build_nik("350820", birth, sex, 1), today=TODAY)
    assert result.value.birth_date == birth
    assert 17 <= age_on(result.value.birth_date, TODAY) <= 26


@given(PEOPLE, st.lists(st.sampled_from([" ", ".", "-", "\u2013", "\u00a0"]), max_size=16))
def test_separators_anywhere_do_not_change_the_result(
    person: tuple[str, date, str, int], seps: list[str]
) -> None:
    nik = build_nik(*person)
    typed = "".join(d + (seps[i] if i < len(seps) else "") for i, d in enumerate(nik))
    result = parse_nik(typed, today=TODAY)
    assert result.ok
    assert result.value.nik == nik


@given(PEOPLE, st.integers(0, 15), NON_ASCII_DIGITS)
def test_one_non_ascii_digit_is_always_caught(
    person: tuple[str, date, str, int], position: int, digit: str
) -> None:
    nik = build_nik(*person)
    result = parse_nik(nik[:position] + digit + nik[position + 1 :], today=TODAY)
    assert result.codes() == {"nik.non_ascii_digit"}


@given(st.text(alphabet="0123456789", min_size=16, max_size=16))
def test_mask_never_shows_the_middle(nik: str) -> None:
    masked = mask_nik(nik)
    assert len(masked) == 16
    assert masked[:6] == nik[:6]
    assert masked[-4:] == nik[-4:]
    assert masked[6:12] == "******"
