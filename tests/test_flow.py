"""The wizard flow state machine, tested without any screen."""

from __future__ import annotations

import copy
import subprocess
import sys
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Applicant, Draft, EligibilityAnswers, Readiness
from prakerja_desktop.domain.flow import (
    EDITABLE_STEPS,
    MAIN_PATH,
    STEPS,
    FlowError,
    StepIncomplete,
    can_go_back,
    can_leave,
    choose_consent,
    go_back,
    go_next,
    is_terminal,
    jump_to,
    resolve_next,
    resolve_prev,
    step_number,
)

NOW = datetime(2025, 6, 15, 9, 30)


def complete_applicant(*, consent: bool | None = True) -> Applicant:
    """Every required answer given; consent True/False is a choice, None means not chosen yet."""
    applicant = Applicant(
        nik="3508011203950001",
        full_name="Siti Aminah",
        birth_place="Lumajang",
        birth_date=date(1995, 3, 12),
        sex="P",
        kk_number="3508010101100002",
        phone_e164="+6281234567890",
        has_email=False,
        province_code="35",
        regency_code="35.08",
        district_code="35.08.01",
        village="Ranuyoso",
        education="sma",
        employment="unemployed",
        eligibility=EligibilityAnswers(
            citizen=True, in_school=False, excluded_position="none", prior_recipient=False
        ),
        readiness=Readiness(True, True, True, False, False, True),
    )
    if consent is not None:
        choose_consent(applicant, store_record=consent, follow_up_contact=consent, text_version="v1", now=NOW)
    return applicant


def walk_to(step: str, applicant: Applicant | None = None) -> Draft:
    """A draft walked forward with Next from welcome to `step`."""
    draft = Draft(applicant=applicant or complete_applicant())
    for _ in range(len(STEPS) * 2):
        if draft.step == step:
            return draft
        go_next(draft)
    raise AssertionError(f"never reached {step!r}")


# --- the steps ------------------------------------------------------------------------------------------


def test_steps_in_order() -> None:
    assert STEPS == (
        "welcome", "about", "consent", "eligibility", "identity", "photo", "family", "contact", "address",
        "education_work", "readiness", "review", "done", "checklist_only",
    )


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        ("about", (1, 10)),
        ("consent", (2, 10)),
        ("eligibility", (3, 10)),
        ("identity", (4, 10)),
        ("review", (10, 10)),
    ],
)
def test_step_numbers(step: str, expected: tuple[int, int]) -> None:
    assert step_number(step) == expected


@pytest.mark.parametrize("step", ["welcome", "done", "checklist_only"])
def test_unnumbered_steps(step: str) -> None:
    assert step_number(step) is None


def test_numbers_run_from_one_without_gaps() -> None:
    numbers = [step_number(s) for s in STEPS if step_number(s)]
    assert numbers == [(n, 10) for n in range(1, 11)]


def test_terminal_steps() -> None:
    assert [s for s in STEPS if is_terminal(s)] == ["done", "checklist_only"]


@pytest.mark.parametrize("call", [step_number, is_terminal, lambda s: can_leave(s, Applicant())])
def test_unknown_step_is_a_flow_error(call: object) -> None:
    with pytest.raises(FlowError, match="unknown step 'payment'"):
        call("payment")  # type: ignore[operator]


def test_flow_error_is_a_value_error() -> None:
    assert issubclass(FlowError, ValueError)
    assert issubclass(StepIncomplete, FlowError)


# --- forward and back -----------------------------------------------------------------------------------


def test_full_forward_path() -> None:
    draft = Draft(applicant=complete_applicant())
    seen = [draft.step]
    for _ in range(len(STEPS) * 2):
        if draft.step == "done":
            break
        seen.append(go_next(draft))
    assert seen == list(MAIN_PATH)
    assert draft.visited == list(MAIN_PATH[:-1])


def test_back_path_returns_through_every_step_and_keeps_answers() -> None:
    draft = walk_to("review")
    answers = draft.applicant.to_dict()
    seen = [draft.step]
    for _ in range(len(STEPS) * 2):  # bounded, so a broken history fails instead of looping forever
        if not can_go_back(draft):
            break
        seen.append(go_back(draft))
    assert seen == list(reversed(MAIN_PATH[:-1]))
    assert draft.visited == []
    assert draft.applicant.to_dict() == answers


