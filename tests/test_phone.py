"""Indonesian mobile numbers: formats, mobile-only rule, operator, masking; with properties."""

from __future__ import annotations

import logging
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prakerja_desktop.domain.findings import CheckResult, Severity
from prakerja_desktop.domain.phone import PhoneInfo, mask_phone, parse_phone

TELKOMSEL = PhoneInfo(e164="+6281234567890", national="0812-3456-7890", operator="Telkomsel")


def assert_well_formed(result: CheckResult[PhoneInfo]) -> None:
    assert isinstance(result, CheckResult)
    for finding in result.findings:
        assert finding.message.strip()
        assert finding.code.startswith("phone.")
        assert not re.search(r"\{[a-z_]*\}", finding.message)
    if result.ok:
        assert re.fullmatch(r"\+628[0-9]{8,11}", result.value.e164)
        assert result.value.national.startswith("08")
    else:
        assert result.value is None
        assert result.errors


@pytest.mark.parametrize(
    "typed",
    [
        "0812-3456-7890",
        "081234567890",
        "+62 812 3456 7890",
        "+6281234567890",
        "6281234567890",
        "62 812-3456-7890",
        "(0812) 3456 7890",
        "0812 3456 7890",
        " 0812.3456.7890 ",
        "+62 (0) 812 3456 7890",
        "+62 0812 3456 7890",  # the trunk 0 kept after +62, a common slip
        "0062 812 3456 7890",
        "812 3456 7890",  # the leading 0 left off
        "0812\u20133456\u20137890",
        "\u200b0812 3456 7890",
    ],
)
def test_accepted_formats(typed: str) -> None:
    result = parse_phone(typed)
    assert result.ok
    assert result.value == TELKOMSEL


def test_operator_is_info_only() -> None:
    result = parse_phone("0812-3456-7890")
    assert [(f.severity, f.code) for f in result.findings] == [(Severity.INFO, "phone.operator")]
    assert "Telkomsel" in result.findings[0].message


@pytest.mark.parametrize(
    ("typed", "operator"),
    [
        ("0856-1234-5678", "Indosat Ooredoo Hutchison"),
        ("0895-1234-5678", "Indosat Ooredoo Hutchison"),  # Tri, merged into Indosat
        ("0817-1234-5678", "XL"),
        ("0838-1234-5678", "AXIS"),
        ("0881-1234-5678", "Smartfren"),
    ],
)
def test_operators(typed: str, operator: str) -> None:
    assert parse_phone(typed).value.operator == operator


def test_unknown_operator_gives_no_info() -> None:
    result = parse_phone("0810-1234-5678")
    assert result.ok
    assert result.value.operator is None
    assert result.findings == ()


@pytest.mark.parametrize(
    ("typed", "national"),
    [
        ("0812345678", "0812-345-678"),  # 10 digits, the shortest
        ("0812345678901", "0812-3456-78901"),  # 13 digits, the longest
    ],
)
def test_length_limits_accepted(typed: str, national: str) -> None:
    result = parse_phone(typed)
    assert result.ok
    assert result.value.national == national


@pytest.mark.parametrize(("typed", "count"), [("081234567", 9), ("08123456789012", 14)])
def test_length_limits_rejected(typed: str, count: int) -> None:
    result = parse_phone(typed)
    assert result.codes() == {"phone.length"}
    assert f"Anda mengetik {count} angka" in result.errors[0].message
    assert "10 sampai 13" in result.errors[0].message


@pytest.mark.parametrize(
    "typed", ["021-5551234", "(021) 555 1234", "+62 21 555 1234", "0341-551234"]
)
def test_landline_is_an_error_about_sms(typed: str) -> None:
    result = parse_phone(typed)
    assert not result.ok
    assert result.codes() == {"phone.not_mobile"}
    assert "SMS" in result.errors[0].message


def test_toll_free_is_not_mobile() -> None:
    assert parse_phone("0800 1234 567").codes() == {"phone.not_mobile"}


@pytest.mark.parametrize("typed", ["+60 12 345 6789", "+1 650 253 0000", "+65 8123 4567"])
def test_foreign_numbers_are_errors(typed: str) -> None:
    result = parse_phone(typed)
    assert result.codes() == {"phone.not_indonesian"}


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "phone.empty"),
        ("   ", "phone.empty"),
        ("+", "phone.empty"),
        # phonenumbers silently drops a trailing letter and would accept a shorter number
        ("0812 3456 789O", "phone.characters"),
        ("0812-3456-7890 ext 12", "phone.characters"),
        ("1-800-FLOWERS", "phone.characters"),
        ("0812-3456-7890 / 0813-1111-2222", "phone.characters"),
        ("++62 812 3456 7890", "phone.characters"),
        ("0812+3456", "phone.characters"),
        # phonenumbers converts these to ASCII digits; people must type 0-9 online
        ("٠٨١٢٣٤٥٦٧٨٩٠", "phone.non_ascii_digit"),
        ("０８１２３４５６７８９０", "phone.non_ascii_digit"),
        ("+62 999", "phone.length"),
        ("0899999999999999999999", "phone.length"),
    ],
)
def test_rejected_input(typed: str, code: str) -> None:
    result = parse_phone(typed)
    assert not result.ok
    assert result.codes() == {code}


