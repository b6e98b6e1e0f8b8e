"""Indonesian mobile numbers (for the SMS OTP): cleaning, checking and masking."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from prakerja_desktop.domain.digits import (
    ASCII_DIGITS,
    Problem,
    character_finding,
    is_ascii_digits,
    is_separator,
    scan_digits,
)
from prakerja_desktop.domain.findings import CheckResult, Finding, error, info
from prakerja_desktop.domain.phone_operators import operator_for
from prakerja_desktop.i18n import _, ngettext

logger = logging.getLogger(__name__)

REGION = "ID"
COUNTRY_CODE = 62
MIN_DIGITS = 10  # counted with the leading 0
MAX_DIGITS = 13
_TOO_LONG = 40  # no phone number is this long; stops absurd input before the parser


@dataclass(frozen=True, slots=True)
class PhoneInfo:
    """A checked Indonesian mobile number."""

    e164: str  # "+6281234567890"
    national: str  # "0812-3456-7890", as people write it
    operator: str | None  # from the number's prefix; information only


def _clean(text: str) -> tuple[str | None, Finding | None]:
    """The number as "+digits" or "digits", or the error about its characters."""
    stripped = text.strip() if isinstance(text, str) else ""
    plus = stripped.startswith(("+", "\uff0b"))
    body = stripped[1:] if plus else stripped
    # "/" separates two numbers more often than it groups one, so it is not a separator here.
    scan = scan_digits(body, extra_separators=".()")
    if scan.problem is Problem.EMPTY:
        return None, error("phone.empty", _("Nomor HP belum diisi."))
    if scan.problem is not Problem.NONE:
        if scan.bad_char == "+":
            message = _("Tanda + hanya boleh di depan nomor, misalnya +62 812 3456 7890.")
            return None, error("phone.characters", message)
        return None, character_finding(scan, _("Nomor HP"), "phone")
    digits = scan.digits
    if not plus and digits.startswith("0062"):
        # Some people dial abroad with 00; +62 is what they mean.
        return "+" + digits[2:], None
    if not plus and digits.startswith("628"):
        # Without the "+", phonenumbers may read 62 8... as a landline in area code 062x;
        # a mobile number never starts with 62 nationally, so the country code is meant.
        return "+" + digits, None
    return ("+" + digits if plus else digits), None


def _length_error(n: int) -> Finding:
    message = ngettext("Nomor HP harus {low} sampai {high} angka, termasuk angka 0 di depan. "
                       "Anda mengetik {n} angka.",
                       "Nomor HP harus {low} sampai {high} angka, termasuk angka 0 di depan. "
                       "Anda mengetik {n} angka.", n).format(low=MIN_DIGITS, high=MAX_DIGITS, n=n)
    return error("phone.length", message)


def parse_phone(text: str) -> CheckResult[PhoneInfo]:
    """Check a typed Indonesian mobile number; the number in its standard forms and findings."""
    cleaned, problem = _clean(text)
    if cleaned is None:
        return CheckResult(None, (problem,) if problem else ())
    if len(cleaned) > _TOO_LONG:
        return CheckResult(None, (_length_error(len(cleaned.lstrip("+"))),))
    # phonenumbers loads on the first number checked: a report or the first screen never needs it; the
    # operator comes from our copy of its +62 table, not from its tables of every country (issue 20).
    import phonenumbers
    from phonenumbers import PhoneNumberFormat, PhoneNumberType

    length_errors = (phonenumbers.NumberParseException.TOO_LONG, phonenumbers.NumberParseException.TOO_SHORT_NSN,
                     phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD)
    try:
        number = phonenumbers.parse(cleaned, REGION)
    except phonenumbers.NumberParseException as exc:
        if exc.error_type in length_errors:
            return CheckResult(None, (_length_error(len(cleaned.lstrip("+"))),))
        return CheckResult(None, (_invalid(),))
    except Exception as exc:  # the parser must never take the wizard down
        logger.error("phone parser failed: %s", type(exc).__name__)
        return CheckResult(None, (_invalid(),))
    if number.country_code != COUNTRY_CODE:
        message = _(
            "Nomor HP harus nomor Indonesia, diawali 08 atau +62 8. "
            "Nomor luar negeri tidak bisa menerima SMS kode OTP Prakerja."
        )
        return CheckResult(None, (error("phone.not_indonesian", message),))
    significant = phonenumbers.national_significant_number(number)
    # For short input phonenumbers keeps the typed leading 0 in the "significant" part: count it once.
    national_digits = significant if significant.startswith("0") else "0" + significant
    if not phonenumbers.is_valid_number(number):
        n = len(national_digits)
        if not MIN_DIGITS <= n <= MAX_DIGITS:
            return CheckResult(None, (_length_error(n),))
        return CheckResult(None, (_invalid(),))
    if phonenumbers.number_type(number) is not PhoneNumberType.MOBILE:
        message = _(
            "Ini bukan nomor HP (mungkin telepon rumah atau kantor). Kode OTP dikirim "
            "lewat SMS, jadi isi nomor HP yang diawali 08."
        )
        return CheckResult(None, (error("phone.not_mobile", message),))
    if not MIN_DIGITS <= len(national_digits) <= MAX_DIGITS:
        return CheckResult(None, (_length_error(len(national_digits)),))
    operator = operator_for(phonenumbers.format_number(number, PhoneNumberFormat.E164)) or None
    findings: list[Finding] = []
    if operator:
        message = _("Operator menurut awal nomor: {operator}.").format(operator=operator)
        findings.append(info("phone.operator", message))
    value = PhoneInfo(
        e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        national=phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL),
        operator=operator,
    )
    return CheckResult(value, tuple(findings))


def _invalid() -> Finding:
    message = _(
        "Nomor HP ini tidak benar. Periksa lagi angkanya; nomor HP Indonesia diawali 08, "
        "misalnya 0812-3456-7890."
    )
    return error("phone.invalid", message)


def mask_phone(e164: str) -> str:
    """The number with only its first 4 and last 4 digits visible, e.g. "0812****7890"."""
    if not isinstance(e164, str):
        return "*" * MIN_DIGITS
    digits = "".join(ch for ch in e164 if ch in ASCII_DIGITS or not is_separator(ch, "+()"))
    if not is_ascii_digits(digits):
        return "*" * MIN_DIGITS
    if digits.startswith(str(COUNTRY_CODE)):
        digits = "0" + digits[len(str(COUNTRY_CODE)) :]
    if not digits.startswith("0") or not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        return "*" * max(MIN_DIGITS, min(len(digits), MAX_DIGITS))
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]
