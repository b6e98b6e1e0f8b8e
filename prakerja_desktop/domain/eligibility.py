"""The eligibility pre-check: applies a rule set to an applicant's answers and explains every outcome.

The result is a pre-check, not the programme's decision: the programme checks its own records. So
whatever we cannot know for sure (unanswered questions, the 2-per-KK count from our own records only,
social assistance in 2021) becomes "needs checking by staff", never a silent pass.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from prakerja_desktop.domain.applicant import Applicant
from prakerja_desktop.domain.findings import Finding, info
from prakerja_desktop.domain.rules import (
    NO_POSITION,
    AgeRangeParams,
    KkLimitParams,
    Rule,
    RuleSet,
    RuleType,
    SocialAssistanceParams,
)
from prakerja_desktop.i18n import _, babel_locale, ngettext

logger = logging.getLogger(__name__)

MAX_PLAUSIBLE_AGE = 120  # a sanity bound on typed birth dates, not a programme rule
DEFAULT_KK_MAX = 2  # when a rule set has no kk_limit rule (every shipped one has)


class Outcome(StrEnum):
    """The outcome of one rule or of the whole pre-check."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_CHECK = "needs_check"


# Which outcome each case of a rule stands for; every other case means "staff must check".
_CASE_OUTCOMES = {
    "ok": Outcome.ELIGIBLE,
    "not_met": Outcome.NOT_ELIGIBLE,
    "too_young": Outcome.NOT_ELIGIBLE,
    "too_old": Outcome.NOT_ELIGIBLE,
}


@dataclass(frozen=True, slots=True)
class Reason:
    """Why one rule gave its outcome, in the language that was current when evaluated."""

    rule_id: str
    outcome: Outcome
    case: str  # the rule set's case name, e.g. "too_young" or "unanswered"
    requirement: str  # the rule itself, e.g. "Berumur 18 sampai 64 tahun."
    text: str  # what we found
    fix: str = ""  # what the person can do; empty when nothing is needed
    note: str = ""  # extra information (e.g. recent graduates may still be listed as students)

    @property
    def code(self) -> str:
        """A stable id for tests and logs, e.g. "age.too_young"."""
        return f"{self.rule_id}.{self.case}"


@dataclass(frozen=True, slots=True)
class EligibilityResult:
    """The combined outcome and one reason per rule, in the rule set's order."""

    outcome: Outcome
    reasons: tuple[Reason, ...]
    rule_set_id: str
    evaluated_on: date
    age: int | None  # whole years on evaluated_on, None when the birth date is missing or implausible

    @property
    def problems(self) -> tuple[Reason, ...]:
        """The reasons that are not "eligible", most serious first."""
        blocking = [r for r in self.reasons if r.outcome is Outcome.NOT_ELIGIBLE]
        to_check = [r for r in self.reasons if r.outcome is Outcome.NEEDS_CHECK]
        return tuple(blocking + to_check)

    def codes(self) -> set[str]:
        """The codes of all reasons (handy in tests)."""
        return {r.code for r in self.reasons}

    def reason(self, rule_id: str) -> Reason:
        """The reason given by one rule (KeyError if the rule set has no such rule)."""
        for reason in self.reasons:
            if reason.rule_id == rule_id:
                return reason
        raise KeyError(rule_id)


def evaluate(
    rule_set: RuleSet, applicant: Applicant, *, today: date, kk_recorded_count: int | None = None
) -> EligibilityResult:
    """Apply every rule of the rule set; kk_recorded_count counts others from the same KK (not this one)."""
    if kk_recorded_count is not None and kk_recorded_count < 0:
        raise ValueError("kk_recorded_count cannot be negative")
    context = _Context(rule_set, applicant, today, kk_recorded_count)
    reasons = tuple(_reason(rule, *_CHECKS[rule.type](rule, context)) for rule in rule_set.rules)
    outcome = combine(r.outcome for r in reasons)
    # Only the rule set and outcome codes are logged: never answers or personal data.
    logger.debug(
        "eligibility with rule set %s: %s (%s)", rule_set.id, outcome, sorted(r.code for r in reasons)
    )
    return EligibilityResult(outcome, reasons, rule_set.id, today, context.age)


