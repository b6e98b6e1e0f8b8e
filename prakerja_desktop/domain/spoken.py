"""Numbers read back aloud in groups, so a person hears a typo (NIK, KK, phone); no Qt here."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from prakerja_desktop.domain.digits import ASCII_DIGITS

# A pause a speech engine makes between groups; single spaces keep the digits of a group apart, so
# "3508" is read "tiga lima nol delapan" and never "tiga ribu lima ratus delapan".
GROUP_PAUSE = ", "


class NumberKind(StrEnum):
    """Which number is read; each has its own grouping."""

    NIK = "nik"
    KK = "kk"
    PHONE = "phone"


# NIK and KK: the 6-digit region code, the 6-digit date, the 4-digit serial (as Dukcapil splits them).
# Phone: groups of 4 from the start, as numbers are written on cards ("0812 3456 7890").
_GROUP_SIZES: dict[NumberKind, Sequence[int]] = {
    NumberKind.NIK: (6, 6, 4),
    NumberKind.KK: (6, 6, 4),
    NumberKind.PHONE: (4,),
}


def group_digits(digits: str, sizes: Sequence[int]) -> list[str]:
    """Split digits into groups of the given sizes; the last size repeats for what is left over."""
    if not sizes or any(size <= 0 for size in sizes):
        raise ValueError("group sizes must be positive")
    groups: list[str] = []
    start, index = 0, 0
    while start < len(digits):
        size = sizes[min(index, len(sizes) - 1)]
        groups.append(digits[start:start + size])
        start += size
        index += 1
    return groups


def digit_groups(text: str, kind: NumberKind) -> list[str]:
    """The ASCII digits typed so far (separators and anything else dropped), in groups."""
    digits = "".join(ch for ch in text if ch in ASCII_DIGITS)
    if kind is NumberKind.PHONE and text.strip().startswith("+") and len(digits) > 2:
        # "+62 812…": Indonesia's country code is read as a group of its own.
        return [digits[:2], *group_digits(digits[2:], _GROUP_SIZES[kind])]
    return group_digits(digits, _GROUP_SIZES[kind])


def spoken_digits(text: str, kind: NumberKind) -> str:
    """What a speech engine reads: each digit alone, a pause between groups ("3 5 0 8 2 0, 1 7 …")."""
    return GROUP_PAUSE.join(" ".join(group) for group in digit_groups(text, kind))


def shown_groups(text: str, kind: NumberKind) -> str:
    """The same groups for the eye: "350820 170500 0001"."""
    return " ".join(digit_groups(text, kind))


def spoken_code(code: str) -> str:
    """A draft code read letter by letter, in groups of three ("Q K H, Y P 7"), so it can be written down."""
    characters = [ch for ch in code.upper() if ch.isalnum()]
    groups = [" ".join(characters[i:i + 3]) for i in range(0, len(characters), 3)]
    return GROUP_PAUSE.join(groups)
