"""Test data: valid-looking (made-up) applicants. No real person's numbers."""

from __future__ import annotations

from datetime import date

from prakerja_desktop.domain.applicant import Applicant, Consent, Draft, EligibilityAnswers, Readiness

DISTRICT = "350820"  # Kec. Ranuyoso, Kab. Lumajang, Jawa Timur


def make_nik(birth: date, *, female: bool = False, serial: int = 1, district: str = DISTRICT) -> str:
    """A made-up NIK with the given birth date and sex."""
    day = birth.day + (40 if female else 0)
    return f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def make_applicant(*, birth: date = date(2000, 5, 17), female: bool = False, serial: int = 1,
                   name: str = "Budi Santoso", kk: str | None = "3508201203150007",
                   consent: bool = True) -> Applicant:
    """A complete applicant who should pass every 2023 rule."""
    return Applicant(
        nik=make_nik(birth, female=female, serial=serial), full_name=name, birth_place="Lumajang",
        birth_date=birth, sex="P" if female else "L", kk_number=kk, phone_e164="+6281234567890",
        has_email=True, email="budi.santoso@gmail.com", province_code="35", regency_code="3508",
        district_code=DISTRICT, village="Ranuyoso", street="Jl. Melati 3", rt="002", rw="005",
        education="sma", employment="unemployed", training_interests=["digital_marketing"],
        eligibility=EligibilityAnswers(citizen=True, in_school=False, excluded_position="none",
                                       prior_recipient=False),
        readiness=Readiness(has_ektp=True, has_camera_phone=True, sim_in_hand=True, email_inbox_ok=True,
                            payout_account=False, knows_mother_maiden_name=True),
        consent=Consent(store_record=consent, follow_up_contact=consent, text_version="2026-1"),
    )


def make_draft(**kwargs: object) -> Draft:
    """A draft at the review step holding make_applicant(**kwargs)."""
    return Draft(applicant=make_applicant(**kwargs), step="review")  # type: ignore[arg-type]
