"""The Review lines of a step: each field key of the step table as (label, value shown), in words.

A small adapter: the step table names fields by key ("nik", "eligibility.citizen", "readiness"); this
module gives each its label and display format. A key the field catalogue (domain/fields) knows takes
its label and display from there, so no raw code (sex "L") reaches the screen; the answers that are not
fields of a person (consent, eligibility questions, readiness items) are worded here.
The NIK and KK number are shown in full, grouped in fours: it is the applicant's own check.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from prakerja_desktop.domain import fields
from prakerja_desktop.domain.applicant import Applicant
from prakerja_desktop.domain.rules import NO_POSITION, RuleSet
from prakerja_desktop.i18n import _, pick

logger = logging.getLogger(__name__)

Line = tuple[str, str]
Render = Callable[[Applicant, RuleSet], list[Line]]


def grouped(digits: str | None) -> str:
    """A long number in groups of four, e.g. "3508 2045 0505 0001"."""
    if not digits:
        return _("(belum diisi)")
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def _text(value: str | None) -> str:
    return value.strip() if value and value.strip() else _("(belum diisi)")


def _yes_no(value: bool | None) -> str:
    return _("(belum dijawab)") if value is None else (_("Ya") if value else _("Tidak"))


def _one(label: Callable[[], str], value: Callable[[Applicant], str]) -> Render:
    return lambda a, _rules: [(label(), value(a))]


def _consent_stored(a: Applicant) -> str:
    if not a.consent.text_version:
        return _("(belum dijawab)")
    return _("Setuju") if a.consent.store_record else _("Tidak setuju")


def _position(a: Applicant, rule_set: RuleSet) -> list[Line]:
    code = a.eligibility.excluded_position
    position = rule_set.position(code) if code else None
    if code == NO_POSITION:
        held = _("Tidak ada")
    else:
        held = pick(position.label.as_dict()) if position else (code or _("(belum dijawab)"))
    return [(_("Memegang jabatan yang dilarang"), held)]


def _catalogue(key: str, empty: Callable[[], str] = lambda: _("(belum diisi)")) -> Render:
    """A field of the catalogue: its label, and its value in words (or `empty`)."""
    return lambda a, _rules: [(fields.label(key), fields.display(key, getattr(a, key)) or empty())]


def _grouped(key: str) -> Render:
    """A long number in full, grouped in fours for checking digit by digit."""
    return lambda a, _rules: [(fields.label(key), grouped(getattr(a, key)))]


def _email(a: Applicant, _rules: RuleSet) -> list[Line]:
    shown = _("Belum punya email") if a.has_email is False else _text(a.email)
    return [(fields.label("email"), shown)]


def _rt_rw(a: Applicant) -> str:
    return f"{a.rt or '-'}/{a.rw or '-'}" if (a.rt or a.rw) else _("(tidak diisi)")


def _readiness(a: Applicant, rule_set: RuleSet) -> list[Line]:
    return [(pick(item.label.as_dict()).rstrip("."), _yes_no(getattr(a.readiness, item.field)))
            for item in rule_set.readiness_items]


_LINES: dict[str, Render] = {
    "consent.store_record": _one(lambda: _("Data disimpan di kantor ini"), _consent_stored),
    "consent.follow_up_contact": _one(lambda: _("Kantor boleh menghubungi lewat HP"),
                                      lambda a: _yes_no(a.consent.follow_up_contact)),
    "eligibility.citizen": _one(lambda: _("Warga Negara Indonesia (WNI)"), lambda a: _yes_no(a.eligibility.citizen)),
    "eligibility.in_school": _one(lambda: _("Sedang sekolah atau kuliah"), lambda a: _yes_no(a.eligibility.in_school)),
    "eligibility.excluded_position": _position,
    "eligibility.prior_recipient": _one(lambda: _("Pernah menerima Kartu Prakerja"),
                                        lambda a: _yes_no(a.eligibility.prior_recipient)),
    "nik": _grouped("nik"),
    "full_name": _catalogue("full_name"),
    "birth_place": _catalogue("birth_place"),
    "birth_date": _catalogue("birth_date"),
    "sex": _catalogue("sex", lambda: _("(belum dipilih)")),
    "kk_number": _grouped("kk_number"),
    "phone_e164": _catalogue("phone_e164"),
    "email": _email,
    "province_code": _catalogue("province_code"),
    "regency_code": _catalogue("regency_code"),
    "district_code": _catalogue("district_code"),
    "village": _catalogue("village"),
    "street": _catalogue("street", lambda: _("(tidak diisi)")),
    "rt_rw": _one(lambda: _("RT/RW"), _rt_rw),
    "education": _catalogue("education"),
    "employment": _catalogue("employment"),
    "training_interests": _catalogue("training_interests", lambda: _("(tidak dipilih)")),
    "readiness": _readiness,
}


def lines(keys: tuple[str, ...], applicant: Applicant, rule_set: RuleSet) -> list[Line]:
    """The (label, value) lines of these field keys, in order (KeyError for a key nobody knows)."""
    return [line for key in keys for line in _LINES[key](applicant, rule_set)]


def known_keys() -> frozenset[str]:
    """Every field key Review can show (the step table is tested against it)."""
    return frozenset(_LINES)
