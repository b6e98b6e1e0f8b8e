"""The dashboard's numbers, counted by the database for the office's local days (no personal data).

Every count is a GROUP BY in SQL (a few queries, whatever the number of records), so a million records
are summed in well under a second; Python only adds the grouped rows up. Days are the office's days:
a range "1 to 30 June" in WIT starts at 31 May 15:00 UTC.

The funnel, per kecamatan, per desa and in total (one person counts once per stage):
helped → ready (nothing blocking) → registered online → joined a wave → accepted → finished training →
incentive received. Every stage is counted on its own (someone may tell us they registered without being
"ready"); its rate is the share of the stage before it.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    Integer,
    String,
    and_,
    case,
    cast,
    func,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import Session

from prakerja_desktop import clock, settings_registry
from prakerja_desktop.domain import regions, rules
from prakerja_desktop.i18n import _, pick
from prakerja_desktop.reports import counts as day_counts
from prakerja_desktop.storage import facts
from prakerja_desktop.storage.models import RecordRow, WaveOutcome

READ_BATCH = 5000
# Checklist items that do not stop someone registering online (reports/counts.py: the kept counts leave
# them out of "items answered no").
NOT_BLOCKING = day_counts.NOT_BLOCKING


def case_label(case_name: str) -> str:
    """A few plain words for a rule's case (the rule's own text says which rule)."""
    return {
        "too_young": _("belum 18 tahun"), "too_old": _("lewat batas umur"), "not_met": _("tidak memenuhi"),
        "unanswered": _("belum dijawab"), "limit_reached": _("KK sudah penuh"), "missing": _("data kurang"),
        "implausible": _("tanggal lahir tidak masuk akal"), "unknown": _("perlu diperiksa"),
        "check": _("perlu diperiksa"),
    }.get(case_name, case_name)


@dataclass(frozen=True)
class Funnel:
    """How many people reached each stage (each counted on its own)."""

    helped: int = 0
    ready: int = 0
    registered: int = 0
    joined: int = 0
    accepted: int = 0
    finished: int = 0
    paid: int = 0

    def counts(self) -> list[int]:
        """The seven counts in funnel order."""
        return [getattr(self, f.name) for f in fields(self)]

    def rates(self) -> list[float | None]:
        """Each stage's share of the stage before it (None for the first, or when that one is 0)."""
        counts = self.counts()
        return [None] + [(n / before if before else None) for before, n in zip(counts, counts[1:], strict=False)]

    def __add__(self, other: Funnel) -> Funnel:
        return Funnel(*(a + b for a, b in zip(self.counts(), other.counts(), strict=True)))


STAGES = tuple(f.name for f in fields(Funnel))


def stage_titles() -> list[str]:
    """Column titles of the funnel's stages, in order."""
    return [_("Dibantu"), _("Siap"), _("Daftar online"), _("Ikut gelombang"), _("Diterima"),
            _("Selesai pelatihan"), _("Dapat insentif")]


def stage_definitions() -> list[str]:
    """One line per stage saying exactly what is counted (printed under every funnel table)."""
    return [
        _("Dibantu: orang yang dicatat di kantor ini pada rentang tanggal (dibantu petugas atau mandiri di kios)."),
        _("Siap: hasil cek 'memenuhi syarat' dan tidak ada hal wajib yang 'belum siap' "
          "(rekening pembayaran tidak dihitung: baru perlu setelah diterima)."),
        _("Daftar online: orang yang sudah memberi tahu tanggal ia mendaftar di prakerja.go.id."),
        _("Ikut gelombang: tercatat ikut paling sedikit satu gelombang."),
        _("Diterima: diterima di salah satu gelombang."),
        _("Selesai pelatihan: menyelesaikan pelatihan setelah diterima."),
        _("Dapat insentif: sudah menerima insentif."),
        _("Persen: jumlah tahap ini dibagi jumlah tahap sebelumnya."),
    ]


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