def test_back_then_next_keeps_what_was_typed() -> None:
    draft = walk_to("contact")
    draft.applicant.phone_e164 = "+6285711112222"
    assert go_back(draft) == "family"
    assert go_next(draft) == "contact"
    assert draft.applicant.phone_e164 == "+6285711112222"


def test_no_back_from_welcome() -> None:
    draft = Draft()
    assert resolve_prev(draft) is None
    with pytest.raises(FlowError, match="no way back from step 'welcome'"):
        go_back(draft)


def test_no_back_and_no_next_after_done() -> None:
    draft = walk_to("done")
    assert not can_go_back(draft)
    with pytest.raises(FlowError):
        go_back(draft)
    with pytest.raises(FlowError, match="end of the flow"):
        go_next(draft)
    assert draft.step == "done"


def test_draft_without_history_goes_back_in_the_natural_order() -> None:
    assert resolve_prev(Draft(step="identity")) == "eligibility"
    assert resolve_prev(Draft(step="checklist_only")) == "consent"
    assert go_back(Draft(step="review")) == "readiness"
    assert resolve_prev(Draft(step="eligibility")) == "consent"


def test_unknown_step_in_a_draft_is_a_flow_error() -> None:
    draft = Draft(step="payment")
    for move in (resolve_next, resolve_prev, go_next, go_back):
        with pytest.raises(FlowError, match="unknown step 'payment'"):
            move(draft)
    assert draft.step == "payment" and draft.visited == []


def test_unknown_step_in_the_history_is_a_flow_error() -> None:
    draft = Draft(step="identity", visited=["welcome", "bogus"])
    with pytest.raises(FlowError, match="unknown step 'bogus'"):
        go_back(draft)
    assert draft.step == "identity" and draft.visited == ["welcome", "bogus"]


# --- required answers -----------------------------------------------------------------------------------


def test_next_is_refused_while_an_eligibility_question_is_unanswered() -> None:
    applicant = complete_applicant()
    applicant.eligibility.prior_recipient = None
    draft = walk_to("eligibility", applicant)
    with pytest.raises(StepIncomplete) as caught:
        go_next(draft)
    assert caught.value.result.codes() == {"flow.eligibility.prior_recipient"}
    assert draft.step == "eligibility"
    assert draft.visited == ["welcome", "about", "consent"]


def test_eligibility_step_needs_every_answer() -> None:
    result = can_leave("eligibility", Applicant())
    assert not result.ok
    assert result.codes() == {
        "flow.eligibility.citizen", "flow.eligibility.in_school", "flow.eligibility.excluded_position",
        "flow.eligibility.prior_recipient",
    }
    assert all(f.message for f in result.findings)


def test_a_no_answer_is_still_an_answer() -> None:
    applicant = Applicant(eligibility=EligibilityAnswers(False, True, "tni", True))
    assert can_leave("eligibility", applicant).ok


def test_identity_step_needs_its_fields() -> None:
    result = can_leave("identity", Applicant(nik="  ", sex="X"))
    assert result.codes() == {
        "flow.identity.nik",
        "flow.identity.full_name",
        "flow.identity.birth_place",
        "flow.identity.birth_date",
        "flow.identity.sex",
    }
    assert can_leave("identity", complete_applicant()).value == "identity"


def test_family_step_needs_the_kk_number() -> None:
    assert can_leave("family", Applicant()).codes() == {"flow.family.kk_number"}


def test_contact_step_email_only_when_they_have_one() -> None:
    applicant = complete_applicant()
    assert can_leave("contact", applicant).ok
    applicant.has_email = True
    assert can_leave("contact", applicant).codes() == {"flow.contact.email"}
    applicant.email = "siti@gmail.com"
    assert can_leave("contact", applicant).ok
    applicant.readiness.email_inbox_ok = None  # with an email, whether its inbox opens is asked too
    assert can_leave("contact", applicant).codes() == {"flow.contact.email_inbox_ok"}
    # Every question on the page is required, the SIM question too (it was optional by accident).
    assert can_leave("contact", Applicant()).codes() == {"flow.contact.phone", "flow.contact.sim_in_hand",
                                                        "flow.contact.has_email"}


