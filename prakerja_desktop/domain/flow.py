"""The applicant wizard as a UI-agnostic state machine (Electrum style): which step follows which.

Qt pages only show a step and report edits; this module decides where Next, Back and "Ubah" lead, and
which answers a step needs before Next. Field-level validation (NIK, phone, email...) lives elsewhere.

History: `draft.visited` is a stack of the steps passed. Next pushes the step being left, Back pops, so
Back always lands exactly on the step the person came from and every answer stays in the draft.
An "Ubah" jump from review pushes "review", which is also how the flow knows to come back to review
after that step's Next.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime

from prakerja_desktop.domain.applicant import Applicant, Draft, Readiness
from prakerja_desktop.domain.findings import CheckResult, Finding, Severity, error
from prakerja_desktop.i18n import _

logger = logging.getLogger(__name__)

WELCOME = "welcome"
ABOUT = "about"
ELIGIBILITY = "eligibility"
IDENTITY = "identity"
FAMILY = "family"
CONTACT = "contact"
ADDRESS = "address"
EDUCATION_WORK = "education_work"
READINESS = "readiness"
CONSENT = "consent"
REVIEW = "review"
DONE = "done"
CHECKLIST_ONLY = "checklist_only"

# The main path in order; checklist_only is the other way out, after consent is declined.
# Consent comes before the first personal question (UU PDP: consent before processing), so a draft is
# only ever saved with consent; declining leads to a blank checklist with nothing stored.
MAIN_PATH: tuple[str, ...] = (
    WELCOME, ABOUT, CONSENT, ELIGIBILITY, IDENTITY, FAMILY, CONTACT, ADDRESS, EDUCATION_WORK, READINESS,
    REVIEW, DONE,
)
STEPS: tuple[str, ...] = (*MAIN_PATH, CHECKLIST_ONLY)
# Shown as "Langkah n dari 10": everything after welcome up to and including review.
NUMBERED_STEPS: tuple[str, ...] = MAIN_PATH[1 : MAIN_PATH.index(REVIEW) + 1]
# Steps with answers: the targets of the "Ubah" buttons on the review screen.
EDITABLE_STEPS: tuple[str, ...] = (
    CONSENT, ELIGIBILITY, IDENTITY, FAMILY, CONTACT, ADDRESS, EDUCATION_WORK, READINESS,
)
TERMINAL_STEPS: frozenset[str] = frozenset({DONE, CHECKLIST_ONLY})


class FlowError(ValueError):
    """An impossible move: an unknown step, Next from the end, a jump that is not from review."""


class StepIncomplete(FlowError):
    """Next was asked for while the step still misses answers; `result` lists them."""

    def __init__(self, step: str, result: CheckResult[str]) -> None:
        super().__init__(f"step {step!r} is incomplete: {sorted(result.codes())}")
        self.step = step
        self.result = result


def step_number(step: str) -> tuple[int, int] | None:
    """(n, total) for "Langkah n dari total", or None for unnumbered steps.

    Counting: welcome, done and checklist_only carry no number; about .. review are numbered 1..10,
    so consent is step 2, the eligibility questions step 3 and review step 10 of 10.
    """
    _require_known(step)
    if step not in NUMBERED_STEPS:
        return None
    return NUMBERED_STEPS.index(step) + 1, len(NUMBERED_STEPS)


def is_terminal(step: str) -> bool:
    """True for the steps the flow ends on (done, checklist_only)."""
    _require_known(step)
    return step in TERMINAL_STEPS


def resolve_next(draft: Draft) -> str:
    """The step that Next leads to, given the draft's answers and history (the draft is not changed)."""
    step = _require_known(draft.step)
    if step in TERMINAL_STEPS:
        raise FlowError(f"step {step!r} is the end of the flow; there is no next step")
    if step == CONSENT and not draft.applicant.consent.store_record:
        return CHECKLIST_ONLY  # declined: nothing personal is stored, they get a blank checklist
    if step in EDITABLE_STEPS and draft.visited and draft.visited[-1] == REVIEW:
        return REVIEW  # came here with "Ubah": go back to review
    return MAIN_PATH[MAIN_PATH.index(step) + 1]