def test_mask_phone() -> None:
    assert mask_phone("+6281234567890") == "0812****7890"
    assert mask_phone("+62812345678") == "0812**5678"
    assert mask_phone("+62812345678901") == "0812*****8901"
    assert mask_phone("081234567890") == "0812****7890"


@pytest.mark.parametrize("bad", ["", "garbage", "+62", "+628123456789012345", "+60123456789"])
def test_mask_of_anything_else_shows_no_digits(bad: str) -> None:
    masked = mask_phone(bad)
    assert masked
    assert set(masked) == {"*"}


def test_nothing_personal_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for typed in ["0812-3456-7890", "021-5551234", "+60 12 345 6789", "0812 3456 789O"]:
        parse_phone(typed)
    assert "3456" not in caplog.text
    assert "555" not in caplog.text


ANY_TEXT = st.one_of(
    st.text(),
    st.text(st.characters(), min_size=1),
    st.text(min_size=500, max_size=5000),
    st.text(alphabet="0123456789+-() .", max_size=30),
    st.text(alphabet="0123456789", min_size=9, max_size=14).map(lambda s: "08" + s),
    st.text(st.characters(categories=["Nd"]), min_size=10, max_size=13),
    st.text(st.characters(categories=["Zs", "Cc", "Cf", "Pd"]), max_size=20),
)


@given(ANY_TEXT)
@settings(deadline=None)
def test_never_raises_and_always_explains(text: str) -> None:
    assert_well_formed(parse_phone(text))


MOBILE_PREFIXES = [
    "0811", "0812", "0813", "0821", "0852", "0856", "0857",
    "0877", "0878", "0831", "0838", "0881", "0895", "0896",
]
MOBILES = st.tuples(
    st.sampled_from(MOBILE_PREFIXES),
    st.text(alphabet="0123456789", min_size=6, max_size=9),
).map("".join)


@given(MOBILES, st.sampled_from(["national", "e164", "62", "spaced"]))
def test_round_trip(national_digits: str, style: str) -> None:
    typed = {
        "national": national_digits,
        "e164": "+62" + national_digits[1:],
        "62": "62" + national_digits[1:],
        "spaced": " ".join(national_digits[i : i + 4] for i in range(0, len(national_digits), 4)),
    }[style]
    result = parse_phone(typed)
    assert result.ok
    assert result.value.e164 == "+62" + national_digits[1:]
    assert result.value.national.replace("-", "") == national_digits
    assert parse_phone(result.value.e164).value == result.value
    assert parse_phone(result.value.national).value == result.value


@given(MOBILES)
def test_mask_never_shows_the_middle(national_digits: str) -> None:
    masked = mask_phone("+62" + national_digits[1:])
    assert len(masked) == len(national_digits)
    assert masked[:4] == national_digits[:4]
    assert masked[-4:] == national_digits[-4:]
    assert set(masked[4:-4]) == {"*"}


def test_short_input_counts_the_digits_typed() -> None:
    for typed, count in (("0812", 4), ("08123", 5), ("0812345", 7)):
        result = parse_phone(typed)
        assert not result.ok
        assert f"Anda mengetik {count} angka" in result.errors[0].message, result.errors[0].message


def test_our_operator_table_is_phonenumbers_own_for_indonesia() -> None:
    # The +62 operators are copied (prakerja_desktop/domain/phone_operators.py) so a check need not load every
    # country's tables; after a phonenumbers upgrade that changes them, paste the printed table there.
    from phonenumbers.carrierdata import CARRIER_DATA

    from prakerja_desktop.domain.phone_operators import OPERATORS

    theirs = {prefix: names["en"] for prefix, names in sorted(CARRIER_DATA.items()) if prefix.startswith("62")}
    assert OPERATORS == theirs, f"OPERATORS: dict[str, str] = {theirs!r}"


def test_operator_of_every_mobile_prefix_is_what_phonenumbers_says() -> None:
    import phonenumbers
    from phonenumbers import carrier

    checked = 0
    for head in range(811, 900):
        for tail in ("12345678", "1234567", "123456789", "00000000"):
            typed = f"0{head}{tail}"
            number = phonenumbers.parse(typed, "ID")
            if phonenumbers.number_type(number) is not phonenumbers.PhoneNumberType.MOBILE \
                    or not phonenumbers.is_valid_number(number):
                continue
            result = parse_phone(typed)
            assert result.value is not None, typed
            assert result.value.operator == (carrier.name_for_number(number, "en") or None), typed
            checked += 1
    assert checked > 100