@dataclass(frozen=True)
class PlaceRow:
    """The funnel of one kecamatan or desa."""

    label: str  # "Kec. Ranuyoso, Kab. Lumajang" or "Wonorejo"
    district: str  # the kecamatan's label (for a desa; equal to label for a kecamatan)
    funnel: Funnel


@dataclass
class Report:
    """Everything the dashboard and the exports show."""

    date_from: date
    date_to: date
    zone: str = clock.DEFAULT_ZONE
    regency_code: str = ""  # the office's own regency ("" when not set)
    regency_name: str = ""
    total: int = 0
    per_day: list[tuple[date, int]] = field(default_factory=list)
    per_week: list[tuple[str, int]] = field(default_factory=list)  # ("2026-W47", n)
    districts: list[PlaceRow] = field(default_factory=list)  # every kecamatan, most people first
    villages: list[PlaceRow] = field(default_factory=list)  # every desa, most people first
    funnel: Funnel = field(default_factory=Funnel)  # everyone
    residents: Funnel | None = None  # people of the office's regency (None when it is not set)
    elsewhere: Funnel | None = None  # people from other regencies (or without one)
    outcomes: dict[str, int] = field(default_factory=dict)  # eligible / not_eligible / needs_check
    top_reasons: list[tuple[str, int]] = field(default_factory=list)
    readiness_gaps: list[tuple[str, int, float]] = field(default_factory=list)  # (item, missing, share)
    waves: list[WaveRow] = field(default_factory=list)
    assisted_by_staff: int = 0
    self_service: int = 0  # at the kiosk, without staff
    waiting_list: int = 0  # every date: consented to follow-up, ready, not registered online yet

    @property
    def by_district(self) -> list[tuple[str, int]]:
        """(kecamatan, people helped), most first."""
        return [(row.label, row.funnel.helped) for row in self.districts]

    @property
    def by_village(self) -> list[tuple[str, int]]:
        """("desa (kecamatan)", people helped) for every desa, most first."""
        return [(f"{row.label} ({row.district})", row.funnel.helped) for row in self.villages]

    @property
    def wave_total(self) -> WaveRow:
        """The waves added up (a person in two waves counts twice: it is a count of places taken)."""
        sums = [sum(getattr(w, name) for w in self.waves)
                for name in ("joined", "accepted", "rejected", "pending", "training_finished",
                             "incentive_received")]
        return WaveRow(0, *sums)


def office_zone(session: Session) -> str:
    """The office's time zone (chosen, else from its region, else WIB)."""
    return clock.office_zone(settings_registry.stored_map(session))


def _in_force(rule_set: rules.RuleSet | None) -> rules.RuleSet:
    # The office's set in force (app.rule_set) when the caller has it; the newest shipped set otherwise.
    return rule_set or rules.load_rule_set()


def blocking_items(rule_set: rules.RuleSet | None = None) -> list[str]:
    """Checklist fields that keep someone from registering online (the rule set in force)."""
    return [item.field for item in _in_force(rule_set).readiness_items if item.field not in NOT_BLOCKING]


def ready_condition(rule_set: rules.RuleSet | None = None) -> ColumnElement[bool]:
    """SQL: eligible, and no blocking checklist item answered "not ready"."""
    not_ready = [RecordRow.readiness[name].as_boolean().is_(False) for name in blocking_items(rule_set)]
    eligible = RecordRow.eligibility_outcome == "eligible"
    return and_(eligible, not_(or_(*not_ready))) if not_ready else eligible


def waiting_condition(rule_set: rules.RuleSet | None = None) -> ColumnElement[bool]:
    """SQL: the waiting list: consented to follow-up, ready, and not registered online yet."""
    return and_(_follow_up(), ready_condition(rule_set), RecordRow.registered_online_on.is_(None))