def resolve_prev(draft: Draft) -> str | None:
    """The step that Back leads to, or None where Back is not possible (welcome, done)."""
    step = _require_known(draft.step)
    if step in (WELCOME, DONE):  # after done the record is submitted: edits go through staff screens
        return None
    if draft.visited:
        return _require_known(draft.visited[-1])
    # A draft without history (e.g. saved by an older version): fall back to the natural order.
    return CONSENT if step == CHECKLIST_ONLY else MAIN_PATH[MAIN_PATH.index(step) - 1]


def can_go_back(draft: Draft) -> bool:
    """True when Back is possible from the draft's step."""
    return resolve_prev(draft) is not None


def go_next(draft: Draft) -> str:
    """Move the draft to the next step; raises StepIncomplete while answers are missing."""
    result = can_leave(draft.step, draft.applicant)
    if result.errors:
        raise StepIncomplete(draft.step, result)
    target = resolve_next(draft)
    draft.visited.append(draft.step)
    draft.step = target
    logger.debug("flow: next to %s", target)
    return target


def go_back(draft: Draft) -> str:
    """Move the draft to the step it came from; answers are kept."""
    target = resolve_prev(draft)
    if target is None:
        raise FlowError(f"there is no way back from step {draft.step!r}")
    if draft.visited:
        draft.visited.pop()
    draft.step = target
    logger.debug("flow: back to %s", target)
    return target


def jump_to(draft: Draft, step: str) -> str:
    """From review, open a step to change it ("Ubah"); its Next comes back to review."""
    _require_known(step)
    if draft.step != REVIEW:
        raise FlowError(f"jumps are only possible from {REVIEW!r}, not from {draft.step!r}")
    if step not in EDITABLE_STEPS:
        raise FlowError(f"cannot jump to {step!r}; possible: {', '.join(EDITABLE_STEPS)}")
    draft.visited.append(REVIEW)
    draft.step = step
    logger.debug("flow: jump to %s", step)
    return step


def choose_consent(
    applicant: Applicant, *, store_record: bool, follow_up_contact: bool, text_version: str, now: datetime
) -> None:
    """Record an explicit consent choice; text_version set means "the person has chosen" (yes or no)."""
    consent = applicant.consent
    consent.store_record = store_record
    consent.follow_up_contact = follow_up_contact and store_record  # no contact without a record
    consent.text_version = text_version
    consent.given_at = now if store_record else None


def can_leave(step: str, applicant: Applicant) -> CheckResult[str]:
    """Which required answers the step still misses (value = the step when nothing is missing)."""
    _require_known(step)
    if step == REVIEW:
        findings = [f for s in EDITABLE_STEPS for f in _STEP_CHECKS[s](applicant)]
        if not applicant.consent.store_record:
            message = _("Tanpa persetujuan, data tidak bisa disimpan.")
            findings.append(error("flow.review.no_consent", message))
    else:
        check = _STEP_CHECKS.get(step)
        findings = check(applicant) if check else []
    blocked = any(f.severity is Severity.ERROR for f in findings)
    return CheckResult(None if blocked else step, tuple(findings))


def _require_known(step: str) -> str:
    """The step itself, or FlowError when it is not a step of this flow."""
    if step not in STEPS:
        raise FlowError(f"unknown step {step!r}; known steps: {', '.join(STEPS)}")
    return step


def _blank(value: str | None) -> bool:
    """True for None or whitespace only."""
    return value is None or not value.strip()


def _eligibility(applicant: Applicant) -> list[Finding]:
    """Every eligibility question needs an answer."""
    answers = applicant.eligibility
    missing = []
    if answers.citizen is None:
        missing.append(
            error("flow.eligibility.citizen", _("Jawab: apakah Anda Warga Negara Indonesia (WNI)?"))
        )
    if answers.in_school is None:
        missing.append(
            error("flow.eligibility.in_school", _("Jawab: apakah Anda sedang sekolah atau kuliah?"))
        )
    if _blank(answers.excluded_position):
        missing.append(
            error(
                "flow.eligibility.excluded_position",
                _("Pilih jabatan Anda, atau \"Tidak ada\" jika Anda tidak memegang jabatan itu."),
            )
        )
    if answers.prior_recipient is None:
        missing.append(
            error("flow.eligibility.prior_recipient", _("Jawab: apakah Anda pernah menerima Kartu Prakerja?"))
        )
    return missing


