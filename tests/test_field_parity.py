"""Parity: 2,000 generated people give the same findings, field by field, in the wizard and the batch check.

Each person exists twice: as the wizard stores their answers (typed text cleaned the way the pages clean
it, checked headless through the catalogue with this office's earlier records as context) and as a row
of a village spreadsheet (numbers Excel mangled, dates written every way people write them). A fixed
seed makes the same people every run; about half of them carry one or more faults.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from prakerja_desktop.batch.check import RowChecker
from prakerja_desktop.batch.columns import match_header
from prakerja_desktop.batch.reader import SourceRow
from prakerja_desktop.domain import fields
from prakerja_desktop.domain.applicant import Applicant
from prakerja_desktop.domain.kk import parse_kk
from prakerja_desktop.domain.phone import parse_phone
from prakerja_desktop.domain.rules import load_rule_set
from prakerja_desktop.i18n import using
from tests.factories import DISTRICT

TODAY = date(2026, 3, 14)
PEOPLE = 2000
SEED = 20261207
HEADER = ("Nama", "NIK", "No KK", "No HP", "Email", "Tanggal Lahir", "RT", "RW")
COMPARED = ("full_name", "nik", "kk_number", "phone_e164", "email", "birth_date", "rt", "rw")
MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
             "Oktober", "November", "Desember")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")
DISTRICTS = (DISTRICT, "350801", "357801", "317101", "327301")
FLOAT_EXACT = 2**53


@dataclass
class Person:
    """One generated person: what they type in the wizard and what the spreadsheet holds."""

    name: str
    nik: str
    birth: date  # what they say (the wizard's three lists)
    kk: str
    phone: str  # as typed in the wizard
    email: str | None  # None: no email
    rt: str
    rw: str
    cells: dict[str, Any] = field(default_factory=dict)
    faults: list[str] = field(default_factory=list)


def _nik(rng: random.Random, birth: date, female: bool, serial: int) -> str:
    day = birth.day + (40 if female else 0)
    return f"{rng.choice(DISTRICTS)}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def _kk(rng: random.Random, serial: int) -> str:
    issued = date(2005, 1, 1) + timedelta(days=rng.randrange(7000))
    return f"{rng.choice(DISTRICTS)}{issued:%d%m%y}{serial:04d}"


def _phone(rng: random.Random) -> str:
    return "08" + rng.choice(("12", "13", "21", "22", "52", "53", "56", "57", "77", "78", "95", "96")) + \
        "".join(rng.choice("0123456789") for _ in range(rng.choice((7, 8))))


def _date_cell(rng: random.Random, birth: date, nik_agrees: bool) -> Any:
    """The birth date as some village list writes it; ambiguous forms only where the NIK settles them."""
    forms: list[Any] = [birth, datetime(birth.year, birth.month, birth.day), f"{birth:%d-%m-%Y}",
                        f"{birth:%d/%m/%Y}", f"{birth:%Y-%m-%d}", f"{birth.day} {MONTHS_ID[birth.month - 1]} "
                        f"{birth.year}", f"{birth.day} {MONTHS_EN[birth.month - 1]} {birth.year}",
                        f"{birth:%d.%m.%Y}", (birth - date(1899, 12, 30)).days, f"{birth:%d%m%Y}"]
    if nik_agrees:
        forms += [f"{birth:%d/%m/%y}", f"{birth:%m/%d/%Y}", f"{birth:%d-%m-%y}",
                  f"{birth.day} {MONTHS_ID[birth.month - 1][:3]} {birth:%y}"]
    return rng.choice(forms)


def _id_cell(rng: random.Random, digits: str) -> Any:
    """A 16-digit number as a spreadsheet may hold it without losing a digit."""
    forms: list[Any] = [digits, f"'{digits}", f'="{digits}"', f" {digits} "]
    if int(digits) < FLOAT_EXACT and not digits.endswith("0") and not digits.startswith("0"):
        forms += [float(digits), f"{digits[0]}.{digits[1:]}E+15"]
    return rng.choice(forms)


def _phone_cell(rng: random.Random, typed: str) -> Any:
    digits = "".join(ch for ch in typed if ch.isdigit())
    forms: list[Any] = [typed]
    if digits.startswith("08") and set(typed) <= set("0123456789- "):
        forms += [digits[1:], float(digits[1:]), int(digits[1:]), "+62" + digits[1:], "62" + digits[1:],
                  f"{digits[:4]}-{digits[4:8]}-{digits[8:]}"]
    return rng.choice(forms)


def _rt_cell(rng: random.Random, typed: str) -> Any:
    if typed.isdigit() and rng.random() < 0.5:
        return int(typed)
    return typed


def generate(seed: int = SEED, count: int = PEOPLE) -> list[Person]:
    """Fixed-seed people, a good half with faults of the kinds people really make."""
    rng = random.Random(seed)
    people: list[Person] = []
    shared_kks: list[str] = []
    shared_phones: list[str] = []
    for serial in range(1, count + 1):
        female = rng.random() < 0.5
        birth = date(1960, 1, 1) + timedelta(days=rng.randrange(365 * 52))
        nik = _nik(rng, birth, female, serial)
        first = rng.choice(("Budi", "Siti", "Dewi", "Agus", "Rina", "Joko", "Sri", "Ni Made", "Nur", "Wayan"))
        last = rng.choice(("Santoso", "Rahayu", "Wulandari", "Hidayat", "Lestari", "", "Putri", "Saputra"))
        person = Person(name=f"{first} {last}".strip(), nik=nik, birth=birth, kk=_kk(rng, serial),
                        phone=_phone(rng), email=f"{first.lower().replace(' ', '')}{serial}@gmail.com",
                        rt=str(rng.randrange(1, 30)).zfill(rng.choice((1, 3))), rw=str(rng.randrange(1, 15)))
        stated_agrees = True
        for fault in rng.sample(FAULTS, k=rng.choice((0, 0, 0, 1, 1, 2, 3))):
            fault(rng, person, shared_kks, shared_phones)
            person.faults.append(fault.__name__)
            stated_agrees = stated_agrees and fault is not _fault_birth_mismatch
        if rng.random() < 0.1:
            shared_kks.append(person.kk)
        if rng.random() < 0.05:
            shared_phones.append(person.phone)
        nik_ok = stated_agrees and not set(person.faults) & {"_fault_nik_letter", "_fault_nik_short",
                                                             "_fault_nik_province", "_fault_nik_day"}
        person.cells = {
            "Nama": person.name, "NIK": _id_cell(rng, person.nik) if person.nik.isdigit() and
            len(person.nik) == 16 else person.nik, "No KK": _id_cell(rng, person.kk) if person.kk.isdigit()
            and len(person.kk) == 16 else person.kk, "No HP": _phone_cell(rng, person.phone),
            "Email": person.email or "", "Tanggal Lahir": _date_cell(rng, person.birth, nik_ok),
            "RT": _rt_cell(rng, person.rt), "RW": _rt_cell(rng, person.rw)}
        people.append(person)
    return people


# --- faults ------------------------------------------------------------------------------------------

def _fault_nik_letter(rng: random.Random, p: Person, *_: Any) -> None:
    at = rng.randrange(16)
    p.nik = p.nik[:at] + rng.choice("OIlS") + p.nik[at + 1:]


def _fault_nik_short(rng: random.Random, p: Person, *_: Any) -> None:
    p.nik = p.nik[:rng.choice((14, 15))] if rng.random() < 0.5 else p.nik + "7"


def _fault_nik_province(rng: random.Random, p: Person, *_: Any) -> None:
    p.nik = "99" + p.nik[2:]


def _fault_nik_day(rng: random.Random, p: Person, *_: Any) -> None:
    p.nik = p.nik[:6] + rng.choice(("00", "35", "80", "99")) + p.nik[8:]  # no such day, woman or man


def _fault_birth_mismatch(rng: random.Random, p: Person, *_: Any) -> None:
    p.birth = p.birth + timedelta(days=rng.choice((-400, -31, -1, 1, 2, 365)))


def _fault_kk(rng: random.Random, p: Person, *_: Any) -> None:
    choice = rng.randrange(4)
    if choice == 0:
        p.kk = p.kk[:10]
    elif choice == 1:
        p.kk = "00" + p.kk[2:]
    elif choice == 2:
        p.kk = p.kk[:6] + "321399" + p.kk[12:]  # 32-13-99: no such issue date
    else:
        p.kk = p.kk[:12] + "0000"


def _fault_kk_is_nik(rng: random.Random, p: Person, *_: Any) -> None:
    p.kk = p.nik


def _fault_shared_kk(rng: random.Random, p: Person, shared_kks: list[str], _phones: list[str]) -> None:
    if shared_kks:
        p.kk = rng.choice(shared_kks)


def _fault_shared_phone(rng: random.Random, p: Person, _kks: list[str], shared_phones: list[str]) -> None:
    if shared_phones:
        p.phone = rng.choice(shared_phones)


def _fault_phone(rng: random.Random, p: Person, *_: Any) -> None:
    p.phone = rng.choice(("0331-123456", "081", "0812345678901234", "+1 415 555 2671", "0812-34x5-678",
                          "021 5550 1234", "12345"))


def _fault_email(rng: random.Random, p: Person, *_: Any) -> None:
    local = (p.email or "orang@x").split("@")[0]
    p.email = rng.choice((f"{local}@gmial.com", f"{local}@yaho.com", f"{local}gmail.com", f"{local}@gmail",
                          f"{local}@@gmail.com", None, f"{local}@gmail.con", f"{local} x@gmail.com"))


def _fault_name(rng: random.Random, p: Person, *_: Any) -> None:
    p.name = rng.choice(("123", "-", "...", "0812 3456"))


def _fault_rt_rw(rng: random.Random, p: Person, *_: Any) -> None:
    junk = rng.choice(("02/05", "1234", "abc", "RT 2", "-"))
    if rng.random() < 0.5:
        p.rt = junk
    else:
        p.rw = junk


FAULTS = (_fault_nik_letter, _fault_nik_short, _fault_nik_province, _fault_nik_day, _fault_birth_mismatch,
          _fault_kk, _fault_kk_is_nik, _fault_shared_kk, _fault_shared_phone, _fault_phone, _fault_email,
          _fault_name, _fault_rt_rw)


# --- the two sides ------------------------------------------------------------------------------------

Findings = dict[str, list[tuple[str, str]]]


def _kept(found: dict[str, list[fields.Finding]]) -> Findings:
    return {k: sorted((f.code, f.severity.value) for f in v) for k, v in fields.problems(found).items()}


def wizard_side(people: list[Person]) -> list[Findings]:
    """Each person as the wizard stores and checks them, with the earlier people as this office's records."""
    rule_set = load_rule_set()
    kk_seen: Counter[str] = Counter()
    phone_seen: Counter[str] = Counter()
    out = []
    for person in people:
        applicant = Applicant(
            full_name=fields.normalize("full_name", person.name), nik=fields.normalize("nik", person.nik),
            birth_date=person.birth, kk_number=fields.normalize("kk_number", person.kk),
            phone_e164=fields.normalize("phone_e164", person.phone), has_email=person.email is not None,
            email=fields.normalize("email", person.email) if person.email else None,
            rt=fields.normalize("rt", person.rt), rw=fields.normalize("rw", person.rw))
        kk = parse_kk(applicant.kk_number or "", today=TODAY).value
        counted_kk = kk is not None and not fields.kk_vs_nik(kk.number, applicant.nik)
        phone = parse_phone(applicant.phone_e164 or "").value
        context = fields.FieldContext(today=TODAY, rule_set=rule_set,
                                      kk_others=kk_seen[kk.number] if counted_kk and kk else 0,
                                      phone_others=phone_seen[phone.e164] if phone else 0)
        out.append(_kept(fields.check_applicant(applicant, context)))
        if counted_kk and kk:
            kk_seen[kk.number] += 1
        if phone:
            phone_seen[phone.e164] += 1
    return out