def _flag(condition: ColumnElement[Any]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


def _local_day(session: Session, zone: str) -> ColumnElement[Any]:
    """SQL: the office's calendar day of submitted_at."""
    hours = clock.ZONES.get(zone, clock.ZONES[clock.DEFAULT_ZONE])
    if session.get_bind().dialect.name == "sqlite":
        return func.date(RecordRow.submitted_at, f"+{hours} hours")
    return cast(RecordRow.submitted_at + timedelta(hours=hours), Date)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def build_report(session: Session, date_from: date, date_to: date, top: int = 10,
                 zone: str | None = None, rule_set: rules.RuleSet | None = None) -> Report:
    """Count everything for records submitted on the office's days date_from..date_to (inclusive), from the
    counts kept per UTC day (reports/counts.py): the same numbers as build_report_by_scan(), in a blink.

    rule_set: the office's set in force (app.rule_set) for the checklist; the newest shipped set if None.
    """
    report = _empty_report(session, date_from, date_to, zone)
    start, end = clock.day_bounds(date_from, date_to, report.zone)
    _from_counts(report, day_counts.range_counts(session, start, end), top, rule_set)
    report.waiting_list = _waiting_from(day_counts.waiting_counts(session), rule_set)
    return report


def build_report_by_scan(session: Session, date_from: date, date_to: date, top: int = 10,
                         zone: str | None = None, rule_set: rules.RuleSet | None = None) -> Report:
    """build_report() read from every record of the range (the reference the kept counts must equal)."""
    report = _empty_report(session, date_from, date_to, zone)
    start, end = clock.day_bounds(date_from, date_to, report.zone)
    in_range = (RecordRow.submitted_at >= start, RecordRow.submitted_at < end)
    _count_places(session, report, in_range, rule_set)
    _count_days(session, report, in_range)
    report.top_reasons = _reasons(session, start, end, top, rule_set)
    report.waves = _waves(session, in_range)
    report.waiting_list = count_waiting(session, rule_set)
    return report


def _empty_report(session: Session, date_from: date, date_to: date, zone: str | None) -> Report:
    """A report with its range, zone and the office's regency, nothing counted yet."""
    stored = settings_registry.stored_map(session)
    zone = zone or clock.office_zone(stored)
    regency = str(stored.get("office_regency_code") or "")[:4]
    return Report(min(date_from, date_to), max(date_from, date_to), zone, regency,
                  (regions.regency_name(regency) or regency) if regency else "")


def _not_blocked(no_items: str, blocking: frozenset[str]) -> bool:
    """No blocking checklist item among the items answered "no" (comma-joined, counts.false_items)."""
    return not no_items or blocking.isdisjoint(no_items.split(","))


def _waiting_from(kept: day_counts.Counts, rule_set: rules.RuleSet | None = None) -> int:
    """The waiting list's size from its counts (people not blocked by the checklist in force)."""
    blocking = frozenset(blocking_items(rule_set))
    return sum(values[0] for key, values in kept.items() if key[0] == "waiting" and _not_blocked(key[1], blocking))


def _from_counts(report: Report, kept: day_counts.Counts, top: int, rule_set: rules.RuleSet | None = None) -> None:
    """Fill the report from counts (reports/counts.py) as the scan fills it from the records."""
    blocking = frozenset(blocking_items(rule_set))
    places: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * len(STAGES))
    resident: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * len(STAGES))
    outcomes: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    reasons: Counter[tuple[str, str, str]] = Counter()
    days: Counter[date] = Counter()
    offset = timedelta(hours=clock.ZONES.get(report.zone, clock.ZONES[clock.DEFAULT_ZONE]))
    waves = []
    for key, values in kept.items():
        kind = key[0]
        if kind in ("place", "later"):
            district, village, regency = key[1:4]
            targets = (places[(district, village)],) + (
                (resident[(district, village)],) if report.regency_code and regency == report.regency_code else ())
            if kind == "place":
                n, registered, assisted = values[:3]
                ready = key[4] == "eligible" and _not_blocked(key[5], blocking)
                for target in targets:
                    target[0] += n
                    target[1] += n * ready
                    target[2] += registered
                outcomes[key[4] or "-"] += n
                report.total += n
                report.assisted_by_staff += assisted
            else:
                for target in targets:
                    for index in range(4):
                        target[3 + index] += values[index]
        elif kind == "item":
            answered[key[1]] += values[0]
            missing[key[1]] += values[0] * (key[2] == "1")
        elif kind == "hour":
            days[(datetime.fromisoformat(key[1] + ":00") + offset).date()] += values[0]
        elif kind == "reason":
            for rule, case_name in facts.parse_codes(key[2]):
                reasons[(key[1], rule, case_name)] += values[0]
        elif kind == "wave":
            joined, accepted, rejected, total, finished, paid = values
            waves.append(WaveRow(int(key[1]), joined, accepted, rejected, total - accepted - rejected, finished, paid))
    report.self_service = report.total - report.assisted_by_staff
    report.outcomes = {name: outcomes.get(name, 0) for name in ("eligible", "not_eligible", "needs_check")}
    items = [item.field for item in _in_force(rule_set).readiness_items]
    report.readiness_gaps = sorted(((_readiness_label(item, rule_set), missing[item], missing[item] / answered[item])
                                    for item in items if answered[item]), key=lambda g: -g[2])
    _place_rows(report, places, resident)
    report.per_day = sorted((day, n) for day, n in days.items() if n)
    report.per_week = _weeks(dict(report.per_day))
    report.top_reasons = _top_reasons(reasons, top, rule_set)
    report.waves = sorted(waves, key=lambda row: row.wave)


