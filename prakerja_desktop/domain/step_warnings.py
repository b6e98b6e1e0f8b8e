"""The warnings a wizard step raises, made again from the stored answers whenever they are needed.

A warning lets the person go on but must not be forgotten: the step shows it, and Review, Done and the
receipt show it again. Nothing of it is stored as text: the same checks run on the stored answers plus
the few facts the answers cannot tell (how many other records here share the KK or the phone number),
so a draft, a submit result and a stored record all give the same warnings in the current language.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from prakerja_desktop.domain.applicant import Applicant
from prakerja_desktop.domain.digits import scan_digits
from prakerja_desktop.domain.eligibility import kk_records_finding
from prakerja_desktop.domain.findings import Finding, Severity, warning
from prakerja_desktop.domain.nik import parse_nik
from prakerja_desktop.domain.rules import RuleSet
from prakerja_desktop.i18n import _, ngettext

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Facts:
    """What the answers alone cannot tell; None means "not known" (no warning is made up)."""

    today: date
    kk_others: int | None = None  # other records here with the same KK number (not this NIK)
    phone_others: int | None = None  # other records here with the same phone number (not this NIK)


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


def kk_is_nik(kk_text: str | None, nik_text: str | None) -> Finding | None:
    """The KK number typed is the person's own NIK (a common mix-up)."""
    kk, nik = scan_digits(kk_text or "").digits, scan_digits(nik_text or "").digits
    if not kk or kk != nik:
        return None
    return warning("family.kk_is_nik", _(
        "Nomor ini sama dengan NIK Anda. Nomor KK berbeda dengan NIK: lihat baris \"No.\" di "
        "bagian atas kartu KK, di bawah tulisan \"KARTU KELUARGA\"."))


def phone_shared(others: int | None) -> Finding | None:
    """The phone number is already recorded here for someone else."""
    if not others:
        return None
    return warning("contact.phone_shared", ngettext(
        "Nomor HP ini sudah tercatat untuk {count} orang lain di kantor ini. Setiap pendaftar Kartu Prakerja "
        "memerlukan nomor HP sendiri yang aktif: pakai nomor HP Anda sendiri.",
        "Nomor HP ini sudah tercatat untuk {count} orang lain di kantor ini. Setiap pendaftar Kartu Prakerja "
        "memerlukan nomor HP sendiri yang aktif: pakai nomor HP Anda sendiri.", others).format(count=others))


def identity(applicant: Applicant, _rule_set: RuleSet, facts: Facts) -> list[Finding]:
    """The NIK's warnings (e.g. its birth date differs from the stated one) and a sex that differs."""
    if not applicant.nik:
        return []
    checked = parse_nik(applicant.nik, stated_birth_date=applicant.birth_date, today=facts.today)
    found = [f for f in checked.findings if f.severity is Severity.WARNING]
    mismatch = sex_mismatch(checked.value.sex if checked.value else None, applicant.sex)
    return found + ([mismatch] if mismatch else [])


def family(applicant: Applicant, rule_set: RuleSet, facts: Facts) -> list[Finding]:
    """A KK number equal to the NIK; the family card's limit reached in this office's records."""
    found = [f for f in [kk_is_nik(applicant.kk_number, applicant.nik)] if f]
    if applicant.kk_number and facts.kk_others is not None:
        counted = kk_records_finding(rule_set, facts.kk_others)
        if counted.severity is Severity.WARNING:
            found.append(counted)
    return found


def contact(applicant: Applicant, _rule_set: RuleSet, facts: Facts) -> list[Finding]:
    """A phone number already recorded here for someone else."""
    shared = phone_shared(facts.phone_others) if applicant.phone_e164 else None
    return [shared] if shared else []


def headline_with_warnings() -> str:
    """The pre-check headline when every rule is met but a warning stands (never a plain "✔")."""
    return _("⚠ Anda memenuhi syarat yang bisa diperiksa di sini, tetapi ada yang perlu Anda periksa lagi.")
