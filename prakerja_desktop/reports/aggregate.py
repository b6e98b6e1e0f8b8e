"""The office dashboard's numbers, computed from the records of a date range (no personal data)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Boolean, ColumnElement, Integer, cast, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from prakerja_desktop.domain import regions, rules
from prakerja_desktop.i18n import _, pick
from prakerja_desktop.storage.models import RecordRow, WaveOutcome

READ_BATCH = 5000


def case_label(case: str) -> str:
    """A few plain words for a rule's case (the rule's own text says which rule)."""
    return {
        "too_young": _("belum 18 tahun"), "too_old": _("lewat batas umur"), "not_met": _("tidak memenuhi"),
        "unanswered": _("belum dijawab"), "limit_reached": _("KK sudah penuh"), "missing": _("data kurang"),
        "implausible": _("tanggal lahir tidak masuk akal"), "unknown": _("perlu diperiksa"),
        "check": _("perlu diperiksa"),
    }.get(case, case)


@dataclass(frozen=True)
class WaveRow:
    """Acceptance in one wave."""

    wave: int
    joined: int
    accepted: int
    rejected: int
    pending: int
    training_finished: int
    incentive_received: int

    @property
    def acceptance_rate(self) -> float | None:
        """Accepted among those with a known result (None when no result is known yet)."""
        known = self.accepted + self.rejected
        return self.accepted / known if known else None


@dataclass
class Report:
    """Everything the dashboard and the exports show."""

    date_from: date
    date_to: date
    total: int = 0
    per_day: list[tuple[date, int]] = field(default_factory=list)
    per_week: list[tuple[str, int]] = field(default_factory=list)  # ("2026-W47", n)
    by_district: list[tuple[str, int]] = field(default_factory=list)  # (label, n), most first
    by_village: list[tuple[str, int]] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=dict)  # eligible / not_eligible / needs_check
    top_reasons: list[tuple[str, int]] = field(default_factory=list)
    readiness_gaps: list[tuple[str, int, float]] = field(default_factory=list)  # (item, missing, share)
    waves: list[WaveRow] = field(default_factory=list)
    assisted_by_staff: int = 0


def _range(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    """Inclusive day range as UTC datetimes (records store UTC)."""
    if date_to < date_from:
        date_from, date_to = date_to, date_from
    return datetime.combine(date_from, time.min), datetime.combine(date_to, time.max)


def build_report(session: Session, date_from: date, date_to: date, top: int = 10) -> Report:
    """Count everything for records submitted between the two dates (inclusive)."""
    start, end = _range(date_from, date_to)
    report = Report(min(date_from, date_to), max(date_from, date_to))
    in_range = (RecordRow.submitted_at >= start, RecordRow.submitted_at <= end)
    days: Counter[date] = Counter()
    districts: Counter[str] = Counter()
    villages: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    reasons: Counter[tuple[str, str, str]] = Counter()
    gaps: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    query = (select(RecordRow.submitted_at, RecordRow.district_code, RecordRow.village,
                    RecordRow.eligibility_outcome, RecordRow.eligibility_reasons, RecordRow.readiness,
                    RecordRow.entered_by_name, RecordRow.rule_set_id)
             .where(*in_range).execution_options(yield_per=READ_BATCH))
    for row in session.execute(query):
        report.total += 1
        days[row.submitted_at.date()] += 1
        districts[row.district_code or ""] += 1
        villages[f"{row.village or '-'}|{row.district_code or ''}"] += 1
        outcomes[row.eligibility_outcome or "-"] += 1
        report.assisted_by_staff += bool(row.entered_by_name) and row.entered_by_name != "Demo"
        for reason in row.eligibility_reasons or []:
            if reason.get("outcome") != "eligible":
                reasons[(row.rule_set_id, reason.get("rule", ""), reason.get("case", ""))] += 1
        for item, ready in (row.readiness or {}).items():
            if ready is not None:
                answered[item] += 1
                gaps[item] += ready is False
    report.per_day = sorted(days.items())
    weeks: Counter[str] = Counter()
    for day, count in days.items():
        year, week, _weekday = day.isocalendar()
        weeks[f"{year}-W{week:02d}"] += count
    report.per_week = sorted(weeks.items())
    report.by_district = [(_district_label(code), n) for code, n in districts.most_common()]
    report.by_village = [(f"{key.split('|')[0]} ({_district_label(key.split('|')[1])})", n)
                         for key, n in villages.most_common(top * 3)]
    report.outcomes = {key: outcomes.get(key, 0) for key in ("eligible", "not_eligible", "needs_check")}
    report.top_reasons = [(_reason_label(rule_set, rule, case), n)
                          for (rule_set, rule, case), n in reasons.most_common(top)]
    report.readiness_gaps = sorted(((_readiness_label(item), gaps[item], gaps[item] / answered[item])
                                    for item in answered), key=lambda g: -g[2])
    report.waves = _waves(session, in_range)
    return report


def _waves(session: Session, in_range: tuple[ColumnElement[bool], ...]) -> list[WaveRow]:
    """Acceptance per wave for the people of the range."""
    def count_true(column: InstrumentedAttribute[Any]) -> ColumnElement[Any]:
        return func.sum(cast(cast(column, Boolean) == True, Integer))  # noqa: E712 - SQL comparison

    def count_false(column: InstrumentedAttribute[Any]) -> ColumnElement[Any]:
        return func.sum(cast(cast(column, Boolean) == False, Integer))  # noqa: E712 - SQL comparison

    query = (select(WaveOutcome.wave, count_true(WaveOutcome.joined), count_true(WaveOutcome.accepted),
                    count_false(WaveOutcome.accepted), func.count(WaveOutcome.id),
                    count_true(WaveOutcome.training_finished), count_true(WaveOutcome.incentive_received))
             .join(RecordRow, RecordRow.id == WaveOutcome.record_id).where(*in_range)
             .group_by(WaveOutcome.wave).order_by(WaveOutcome.wave))
    result = []
    for wave, joined, accepted, rejected, total, finished, paid in session.execute(query):
        accepted, rejected = int(accepted or 0), int(rejected or 0)
        result.append(WaveRow(wave, int(joined or 0), accepted, rejected, int(total) - accepted - rejected,
                              int(finished or 0), int(paid or 0)))
    return result


def _district_label(code: str) -> str:
    """"Kec. Ranuyoso, Kab. Lumajang" for a district code, or the code when unknown."""
    region = regions.lookup(code) if code else None
    if region is None:
        return code or _("(tidak diisi)")
    return f"Kec. {region.district}, {region.regency}"


def _readiness_label(field_name: str) -> str:
    """The checklist item's label from the newest rule set."""
    for item in rules.load_rule_set().readiness_items:
        if item.field == field_name:
            return pick(item.label.as_dict())
    return field_name


def _reason_label(rule_set_id: str, rule_id: str, case: str) -> str:
    """The rule's requirement and a few words for the case."""
    try:
        rule = rules.load_rule_set(rule_set_id or None).rule(rule_id)
        return f"{rule.text.current()} ({case_label(case)})"
    except (KeyError, rules.RuleSetError, FileNotFoundError):
        return f"{rule_id} ({case_label(case)})"


def last_days(days: int, today: date | None = None) -> tuple[date, date]:
    """(from, to) for the last `days` days including today."""
    today = today or date.today()
    return today - timedelta(days=days - 1), today
