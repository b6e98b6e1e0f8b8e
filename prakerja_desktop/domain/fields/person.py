"""A whole person checked at once: each field's own rule, then the rules between fields.

The rules between fields need facts from outside (today, the rule set, how many other people share the
KK or the phone). They come in a FieldContext as plain values, so this stays pure: the wizard fills the
counts from this office's records, the batch check from the rows above in the same file.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from prakerja_desktop.domain.applicant import Applicant
from prakerja_desktop.domain.eligibility import MAX_PLAUSIBLE_AGE, age_on, evaluate
from prakerja_desktop.domain.fields import parsed
from prakerja_desktop.domain.fields.catalogue import CATALOGUE, field
from prakerja_desktop.domain.findings import Finding, error, warning
from prakerja_desktop.domain.rules import AgeRangeParams, KkLimitParams, RuleSet, RuleType
from prakerja_desktop.i18n import _, ngettext

DEFAULT_KK_MAX = 2  # when a rule set has no kk_limit rule (every shipped one has)
MISMATCH = "nik.birth_date_mismatch"
# The fields a spreadsheet row and the wizard both carry, in the order their findings are listed.
PERSON_FIELDS: tuple[str, ...] = ("full_name", "birth_date", "nik", "kk_number", "phone_e164", "email",
                                  "rt", "rw")
SOURCE_OFFICE = "office"  # counts are this office's records
SOURCE_FILE = "file"  # counts are the rows above in the same list


@dataclass(frozen=True, slots=True)
class FieldContext:
    """Facts from outside a person that the checks need, as plain values."""

    today: date
    rule_set: RuleSet | None = None  # the age and KK limits; None: no age check, KK limit 2
    kk_others: int = 0  # other people with the same KK number
    phone_others: int = 0  # other people with the same phone number
    phone_first_row: int | None = None  # the batch check: the row that had the phone first
    source: str = SOURCE_OFFICE  # where the counts come from (the messages say so)

    @property
    def kk_max(self) -> int:
        """Most recipients per KK, from the rule set."""
        rules = self.rule_set.rules if self.rule_set is not None else ()
        return next((r.params.max for r in rules if isinstance(r.params, KkLimitParams)), DEFAULT_KK_MAX)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def nik_birth_date(nik: Any, today: date, stated: date | None = None) -> date | None:
    """The birth date a valid NIK gives (the stated date picks the century), else None."""
    if _blank(nik):
        return None
    found = parsed.nik(str(nik), today, stated).value
    return found.birth_date if found is not None else None


def birth_vs_nik(nik: Any, stated: date | None, today: date) -> list[Finding]:
    """A stated birth date that differs from the NIK's (a warning: Dukcapil's record counts)."""
    if _blank(nik) or stated is None or stated > today:
        return []
    return [f for f in parsed.nik(str(nik), today, stated).findings if f.code == MISMATCH]


def kk_vs_nik(kk: Any, nik: Any) -> list[Finding]:
    """The NIK typed where the KK number goes."""
    kk_digits = "".join(ch for ch in str(kk or "") if ch.isdigit())
    nik_digits = "".join(ch for ch in str(nik or "") if ch.isdigit())
    if len(kk_digits) == 16 and kk_digits == nik_digits:
        return [error("kk.same_as_nik", _("Nomor KK sama dengan NIK. Nomor KK berbeda dengan NIK: lihat baris "
                                          "\"No.\" di bagian atas kartu KK, di bawah tulisan \"KARTU "
                                          "KELUARGA\"."))]
    return []


def kk_limit(context: FieldContext) -> list[Finding]:
    """More people with this KK than the rule set allows per KK (staff check; a warning)."""
    limit, others = context.kk_max, context.kk_others
    if others < limit:
        return []
    if context.source == SOURCE_FILE:
        count = others + 1
        return [warning("kk.limit", ngettext(
            "Sudah ada {count} orang dengan nomor KK ini di daftar. Paling banyak {max} penerima per KK, "
            "jadi petugas perlu memeriksanya.",
            "Sudah ada {count} orang dengan nomor KK ini di daftar. Paling banyak {max} penerima per KK, "
            "jadi petugas perlu memeriksanya.", count).format(count=count, max=limit))]
    rule = _rule(context.rule_set, "kk_limit")
    case = rule.cases.get("limit_reached") if rule is not None else None
    values = {"count": others, "max": limit}
    parts = [case.text.current(**values), case.fix.current(**values) if case.fix else ""] if case else [
        ngettext("Di kantor ini sudah tercatat {count} orang lain dari KK Anda. Satu KK paling banyak boleh "
                 "{max} penerima Kartu Prakerja. Petugas akan memeriksanya.",
                 "Di kantor ini sudah tercatat {count} orang lain dari KK Anda. Satu KK paling banyak boleh "
                 "{max} penerima Kartu Prakerja. Petugas akan memeriksanya.", others).format(**values)]
    parts.append(_("Hitungan ini hanya dari data di kantor ini. Anda tetap boleh melanjutkan."))
    return [warning("kk.limit", " ".join(p for p in parts if p))]


def phone_shared(context: FieldContext) -> list[Finding]:
    """A phone number someone else already gave (each person needs their own for the OTP)."""
    if context.phone_others <= 0:
        return []
    if context.phone_first_row is not None:
        message = _("Nomor HP ini juga dipakai di baris {row}. Setiap orang perlu nomor HP sendiri untuk kode "
                    "OTP.").format(row=context.phone_first_row)
    else:
        message = _("Nomor HP ini sudah dipakai orang lain yang tercatat di kantor ini. Setiap orang perlu "
                    "nomor HP sendiri untuk kode OTP.")
    return [warning("phone.shared", message)]


def _rule(rule_set: RuleSet | None, rule_id: str) -> Any:
    if rule_set is None:
        return None
    try:
        return rule_set.rule(rule_id)
    except KeyError:
        return None


def age_findings(birth: date | None, context: FieldContext) -> list[Finding]:
    """Outside the age range (a warning: the pre-check decides), or a birth date that cannot be right."""
    if birth is None or context.rule_set is None:
        return []
    ages = dataclasses.replace(context.rule_set,
                               rules=tuple(r for r in context.rule_set.rules if r.type is RuleType.AGE_RANGE))
    if not ages.rules:
        return []
    params, today = ages.rules[0].params, context.today
    if isinstance(params, AgeRangeParams) and birth <= today:
        age = age_on(birth, today)
        if params.min <= age <= (params.max if params.max is not None else MAX_PLAUSIBLE_AGE):
            return []  # the common case, without rendering the rule's texts
    reason = evaluate(ages, Applicant(birth_date=birth), today=today).reasons[0]
    if reason.case not in ("too_young", "too_old", "implausible"):
        return []
    text = " ".join(p for p in (reason.text, reason.fix) if p)
    return [error(f"age.{reason.case}", text) if reason.case == "implausible" else
            warning(f"age.{reason.case}", text)]


def check_person(values: dict[str, Any], context: FieldContext) -> dict[str, list[Finding]]:
    """Findings per field for the fields present in `values` (cleaned values keyed by field id).

    A field missing from `values` is not checked (a spreadsheet without that column, or a cell that
    could not be read); the rules between fields then treat it as empty.
    """
    today = context.today
    found: dict[str, list[Finding]] = {}
    for field_id in (*PERSON_FIELDS, *(k for k in values if k not in PERSON_FIELDS)):
        if field_id in values and field_id in CATALOGUE:
            found[field_id] = field(field_id).check(values[field_id], today)
    stated = values.get("birth_date")
    stated = stated if isinstance(stated, date) and stated <= today else None
    nik = values.get("nik")
    if "nik" in values:
        found["nik"].extend(birth_vs_nik(nik, stated, today))
    if "birth_date" in values or "nik" in values:
        birth = stated or nik_birth_date(nik, today)
        found.setdefault("birth_date", []).extend(age_findings(birth, context))
    if "kk_number" in values:
        same = kk_vs_nik(values["kk_number"], nik)
        if same:
            found["kk_number"] = same
        elif parsed.kk(str(values["kk_number"] or ""), today).value is not None:
            found["kk_number"].extend(kk_limit(context))
    if "phone_e164" in values and parsed.phone(str(values["phone_e164"] or "")).value is not None:
        found["phone_e164"].extend(phone_shared(context))
    return found


def applicant_values(applicant: Applicant) -> dict[str, Any]:
    """The applicant's answers keyed by field id (what check_person reads)."""
    values = {field_id: getattr(applicant, field_id) for field_id in PERSON_FIELDS}
    if applicant.has_email is False:
        values["email"] = None
    for field_id in ("sex",):
        values[field_id] = getattr(applicant, field_id)
    return values


def check_applicant(applicant: Applicant, context: FieldContext) -> dict[str, list[Finding]]:
    """Findings per field for everything the wizard asked (the same rules as the batch check)."""
    return check_person(applicant_values(applicant), context)


def problems(found: dict[str, list[Finding]]) -> dict[str, list[Finding]]:
    """Only errors and warnings (infos dropped), and only fields that have any."""
    kept = {k: [f for f in v if f.severity.value != "info"] for k, v in found.items()}
    return {k: v for k, v in kept.items() if v}