def batch_side(people: list[Person]) -> list[Findings]:
    """The same people as rows of an XLSX village list, through the batch check."""
    header = match_header(list(HEADER))
    assert set(header.columns) == {"name", "nik", "kk", "phone", "email", "birth_date", "rt", "rw"}
    checker = RowChecker(header.columns, header.titles, rule_set=load_rule_set(), today=TODAY,
                         excel_numbers=True)
    out = []
    for number, person in enumerate(people, start=2):
        result = checker.check(SourceRow(number, tuple(person.cells[title] for title in HEADER)))
        found: Findings = {}
        for note in result.notes:
            field_id = fields.field_of(note.code)
            assert field_id is not None, note.code
            found.setdefault(field_id, []).append((note.code, "error" if note.fix else "warning"))
        out.append({k: sorted(v) for k, v in found.items()})
    assert checker.failures == 0
    return out


@pytest.fixture(scope="module")
def people() -> list[Person]:
    return generate()


def test_the_generated_people_carry_every_kind_of_fault(people: list[Person]) -> None:
    faults = Counter(f for p in people for f in p.faults)
    assert set(faults) == {f.__name__ for f in FAULTS}
    assert min(faults.values()) >= 50
    assert 0.3 < sum(1 for p in people if p.faults) / len(people) < 0.7
    codes = Counter(code for found in wizard_side(people) for pairs in found.values() for code, _s in pairs)
    for code in ("name.letters", "nik.characters", "nik.length", "nik.province_unknown",
                 "nik.birth_date_invalid", "nik.birth_date_mismatch", "kk.same_as_nik", "kk.limit",
                 "phone.shared", "phone.not_mobile", "email.suggestion", "email.empty", "address.rt",
                 "address.rw", "kk.serial_zero", "kk.issue_date_invalid", "age.too_old"):
        assert codes[code] >= 5, code


@pytest.mark.parametrize("language", ["id", "en"])
def test_wizard_and_batch_check_agree_field_by_field(people: list[Person], language: str) -> None:
    with using(language):
        wizard, batch = wizard_side(people), batch_side(people)
    differences = []
    for number, (person, left, right) in enumerate(zip(people, wizard, batch, strict=True), start=2):
        for field_id in COMPARED:
            if left.get(field_id, []) != right.get(field_id, []):
                differences.append((number, field_id, person.faults, person.cells.get("Tanggal Lahir"),
                                    left.get(field_id), right.get(field_id)))
    assert not differences, f"{len(differences)} differences, first: {differences[:5]}"
    assert sum(1 for found in batch if found) > PEOPLE // 3  # the check did find things


def test_birth_dates_written_every_way_read_back_the_same(people: list[Person]) -> None:
    for person in people:
        cleaned = fields.clean_cell("birth_date", person.cells["Tanggal Lahir"], excel_numbers=True,
                                    nik=fields.clean_cell("nik", person.cells["NIK"]).text, today=TODAY)
        assert cleaned.value == person.birth, (person.cells["Tanggal Lahir"], person.nik)