def combine(outcomes: Iterable[Outcome]) -> Outcome:
    """Any not eligible wins, then any needs check; otherwise eligible (also for no rules at all)."""
    seen = set(outcomes)
    if Outcome.NOT_ELIGIBLE in seen:
        return Outcome.NOT_ELIGIBLE
    if Outcome.NEEDS_CHECK in seen:
        return Outcome.NEEDS_CHECK
    return Outcome.ELIGIBLE


def age_on(birth_date: date, today: date) -> int:
    """Whole years of age on `today`; someone born on 29 February turns a year older on 1 March."""
    not_yet = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - int(not_yet)


def birthday(birth_date: date, years: int) -> date:
    """The day the person turns `years` old (1 March for a 29 February birthday in a common year)."""
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:  # 29 February in a common year: consistent with age_on()
        return date(birth_date.year + years, 3, 1)


def format_day(day: date) -> str:
    """A date in words in the current language, e.g. "29 Februari 2024"."""
    from babel.core import UnknownLocaleError  # on first use: `main.py info` and others never need Babel
    from babel.dates import format_date

    try:
        return format_date(day, format="d MMMM y", locale=babel_locale())
    except (UnknownLocaleError, ValueError):
        return day.isoformat()


@dataclass(slots=True)
class _Context:
    """What the checks need; `age` is filled in by the age check for the result."""

    rule_set: RuleSet
    applicant: Applicant
    today: date
    kk_count: int | None
    age: int | None = None


_Check = Callable[[Rule, _Context], tuple[str, dict[str, object]]]


def _reason(rule: Rule, case_name: str, values: dict[str, object]) -> Reason:
    """Render one rule's case in the current language."""
    case = rule.cases[case_name]
    outcome = _CASE_OUTCOMES.get(case_name, Outcome.NEEDS_CHECK)
    note = rule.note.current() if rule.note and outcome is Outcome.ELIGIBLE else ""
    return Reason(
        rule_id=rule.id,
        outcome=outcome,
        case=case_name,
        requirement=rule.text.current(),
        text=case.text.current(**values),
        fix=case.fix.current(**values) if case.fix else "",
        note=note,
    )


def _check_age(rule: Rule, ctx: _Context) -> tuple[str, dict[str, object]]:
    """age_range: whole years on `today`, both limits inclusive."""
    params = rule.params
    assert isinstance(params, AgeRangeParams)
    limits: dict[str, object] = {"min": params.min}
    if params.max is not None:
        limits["max"] = params.max
    birth = ctx.applicant.birth_date
    if birth is None:
        return "missing", limits
    if birth > ctx.today or age_on(birth, ctx.today) > MAX_PLAUSIBLE_AGE:
        return "implausible", limits
    ctx.age = age = age_on(birth, ctx.today)
    values = {**limits, "age": age}
    if age < params.min:
        return "too_young", {**values, "eligible_from": format_day(birthday(birth, params.min))}
    if params.max is not None and age > params.max:
        last_day = birthday(birth, params.max + 1) - timedelta(days=1)
        return "too_old", {**values, "last_day": format_day(last_day)}
    return "ok", values


def _yes_no(answer: bool | None, *, good: bool) -> str:
    """The case of a yes/no question whose wanted answer is `good`."""
    if answer is None:
        return "unanswered"
    return "ok" if answer is good else "not_met"


def _check_citizen(rule: Rule, ctx: _Context) -> tuple[str, dict[str, object]]:
    """citizen_required: the applicant said they are WNI."""
    return _yes_no(ctx.applicant.eligibility.citizen, good=True), {}


def _check_not_in_school(rule: Rule, ctx: _Context) -> tuple[str, dict[str, object]]:
    """not_in_school: self-declared; the rule's note warns about education records."""
    return _yes_no(ctx.applicant.eligibility.in_school, good=False), {}


def _check_not_prior_recipient(rule: Rule, ctx: _Context) -> tuple[str, dict[str, object]]:
    """not_prior_recipient: never a recipient before."""
    return _yes_no(ctx.applicant.eligibility.prior_recipient, good=False), {}


