"""The applicant wizard as a UI-agnostic state machine (Electrum style): which step follows which.

Qt pages only show a step and report edits; this module decides where Next, Back and "Ubah" lead, which
answers a step needs before Next, and what leaving a step does. Every step is one entry of STEP_TABLE
(its check, next step, Review lines, whether Review can edit it, whether it is numbered, the effect of
leaving it); MAIN_PATH, EDITABLE_STEPS and NUMBERED_STEPS are derived from it. Field-level validation
(NIK, phone, email...) lives elsewhere; the warnings a step raises are in domain/step_warnings.py.

History: `draft.visited` is a stack of the steps passed. Next pushes the step being left, Back pops, so
Back always lands exactly on the step the person came from and every answer stays in the draft.
An "Ubah" jump from review pushes "review", which is also how the flow knows to come back to review
after that step's Next.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from prakerja_desktop.domain.applicant import Applicant, Draft, Readiness
from prakerja_desktop.domain.findings import CheckResult, Finding, Severity, error
from prakerja_desktop.i18n import _

if TYPE_CHECKING:  # types only: the warnings' validators are imported when first used (start-up speed)
    from prakerja_desktop.domain.rules import RuleSet
    from prakerja_desktop.domain.step_warnings import Facts

logger = logging.getLogger(__name__)

WELCOME = "welcome"
ABOUT = "about"
ELIGIBILITY = "eligibility"
IDENTITY = "identity"
PHOTO = "photo"
FAMILY = "family"
CONTACT = "contact"
ADDRESS = "address"
EDUCATION_WORK = "education_work"
READINESS = "readiness"
CONSENT = "consent"
REVIEW = "review"
DONE = "done"
CHECKLIST_ONLY = "checklist_only"



class Effect(StrEnum):
    """What leaving a step with Next does; the host carries it out."""

    NOTHING = "nothing"  # before consent nothing personal may be stored
    SAVE_DRAFT = "save_draft"  # autosave the answers so far (one transaction, on the worker)
    DISCARD_DRAFT = "discard_draft"  # consent declined: delete what may have been saved
    SUBMIT = "submit"  # turn the draft into a record with a receipt number; Next follows on success
    FINISH = "finish"  # the person is done: a fresh Welcome for the next one


Check = Callable[[Applicant], list[Finding]]
NextStep = Callable[[Draft], str]
LeaveEffect = Callable[[Draft], Effect]
Warnings = Callable[[Applicant, "RuleSet", "Facts"], list[Finding]]


def _warns(name: str) -> Warnings:
    """A step's warnings from domain/step_warnings.py, imported on first use.

    The validators behind them (phonenumbers, stdnum, email_validator) are not needed for the first
    screen, and this module is imported before it is shown.
    """

    def warnings(applicant: Applicant, rule_set: RuleSet, facts: Facts) -> list[Finding]:
        from prakerja_desktop.domain import step_warnings  # start-up speed: see above

        found: list[Finding] = getattr(step_warnings, name)(applicant, rule_set, facts)
        return found

    warnings.__name__ = name
    return warnings


@dataclass(frozen=True, slots=True)
class Step:
    """One wizard step: everything the flow, the host and Review need to know about it."""

    id: str
    next: str | NextStep | None  # the step Next leads to (a function of the draft), None at an end
    check: Check | None = None  # required answers missing (errors block Next)
    leave: Effect | LeaveEffect = Effect.NOTHING  # what Next does on leaving it
    numbered: bool = True  # shown as "Langkah n dari total"
    editable: bool = False  # Review has an "Ubah" button for it
    heading: Callable[[], str] | None = None  # its section heading on Review
    review: tuple[str, ...] = ()  # its Review lines: field keys, rendered by domain/review_lines.py
    warnings: Warnings | None = None  # what it warns about, made again from the answers (step_warnings)

    def next_step(self, draft: Draft) -> str | None:
        """The step Next leads to from here (ignoring the "back to review" rule of jumps)."""
        return self.next(draft) if callable(self.next) else self.next

    def effect(self, draft: Draft) -> Effect:
        """What leaving this step does, given the answers."""
        return self.leave(draft) if callable(self.leave) else self.leave


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
    entry = STEP_TABLE[step]
    target = entry.next_step(draft)
    if target == CHECKLIST_ONLY:
        return target  # declined: nothing personal is stored, they get a blank checklist
    if entry.editable and draft.visited and draft.visited[-1] == REVIEW:
        return REVIEW  # came here with "Ubah": go back to review
    if target is None:
        raise FlowError(f"step {step!r} has no next step")
    return target


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


def leave_effect(draft: Draft) -> Effect:
    """What Next does on leaving the draft's step (save, discard, submit, finish or nothing)."""
    return STEP_TABLE[_require_known(draft.step)].effect(draft)


