"""The eligibility pre-check: exact age boundaries, every rule set, every reason in both languages."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_desktop.domain.applicant import Applicant, EligibilityAnswers
from prakerja_desktop.domain.eligibility import (
    MAX_PLAUSIBLE_AGE,
    EligibilityResult,
    Outcome,
    age_on,
    birthday,
    combine,
    evaluate,
)
from prakerja_desktop.domain.rules import AgeRangeParams, RuleSet, load_rule_set
from prakerja_desktop.i18n import set_language

TODAY = date(2025, 6, 15)
RULES = {rule_set_id: load_rule_set(rule_set_id) for rule_set_id in ("2020", "2021", "2023")}
R2023 = RULES["2023"]


@pytest.fixture(autouse=True)
def indonesian() -> Iterator[None]:
    """Every test starts and ends in Bahasa Indonesia."""
    set_language("id")
    yield
    set_language("id")


def person(
    birth_date: date | None = date(1995, 3, 10),
    *,
    citizen: bool | None = True,
    in_school: bool | None = False,
    excluded_position: str | None = "none",
    prior_recipient: bool | None = False,
) -> Applicant:
    """An applicant who meets every condition unless told otherwise."""
    return Applicant(
        birth_date=birth_date,
        eligibility=EligibilityAnswers(citizen, in_school, excluded_position, prior_recipient),
    )


def check(
    applicant: Applicant, rule_set: RuleSet = R2023, today: date = TODAY, kk: int | None = 0
) -> EligibilityResult:
    """Evaluate with the defaults of these tests."""
    return evaluate(rule_set, applicant, today=today, kk_recorded_count=kk)


def reference_birthday(birth: date, years: int) -> date:
    """The n-th birthday, written independently of the code under test (29 Feb -> 1 Mar)."""
    year = birth.year + years
    if (birth.month, birth.day) == (2, 29) and not calendar.isleap(year):
        return date(year, 3, 1)
    return date(year, birth.month, birth.day)


# --- a clean pass ---------------------------------------------------------------------------------------


def test_someone_who_meets_every_condition_is_eligible() -> None:
    result = check(person())
    assert result.outcome is Outcome.ELIGIBLE
    assert [r.rule_id for r in result.reasons] == [r.id for r in R2023.rules]
    assert all(r.outcome is Outcome.ELIGIBLE for r in result.reasons)
    assert result.problems == ()
    assert result.age == 30
    assert result.rule_set_id == "2023" and result.evaluated_on == TODAY
    assert result.reason("age").text == "Umur Anda 30 tahun: sesuai syarat umur 18 sampai 64 tahun."


def test_outcome_values_are_stable_strings() -> None:
    assert [o.value for o in Outcome] == ["eligible", "not_eligible", "needs_check"]


def test_not_in_school_carries_the_recent_graduate_note() -> None:
    reason = check(person()).reason("not_in_school")
    assert reason.outcome is Outcome.ELIGIBLE
    assert "baru lulus" in reason.note
    assert check(person(in_school=True)).reason("not_in_school").note == ""


def test_prior_recipient_rule_notes_to_reuse_an_old_account() -> None:
    assert "akun lama" in check(person()).reason("not_prior_recipient").note


def test_evaluation_does_not_change_the_applicant() -> None:
    applicant = person(in_school=None)
    before = applicant.to_dict()
    check(applicant)
    assert applicant.to_dict() == before


# --- age boundaries (2023: 18..64 inclusive) ------------------------------------------------------------


def test_one_day_before_the_18th_birthday_is_too_young() -> None:
    result = check(person(date(2007, 6, 16)))  # 17 years and 364 days on TODAY
    assert result.outcome is Outcome.NOT_ELIGIBLE
    reason = result.reason("age")
    assert reason.code == "age.too_young"
    assert reason.text == "Umur Anda 17 tahun. Kartu Prakerja untuk orang berumur 18 tahun ke atas."
    assert reason.fix.startswith("Anda bisa mendaftar mulai tanggal 16 Juni 2025, saat umur Anda 18 tahun.")
    assert "tidak mengumumkan pada tanggal apa umur dihitung" in reason.fix  # the borderline is not published
    assert result.age == 17


def test_the_18th_birthday_is_eligible() -> None:
    result = check(person(date(2007, 6, 15)))
    assert result.reason("age").outcome is Outcome.ELIGIBLE
    assert result.outcome is Outcome.ELIGIBLE
    assert result.age == 18


def test_age_64_is_eligible_until_the_day_before_the_65th_birthday() -> None:
    assert check(person(date(1961, 6, 15))).reason("age").outcome is Outcome.ELIGIBLE  # 64th birthday
    last_day = check(person(date(1960, 6, 16)))  # 64 years and 364 days
    assert last_day.reason("age").outcome is Outcome.ELIGIBLE
    assert last_day.age == 64


def test_the_65th_birthday_is_not_eligible() -> None:
    result = check(person(date(1960, 6, 15)))
    reason = result.reason("age")
    assert reason.code == "age.too_old"
    assert reason.outcome is Outcome.NOT_ELIGIBLE
    assert result.outcome is Outcome.NOT_ELIGIBLE
    assert "65 tahun" in reason.text and "64 tahun" in reason.text


def test_leap_day_birthday_turns_18_on_1_march_in_a_common_year() -> None:
    born = date(2004, 2, 29)
    before = check(person(born), today=date(2022, 2, 28)).reason("age")
    assert before.code == "age.too_young"
    assert "1 Maret 2022" in before.fix
    assert check(person(born), today=date(2022, 3, 1)).reason("age").outcome is Outcome.ELIGIBLE


def test_leap_day_birthday_turns_65_on_1_march() -> None:
    born = date(1960, 2, 29)
    assert check(person(born), today=date(2025, 2, 28)).reason("age").outcome is Outcome.ELIGIBLE
    assert check(person(born), today=date(2025, 3, 1)).reason("age").code == "age.too_old"


def test_leap_day_birthday_in_a_leap_year_counts_on_the_day() -> None:
    born = date(1996, 2, 29)
    assert age_on(born, date(2024, 2, 28)) == 27
    assert age_on(born, date(2024, 2, 29)) == 28
    assert birthday(born, 28) == date(2024, 2, 29)
    assert birthday(born, 29) == date(2025, 3, 1)


def test_missing_birth_date_needs_a_check() -> None:
    result = check(person(None))
    assert result.outcome is Outcome.NEEDS_CHECK
    assert result.reason("age").code == "age.missing"
    assert result.reason("age").fix
    assert result.age is None


@pytest.mark.parametrize("born", [TODAY + timedelta(days=1), date(1900, 1, 1)])
def test_implausible_birth_date_needs_a_check(born: date) -> None:
    result = check(person(born))
    assert result.reason("age").code == "age.implausible"
    assert result.outcome is Outcome.NEEDS_CHECK


# --- each rule set --------------------------------------------------------------------------------------


def test_2020_has_no_upper_age_limit() -> None:
    result = check(person(date(1935, 1, 1)), RULES["2020"])
    assert result.outcome is Outcome.ELIGIBLE
    assert result.reason("age").text == "Umur Anda 90 tahun: sesuai syarat umur 18 tahun ke atas."
    assert check(person(date(2008, 1, 1)), RULES["2020"]).reason("age").code == "age.too_young"


def test_2021_upper_limit_is_64() -> None:
    assert check(person(date(1960, 6, 15)), RULES["2021"]).reason("age").code == "age.too_old"


def test_2021_social_assistance_is_always_a_staff_check() -> None:
    result = check(person(), RULES["2021"])
    assert result.outcome is Outcome.NEEDS_CHECK
    reason = result.reason("social_assistance")
    assert reason.code == "social_assistance.check"
    assert reason.outcome is Outcome.NEEDS_CHECK
    for programme in ("PKH", "BPNT", "BSU", "BPUM"):
        assert programme in reason.text
    assert [r.code for r in result.problems] == ["social_assistance.check"]


def test_2023_has_no_social_assistance_rule() -> None:
    assert "social_assistance.check" not in check(person()).codes()


# --- the questions --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "rule_id"),
    [
        ({"citizen": None}, "citizen"),
        ({"in_school": None}, "not_in_school"),
        ({"excluded_position": None}, "excluded_position"),
        ({"prior_recipient": None}, "not_prior_recipient"),
    ],
)
def test_an_unanswered_question_needs_a_check(answers: dict[str, None], rule_id: str) -> None:
    result = check(person(**answers))
    assert result.outcome is Outcome.NEEDS_CHECK
    reason = result.reason(rule_id)
    assert reason.code == f"{rule_id}.unanswered"
    assert "belum dijawab" in reason.text
    assert reason.fix
    assert [r.code for r in result.problems] == [f"{rule_id}.unanswered"]


def test_nothing_answered_gives_a_reason_for_every_question() -> None:
    result = check(Applicant())
    assert result.outcome is Outcome.NEEDS_CHECK
    assert result.codes() == {
        "citizen.unanswered", "age.missing", "not_in_school.unanswered", "excluded_position.unanswered",
        "not_prior_recipient.unanswered", "kk_limit.ok",
    }


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        ({"citizen": False}, "citizen.not_met"),
        ({"in_school": True}, "not_in_school.not_met"),
        ({"excluded_position": "asn"}, "excluded_position.not_met"),
        ({"prior_recipient": True}, "not_prior_recipient.not_met"),
    ],
)
def test_a_failed_condition_is_not_eligible(answers: dict[str, object], code: str) -> None:
    result = check(person(**answers))
    assert result.outcome is Outcome.NOT_ELIGIBLE
    assert [r.code for r in result.problems] == [code]
    assert result.problems[0].fix


@pytest.mark.parametrize("code", [p.code for p in R2023.excluded_positions])
def test_every_excluded_position_is_named_in_the_reason(code: str) -> None:
    reason = check(person(excluded_position=code)).reason("excluded_position")
    assert reason.outcome is Outcome.NOT_ELIGIBLE
    label = R2023.position(code)
    assert label is not None and label.label.id in reason.text


def test_unknown_position_code_needs_a_check() -> None:
    result = check(person(excluded_position="astronaut"))
    assert result.reason("excluded_position").code == "excluded_position.unknown"
    assert result.outcome is Outcome.NEEDS_CHECK


# --- two per family card (advisory) ---------------------------------------------------------------------


@pytest.mark.parametrize("others", [0, 1])
def test_first_and_second_person_of_a_kk_pass(others: int) -> None:
    reason = check(person(), kk=others).reason("kk_limit")
    assert reason.outcome is Outcome.ELIGIBLE
    assert f"tercatat {others} orang lain" in reason.text


@pytest.mark.parametrize("others", [2, 3, 7])
def test_third_person_of_a_kk_needs_a_check_not_a_refusal(others: int) -> None:
    result = check(person(), kk=others)
    reason = result.reason("kk_limit")
    assert reason.code == "kk_limit.limit_reached"
    assert reason.outcome is Outcome.NEEDS_CHECK
    assert result.outcome is Outcome.NEEDS_CHECK
    assert f"sudah tercatat {others} orang lain" in reason.text
    assert "Petugas" in reason.fix


def test_unknown_kk_count_needs_a_check() -> None:
    result = check(person(), kk=None)
    assert result.reason("kk_limit").code == "kk_limit.unknown"
    assert result.outcome is Outcome.NEEDS_CHECK


def test_negative_kk_count_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="negative"):
        check(person(), kk=-1)


def test_not_eligible_wins_over_needs_check_and_comes_first() -> None:
    result = check(person(date(2010, 1, 1), prior_recipient=None), kk=2)
    assert result.outcome is Outcome.NOT_ELIGIBLE
    assert [r.code for r in result.problems] == [
        "age.too_young", "not_prior_recipient.unanswered", "kk_limit.limit_reached",
    ]


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        ([], Outcome.ELIGIBLE),
        ([Outcome.ELIGIBLE, Outcome.ELIGIBLE], Outcome.ELIGIBLE),
        ([Outcome.ELIGIBLE, Outcome.NEEDS_CHECK], Outcome.NEEDS_CHECK),
        ([Outcome.NEEDS_CHECK, Outcome.NOT_ELIGIBLE, Outcome.ELIGIBLE], Outcome.NOT_ELIGIBLE),
    ],
)
def test_combine(outcomes: list[Outcome], expected: Outcome) -> None:
    assert combine(outcomes) is expected


# --- languages ------------------------------------------------------------------------------------------


def test_reasons_follow_the_current_language() -> None:
    applicant = person(date(2007, 6, 16), excluded_position="tni")
    indonesian = check(applicant)
    set_language("en")
    english = check(applicant)
    assert english.reason("age").text == "You are 17. Kartu Prakerja is for people aged 18 and over."
    assert english.reason("age").fix.startswith("You can register from 16 June 2025, when you turn 18.")
    assert "Member of the armed forces (TNI)" in english.reason("excluded_position").text
    assert english.reason("age").requirement == "Aged 18 to 64."
    assert [r.code for r in english.reasons] == [r.code for r in indonesian.reasons]
    for id_reason, en_reason in zip(indonesian.reasons, english.reasons, strict=True):
        assert id_reason.text != en_reason.text


# --- properties -----------------------------------------------------------------------------------------

_births = st.one_of(st.none(), st.dates(min_value=date(1880, 1, 1), max_value=date(2100, 12, 31)))
_todays = st.dates(min_value=date(2020, 1, 1), max_value=date(2100, 12, 31))
_answers = st.builds(
    EligibilityAnswers,
    citizen=st.sampled_from([None, True, False]),
    in_school=st.sampled_from([None, True, False]),
    excluded_position=st.sampled_from([None, "none", "asn", "tni", "village_head", "unknown_code", ""]),
    prior_recipient=st.sampled_from([None, True, False]),
)


@given(born=st.dates(min_value=date(1930, 1, 1), max_value=date(2020, 12, 31)), today=_todays)
def test_age_rule_matches_an_independent_birthday_calculation(born: date, today: date) -> None:
    for rule_set in RULES.values():
        params = rule_set.rule("age").params
        assert isinstance(params, AgeRangeParams)
        reason = check(person(born), rule_set, today).reason("age")
        if born > today or reference_birthday(born, MAX_PLAUSIBLE_AGE + 1) <= today:
            assert reason.code == "age.implausible"
            continue
        old_enough = reference_birthday(born, params.min) <= today
        young_enough = params.max is None or today < reference_birthday(born, params.max + 1)
        assert (reason.outcome is Outcome.ELIGIBLE) == (old_enough and young_enough)
        if not old_enough:
            assert reason.code == "age.too_young"
        elif not young_enough:
            assert reason.code == "age.too_old"


@given(born=st.dates(min_value=date(1900, 1, 1), max_value=date(2080, 12, 31)), years=st.integers(0, 100))
def test_age_on_the_nth_birthday_is_n_and_one_less_the_day_before(born: date, years: int) -> None:
    day = birthday(born, years)
    assert day == reference_birthday(born, years)
    assert age_on(born, day) == years
    if years > 0:
        assert age_on(born, day - timedelta(days=1)) == years - 1


@given(
    born=_births,
    today=_todays,
    answers=_answers,
    kk=st.one_of(st.none(), st.integers(0, 9)),
    rule_set_id=st.sampled_from(sorted(RULES)),
)
def test_every_reason_is_explained_in_both_languages(
    born: date | None, today: date, answers: EligibilityAnswers, kk: int | None, rule_set_id: str
) -> None:
    applicant = Applicant(birth_date=born, eligibility=answers)
    results = {}
    for language in ("id", "en"):
        set_language(language)
        results[language] = evaluate(RULES[rule_set_id], applicant, today=today, kk_recorded_count=kk)
    set_language("id")
    for result in results.values():
        assert len(result.reasons) == len(RULES[rule_set_id].rules)
        for reason in result.reasons:
            assert reason.text.strip() and reason.requirement.strip()
            assert "{" not in reason.text and "{" not in reason.fix
            assert bool(reason.fix) == (reason.outcome is not Outcome.ELIGIBLE)
        outcomes = {r.outcome for r in result.reasons}
        expected = (
            Outcome.NOT_ELIGIBLE if Outcome.NOT_ELIGIBLE in outcomes
            else Outcome.NEEDS_CHECK if Outcome.NEEDS_CHECK in outcomes
            else Outcome.ELIGIBLE
        )
        assert result.outcome is expected
    assert results["id"].codes() == results["en"].codes()
    assert results["id"].outcome is results["en"].outcome