def _check_position(rule: Rule, ctx: _Context) -> tuple[str, dict[str, object]]:
    """excluded_position: any listed position excludes; a code the rule set does not know needs a check."""
    code = ctx.applicant.eligibility.excluded_position
    if code is None:
        return "unanswered", {}
    if code == NO_POSITION:
        return "ok", {}
    position = ctx.rule_set.position(code)
    if position is None:  # e.g. a draft answered under another rule set's list
        return "unknown", {}
    return "not_met", {"position": position.label.current()}


def _check_kk(rule: Rule, ctx: _Context) -> tuple[str, dict[str, object]]:
    """kk_limit: advisory, because we only count our own records (needs check, never not eligible)."""
    params = rule.params
    assert isinstance(params, KkLimitParams)
    if ctx.kk_count is None:
        return "unknown", {"max": params.max}
    case = "limit_reached" if ctx.kk_count >= params.max else "ok"
    return case, {"count": ctx.kk_count, "max": params.max}


def _check_social_assistance(rule: Rule, ctx: _Context) -> tuple[str, dict[str, object]]:
    """social_assistance: the wizard does not ask, so staff always check it."""
    params = rule.params
    assert isinstance(params, SocialAssistanceParams)
    return "check", {"programmes": ", ".join(p.label.current() for p in params.programmes)}


_CHECKS: dict[RuleType, _Check] = {
    RuleType.AGE_RANGE: _check_age,
    RuleType.CITIZEN_REQUIRED: _check_citizen,
    RuleType.NOT_IN_SCHOOL: _check_not_in_school,
    RuleType.EXCLUDED_POSITION: _check_position,
    RuleType.NOT_PRIOR_RECIPIENT: _check_not_prior_recipient,
    RuleType.KK_LIMIT: _check_kk,
    RuleType.SOCIAL_ASSISTANCE: _check_social_assistance,
}


# --- explanations while answering (the wizard's steps show these; they never block) ---------------------


def _rule_of(rule_set: RuleSet, rule_type: RuleType) -> Rule | None:
    return next((rule for rule in rule_set.rules if rule.type is rule_type), None)


def age_finding(rule_set: RuleSet, birth: date, today: date) -> Finding:
    """The age in words; outside the age rule, the rule's own explanation and what to do (info)."""
    plain = info("identity.age", _("Umur Anda sekarang {age} tahun.").format(age=age_on(birth, today)))
    rule = _rule_of(rule_set, RuleType.AGE_RANGE)
    if rule is None or birth > today:
        return plain
    case_name, values = _check_age(rule, _Context(rule_set, Applicant(birth_date=birth), today, None))
    case = rule.cases.get(case_name)
    if case_name not in ("too_young", "too_old") or case is None:
        return plain
    parts = [case.text.current(**values), case.fix.current(**values) if case.fix else "",
             _("Anda tetap boleh melanjutkan; hasil pemeriksaan syarat ada di akhir.")]
    return info(f"identity.age_{case_name}", " ".join(p for p in parts if p))


def kk_limit(rule_set: RuleSet) -> int:
    """How many recipients one family card may have under this rule set."""
    rule = _rule_of(rule_set, RuleType.KK_LIMIT)
    return rule.params.max if rule and isinstance(rule.params, KkLimitParams) else DEFAULT_KK_MAX


def kk_records_finding(rule_set: RuleSet, found: int) -> Finding | None:
    """Others recorded here from the same KK, below the limit: none or some (info).

    At the limit it gives None: that is a warning between fields, worded by the field catalogue
    (fields.kk_limit), so the wizard and the batch check say it the same way.
    """
    rule = _rule_of(rule_set, RuleType.KK_LIMIT)
    limit = kk_limit(rule_set)
    values = {"count": found, "max": limit}
    if found <= 0:
        return info("family.kk_none", _("Belum ada anggota KK ini yang tercatat di sini."))
    if found >= limit:
        return None
    case = rule.cases.get("ok") if rule else None
    text = case.text.current(**values) if case else ngettext(
        "Di kantor ini tercatat {count} orang lain dari KK Anda.",
        "Di kantor ini tercatat {count} orang lain dari KK Anda.", found).format(**values)
    return info("family.kk_some", text)