def step_entry(step: str) -> Step:
    """The table entry of a step (FlowError for an unknown step)."""
    return STEP_TABLE[_require_known(step)]


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
        findings = [f for s in EDITABLE_STEPS for f in _check_of(s)(applicant)]
        if not applicant.consent.store_record:
            message = _("Tanpa persetujuan, data tidak bisa disimpan.")
            findings.append(error("flow.review.no_consent", message))
    else:
        findings = _check_of(step)(applicant)
    blocked = any(f.severity is Severity.ERROR for f in findings)
    return CheckResult(None if blocked else step, tuple(findings))


def _check_of(step: str) -> Check:
    """The step's check (no check: nothing to answer)."""
    return STEP_TABLE[step].check or (lambda _applicant: [])


def warnings_by_step(applicant: Applicant, rule_set: RuleSet, facts: Facts) -> dict[str, list[Finding]]:
    """The warnings each step with answers raises (steps without any left out), in the order of the flow."""
    found: dict[str, list[Finding]] = {}
    for step in MAIN_PATH:
        warns = STEP_TABLE[step].warnings
        if warns is not None and (findings := warns(applicant, rule_set, facts)):
            found[step] = findings
    return found


def all_warnings(applicant: Applicant, rule_set: RuleSet, facts: Facts) -> list[Finding]:
    """Every step's warnings in one list for Done and the receipt, leaving out those the pre-check's own
    reasons explain (the KK limit, the age range), which are listed there anyway."""
    return [f for findings in warnings_by_step(applicant, rule_set, facts).values() for f in findings
            if f.code not in _covered_by_precheck()]


def _covered_by_precheck() -> frozenset[str]:
    """Warning codes the pre-check's own reasons already explain."""
    from prakerja_desktop.domain.step_warnings import COVERED_BY_PRECHECK  # start-up speed (see _warns)

    return COVERED_BY_PRECHECK


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
    """A mobile number and whether its SIM is at hand; an email address (and whether its inbox opens)
    unless the person has none. Every question on screen is answered: "Tidak" is a fine answer, and the
    readiness step would ask the SIM and inbox questions anyway (they were optional here only by accident)."""
    missing = []
    if _blank(applicant.phone_e164):
        missing.append(error("flow.contact.phone", _("Isi nomor HP yang aktif.")))
    if applicant.readiness.sim_in_hand is None:
        missing.append(error("flow.contact.sim_in_hand",
                             _("Jawab: apakah kartu SIM nomor ini ada pada Anda dan bisa menerima SMS?")))
    if applicant.has_email is None:
        missing.append(error("flow.contact.has_email", _("Jawab: apakah Anda punya alamat email?")))
    elif applicant.has_email and _blank(applicant.email):
        missing.append(error("flow.contact.email", _("Isi alamat email Anda.")))
    if applicant.has_email and applicant.readiness.email_inbox_ok is None:
        missing.append(error("flow.contact.email_inbox_ok",
                             _("Jawab: bisakah Anda membuka kotak masuk email ini sekarang?")))
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


def _after_identity(draft: Draft) -> str:
    """The photo practice where this PC can run it (the optional OpenCV extra), else the family card."""
    from prakerja_desktop import photo  # only a find_spec: OpenCV itself loads when a check runs

    return PHOTO if photo.library_available() else FAMILY


def _consented(draft: Draft) -> bool:
    return draft.applicant.consent.store_record


def _save_if_consented(draft: Draft) -> Effect:
    """Before consent nothing is stored; after a Back past consent the draft keeps being saved."""
    return Effect.SAVE_DRAFT if _consented(draft) else Effect.NOTHING


def _after_consent(draft: Draft) -> str:
    return ELIGIBILITY if _consented(draft) else CHECKLIST_ONLY


