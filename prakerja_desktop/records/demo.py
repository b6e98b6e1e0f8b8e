"""Demo data: obviously fake but valid-looking people, for trying staff mode and for benchmarks.

Names end in "(DEMO)", emails use the reserved example.com domain, phone numbers sit in one block,
so nobody mistakes a demo record for a person. NIKs have a valid structure with real district codes.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from prakerja_desktop.domain import regions
from prakerja_desktop.domain.applicant import Applicant, Consent, EligibilityAnswers, Readiness

FIRST = ("Budi", "Siti", "Agus", "Dewi", "Eko", "Sri", "Andi", "Rina", "Joko", "Wati", "Ahmad", "Nur",
         "Dian", "Putri", "Rudi", "Yuni", "Hendra", "Fitri", "Bambang", "Lestari", "Made", "Ketut",
         "Wayan", "Teguh", "Ratna", "Slamet", "Indah", "Fajar", "Ayu", "Rizky")
LAST = ("Santoso", "Rahayu", "Wibowo", "Saputra", "Hidayat", "Kurniawan", "Handayani", "Setiawan",
        "Susanti", "Pratama", "Wulandari", "Nugroho", "Sari", "Gunawan", "Purnomo", "Hakim", "Maharani",
        "Siregar", "Nasution", "Lubis")
VILLAGES = ("Sumberwringin", "Wonorejo", "Sukodono", "Kalibendo", "Jatisari", "Tegalrejo", "Sidomulyo")
EDUCATION = ("sd", "smp", "sma", "sma", "sma", "diploma", "s1")
EMPLOYMENT = ("unemployed", "laid_off", "employee", "self_employed", "freelance", "farmer_fisher", "homemaker")
INTERESTS = ("digital_marketing", "office_computer", "sewing", "culinary", "automotive", "entrepreneurship")
OUTCOMES = ("eligible",) * 8 + ("needs_check",) * 2 + ("not_eligible",)
# The stored pre-check reasons (rule id, case) behind each demo outcome, as the engine writes them.
_DEMO_REASONS = {
    "eligible": [],
    "needs_check": [("kk_limit", "limit_reached"), ("excluded_position", "unknown")],
    "not_eligible": [("age", "too_young"), ("not_in_school", "not_met"), ("not_prior_recipient", "not_met")],
}


def _districts(rng: random.Random, regency: str | None) -> list[str]:
    """District codes to spread people over: one regency's, or a sample from all of them."""
    if regency:
        return [code for code, _name in regions.districts(regency)]
    provinces = [code for code, _name in regions.provinces()]
    chosen: list[str] = []
    for province in rng.sample(provinces, 3):
        for regency_code, _name in regions.regencies(province)[:2]:
            chosen.extend(code for code, _n in regions.districts(regency_code)[:4])
    return chosen


def fake_people(count: int, *, seed: int = 1, regency: str | None = None,
                today: date | None = None) -> Iterator[tuple[Applicant, str, datetime]]:
    """(applicant, outcome, submitted_at) for `count` fake people with distinct NIKs."""
    rng = random.Random(seed)
    today = today or date.today()
    districts = _districts(rng, regency) or ["350820"]
    used: set[str] = set()
    for index in range(count):
        district = rng.choice(districts)
        birth = today - timedelta(days=rng.randint(17 * 365, 60 * 365))
        female = rng.random() < 0.5
        day = birth.day + (40 if female else 0)
        # The serial carries the index so every NIK is distinct (up to 9,999 per district and day).
        serial = index % 9999 + 1
        nik = f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"
        while nik in used:  # rare: same district, birth date and serial
            serial = serial % 9999 + 1
            nik = f"{nik[:12]}{serial:04d}"
        used.add(nik)
        kk = f"{district}{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(5, 24):02d}{index // 3 % 9999 + 1:04d}"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} (DEMO)"
        has_email = rng.random() < 0.7
        applicant = Applicant(
            nik=nik, full_name=name, birth_place="Demo", birth_date=birth, sex="P" if female else "L",
            kk_number=kk, phone_e164=f"+62812000{index % 100000:05d}", has_email=has_email,
            email=f"demo{index}@example.com" if has_email else None, province_code=district[:2],
            regency_code=district[:4], district_code=district, village=rng.choice(VILLAGES),
            street=None, rt=f"{rng.randint(1, 12):03d}", rw=f"{rng.randint(1, 8):03d}",
            education=rng.choice(EDUCATION), employment=rng.choice(EMPLOYMENT),
            training_interests=rng.sample(INTERESTS, rng.randint(0, 2)),
            eligibility=EligibilityAnswers(citizen=True, in_school=rng.random() < 0.05,
                                           excluded_position="none", prior_recipient=False),
            readiness=Readiness(has_ektp=rng.random() < 0.95, has_camera_phone=rng.random() < 0.8,
                                sim_in_hand=rng.random() < 0.9, email_inbox_ok=has_email and rng.random() < 0.8,
                                payout_account=rng.random() < 0.4, knows_mother_maiden_name=True),
            consent=Consent(store_record=True, follow_up_contact=rng.random() < 0.6, text_version="demo"),
        )
        submitted = datetime.combine(today, datetime.min.time()) - timedelta(
            days=rng.randint(0, 180), minutes=rng.randint(8 * 60, 15 * 60))
        yield applicant, rng.choice(OUTCOMES), submitted


def demo_rows(count: int, receipt_numbers: list[str], device_id: Any, *, seed: int = 1,
              regency: str | None = None, progress: Callable[[int], None] | None = None) -> Iterator[dict[str, Any]]:
    """Record rows ready for app.records.import_rows, one per receipt number."""
    from prakerja_desktop.storage import records  # the database layer only when rows are made

    rng = random.Random(seed + 1)
    for index, (applicant, outcome, submitted) in enumerate(fake_people(count, seed=seed, regency=regency)):
        reasons = [{"rule": rule, "case": case, "outcome": outcome}
                   for rule, case in rng.sample(_DEMO_REASONS[outcome], 1 if _DEMO_REASONS[outcome] else 0)]
        yield records.row_values(
            applicant, receipt_number=receipt_numbers[index], device_id=device_id, rule_set_id="2023",
            outcome=outcome, reasons=reasons, entered_by_name="Demo", submitted_at=submitted)
        if progress is not None and index % 10_000 == 0:
            progress(index)


def demo_wave_outcomes(record_ids: list[int], device_id: Any, *, seed: int = 1) -> list[dict[str, Any]]:
    """Wave outcome rows for about a third of the given records (waves 60–64, ~15% accepted)."""
    rng = random.Random(seed + 2)
    rows = []
    for record_id in record_ids:
        if rng.random() > 0.35:
            continue
        accepted = rng.random() < 0.15 if rng.random() < 0.9 else None
        rows.append({"record_id": record_id, "wave": rng.randint(60, 64), "joined": True, "accepted": accepted,
                     "training_finished": (rng.random() < 0.8) if accepted else None,
                     "incentive_received": (rng.random() < 0.6) if accepted else None,
                     "updated_by_name": "Demo", "device_id": device_id})
    return rows
