"""Cleaning typed numbers (NIK, KK, phone): separators out, ASCII digits only."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from prakerja_desktop.domain.findings import Finding, error
from prakerja_desktop.i18n import _, ngettext

ASCII_DIGITS = frozenset("0123456789")
# Zero-width characters arrive with numbers pasted from chat apps; they are invisible, so drop them.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_EXTRA_DASHES = frozenset("\u2212")  # minus sign: category Sm, but typed as a dash


class Problem(StrEnum):
    """What is wrong with a typed number, before its length is looked at."""

    NONE = "none"
    EMPTY = "empty"
    NON_ASCII_DIGIT = "non_ascii_digit"  # e.g. Arabic-Indic or full-width digits
    LETTER = "letter"
    SYMBOL = "symbol"


@dataclass(frozen=True, slots=True)
class DigitScan:
    """The ASCII digits found in a text, and the first character that is not allowed."""

    digits: str
    problem: Problem
    bad_char: str | None = None


def is_ascii_digits(text: str) -> bool:
    """True when text is non-empty and only 0-9 (str.isdigit() also accepts other scripts)."""
    return bool(text) and all(ch in ASCII_DIGITS for ch in text)


def is_separator(ch: str, extra: str = ".") -> bool:
    """True for whitespace, dashes, invisible characters and the given extra separators."""
    return (
        ch.isspace()
        or ch in extra
        or ch in _INVISIBLE
        or ch in _EXTRA_DASHES
        or unicodedata.category(ch) == "Pd"
    )


def scan_digits(text: str, extra_separators: str = ".") -> DigitScan:
    """Remove separators from text and report the first character that is not an ASCII digit."""
    if not isinstance(text, str):
        return DigitScan("", Problem.EMPTY)
    kept: list[str] = []
    for ch in text:
        if ch in ASCII_DIGITS:
            kept.append(ch)
        elif is_separator(ch, extra_separators):
            continue
        else:
            return DigitScan("".join(kept), _classify(ch), ch)
    digits = "".join(kept)
    return DigitScan(digits, Problem.NONE if digits else Problem.EMPTY)


def _classify(ch: str) -> Problem:
    if unicodedata.category(ch) == "Nd" or ch.isdigit() or ch.isnumeric():
        return Problem.NON_ASCII_DIGIT
    if ch.isalpha():
        return Problem.LETTER
    return Problem.SYMBOL


def _visible(ch: str) -> bool:
    return ch.isprintable() and not ch.isspace() and unicodedata.category(ch)[0] != "C"


def character_finding(scan: DigitScan, name: str, code_prefix: str) -> Finding:
    """A plain error for a number with wrong characters; name is the translated number name."""
    ch = scan.bad_char or ""
    if scan.problem is Problem.NON_ASCII_DIGIT:
        message = _(
            "{name} memakai angka dari tulisan lain (bukan 0 sampai 9). "
            "Hapus lalu ketik ulang dengan angka biasa 0 sampai 9."
        ).format(name=name)
        return error(f"{code_prefix}.non_ascii_digit", message)
    if scan.problem is Problem.LETTER:
        message = _('{name} hanya boleh berisi angka. Ada huruf "{char}".').format(
            name=name, char=ch
        )
        if ch in "Oo":
            message += " " + _("Huruf O bukan angka 0.")
        elif ch in "IilL|":
            message += " " + _("Huruf I atau l bukan angka 1.")
        return error(f"{code_prefix}.characters", message)
    if _visible(ch):
        message = _('{name} hanya boleh berisi angka. Hapus tanda "{char}".').format(
            name=name, char=ch
        )
    else:
        message = _(
            "{name} hanya boleh berisi angka. Ada tanda yang tidak terlihat; "
            "hapus lalu ketik ulang."
        ).format(name=name)
    return error(f"{code_prefix}.characters", message)


def check_sixteen_digits(
    text: str, name: str, code_prefix: str
) -> tuple[str | None, list[Finding]]:
    """Clean a 16-digit ID number (NIK, KK); the digits, or None and the errors."""
    scan = scan_digits(text)
    if scan.problem is Problem.EMPTY:
        return None, [error(f"{code_prefix}.empty", _("{name} belum diisi.").format(name=name))]
    if scan.problem is not Problem.NONE:
        return None, [character_finding(scan, name, code_prefix)]
    n = len(scan.digits)
    if n < 16:
        message = ngettext("{name} harus 16 angka. Anda baru mengetik {n} angka.",
                           "{name} harus 16 angka. Anda baru mengetik {n} angka.", n).format(name=name, n=n)
        return None, [error(f"{code_prefix}.length", message)]
    if n > 16:
        message = ngettext("{name} harus 16 angka. Anda mengetik {n} angka, kelebihan {extra}.",
                           "{name} harus 16 angka. Anda mengetik {n} angka, kelebihan {extra}.", n).format(
            name=name, n=n, extra=n - 16
        )
        return None, [error(f"{code_prefix}.length", message)]
    return scan.digits, []


def mask_middle(digits: str, head: int, tail: int, length: int) -> str:
    """Show only the first head and last tail digits of an exact-length number; else all stars."""
    if len(digits) != length or not is_ascii_digits(digits) or head + tail >= length:
        return "*" * length
    return digits[:head] + "*" * (length - head - tail) + digits[length - tail :]


def count_line(text: str, length: int, extra_separators: str = ".") -> str:
    """The live counter under a number field: every character typed is counted, and the ones that are not
    digits are named ("16 karakter, 1 bukan angka: O"), so a letter O among the digits is seen at once.

    Spaces, dashes and dots (separators) are neither digits nor problems: they are not counted.
    """
    counted = [ch for ch in text if not is_separator(ch, extra_separators)]
    if not counted:
        return ""
    others = [ch for ch in counted if ch not in ASCII_DIGITS]
    if others:
        named = ", ".join(dict.fromkeys(ch if _visible(ch) else f"U+{ord(ch):04X}" for ch in others))
        return ngettext("{n} karakter, {bad} bukan angka: {chars}", "{n} karakter, {bad} bukan angka: {chars}",
                        len(others)).format(n=len(counted), bad=len(others), chars=named)
    if len(counted) <= length:
        return _("{n} dari {length} angka").format(n=len(counted), length=length)
    return ngettext("{n} angka, harus {length}", "{n} angka, harus {length}", len(counted)).format(
        n=len(counted), length=length)