def _leave_consent(draft: Draft) -> Effect:
    return Effect.SAVE_DRAFT if _consented(draft) else Effect.DISCARD_DRAFT


def _answers(step: str, next_step: str, check: Check, heading: Callable[[], str],
             review: tuple[str, ...], leave: Effect | LeaveEffect = Effect.SAVE_DRAFT,
             next_fn: NextStep | None = None, warns: Warnings | None = None) -> Step:
    """A step with questions: numbered, checked, saved on leaving, shown and editable on Review."""
    return Step(step, next_fn or next_step, check, leave, numbered=True, editable=True, heading=heading,
                review=review, warnings=warns)


# The whole wizard, one entry per step, in the order of the main path (checklist_only is the other way
# out, after consent is declined). Consent comes before the first personal question (UU PDP: consent
# before processing), so a draft is only ever saved with consent; declining leads to a blank checklist
# with nothing stored. Numbered steps are shown as "Langkah n dari 10" (about .. review).
STEP_TABLE: dict[str, Step] = {step.id: step for step in (
    Step(WELCOME, ABOUT, leave=_save_if_consented, numbered=False),
    Step(ABOUT, CONSENT, leave=_save_if_consented),
    _answers(CONSENT, ELIGIBILITY, _consent, lambda: _("Persetujuan"),
             ("consent.store_record", "consent.follow_up_contact"), leave=_leave_consent, next_fn=_after_consent),
    _answers(ELIGIBILITY, IDENTITY, _eligibility, lambda: _("Pertanyaan syarat"),
             ("eligibility.citizen", "eligibility.in_school", "eligibility.excluded_position",
              "eligibility.prior_recipient")),
    _answers(IDENTITY, FAMILY, _identity, lambda: _("Data diri"),
             ("nik", "full_name", "birth_place", "birth_date", "sex"), warns=_warns("identity"),
             next_fn=_after_identity),
    # Optional practice of the KTP photo and the face check: no answers, nothing stored, not numbered.
    Step(PHOTO, FAMILY, numbered=False),
    _answers(FAMILY, CONTACT, _family, lambda: _("Kartu Keluarga"), ("kk_number",), warns=_warns("family")),
    _answers(CONTACT, ADDRESS, _contact, lambda: _("Kontak"), ("phone_e164", "email"),
             warns=_warns("contact")),
    _answers(ADDRESS, EDUCATION_WORK, _address, lambda: _("Alamat tempat tinggal"),
             ("province_code", "regency_code", "district_code", "village", "street", "rt_rw")),
    _answers(EDUCATION_WORK, READINESS, _education_work, lambda: _("Pendidikan dan pekerjaan"),
             ("education", "employment", "training_interests")),
    _answers(READINESS, REVIEW, _readiness, lambda: _("Yang perlu disiapkan"), ("readiness",)),
    Step(REVIEW, DONE, leave=Effect.SUBMIT),
    Step(DONE, None, leave=Effect.FINISH, numbered=False),
    Step(CHECKLIST_ONLY, None, leave=Effect.FINISH, numbered=False),
)}


def _main_path() -> tuple[str, ...]:
    """The steps a consenting person passes, following each step's next from welcome."""
    walker = Draft()
    walker.applicant.consent.store_record = True
    path = [WELCOME]
    while (following := STEP_TABLE[path[-1]].next_step(walker)) is not None:
        path.append(following)
    return tuple(path)


MAIN_PATH: tuple[str, ...] = _main_path()
STEPS: tuple[str, ...] = tuple(STEP_TABLE)
NUMBERED_STEPS: tuple[str, ...] = tuple(s for s in MAIN_PATH if STEP_TABLE[s].numbered)
# Steps with answers: the targets of the "Ubah" buttons on the review screen.
EDITABLE_STEPS: tuple[str, ...] = tuple(s for s in MAIN_PATH if STEP_TABLE[s].editable)
TERMINAL_STEPS: frozenset[str] = frozenset(s for s, entry in STEP_TABLE.items() if entry.next is None)
# Steps shown as sections on Review, in the order of the flow.
REVIEW_STEPS: tuple[str, ...] = tuple(s for s in MAIN_PATH if STEP_TABLE[s].review)