def _top_reasons(reasons: Counter[tuple[str, str, str]], top: int, in_force: rules.RuleSet | None = None
                 ) -> list[tuple[str, int]]:
    """The TOP most frequent (rule set, rule, case) as labels; ties in the order of their keys."""
    ranked = sorted(reasons.items(), key=lambda pair: (-pair[1], pair[0]))[:top]
    return [(_reason_label(rule_set, rule, case_name, in_force), n) for (rule_set, rule, case_name), n in ranked]


def _weeks(days: dict[date, int]) -> list[tuple[str, int]]:
    """People per ISO week ("2026-W47") from people per day."""
    weeks: Counter[str] = Counter()
    for one_day, count in days.items():
        year, week, _weekday = one_day.isocalendar()
        weeks[f"{year}-W{week:02d}"] += count
    return sorted(weeks.items())


def _follow_up() -> ColumnElement[bool]:
    """SQL: the person agreed to follow-up contact (the column derived on write: storage/facts.py)."""
    return RecordRow.follow_up == True  # noqa: E712 - an SQL equality the index ix_records_waiting serves


def count_waiting(session: Session, rule_set: rules.RuleSet | None = None) -> int:
    """How many are on the waiting list (every date): grouped by checklist, decoded once per checklist
    (read from the index ix_records_waiting alone)."""
    blocking = blocking_items(rule_set)
    cache: dict[Any, Any] = {}
    readiness_text = _as_text(RecordRow.readiness)
    query = (select(readiness_text, func.count(RecordRow.id))
             .where(RecordRow.eligibility_outcome == "eligible", RecordRow.registered_online_on.is_(None),
                    _follow_up())
             .group_by(readiness_text))
    total = 0
    for text_value, n in session.execute(query):
        if _is_ready("eligible", _decoded(text_value, cache), blocking):
            total += int(n)
    return total


def _as_text(column: Any) -> ColumnElement[str]:
    """A JSON column as its stored text: grouped as is, decoded once per distinct value in Python (a JSON
    function per row costs seconds over a million rows; the distinct checklists are a few hundred)."""
    return cast(column, String)


def _decoded(text_value: Any, cache: dict[Any, Any]) -> Any:
    """A stored JSON text decoded (once per distinct text)."""
    if text_value not in cache:
        try:
            cache[text_value] = json.loads(text_value) if isinstance(text_value, str) else (text_value or {})
        except ValueError:
            cache[text_value] = {}
    return cache[text_value]


