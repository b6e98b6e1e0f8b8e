"""KK (family card) number parsing and masking, with property tests."""

from __future__ import annotations

import logging
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prakerja_desktop.domain import regions
from prakerja_desktop.domain.findings import CheckResult, Severity
from prakerja_desktop.domain.kk import (
    EARLIEST_ISSUE_YEAR,
    KkInfo,
    mask_kk,
    parse_kk,
    resolve_issue_date,
)

TODAY = date(2026, 11, 28)
DISTRICT_CODES = sorted(
    code
    for province, _name in regions.provinces()
    for regency, _rname in regions.regencies(province)
    for code, _dname in regions.districts(regency)
)


def build_kk(code6: str, issued: date, serial: int) -> str:
    """A KK number from its parts (no +40 on the day)."""
    return f"{code6}{issued.day:02d}{issued.month:02d}{issued.year % 100:02d}{serial:04d}"


def assert_well_formed(result: CheckResult[KkInfo]) -> None:
    assert isinstance(result, CheckResult)
    for finding in result.findings:
        assert finding.message.strip()
        assert finding.code.startswith("kk.")
        assert not re.search(r"\{[a-z_]*\}", finding.message)
    if result.ok:
        assert result.value is not None
        assert re.fullmatch(r"[0-9]{16}", result.value.number)
    else:
        assert result.value is None
        assert result.errors


def test_valid_kk() -> None:
    result = parse_kk("3508201203150002", today=TODAY)
    assert result.ok
    assert result.value == KkInfo(
        number="3508201203150002",
        region_code6="350820",
        region=regions.lookup("350820"),
        issue_date=date(2015, 3, 12),
        serial="0002",
    )
    assert result.codes() == {"kk.region"}
    assert "Kec. Ranuyoso" in result.findings[0].message


@pytest.mark.parametrize(
    ("date_part", "expected"),
    [
        ("120315", date(2015, 3, 12)),
        ("120385", date(1985, 3, 12)),
        ("010170", date(1970, 1, 1)),
        ("280226", date(2026, 2, 28)),
        ("281126", date(2026, 11, 28)),  # issued today
        ("290296", date(1996, 2, 29)),
        ("290200", date(2000, 2, 29)),
    ],
)
def test_issue_date_century(date_part: str, expected: date) -> None:
    result = parse_kk(f"350820{date_part}0002", today=TODAY)
    assert result.ok
    assert result.value.issue_date == expected


@pytest.mark.parametrize("date_part", ["291126", "011226", "010130", "010169"])
def test_issue_date_in_the_future_is_an_error(date_part: str) -> None:
    result = parse_kk(f"350820{date_part}0002", today=TODAY)
    assert not result.ok
    assert "kk.issue_date_future" in result.codes()
    assert date_part in result.errors[0].message


@pytest.mark.parametrize("date_part", ["320115", "000115", "011315", "010015", "310415", "290201"])
def test_impossible_issue_date(date_part: str) -> None:
    result = parse_kk(f"350820{date_part}0002", today=TODAY)
    assert not result.ok
    assert "kk.issue_date_invalid" in result.codes()
    assert "NIK" not in result.errors[0].message


def test_a_womans_nik_in_the_kk_field_gets_a_hint() -> None:
    result = parse_kk("3508204505050001", today=TODAY)
    assert "kk.issue_date_invalid" in result.codes()
    assert "Mungkin ini NIK" in result.errors[0].message


def test_resolve_issue_date() -> None:
    assert resolve_issue_date(12, 3, 15, today=TODAY) == (date(2015, 3, 12), "ok")
    assert resolve_issue_date(1, 1, 30, today=TODAY) == (None, "future")
    assert resolve_issue_date(31, 4, 15, today=TODAY) == (None, "invalid")
    assert resolve_issue_date(1, 1, EARLIEST_ISSUE_YEAR % 100, today=TODAY)[1] == "ok"


@pytest.mark.parametrize("typed", ["", "  ", "\t"])
def test_empty(typed: str) -> None:
    result = parse_kk(typed, today=TODAY)
    assert result.codes() == {"kk.empty"}
    assert result.errors[0].message == "Nomor KK belum diisi."


