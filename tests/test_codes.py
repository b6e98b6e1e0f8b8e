"""Receipt numbers, draft codes and the Damm check digit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from prakerja_desktop.domain.codes import (
    CODE_ALPHABET,
    clean_code,
    damm_digit,
    format_receipt_number,
    parse_receipt_number,
    random_code,
)


def test_damm_known_value() -> None:
    # The textbook example: 572 has check digit 4.
    assert damm_digit("572") == "4"


def test_receipt_round_trip() -> None:
    number = format_receipt_number("K7QD2", 137)
    assert number.startswith("K7QD2-00137")
    assert parse_receipt_number(number) == ("K7QD2", 137)
    assert parse_receipt_number(number.lower()) == ("K7QD2", 137)


def test_receipt_rejects_garbage() -> None:
    for text in ("", "abc", "K7QD2-", "K7QD2-12", "K7QD2-0013X", "٣٣٣٣٣-000137", "x" * 10_000):
        assert parse_receipt_number(text) is None


@given(st.integers(min_value=1, max_value=10**8), st.integers(min_value=0), st.integers(1, 9))
def test_any_single_digit_typo_is_caught(sequence: int, position: int, delta: int) -> None:
    number = format_receipt_number("ABCDE", sequence)
    prefix, digits = number.split("-")
    index = position % len(digits)
    typo = digits[:index] + str((int(digits[index]) + delta) % 10) + digits[index + 1:]
    assert parse_receipt_number(f"{prefix}-{typo}") is None


@given(st.integers(min_value=1, max_value=10**8))
def test_any_adjacent_swap_is_caught(sequence: int) -> None:
    prefix, digits = format_receipt_number("ABCDE", sequence).split("-")
    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1]:
            swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
            assert parse_receipt_number(f"{prefix}-{swapped}") is None


def test_random_codes_use_the_unambiguous_alphabet() -> None:
    codes = {random_code(6) for _ in range(200)}
    assert len(codes) > 190
    assert all(set(code) <= set(CODE_ALPHABET) for code in codes)
    assert not set("ILOU") & set(CODE_ALPHABET)


def test_clean_code_maps_look_alikes() -> None:
    assert clean_code(" ab o1 il ") == "AB0111"
