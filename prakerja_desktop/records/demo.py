"""Demo data: obviously fake but valid-looking people, for trying staff mode and for benchmarks.

Names end in "(DEMO)", emails use the reserved example.com domain, phone numbers sit in one block,
so nobody mistakes a demo record for a person. NIKs have a valid structure with real district codes.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from prakerja_desktop.clock import utcnow
from prakerja_desktop.domain import eligibility, regions, rules
from prakerja_desktop.domain.applicant import Applicant, Consent, EligibilityAnswers, Readiness
from prakerja_desktop.domain.eligibility import EligibilityResult

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
STAFF = ("Rina Petugas (DEMO)", "Agus Petugas (DEMO)", "Dewi Petugas (DEMO)")  # the rest came to the kiosk
POSITIONS = ("none",) * 60 + ("asn", "village_official", "tni")  # a few excluded positions


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
    for applicant, result, submitted in checked_people(count, seed=seed, regency=regency, today=today):
        yield applicant, result.outcome.value, submitted


def checked_people(count: int, *, seed: int = 1, regency: str | None = None,
                   today: date | None = None) -> Iterator[tuple[Applicant, EligibilityResult, datetime]]:
    """Fake people with the rules engine's pre-check of each (as on the day they came), so a demo
    receipt's outcome and reasons always agree with the person's own answers and age."""
    rng = random.Random(seed)
    today = today or date.today()
    rule_set = rules.load_rule_set()
    districts = _districts(rng, regency) or ["350820"]
    used: set[str] = set()
    kk_seen: Counter[str] = Counter()
    last_kk = ""
    for index in range(count):
        district = rng.choice(districts)
        birth = today - timedelta(days=rng.randint(16 * 365, 67 * 365))  # a few too young or too old
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
        if kk_seen and rng.random() < 0.3:  # family members come together: the same KK again
            kk = last_kk
        last_kk = kk
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
            eligibility=EligibilityAnswers(citizen=True,
                                           in_school=None if rng.random() < 0.03 else rng.random() < 0.05,
                                           excluded_position=rng.choice(POSITIONS),
                                           prior_recipient=rng.random() < 0.03),
            readiness=Readiness(has_ektp=rng.random() < 0.95, has_camera_phone=rng.random() < 0.8,
                                sim_in_hand=rng.random() < 0.9, email_inbox_ok=has_email and rng.random() < 0.8,
                                payout_account=rng.random() < 0.4, knows_mother_maiden_name=True),
            consent=Consent(store_record=True, follow_up_contact=rng.random() < 0.6, text_version="demo"),
        )
        # Office hours, 08.00-15.00 WIB (01.00-08.00 UTC), on one of the last 180 days.
        submitted = datetime.combine(today, datetime.min.time()) - timedelta(
            days=rng.randint(0, 180)) + timedelta(minutes=rng.randint(60, 8 * 60))
        if submitted > utcnow():  # not later than now: the people really recorded today stay the newest
            submitted -= timedelta(days=1)
        result = eligibility.evaluate(rule_set, applicant, today=submitted.date(), kk_recorded_count=kk_seen[kk])
        kk_seen[kk] += 1
        yield applicant, result, submitted


def demo_rows(count: int, receipt_numbers: list[str], device_id: Any, *, seed: int = 1,
              regency: str | None = None, progress: Callable[[int], None] | None = None) -> Iterator[dict[str, Any]]:
    """Record rows ready for app.records.import_rows, one per receipt number."""
    from prakerja_desktop.storage import records  # the database layer only when rows are made

    rng = random.Random(seed + 1)
    today = date.today()
    blocking = [item.field for item in rules.load_rule_set().readiness_items if item.field != "payout_account"]
    for index, (applicant, result, submitted) in enumerate(checked_people(count, seed=seed, regency=regency)):
        row = records.row_values(
            applicant, receipt_number=receipt_numbers[index], device_id=device_id, rule_set_id=result.rule_set_id,
            outcome=result.outcome.value,
            reasons=[{"rule": r.rule_id, "case": r.case, "outcome": r.outcome.value} for r in result.reasons],
            entered_by_name=rng.choice(STAFF) if rng.random() < 0.65 else "", submitted_at=submitted)
        # Some of the people who were ready tell the office later that they registered online.
        ready = result.outcome.value == "eligible" and all(
            getattr(applicant.readiness, name) is not False for name in blocking)
        row["registered_online_on"] = None  # every row has the same keys (one executemany)
        if ready and rng.random() < 0.55:
            later = submitted.date() + timedelta(days=rng.randint(0, 20))
            row["registered_online_on"] = min(later, today)
        yield row
        if progress is not None and index % 10_000 == 0:
            progress(index)


def demo_wave_outcomes(people: list[tuple[int, date | None, datetime]], device_id: Any, *,
                       seed: int = 1, today: date | None = None) -> list[dict[str, Any]]:
    """Wave outcomes for demo people who registered online: (record id, registered_online_on, submitted_at).

    Most of them join the next wave (one wave every ~6 weeks, the newest 64); ~15% of known results are
    accepted, the newest wave's results are mostly not known yet; most accepted finish and get paid."""
    rng = random.Random(seed + 2)
    today = today or date.today()
    rows = []
    for record_id, registered, submitted in people:
        if registered is None or rng.random() > 0.8:
            continue
        wave = max(55, 64 - (today - submitted.date()).days // 42)
        accepted = rng.random() < 0.15 if (wave < 64 or rng.random() < 0.3) else None
        finished = (rng.random() < 0.85) if accepted else None
        rows.append({"record_id": record_id, "wave": wave, "joined": True, "accepted": accepted,
                     "training_finished": finished,
                     "incentive_received": (rng.random() < 0.85) if finished else None,  # paid after training
                     "updated_by_name": STAFF[0], "device_id": device_id})
    return rows
