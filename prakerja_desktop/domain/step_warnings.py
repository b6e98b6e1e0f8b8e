"""The warnings a wizard step raises, made again from the stored answers whenever they are needed.

A warning lets the person go on but must not be forgotten: the step shows it, and Review, Done and the
receipt show it again. Nothing of it is stored as text: the field catalogue's checks (the same ones the
batch check runs) run again on the stored answers plus the few facts the answers cannot tell (how many
other records here share the KK or the phone number), so a draft, a submit result and a stored record
all give the same warnings, in the current language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from prakerja_desktop.domain import fields
from prakerja_desktop.domain.applicant import Applicant
from prakerja_desktop.domain.findings import Finding, Severity, warning
from prakerja_desktop.domain.nik import parse_nik
from prakerja_desktop.domain.rules import RuleSet
from prakerja_desktop.i18n import _

logger = logging.getLogger(__name__)

# Warnings the pre-check result explains itself with its own reasons (Done and the receipt list those),
# so they are not repeated there; Review still shows them in their step's section.
COVERED_BY_PRECHECK = frozenset({"kk.limit", "age.too_young", "age.too_old", "age.implausible"})


@dataclass(frozen=True, slots=True)
class Facts:
    """What the answers alone cannot tell; None means "not known" (counted as none: nothing made up)."""

    today: date
    kk_others: int | None = None  # other records here with the same KK number (not this NIK)
    phone_others: int | None = None  # other records here with the same phone number (not this NIK)

    def field_context(self, rule_set: RuleSet) -> fields.FieldContext:
        """The same facts as the field catalogue's checks take them."""
        return fields.FieldContext(today=self.today, rule_set=rule_set, kk_others=self.kk_others or 0,
                                   phone_others=self.phone_others or 0)


Warnings = Callable[[Applicant, RuleSet, Facts], list[Finding]]


def sex_word(sex: str) -> str:
    """"laki-laki" or "perempuan"."""
    return _("perempuan") if sex == "P" else _("laki-laki")


def sex_mismatch(nik_sex: str | None, chosen: str | None) -> Finding | None:
    """The sex chosen differs from the one the NIK says."""
    if nik_sex is None or chosen is None or chosen == nik_sex:
        return None
    return warning("identity.sex_mismatch", _(
        "Menurut NIK, Anda {sex} (untuk perempuan, tanggal lahir di NIK ditambah 40). "
        "Periksa lagi NIK atau pilihan ini.").format(sex=sex_word(nik_sex)))


def of_fields(*field_ids: str) -> Warnings:
    """The warnings the field catalogue finds on these fields (with the rules between fields)."""
    def warnings(applicant: Applicant, rule_set: RuleSet, facts: Facts) -> list[Finding]:
        found = fields.check_applicant(applicant, facts.field_context(rule_set))
        return [f for field_id in field_ids for f in found.get(field_id, []) if f.severity is Severity.WARNING]
    return warnings


def identity(applicant: Applicant, rule_set: RuleSet, facts: Facts) -> list[Finding]:
    """The NIK's warnings (e.g. its birth date differs from the stated one), the age, a sex that differs."""
    found = of_fields("nik", "full_name", "birth_date")(applicant, rule_set, facts)
    decoded = parse_nik(applicant.nik, today=facts.today).value if applicant.nik else None
    mismatch = sex_mismatch(decoded.sex if decoded else None, applicant.sex)
    return found + ([mismatch] if mismatch else [])


family = of_fields("kk_number")  # the family card's limit reached in this office's records
contact = of_fields("phone_e164", "email")  # a phone number already recorded here for someone else


def headline_with_warnings() -> str:
    """The pre-check headline when every rule is met but a warning stands (never a plain "✔")."""
    return _("⚠ Anda memenuhi syarat yang bisa diperiksa di sini, tetapi ada yang perlu Anda periksa lagi.")
