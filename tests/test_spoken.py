"""Numbers read back in groups (core, no Qt): the grouping a person hears must match what they typed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_desktop.domain.spoken import NumberKind, digit_groups, group_digits, shown_groups, spoken_digits


def test_a_nik_is_read_as_region_date_and_serial() -> None:
    assert digit_groups("3508201705000001", NumberKind.NIK) == ["350820", "170500", "0001"]
    assert spoken_digits("3508201705000001", NumberKind.NIK) == "3 5 0 8 2 0, 1 7 0 5 0 0, 0 0 0 1"


def test_a_kk_typed_with_separators_is_read_digit_by_digit() -> None:
    assert spoken_digits("3508.2012.0315.0007", NumberKind.KK) == "3 5 0 8 2 0, 1 2 0 3 1 5, 0 0 0 7"
    assert shown_groups("3508 2012 0315 0007", NumberKind.KK) == "350820 120315 0007"


def test_a_phone_is_read_in_groups_of_four() -> None:
    assert spoken_digits("0812-3456-7890", NumberKind.PHONE) == "0 8 1 2, 3 4 5 6, 7 8 9 0"
    assert digit_groups("081234567", NumberKind.PHONE) == ["0812", "3456", "7"]


def test_a_country_code_is_a_group_of_its_own() -> None:
    assert digit_groups("+62 812 3456 7890", NumberKind.PHONE) == ["62", "8123", "4567", "890"]


def test_a_number_still_being_typed_is_read_as_far_as_it_goes() -> None:
    assert spoken_digits("35082", NumberKind.NIK) == "3 5 0 8 2"
    assert spoken_digits("", NumberKind.NIK) == ""
    assert spoken_digits("abc", NumberKind.PHONE) == ""


def test_digits_of_other_scripts_are_not_read_as_numbers() -> None:
    # Full-width digits are not ASCII: they would not pass the NIK check, so they are not read back either.
    assert spoken_digits("３５０８", NumberKind.NIK) == ""


def test_group_sizes_must_be_positive() -> None:
    with pytest.raises(ValueError):
        group_digits("123", (0,))


@given(st.text(alphabet="0123456789 -.", max_size=30), st.sampled_from(list(NumberKind)))
def test_no_digit_is_lost_or_added(text: str, kind: NumberKind) -> None:
    groups = digit_groups(text, kind)
    assert "".join(groups) == "".join(ch for ch in text if ch.isdigit())
    assert all(groups)
    spoken = spoken_digits(text, kind)
    assert spoken.replace(",", "").split() == list("".join(groups))
