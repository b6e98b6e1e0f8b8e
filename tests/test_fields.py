"""The field catalogue: labels in every language, codes in words, masks, cell cleaning, dates, cross checks."""

from __future__ import annotations

from datetime import date

import pytest

from prakerja_desktop.domain import fields
from prakerja_desktop.domain.applicant import Applicant
from prakerja_desktop.domain.rules import load_rule_set
from prakerja_desktop.i18n import using
from tests.factories import make_applicant, make_nik

TODAY = date(2026, 3, 14)


def test_every_field_of_the_applicant_is_in_the_catalogue() -> None:
    wanted = {"full_name", "nik", "kk_number", "birth_place", "birth_date", "sex", "phone_e164", "has_email",
              "email", "province_code", "regency_code", "district_code", "village", "street", "rt", "rw",
              "education", "employment", "training_interests"}
    assert wanted <= set(fields.CATALOGUE)
    assert fields.field("phone") is fields.field("phone_e164") and fields.field("kk").id == "kk_number"
    with pytest.raises(KeyError):
        fields.field("mother_maiden_name")  # never asked, never stored


def test_labels_follow_the_language_at_call_time() -> None:
    with using("id"):
        assert fields.label("sex") == "Jenis kelamin" and fields.display("sex", "P") == "Perempuan"
    with using("en"):
        assert fields.label("sex") != "Jenis kelamin" and fields.display("sex", "L") not in ("L", "Laki-laki")
    assert all(fields.labels().values())


def test_codes_are_shown_in_words() -> None:
    with using("id"):
        assert fields.display("sex", "L") == "Laki-laki"
        assert fields.display("education", "sma") not in ("", "sma")
        assert fields.display("district_code", "350820") == "Ranuyoso"
        assert fields.display("province_code", "35") == "Jawa Timur"
        assert fields.display("phone_e164", "+6281234567890") == "0812-3456-7890"
        assert fields.display("has_email", False) == "Tidak"
        assert fields.display("birth_date", date(2000, 5, 17)) == "17 Mei 2000"
        assert fields.display("sex", None) == ""


def test_masks() -> None:
    assert fields.mask("nik", "3508201705000001") == "350820******0001"
    assert fields.mask("kk_number", "3508201203150007") == "350820******0007"
    assert fields.mask("phone_e164", "+6281234567890") == "0812****7890"
    assert fields.mask("email", "budi@gmail.com") == "b***@gmail.com"
    assert fields.mask("nik", None) == ""


def test_name_rule_is_one_rule() -> None:
    assert [f.code for f in fields.check("full_name", "123")] == ["name.letters"]
    assert [f.code for f in fields.check("full_name", "  ")] == ["name.empty"]
    assert fields.check("full_name", "Ni Made Ayu") == []


@pytest.mark.parametrize(("raw", "expected"), [
    (81234567890, "081234567890"), (81234567890.0, "081234567890"), ("81234567890", "081234567890"),
    ("0812-3456-7890", "0812-3456-7890"),
])
def test_phone_cells_get_their_leading_zero_back(raw: object, expected: str) -> None:
    cleaned = fields.clean_cell("phone", raw)
    assert cleaned.value == expected and cleaned.findings == ()


def test_nik_cells_from_excel() -> None:
    assert fields.clean_cell("nik", 3508201705000001.0).value == "3508201705000001"
    assert fields.clean_cell("nik", "3.508201705000001E+15").value == "3508201705000001"
    lost = fields.clean_cell("nik", "3,50821E+15")
    assert lost.value is None and [f.code for f in lost.findings] == ["nik.excel_lost"]


@pytest.mark.parametrize(("raw", "nik_birth", "expected"), [
    ("03/04/98", date(1998, 4, 3), date(1998, 4, 3)),  # two-digit year: the NIK says 1998
    ("03/04/1998", date(1998, 3, 4), date(1998, 3, 4)),  # month first: the NIK says 4 March
    ("17 Mei 05", date(2005, 5, 17), date(2005, 5, 17)),
    ("17 May 2005", None, date(2005, 5, 17)),
    (38489, None, date(2005, 5, 17)),  # an Excel day serial
])
def test_dates_with_the_nik_as_tie_breaker(raw: object, nik_birth: date | None, expected: date) -> None:
    nik = make_nik(nik_birth) if nik_birth else None
    assert fields.clean_cell("birth_date", raw, excel_numbers=True, nik=nik, today=TODAY).value == expected


def test_dates_the_nik_cannot_settle_are_not_guessed() -> None:
    other = make_nik(date(1990, 1, 1))
    assert [f.code for f in fields.clean_cell("birth_date", "03/04/98", nik=other, today=TODAY).findings] == [
        "birth.two_digit_year"]
    assert fields.clean_cell("birth_date", "03/04/1998", nik=other, today=TODAY).value == date(1998, 4, 3)


def test_cross_checks_take_plain_context() -> None:
    applicant = make_applicant(birth=date(2000, 5, 17))
    applicant.birth_date = date(2000, 5, 18)
    context = fields.FieldContext(today=TODAY, rule_set=load_rule_set(), kk_others=2, phone_others=1)
    found = fields.problems(fields.check_applicant(applicant, context))
    assert {k: [f.code for f in v] for k, v in found.items()} == {
        "nik": ["nik.birth_date_mismatch"], "kk_number": ["kk.limit"], "phone_e164": ["phone.shared"]}
    clean = fields.FieldContext(today=TODAY, rule_set=load_rule_set())
    assert fields.problems(fields.check_applicant(make_applicant(), clean)) == {}


def test_kk_equal_to_nik_is_one_finding() -> None:
    nik = make_nik(date(2000, 5, 17))
    found = fields.check_person({"nik": nik, "kk_number": nik}, fields.FieldContext(today=TODAY))
    assert [f.code for f in found["kk_number"]] == ["kk.same_as_nik"]
    assert fields.check_applicant(Applicant(), fields.FieldContext(today=TODAY))["full_name"][0].code == "name.empty"