def _is_ready(outcome: str | None, readiness: dict[str, Any], blocking: list[str]) -> bool:
    """Eligible, and no blocking checklist item answered "not ready" (as ready_condition() in SQL)."""
    return outcome == "eligible" and not any(readiness.get(name) is False for name in blocking)


def _count_places(session: Session, report: Report, in_range: tuple[ColumnElement[bool], ...],
                  rule_set: rules.RuleSet | None = None) -> None:
    """The funnel per desa (then kecamatan, regency and in total), outcomes, assisted and kiosk, and the
    readiness gaps, from one grouped read."""
    places: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * len(STAGES))
    resident: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * len(STAGES))
    outcomes: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    cache: dict[Any, Any] = {}
    blocking = blocking_items(rule_set)
    items = [item.field for item in _in_force(rule_set).readiness_items]
    assisted_flag = _flag(RecordRow.entered_by_name != "")
    registered_flag = _flag(RecordRow.registered_online_on.is_not(None))
    key_columns = (RecordRow.district_code, RecordRow.village, RecordRow.regency_code, RecordRow.eligibility_outcome,
                   assisted_flag, registered_flag, _as_text(RecordRow.readiness))
    query = select(*key_columns, func.count(RecordRow.id)).where(*in_range).group_by(*key_columns)
    per_text: Counter[Any] = Counter()
    ready_of: dict[tuple[Any, Any], bool] = {}
    for district, village, regency, outcome, assisted, registered, readiness_text, n in session.execute(query):
        per_text[readiness_text] += n
        ready = ready_of.get((outcome, readiness_text))
        if ready is None:
            ready = ready_of[(outcome, readiness_text)] = _is_ready(outcome, _decoded(readiness_text, cache),
                                                                    blocking)
        key = (district or "", village or "")
        for target in (places[key],) + ((resident[key],) if report.regency_code and regency == report.regency_code
                                        else ()):
            target[0] += n
            target[1] += n * ready
            target[2] += n * registered
        outcomes[outcome or "-"] += n
        report.total += n
        report.assisted_by_staff += n * assisted
    for readiness_text, n in per_text.items():  # the gaps: once per distinct checklist
        readiness = _decoded(readiness_text, cache)
        for item in items:
            value = readiness.get(item)
            if value is not None:
                answered[item] += n
                missing[item] += n * (value is False)
    report.self_service = report.total - report.assisted_by_staff
    report.outcomes = {key: outcomes.get(key, 0) for key in ("eligible", "not_eligible", "needs_check")}
    report.readiness_gaps = sorted(((_readiness_label(item, rule_set), missing[item], missing[item] / answered[item])
                                    for item in items if answered[item]), key=lambda g: -g[2])
    # The later stages: one row per person (any wave), then added up per place.
    per_person = (select(WaveOutcome.record_id,
                         func.max(_flag(WaveOutcome.joined == True)).label("joined"),  # noqa: E712 - SQL
                         func.max(_flag(WaveOutcome.accepted == True)).label("accepted"),  # noqa: E712
                         func.max(_flag(WaveOutcome.training_finished == True)).label("finished"),  # noqa: E712
                         func.max(_flag(WaveOutcome.incentive_received == True)).label("paid"))  # noqa: E712
                  .join(RecordRow, RecordRow.id == WaveOutcome.record_id).where(*in_range)
                  .group_by(WaveOutcome.record_id).subquery())
    place_columns = (RecordRow.district_code, RecordRow.village, RecordRow.regency_code)
    later = (select(*place_columns, func.sum(per_person.c.joined), func.sum(per_person.c.accepted),
                    func.sum(per_person.c.finished), func.sum(per_person.c.paid))
             .join(per_person, per_person.c.record_id == RecordRow.id).group_by(*place_columns))
    for district, village, regency, *counts in session.execute(later):
        key = (district or "", village or "")
        for target in (places[key],) + ((resident[key],) if report.regency_code and regency == report.regency_code
                                        else ()):
            for offset, n in enumerate(counts):
                target[3 + offset] += int(n or 0)
    _place_rows(report, places, resident)


