"""The Review lines of a step: each field key of the step table as (label, value shown), in words.

A small adapter: the step table names fields by key ("nik", "eligibility.citizen", "readiness"); this
module gives each its label and display format. When the field catalogue (domain/fields.py) covers a
key, its label and display take over here, so no raw code (sex "L") reaches the screen.
The NIK and KK number are shown in full, grouped in fours: it is the applicant's own check.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from prakerja_desktop.domain import regions
from prakerja_desktop.domain.applicant import Applicant
from prakerja_desktop.domain.eligibility import format_day
from prakerja_desktop.domain.options import load_options
from prakerja_desktop.domain.phone import parse_phone
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


def _optional(value: str | None) -> str:
    return value.strip() if value and value.strip() else _("(tidak diisi)")


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


def _sex(a: Applicant) -> str:
    return {"L": _("Laki-laki"), "P": _("Perempuan")}.get(a.sex or "", _("(belum dipilih)"))


def _phone(a: Applicant) -> str:
    phone = parse_phone(a.phone_e164).value if a.phone_e164 else None
    return phone.national if phone else _text(a.phone_e164)


def _email(a: Applicant) -> str:
    return _("Belum punya email") if a.has_email is False else _text(a.email)


def _district(a: Applicant) -> str:
    district = regions.lookup(a.district_code or "")
    return district.district if district and district.district else _text(a.district_code)


def _rt_rw(a: Applicant) -> str:
    return f"{a.rt or '-'}/{a.rw or '-'}" if (a.rt or a.rw) else _("(tidak diisi)")


def _option(kind: str, a: Applicant) -> str:
    code = getattr(a, kind)
    return getattr(load_options(), kind).label(code) if code else _text(None)


def _interests(a: Applicant) -> str:
    options = load_options()
    return ", ".join(options.training_interests.label(c) for c in a.training_interests) or _("(tidak dipilih)")


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
    "nik": _one(lambda: _("NIK"), lambda a: grouped(a.nik)),
    "full_name": _one(lambda: _("Nama lengkap"), lambda a: _text(a.full_name)),
    "birth_place": _one(lambda: _("Tempat lahir"), lambda a: _text(a.birth_place)),
    "birth_date": _one(lambda: _("Tanggal lahir"),
                       lambda a: format_day(a.birth_date) if a.birth_date else _("(belum diisi)")),
    "sex": _one(lambda: _("Jenis kelamin"), _sex),
    "kk_number": _one(lambda: _("Nomor KK"), lambda a: grouped(a.kk_number)),
    "phone_e164": _one(lambda: _("Nomor HP"), _phone),
    "email": _one(lambda: _("Email"), _email),
    "province_code": _one(lambda: _("Provinsi"),
                          lambda a: regions.province_name(a.province_code or "") or _text(a.province_code)),
    "regency_code": _one(lambda: _("Kabupaten/Kota"),
                         lambda a: regions.regency_name(a.regency_code or "") or _text(a.regency_code)),
    "district_code": _one(lambda: _("Kecamatan"), _district),
    "village": _one(lambda: _("Desa/Kelurahan"), lambda a: _text(a.village)),
    "street": _one(lambda: _("Jalan"), lambda a: _optional(a.street)),
    "rt_rw": _one(lambda: _("RT/RW"), _rt_rw),
    "education": _one(lambda: _("Pendidikan terakhir"), lambda a: _option("education", a)),
    "employment": _one(lambda: _("Pekerjaan sekarang"), lambda a: _option("employment", a)),
    "training_interests": _one(lambda: _("Minat pelatihan"), _interests),
    "readiness": _readiness,
}


def lines(keys: tuple[str, ...], applicant: Applicant, rule_set: RuleSet) -> list[Line]:
    """The (label, value) lines of these field keys, in order (KeyError for a key nobody knows)."""
    return [line for key in keys for line in _LINES[key](applicant, rule_set)]


def known_keys() -> frozenset[str]:
    """Every field key Review can show (the step table is tested against it)."""
    return frozenset(_LINES)