def test_length_message_counts_digits() -> None:
    short = parse_kk("350820 1203 1500 0", today=TODAY)
    assert short.codes() == {"kk.length"}
    assert short.errors[0].message == "Nomor KK harus 16 angka. Anda baru mengetik 15 angka."
    long = parse_kk("35082012031500021", today=TODAY)
    assert long.codes() == {"kk.length"}
    assert "17 angka" in long.errors[0].message


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("3508 2012 0315 0002", None),
        ("3508.2012.0315.0002", None),
        ("3508-2012-0315-0002", None),
        ("3508201203150OO2", "kk.characters"),
        ("KK 3508201203150002", "kk.characters"),
        ("3508/2012/0315/0002", "kk.characters"),
        ("３５０８２０１２０３１５０００２", "kk.non_ascii_digit"),
        ("٣٥٠٨٢٠١٢٠٣١٥٠٠٠٢", "kk.non_ascii_digit"),
    ],
)
def test_cleaning_rules(typed: str, code: str | None) -> None:
    result = parse_kk(typed, today=TODAY)
    if code is None:
        assert result.ok
        assert result.value.number == "3508201203150002"
    else:
        assert not result.ok
        assert result.codes() == {code}


def test_unknown_province_is_an_error() -> None:
    result = parse_kk("9908201203150002", today=TODAY)
    assert not result.ok
    assert "kk.province_unknown" in result.codes()


def test_unknown_district_is_a_warning() -> None:
    result = parse_kk("3508991203150002", today=TODAY)
    assert result.ok
    warnings = result.warnings
    assert [w.code for w in warnings] == ["kk.district_unknown"]
    assert warnings[0].severity is Severity.WARNING
    assert result.value.region == regions.Region("35", "Jawa Timur", "3508", "Kab. Lumajang")


def test_unknown_regency_is_a_warning() -> None:
    result = parse_kk("3599011203150002", today=TODAY)
    assert result.ok
    assert "kk.district_unknown" in result.codes()


def test_serial_0000_is_an_error() -> None:
    result = parse_kk("3508201203150000", today=TODAY)
    assert not result.ok
    assert "kk.serial_zero" in result.codes()


def test_mask_kk() -> None:
    assert mask_kk("3508201203150002") == "350820******0002"
    assert mask_kk("3508-2012-0315-0002") == "350820******0002"
    assert mask_kk("35082012031500") == "*" * 16
    assert mask_kk("KK3508201203150002") == "*" * 16


def test_nothing_personal_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for typed in ["3508201203150002", "9908201203150000", "3508991203150002"]:
        parse_kk(typed, today=TODAY)
    assert "35082" not in caplog.text
    assert "12031500" not in caplog.text


ANY_TEXT = st.one_of(
    st.text(),
    st.text(st.characters(), min_size=1),
    st.text(min_size=1000, max_size=5000),
    st.text(alphabet="0123456789", min_size=15, max_size=17),
    st.text(alphabet="0123456789 .-", max_size=40),
    st.text(st.characters(categories=["Nd", "No", "Nl"]), min_size=16, max_size=16),
    st.text(st.characters(categories=["Zs", "Cc", "Cf"]), max_size=20),
)


@given(ANY_TEXT, st.dates(date(1900, 1, 1), date(2200, 1, 1)))
@settings(deadline=None)
def test_never_raises_and_always_explains(text: str, today: date) -> None:
    result = parse_kk(text, today=today)
    assert_well_formed(result)
    if result.ok:
        assert EARLIEST_ISSUE_YEAR <= result.value.issue_date.year
        assert result.value.issue_date <= today


@given(
    st.sampled_from(DISTRICT_CODES),
    st.dates(date(EARLIEST_ISSUE_YEAR, 1, 1), TODAY),
    st.integers(1, 9999),
)
def test_round_trip(code6: str, issued: date, serial: int) -> None:
    result = parse_kk(build_kk(code6, issued, serial), today=TODAY)
    assert result.ok
    assert result.value.issue_date == issued
    assert result.value.region == regions.lookup(code6)
    assert result.value.serial == f"{serial:04d}"


@given(st.dates(date(2026, 11, 29), date(2069, 12, 31)))
def test_future_issue_dates_are_rejected(issued: date) -> None:
    result = parse_kk(build_kk("350820", issued, 2), today=TODAY)
    assert not result.ok
    assert "kk.issue_date_future" in result.codes()


@given(st.text(alphabet="0123456789", min_size=16, max_size=16))
def test_mask_never_shows_the_middle(number: str) -> None:
    masked = mask_kk(number)
    assert len(masked) == 16
    assert masked[:6] == number[:6] and masked[-4:] == number[-4:]
    assert masked[6:12] == "******"