def test_address_street_and_rt_rw_are_optional() -> None:
    applicant = complete_applicant()
    assert applicant.street is None and applicant.rt is None
    assert can_leave("address", applicant).ok
    applicant.village = ""
    assert can_leave("address", applicant).codes() == {"flow.address.village"}


def test_education_work_needs_both_answers() -> None:
    assert can_leave("education_work", Applicant()).codes() == {
        "flow.education_work.education", "flow.education_work.employment",
    }


def test_readiness_needs_every_item_answered() -> None:
    applicant = complete_applicant()
    applicant.readiness.sim_in_hand = None
    assert can_leave("readiness", applicant).codes() == {"flow.readiness.sim_in_hand"}


@pytest.mark.parametrize("step", ["welcome", "about", "done", "checklist_only"])
def test_steps_without_questions_can_always_be_left(step: str) -> None:
    assert can_leave(step, Applicant()).ok


def test_consent_needs_an_explicit_choice() -> None:
    applicant = complete_applicant(consent=None)
    assert can_leave("consent", applicant).codes() == {"flow.consent.choice"}
    choose_consent(applicant, store_record=False, follow_up_contact=False, text_version="v1", now=NOW)
    assert can_leave("consent", applicant).ok


def test_choose_consent_records_the_choice() -> None:
    applicant = Applicant()
    choose_consent(applicant, store_record=True, follow_up_contact=True, text_version="v1", now=NOW)
    assert (applicant.consent.store_record, applicant.consent.follow_up_contact) == (True, True)
    assert applicant.consent.given_at == NOW and applicant.consent.text_version == "v1"
    choose_consent(applicant, store_record=False, follow_up_contact=True, text_version="v2", now=NOW)
    assert (applicant.consent.store_record, applicant.consent.follow_up_contact) == (False, False)
    assert applicant.consent.given_at is None and applicant.consent.text_version == "v2"


def test_follow_up_without_a_stored_record_is_refused() -> None:
    applicant = complete_applicant(consent=False)
    applicant.consent.follow_up_contact = True
    assert can_leave("consent", applicant).codes() == {"flow.consent.follow_up_without_record"}


def test_review_needs_every_step_complete_and_consent() -> None:
    assert can_leave("review", complete_applicant()).ok
    applicant = complete_applicant(consent=False)
    applicant.kk_number = None
    assert can_leave("review", applicant).codes() == {"flow.family.kk_number", "flow.review.no_consent"}


# --- consent declined -----------------------------------------------------------------------------------


def test_declined_consent_leads_to_the_blank_checklist() -> None:
    draft = walk_to("consent", complete_applicant(consent=False))
    assert resolve_next(draft) == "checklist_only"
    assert go_next(draft) == "checklist_only"
    assert is_terminal(draft.step)
    with pytest.raises(FlowError):
        go_next(draft)


def test_changing_ones_mind_after_the_checklist() -> None:
    draft = walk_to("checklist_only", complete_applicant(consent=False))
    assert go_back(draft) == "consent"
    choose_consent(draft.applicant, store_record=True, follow_up_contact=False, text_version="v1", now=NOW)
    assert go_next(draft) == "eligibility"


# --- "Ubah" from review ---------------------------------------------------------------------------------


@pytest.mark.parametrize("target", EDITABLE_STEPS)
def test_jump_from_review_returns_to_review(target: str) -> None:
    draft = walk_to("review")
    assert jump_to(draft, target) == target
    assert draft.step == target
    assert resolve_next(draft) == "review"
    assert go_next(draft) == "review"
    assert go_next(draft) == "done"


def test_back_from_a_jumped_step_returns_to_review() -> None:
    draft = walk_to("review")
    jump_to(draft, "contact")
    assert go_back(draft) == "review"
    assert draft.visited == list(MAIN_PATH[: MAIN_PATH.index("review")])


def test_jump_to_consent_and_decline_goes_to_the_checklist() -> None:
    draft = walk_to("review")
    jump_to(draft, "consent")
    choose_consent(draft.applicant, store_record=False, follow_up_contact=False, text_version="v1", now=NOW)
    assert go_next(draft) == "checklist_only"