def _place_rows(report: Report, places: dict[tuple[str, str], list[int]],
                resident: dict[tuple[str, str], list[int]]) -> None:
    """Every desa and kecamatan row, the funnel in total and of residents and people from elsewhere."""
    districts: dict[str, list[int]] = defaultdict(lambda: [0] * len(STAGES))
    villages = []
    for (district, village), counts in places.items():
        label = _district_label(district)
        villages.append(PlaceRow(village or _("(tidak diisi)"), label, Funnel(*counts)))
        districts[label] = [a + b for a, b in zip(districts[label], counts, strict=True)]
    order = lambda row: (-row.funnel.helped, row.district.casefold(), row.label.casefold())  # noqa: E731
    report.villages = sorted(villages, key=order)
    report.districts = sorted((PlaceRow(label, label, Funnel(*c)) for label, c in districts.items()), key=order)
    report.funnel = sum((row.funnel for row in report.villages), Funnel())
    if report.regency_code:
        report.residents = sum((Funnel(*c) for c in resident.values()), Funnel())
        report.elsewhere = Funnel(*(a - b for a, b in zip(report.funnel.counts(), report.residents.counts(),
                                                            strict=True)))


def _count_days(session: Session, report: Report, in_range: tuple[ColumnElement[bool], ...]) -> None:
    """People per office day and per ISO week."""
    day = _local_day(session, report.zone)
    days = {_as_date(d): int(n) for d, n in session.execute(
        select(day, func.count(RecordRow.id)).where(*in_range).group_by(day))}
    report.per_day = sorted(days.items())
    report.per_week = _weeks(days)


def _reasons(session: Session, start: datetime, end: datetime, top: int,
             in_force: rules.RuleSet | None = None) -> list[tuple[str, int]]:
    """The most frequent problems found by the pre-check (rule and case), grouped by the codes derived on
    write (storage/facts.py; read from the covering index, never the wide row)."""
    reasons: Counter[tuple[str, str, str]] = Counter()
    query = (select(RecordRow.rule_set_id, RecordRow.reason_codes, func.count(RecordRow.id))
             .where(RecordRow.submitted_at >= start, RecordRow.submitted_at < end,
                    RecordRow.eligibility_outcome != "eligible", RecordRow.reason_codes != "")
             .group_by(RecordRow.rule_set_id, RecordRow.reason_codes))
    for rule_set, codes, n in session.execute(query):
        for rule, case_name in facts.parse_codes(codes):
            reasons[(rule_set or "", rule, case_name)] += int(n)
    return _top_reasons(reasons, top, in_force)


def _waves(session: Session, in_range: tuple[ColumnElement[bool], ...]) -> list[WaveRow]:
    """Acceptance per wave for the people of the range."""
    def count_true(column: Any) -> ColumnElement[Any]:
        return func.sum(cast(cast(column, Boolean) == True, Integer))  # noqa: E712 - SQL comparison

    def count_false(column: Any) -> ColumnElement[Any]:
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


def _readiness_label(field_name: str, rule_set: rules.RuleSet | None = None) -> str:
    """The checklist item's label from the rule set in force."""
    for item in _in_force(rule_set).readiness_items:
        if item.field == field_name:
            return pick(item.label.as_dict())
    return field_name


def _reason_label(rule_set_id: str, rule_id: str, case_name: str, in_force: rules.RuleSet | None = None) -> str:
    """The rule's requirement (from the set the record was checked under) and a few words for the case."""
    try:
        rule = (rules.load_rule_set(rule_set_id) if rule_set_id else _in_force(in_force)).rule(rule_id)
        return f"{rule.text.current()} ({case_label(case_name)})"
    except (KeyError, rules.RuleSetError, FileNotFoundError):
        return f"{rule_id} ({case_label(case_name)})"


def last_days(days: int, today: date) -> tuple[date, date]:
    """(from, to) for the last `days` days including today (the office's today: clock.office_today)."""
    return today - timedelta(days=days - 1), today
