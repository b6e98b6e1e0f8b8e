"""The applicant's answers and the draft that carries them between screens: plain dataclasses."""

from __future__ import annotations

import dataclasses
import functools
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(slots=True)
class EligibilityAnswers:
    """Self-declared facts for the eligibility pre-check (None = not answered yet)."""

    citizen: bool | None = None  # WNI
    in_school: bool | None = None  # in school or university now
    excluded_position: str | None = None  # code from the rule set's list, "none" when not excluded
    prior_recipient: bool | None = None  # a Kartu Prakerja recipient before


@dataclass(slots=True)
class Readiness:
    """The readiness checklist for the online registration (None = not answered)."""

    has_ektp: bool | None = None
    has_camera_phone: bool | None = None
    sim_in_hand: bool | None = None  # the SIM for the SMS OTP is in their hands and can receive SMS
    email_inbox_ok: bool | None = None  # can open the email inbox now
    payout_account: bool | None = None  # BNI or an upgraded e-wallet in their own name, same number
    knows_mother_maiden_name: bool | None = None  # asked, never stored


@dataclass(slots=True)
class Consent:
    """Consent per purpose (PDP law); False by default, and nothing personal is stored without it."""

    store_record: bool = False  # keep the record at this office to help and follow up
    follow_up_contact: bool = False  # the office may contact them about results
    given_at: datetime | None = None
    text_version: str | None = None  # which consent text they agreed to
    # The language they used when they agreed and submitted ("id", "en", ...): their receipt speaks it.
    language: str | None = None


@dataclass(slots=True)
class Applicant:
    """Everything the wizard asks. No passwords, OTPs, photos or mother's maiden name, ever."""

    nik: str | None = None
    full_name: str | None = None
    birth_place: str | None = None
    birth_date: date | None = None
    sex: str | None = None  # "L" (laki-laki) or "P" (perempuan)
    kk_number: str | None = None
    phone_e164: str | None = None
    has_email: bool | None = None
    email: str | None = None
    province_code: str | None = None  # address where they live now (may differ from the NIK)
    regency_code: str | None = None
    district_code: str | None = None
    village: str | None = None
    street: str | None = None
    rt: str | None = None
    rw: str | None = None
    education: str | None = None
    employment: str | None = None
    training_interests: list[str] = field(default_factory=list)
    eligibility: EligibilityAnswers = field(default_factory=EligibilityAnswers)
    readiness: Readiness = field(default_factory=Readiness)
    consent: Consent = field(default_factory=Consent)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO strings)."""
        return section_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Applicant:
        """Rebuild from to_dict() output; unknown keys are ignored so old drafts still load."""
        known = {f.name for f in dataclasses.fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        if kwargs.get("birth_date"):
            kwargs["birth_date"] = date.fromisoformat(kwargs["birth_date"])
        kwargs["eligibility"] = _sub(EligibilityAnswers, kwargs.get("eligibility"))
        kwargs["readiness"] = _sub(Readiness, kwargs.get("readiness"))
        consent = dict(kwargs.get("consent") or {})
        if consent.get("given_at"):
            consent["given_at"] = datetime.fromisoformat(consent["given_at"])
        kwargs["consent"] = _sub(Consent, consent)
        kwargs["training_interests"] = list(kwargs.get("training_interests") or [])
        return cls(**kwargs)


@dataclass(slots=True)
class Draft:
    """An applicant's answers in progress: which step they are on and what they typed so far."""

    applicant: Applicant = field(default_factory=Applicant)
    step: str = "welcome"
    visited: list[str] = field(default_factory=list)  # steps passed, for Back
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    code: str | None = None  # short code to resume the draft, given when first saved


def _sub(cls: type, data: dict[str, Any] | None) -> Any:
    """Build a nested dataclass from a dict, ignoring unknown keys."""
    known = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in (data or {}).items() if k in known})


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    """The field names of a dataclass (cached: asdict() is slow for bulk imports)."""
    return tuple(f.name for f in dataclasses.fields(cls))


def section_dict(obj: Any) -> dict[str, Any]:
    """A JSON-ready dict of a dataclass, recursing into nested dataclasses and lists."""
    kind: type = type(obj)
    return {name: _jsonable(getattr(obj, name)) for name in _field_names(kind)}


def _jsonable(value: Any) -> Any:
    """Convert dates and datetimes to ISO strings, recursively."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return section_dict(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value
