"""What a receipt shows, built from the stored record (never widget state), already masked and formatted.

The renderer only lays these texts out. NIK, KK and phone reach it masked, so the full numbers cannot
end up anywhere in the PDF. The eligibility texts are made again from the rule set the record was
checked with and the stored rule cases, so a reprint shows the same facts as the first print.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from babel.core import UnknownLocaleError
from babel.dates import format_datetime

from prakerja_desktop import settings_registry
from prakerja_desktop.clock import office_zone
from prakerja_desktop.domain import eligibility, flow
from prakerja_desktop.domain import fields as catalogue
from prakerja_desktop.domain.applicant import Applicant, Consent, EligibilityAnswers, Readiness
from prakerja_desktop.domain.eligibility import Outcome
from prakerja_desktop.domain.rules import (
    AgeRangeParams,
    KkLimitParams,
    LocalizedText,
    Rule,
    RuleSet,
    RuleType,
    SocialAssistanceParams,
)
from prakerja_desktop.domain.step_warnings import Facts, headline_with_warnings
from prakerja_desktop.i18n import _, babel_locale
from prakerja_desktop.rulebook.registration import RegistrationStatus
from prakerja_desktop.storage.models import RecordRow
from prakerja_desktop.storage.records import APPLICANT_COLUMNS

logger = logging.getLogger(__name__)

LAYOUTS = settings_registry.spec("receipt_layout").allowed()  # ("a4", "roll80")
TIMEZONES = {"WIB": 7, "WITA": 8, "WIT": 9}  # Indonesia keeps no daylight saving time
# Keys of office_settings() and the settings-table keys they are stored under (staff mode edits them).
SETTING_KEYS = {
    "name": "office_name", "address": "office_address", "phone": "office_phone",
    "hours": "office_hours", "logo_path": "office_logo_path", "timezone": "office_timezone",
    "receipt_layout": "receipt_layout",
}
SYMBOLS = {Outcome.ELIGIBLE: "✔", Outcome.NOT_ELIGIBLE: "✖", Outcome.NEEDS_CHECK: "⚠"}


def office_settings(stored: Mapping[str, Any]) -> dict[str, str]:
    """The office settings with defaults filled in, from the settings table's key → value map."""
    typed = settings_registry.convert_all(stored, tuple(SETTING_KEYS.values()))
    result = {name: typed[key] for name, key in SETTING_KEYS.items()}
    result["name"] = result["name"] or _("Dinas Tenaga Kerja")
    result["timezone"] = office_zone(stored)  # not chosen yet: the zone of the office's region
    return result


def local_time(utc: datetime, zone: str) -> datetime:
    """A stored UTC time (naive or aware) in the office's time zone."""
    aware = utc if utc.tzinfo else utc.replace(tzinfo=UTC)
    return aware.astimezone(timezone(timedelta(hours=TIMEZONES.get(zone, 7))))


def format_moment(utc: datetime, zone: str) -> str:
    """Day, date and time in words with the zone, e.g. "Sabtu, 10 Juni 2023, 14.05 WIB"."""
    moment = local_time(utc, zone)
    try:
        text = format_datetime(moment, "EEEE, d MMMM y, HH.mm", locale=babel_locale())
    except (UnknownLocaleError, ValueError):
        text = moment.strftime("%Y-%m-%d %H.%M")
    return f"{text} {zone}"


@dataclass(frozen=True)
class Office:
    """The office as printed at the top of every receipt."""

    name: str
    address: str = ""
    phone: str = ""
    hours: str = ""
    logo_path: str = ""
    timezone: str = "WIB"

    @classmethod
    def from_settings(cls, settings: Mapping[str, str]) -> Office:
        """From office_settings() output."""
        return cls(settings["name"], settings["address"], settings["phone"], settings["hours"],
                   settings["logo_path"], settings["timezone"])


@dataclass(frozen=True)
class Field:
    """One labelled value about the applicant."""

    label: str
    value: str


@dataclass(frozen=True)
class ReasonLine:
    """One rule's finding: symbol, what we found, what to do, and a note worth knowing."""

    symbol: str
    text: str
    fix: str = ""
    note: str = ""


@dataclass(frozen=True)
class ChecklistLine:
    """One readiness item; ready None means an empty box to tick by hand (blank checklist)."""

    ready: bool | None
    label: str
    todo: str


@dataclass(frozen=True)
class ReceiptContent:
    """Every text a receipt (or a blank checklist) shows, in order; no full NIK, KK or phone."""

    title: str  # PDF document title: no personal data
    office: Office
    heading: str
    receipt_number: str = ""  # empty on a blank checklist
    issued: str = ""
    device_code: str = ""
    staff: str = ""
    applicant: tuple[Field, ...] = ()
    outcome: str = ""
    reasons: tuple[ReasonLine, ...] = ()
    outcome_notice: str = ""
    checklist: tuple[ChecklistLine, ...] = ()
    steps: tuple[str, ...] = ()
    help_text: str = ""
    qr_payload: str = ""
    reprint: str = ""  # "" or the reprint time line; the renderer adds the CETAK ULANG mark
    registration: tuple[str, ...] = ()  # the registration status and what happens next (rulebook.registration)

    @property
    def blank(self) -> bool:
        """True for the consent-declined checklist (no record, no personal data)."""
        return not self.receipt_number