def _identity(applicant: Applicant) -> list[Finding]:
    """NIK, name, place and date of birth, and sex must be filled in (their checks live elsewhere)."""
    missing = []
    if _blank(applicant.nik):
        missing.append(error("flow.identity.nik", _("Isi NIK (16 angka di KTP).")))
    if _blank(applicant.full_name):
        missing.append(error("flow.identity.full_name", _("Isi nama lengkap seperti di KTP.")))
    if _blank(applicant.birth_place):
        missing.append(error("flow.identity.birth_place", _("Isi tempat lahir seperti di KTP.")))
    if applicant.birth_date is None:
        missing.append(error("flow.identity.birth_date", _("Isi tanggal lahir seperti di KTP.")))
    if applicant.sex not in ("L", "P"):
        missing.append(error("flow.identity.sex", _("Pilih jenis kelamin: laki-laki atau perempuan.")))
    return missing


def _family(applicant: Applicant) -> list[Finding]:
    """The KK number must be filled in."""
    if _blank(applicant.kk_number):
        return [error("flow.family.kk_number", _("Isi nomor Kartu Keluarga (KK), 16 angka."))]
    return []


def _contact(applicant: Applicant) -> list[Finding]:
    """A mobile number, and an email address unless the person has none."""
    missing = []
    if _blank(applicant.phone_e164):
        missing.append(error("flow.contact.phone", _("Isi nomor HP yang aktif.")))
    if applicant.has_email is None:
        missing.append(error("flow.contact.has_email", _("Jawab: apakah Anda punya alamat email?")))
    elif applicant.has_email and _blank(applicant.email):
        missing.append(error("flow.contact.email", _("Isi alamat email Anda.")))
    return missing


def _address(applicant: Applicant) -> list[Finding]:
    """Province, regency, district and village; street and RT/RW are optional (not every place has them)."""
    missing = []
    if _blank(applicant.province_code):
        missing.append(error("flow.address.province", _("Pilih provinsi tempat tinggal Anda sekarang.")))
    if _blank(applicant.regency_code):
        missing.append(error("flow.address.regency", _("Pilih kabupaten atau kota tempat tinggal Anda.")))
    if _blank(applicant.district_code):
        missing.append(error("flow.address.district", _("Pilih kecamatan tempat tinggal Anda.")))
    if _blank(applicant.village):
        missing.append(error("flow.address.village", _("Isi nama desa atau kelurahan.")))
    return missing


def _education_work(applicant: Applicant) -> list[Finding]:
    """Last education and work status; training interests are optional."""
    missing = []
    if _blank(applicant.education):
        missing.append(error("flow.education_work.education", _("Pilih pendidikan terakhir Anda.")))
    if _blank(applicant.employment):
        missing.append(error("flow.education_work.employment", _("Pilih status pekerjaan Anda sekarang.")))
    return missing


def _readiness(applicant: Applicant) -> list[Finding]:
    """Every checklist item answered yes or no ("no" is fine: the receipt says what to do)."""
    unanswered = [
        f.name for f in dataclasses.fields(Readiness) if getattr(applicant.readiness, f.name) is None
    ]
    return [
        error(f"flow.readiness.{name}", _("Jawab ya atau tidak untuk setiap hal di daftar ini."))
        for name in unanswered
    ]


def _consent(applicant: Applicant) -> list[Finding]:
    """An explicit choice, yes or no (see choose_consent)."""
    consent = applicant.consent
    if consent.text_version is None:
        return [error("flow.consent.choice", _("Pilih: setuju atau tidak setuju data Anda disimpan."))]
    if consent.follow_up_contact and not consent.store_record:
        return [
            error(
                "flow.consent.follow_up_without_record",
                _("Kantor hanya bisa menghubungi Anda jika data Anda disimpan."),
            )
        ]
    return []


_STEP_CHECKS = {
    ELIGIBILITY: _eligibility,
    IDENTITY: _identity,
    FAMILY: _family,
    CONTACT: _contact,
    ADDRESS: _address,
    EDUCATION_WORK: _education_work,
    READINESS: _readiness,
    CONSENT: _consent,
}