def test_jumped_step_must_still_be_complete() -> None:
    draft = walk_to("review")
    jump_to(draft, "identity")
    draft.applicant.full_name = ""
    with pytest.raises(StepIncomplete):
        go_next(draft)
    assert draft.step == "identity"


@pytest.mark.parametrize(
    ("start", "target", "message"),
    [
        ("welcome", "done", "only possible from 'review'"),
        ("identity", "family", "only possible from 'review'"),
        ("review", "done", "cannot jump to 'done'"),
        ("review", "about", "cannot jump to 'about'"),
        ("review", "welcome", "cannot jump to 'welcome'"),
        ("review", "nowhere", "unknown step 'nowhere'"),
    ],
)
def test_invalid_jumps_are_refused(start: str, target: str, message: str) -> None:
    draft = walk_to(start)
    before = (draft.step, list(draft.visited))
    with pytest.raises(FlowError, match=message):
        jump_to(draft, target)
    assert (draft.step, draft.visited) == before


# --- no Qt in the core ----------------------------------------------------------------------------------


def test_core_modules_import_without_qt() -> None:
    code = (
        "import sys; import prakerja_desktop.domain.flow, prakerja_desktop.domain.eligibility, "
        "prakerja_desktop.domain.rules; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


# --- properties -----------------------------------------------------------------------------------------

_actions = st.one_of(
    st.just(("next",)),
    st.just(("back",)),
    st.tuples(st.just("jump"), st.sampled_from([*STEPS, "nowhere"])),
    st.tuples(st.just("consent"), st.sampled_from([True, False])),
    st.tuples(st.just("forget"), st.sampled_from(["citizen", "full_name", "kk_number"])),
)


def _forget(applicant: Applicant, what: str) -> None:
    """Clear one answer, as a person could by erasing a field."""
    if what == "citizen":
        applicant.eligibility.citizen = None
    else:
        setattr(applicant, what, None)


@settings(max_examples=300)
@given(actions=st.lists(_actions, max_size=60))
def test_random_moves_stay_in_known_steps_and_back_undoes_next(actions: list[tuple]) -> None:
    draft = Draft(applicant=complete_applicant())
    for action in actions:
        before = (draft.step, list(draft.visited))
        answers = draft.applicant.to_dict()
        try:
            if action[0] == "next":
                go_next(draft)
            elif action[0] == "back":
                go_back(draft)
            elif action[0] == "jump":
                jump_to(draft, action[1])
            elif action[0] == "consent":
                choose_consent(
                    draft.applicant,
                    store_record=action[1],
                    follow_up_contact=False,
                    text_version="v1",
                    now=NOW,
                )
                continue
            else:
                _forget(draft.applicant, action[1])
                continue
        except FlowError:
            assert (draft.step, draft.visited) == before  # a refused move changes nothing
        assert draft.step in STEPS
        assert all(step in STEPS for step in draft.visited)
        assert draft.applicant.to_dict() == answers  # moving never changes answers
        if action[0] == "next" and (draft.step, draft.visited) != before and draft.step != "done":
            probe = copy.deepcopy(draft)
            go_back(probe)
            assert (probe.step, probe.visited) == before


@given(actions=st.lists(st.sampled_from(["next", "back"]), max_size=40))
def test_without_jumps_the_history_is_the_main_path_prefix(actions: list[str]) -> None:
    draft = Draft(applicant=complete_applicant())
    for action in actions:
        try:
            (go_next if action == "next" else go_back)(draft)
        except FlowError:
            pass
        position = MAIN_PATH.index(draft.step)
        assert draft.visited == list(MAIN_PATH[:position])
        numbered = flow.NUMBERED_STEPS.index(draft.step) + 1 if draft.step in flow.NUMBERED_STEPS else None
        assert step_number(draft.step) in (None, (numbered, 10))


def test_module_exports() -> None:
    assert set(EDITABLE_STEPS) < set(flow.NUMBERED_STEPS)
    assert flow.TERMINAL_STEPS == {"done", "checklist_only"}