def _help_text(office: Office) -> str:
    """Where to get help: the office, its hours and phone."""
    parts = [_("Butuh bantuan? Datang ke {office} dengan membawa kertas ini.").format(office=office.name)]
    if office.hours:
        parts.append(_("Jam layanan: {hours}.").format(hours=office.hours.rstrip(".")))
    if office.phone:
        parts.append(_("Telepon: {phone}.").format(phone=office.phone.rstrip(".")))
    return " ".join(parts)


def _steps(rule_set: RuleSet) -> tuple[str, ...]:
    """The online registration steps in the current language."""
    return tuple(step.current() for step in rule_set.registration_steps)


def outcome_headline(outcome: str) -> str:
    """The pre-check outcome in words, with a symbol (never colour alone)."""
    texts = {
        Outcome.ELIGIBLE: _("✔ Anda memenuhi syarat yang bisa diperiksa di sini."),
        Outcome.NOT_ELIGIBLE: _("✖ Anda tidak memenuhi syarat Kartu Prakerja."),
        Outcome.NEEDS_CHECK: _("⚠ Ada hal yang perlu diperiksa petugas."),
    }
    try:
        return texts[Outcome(outcome)]
    except ValueError:
        return _("⚠ Hasil pemeriksaan awal tidak tersedia. Tanyakan kepada petugas.")


def _fill(text: LocalizedText | None, values: Mapping[str, object]) -> str | None:
    """The text with its placeholders filled, or None if a value is not known any more."""
    if text is None:
        return ""
    try:
        return text.current(**values)
    except (KeyError, IndexError, ValueError):
        return None


def _values(rule_set: RuleSet, rule: Rule, record: RecordRow, day: date) -> dict[str, object]:
    """The placeholder values of a rule's texts, made again from the stored facts."""
    params = rule.params
    values: dict[str, object] = {}
    if isinstance(params, AgeRangeParams):
        values["min"] = params.min
        if params.max is not None:
            values["max"] = params.max
        birth = record.birth_date
        if birth is not None and birth <= day:
            values["age"] = eligibility.age_on(birth, day)
            values["eligible_from"] = eligibility.format_day(eligibility.birthday(birth, params.min))
            if params.max is not None:
                last = eligibility.birthday(birth, params.max + 1) - timedelta(days=1)
                values["last_day"] = eligibility.format_day(last)
    elif isinstance(params, KkLimitParams):
        values["max"] = params.max
    elif isinstance(params, SocialAssistanceParams):
        values["programmes"] = ", ".join(p.label.current() for p in params.programmes)
    if rule.type is RuleType.EXCLUDED_POSITION:
        position = rule_set.position(str((record.eligibility_answers or {}).get("excluded_position")))
        if position is not None:
            values["position"] = position.label.current()
    return values


def reason_lines(record: RecordRow, rule_set: RuleSet, day: date) -> tuple[ReasonLine, ...]:
    """The stored pre-check reasons in words: problems first (not eligible, then to check), then the rest.

    A text whose values cannot be known again (e.g. the KK count at submit time, which is not stored)
    falls back to the rule's requirement, so nothing made up is printed.
    """
    lines: dict[Outcome, list[ReasonLine]] = {outcome: [] for outcome in Outcome}
    for stored in record.eligibility_reasons or []:
        try:
            rule = rule_set.rule(str(stored.get("rule")))
            case = rule.cases[str(stored.get("case"))]
            outcome = Outcome(stored.get("outcome"))
        except (KeyError, ValueError, AttributeError):
            logger.warning("a stored reason does not match rule set %s; left out", rule_set.id)
            continue
        values = {**_values(rule_set, rule, record, day), **(stored.get("values") or {})}
        text = _fill(case.text, values) or rule.text.current()
        fix = _fill(case.fix, values) or ""
        note = rule.note.current() if rule.note and outcome is Outcome.ELIGIBLE else ""
        lines[outcome].append(ReasonLine(SYMBOLS[outcome], text, fix, note))
    return tuple(lines[Outcome.NOT_ELIGIBLE] + lines[Outcome.NEEDS_CHECK] + lines[Outcome.ELIGIBLE])


def checklist_lines(rule_set: RuleSet, readiness: Mapping[str, Any] | None) -> tuple[ChecklistLine, ...]:
    """Each readiness item ready or not (None readiness: all empty boxes, for the blank checklist)."""
    return tuple(
        ChecklistLine(None if readiness is None else readiness.get(item.field) is True,
                      item.label.current(), item.missing.current())
        for item in rule_set.readiness_items
    )


def _email(record: RecordRow) -> str:
    """The email in full (typed exactly online), or why there is none."""
    if record.email:
        return record.email
    if record.has_email is False:
        return _("Belum punya email: buat dulu dengan bantuan petugas.")
    return _("Belum diisi")


def applicant_of(record: RecordRow) -> Applicant:
    """The stored answers of a record as an Applicant, so the wizard's own checks can run on them."""
    def section(kind: type, stored: Mapping[str, Any] | None) -> Any:
        known = {f.name for f in fields(kind)}
        return kind(**{k: v for k, v in (stored or {}).items() if k in known})

    return Applicant(**{name: getattr(record, name) for name in APPLICANT_COLUMNS},
                     training_interests=list(record.training_interests or []),
                     eligibility=section(EligibilityAnswers, record.eligibility_answers),
                     readiness=section(Readiness, record.readiness), consent=Consent())


def warning_lines(record: RecordRow, rule_set: RuleSet, facts: Facts) -> tuple[ReasonLine, ...]:
    """What the wizard's steps warned about, made again from the stored answers (never stored text)."""
    return tuple(ReasonLine(SYMBOLS[Outcome.NEEDS_CHECK], f.message)
                 for f in flow.all_warnings(applicant_of(record), rule_set, facts))


def build_receipt(record: RecordRow, office: Office, rule_set: RuleSet, qr_payload: str,
                  reprint_at: datetime | None = None, facts: Facts | None = None,
                  registration: RegistrationStatus | None = None) -> ReceiptContent:
    """The receipt of a stored record; reprint_at (UTC) adds the reprint mark and time.

    facts (the counts of other records with the same KK or phone) lets the steps' warnings be made again;
    without them only the warnings the answers alone give (e.g. a birth date that differs from the NIK).
    """
    day = local_time(record.submitted_at, office.timezone).date()
    warned = warning_lines(record, rule_set, facts or Facts(day))
    outcome = outcome_headline(record.eligibility_outcome)
    if warned and record.eligibility_outcome == Outcome.ELIGIBLE:
        outcome = headline_with_warnings()  # never a plain "✔" while a warning stands
    not_given = _("Belum diisi")
    applicant = (
        Field(catalogue.label("full_name"), record.full_name),
        Field(catalogue.label("nik"), catalogue.mask("nik", record.nik)),
        Field(catalogue.label("kk_number"), catalogue.mask("kk_number", record.kk_number) or not_given),
        Field(catalogue.label("phone_e164"), catalogue.mask("phone_e164", record.phone_e164) or not_given),
        Field(catalogue.label("email"), _email(record)),
    )
    reprint = ""
    if reprint_at is not None:
        reprint = _("Dicetak ulang: {moment}").format(moment=format_moment(reprint_at, office.timezone))
    return ReceiptContent(
        title=_("Tanda terima {receipt}").format(receipt=record.receipt_number),
        office=office,
        heading=_("Tanda terima persiapan pendaftaran Kartu Prakerja"),
        receipt_number=record.receipt_number,
        issued=format_moment(record.submitted_at, office.timezone),
        device_code=record.receipt_number.split("-", 1)[0],
        staff=record.entered_by_name,  # the helper only when a staff member was logged in
        applicant=applicant,
        outcome=outcome,
        reasons=warned + reason_lines(record, rule_set, day),
        outcome_notice=_("Ini pemeriksaan awal. Keputusan akhir dibuat oleh program Kartu Prakerja."),
        checklist=checklist_lines(rule_set, record.readiness or {}),
        steps=_steps(rule_set),
        help_text=_help_text(office),
        qr_payload=qr_payload,
        reprint=reprint,
        # Printed today, so the status of today; the office contacts only those who agreed to follow-up.
        registration=(registration or RegistrationStatus()).lines(
            local_time(reprint_at or record.submitted_at, office.timezone).date(),
            follow_up=bool((record.consent or {}).get("follow_up_contact"))),
    )


def build_blank_checklist(office: Office, rule_set: RuleSet, registration: RegistrationStatus | None = None,
                          day: date | None = None) -> ReceiptContent:
    """The checklist for someone who declined consent: no personal data, every item an empty box."""
    return ReceiptContent(
        title=_("Daftar persiapan Kartu Prakerja"),
        office=office,
        heading=_("Daftar persiapan pendaftaran Kartu Prakerja"),
        checklist=checklist_lines(rule_set, None),
        steps=_steps(rule_set),
        help_text=_help_text(office),
        registration=(registration or RegistrationStatus()).lines(
            day or local_time(datetime.now(UTC), office.timezone).date(), follow_up=False),
    )
