"""The workflow rules: which step each kind of petition allows in each state, and why not."""

from datetime import date

import pytest

from petitions.domain import grounds
from petitions.domain import workflow as w
from tests.cases.transitions import EXPECTED, KINDS, STATES


def facts(kind, state, **extra):
    """A case with every guard satisfied, so that only kind and state decide."""
    values = {
        "kind": kind,
        "status": state,
        "status_before_suspension": "verifying",
        "complexity": "very",
        "dialogue_held": True,
        "second_window_due": date(2026, 1, 31),
    }
    values.update(extra)
    return w.CaseFacts(**values)


def test_the_expected_table_covers_every_action_of_the_workflow():
    assert set(EXPECTED) == set(w.ACTIONS)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("state", STATES)
def test_each_step_is_allowed_exactly_where_the_law_allows_it(kind, state):
    case = facts(kind, state)
    wrong = []
    for action, (sources, kinds, target) in EXPECTED.items():
        should = state in sources and kind in kinds
        if w.allowed(case, action, on=date(2026, 6, 1)) is not should:
            wrong.append(f"{action}: expected {'allowed' if should else 'refused'}")
            continue
        if should:
            expected = {"=": state, "<": "verifying"}.get(target, target)
            if w.target_state(case, action) != expected:
                wrong.append(f"{action}: leads to {w.target_state(case, action)}, not {expected}")
        else:
            with pytest.raises(w.TransitionNotAllowed) as refused:
                w.check(case, action, on=date(2026, 6, 1))
            assert refused.value.code == "invalid_transition"
            assert refused.value.message("vi") and refused.value.message("en")
    assert wrong == []


def test_a_refused_step_explains_the_state_it_needs():
    with pytest.raises(w.TransitionNotAllowed) as refused:
        w.check(facts("complaint", "closed"), "accept")
    assert "Kết thúc" in refused.value.message("vi")
    assert "Received" in refused.value.message("en")


def test_a_complaint_outside_competence_is_guided_not_forwarded_and_says_so():
    with pytest.raises(w.TransitionNotAllowed) as refused:
        w.check(facts("complaint", "received"), "forward")
    assert "hướng dẫn" in refused.value.message("vi")


@pytest.mark.parametrize(
    ("complexity", "done", "allowed"),
    [
        (None, 0, False),
        ("complex", 0, True),
        ("complex", 1, False),
        ("very", 1, True),
        ("very", 2, False),
    ],
)
def test_a_denunciation_is_extended_at_most_once_if_complex_and_twice_if_very_complex(
    complexity, done, allowed
):
    case = facts("denunciation", "verifying", complexity=complexity, extensions=done)
    assert w.allowed(case, "extend") is allowed
    if not allowed:
        with pytest.raises(w.TransitionNotAllowed) as refused:
            w.check(case, "extend")
        assert refused.value.code == "extension_limit"


def test_a_second_complaint_cannot_be_decided_before_a_dialogue():
    case = facts("complaint", "verifying", complaint_round=2, dialogue_held=False)
    with pytest.raises(w.TransitionNotAllowed) as refused:
        w.check(case, "conclude")
    assert refused.value.code == "dialogue_required"
    assert w.allowed(
        facts("complaint", "verifying", complaint_round=1, dialogue_held=False), "conclude"
    )


@pytest.mark.parametrize(
    ("on", "lodged", "allowed"),
    [
        (date(2026, 5, 31), False, False),  # the window's last day: still open
        (date(2026, 6, 1), False, True),  # the day after: passed
        (date(2026, 5, 10), True, True),  # a second complaint has been lodged
    ],
)
def test_a_first_complaint_closes_only_after_the_second_complaint_window(on, lodged, allowed):
    case = facts(
        "complaint",
        "concluded",
        second_window_due=date(2026, 5, 31),
        second_complaint_lodged=lodged,
    )
    assert w.allowed(case, "close", on=on) is allowed


def test_a_second_complaint_and_other_kinds_close_right_after_the_decision():
    for case in (
        facts("complaint", "concluded", complaint_round=2, second_window_due=None),
        facts("denunciation", "concluded", second_window_due=None),
    ):
        assert w.allowed(case, "close", on=date(2026, 6, 1))


def test_a_partial_withdrawal_or_a_continued_denunciation_keeps_the_case_in_hand():
    assert w.target_state(facts("complaint", "verifying"), "withdraw", partial=True) == "verifying"
    assert w.target_state(facts("denunciation", "verifying"), "withdraw", continues=True) == (
        "verifying"
    )
    # A complaint has no "continue": the withdrawal ends it.
    assert w.target_state(facts("complaint", "verifying"), "withdraw", continues=True) == (
        "withdrawn"
    )


def test_a_reminder_on_a_forwarded_case_needs_the_receiving_unit_still_working():
    assert not w.allowed(facts("recommendation", "forwarded", linked_case_open=False), "remind")


@pytest.mark.parametrize(
    ("kind", "round_", "opened"),
    [
        ("complaint", 1, ("complaint.resolve.first",)),
        ("complaint", 2, ("complaint.resolve.second",)),
        ("denunciation", 1, ("denunciation.resolve", "denunciation.notify")),
        ("recommendation", 1, ("feedback.resolve",)),
        ("feedback", 1, ("feedback.resolve",)),
    ],
)
def test_acceptance_meets_the_intake_deadlines_and_opens_the_resolution_deadline(
    kind, round_, opened
):
    plan = w.deadline_plan(kind, "accept", complaint_round=round_)
    assert set(plan.meet) >= {
        "petition.classify",
        "complaint.accept",
        "denunciation.initial",
        "reception.notify",
    }
    assert plan.open == opened


def test_a_first_decision_on_a_complaint_opens_the_second_complaint_window():
    assert w.deadline_plan("complaint", "conclude").open == ("complaint.second_window",)
    assert w.deadline_plan("complaint", "conclude", complaint_round=2).open == ()
    assert w.deadline_plan("denunciation", "conclude").meet_all


@pytest.mark.parametrize("action", ["forward", "guide", "file", "reject", "close"])
def test_routing_a_case_out_of_the_unit_stops_every_clock(action):
    assert w.deadline_plan("feedback", action).meet_all


def test_suspension_pauses_and_resumption_carries_the_days_left():
    assert w.deadline_plan("complaint", "suspend").pause
    assert w.deadline_plan("complaint", "resume").carry
    assert not w.deadline_plan("complaint", "withdraw", full_withdrawal=False).meet_all


def test_the_second_complaint_window_is_a_citizen_window_not_a_duty():
    assert "complaint.second_window" in w.PASSIVE_RULES


@pytest.mark.parametrize(
    ("kind", "channel", "rules"),
    [
        ("complaint", "online", ("petition.classify", "complaint.accept")),
        (
            "denunciation",
            "reception",
            ("petition.classify", "denunciation.initial", "reception.notify"),
        ),
        ("feedback", "transferred", ("petition.classify",)),
    ],
)
def test_a_new_petition_starts_with_the_intake_deadlines_of_its_kind(kind, channel, rules):
    assert w.intake_rules(kind, channel=channel) == rules


def test_the_law_allows_no_extension_for_a_normal_case():
    assert (w.max_extensions(None), w.max_extensions("complex"), w.max_extensions("very")) == (
        0,
        1,
        2,
    )


def test_every_filing_reason_of_circular_05_has_words_in_both_languages():
    assert {
        "no_identity",
        "missing_content",
        "already_resolved",
        "already_sent",
        "already_guided",
        "illegible",
        "anonymous",
        "other",
    } <= set(w.FILE_REASONS)
    assert all(vi and en for vi, en in w.FILE_REASONS.values())


def test_an_unknown_action_is_refused_with_its_own_code():
    with pytest.raises(w.TransitionNotAllowed) as refused:
        w.check(facts("complaint", "received"), "teleport")
    assert refused.value.code == "unknown_action"


# -- the amended laws: suspension, termination, the dialogue skipped -------------------------


def test_a_received_petition_is_not_suspended_only_a_resolution_in_hand_is():
    with pytest.raises(w.TransitionNotAllowed) as refused:
        w.check(facts("complaint", "received"), "suspend")
    assert refused.value.code == "invalid_transition"
    assert w.allowed(facts("complaint", "verifying"), "suspend")
    assert w.allowed(facts("denunciation", "accepted"), "suspend")


@pytest.mark.parametrize("action", ["suspend", "terminate"])
def test_feedback_knows_no_suspension_or_termination_and_the_refusal_says_why(action):
    with pytest.raises(w.TransitionNotAllowed) as refused:
        w.check(facts("feedback", "accepted"), action)
    assert "khiếu nại, tố cáo" in refused.value.message("vi")
    assert "complaint or a denunciation" in refused.value.message("en")


def test_termination_ends_the_case_and_its_clocks_without_a_decision_on_the_merits():
    assert w.target_state(facts("denunciation", "suspended"), "terminate") == "terminated"
    assert w.deadline_plan("denunciation", "terminate").meet_all
    assert "terminated" in w.SETTLED_STATES
    assert "terminated" not in w.OPEN_STATES | w.PENDING_STATES | w.DECIDED_STATES


def test_a_second_round_decision_needs_the_dialogue_or_the_recorded_absence():
    waiting = facts("complaint", "verifying", complaint_round=2, dialogue_held=False)
    with pytest.raises(w.TransitionNotAllowed) as refused:
        w.check(waiting, "conclude")
    assert refused.value.code == "dialogue_required"
    absent = facts("complaint", "verifying", complaint_round=2, dialogue_held=False)
    absent = w.CaseFacts(**{**absent.__dict__, "dialogue_absent": True})
    assert w.allowed(absent, "conclude")


def test_the_denunciation_grounds_are_those_of_article_34():
    # LTC art. 34(1): (a) waiting for another body's result or a related matter, (b) waiting
    # for a further or repeated expert examination. Art. 34(3): (a) the whole denunciation
    # withdrawn (the withdraw step), (b) the person denounced died and the content concerns
    # only them, (c) settled by a final judgment or a decision in force.
    assert set(grounds.grounds_for("suspend", "denunciation")) == {"await_other", "await_expertise"}
    assert set(grounds.grounds_for("terminate", "denunciation")) == {
        "respondent_died",
        "already_decided",
    }
    for action in ("suspend", "terminate"):
        for ground in grounds.grounds_for(action, "denunciation").values():
            assert "Điều 34" in ground.basis("vi") and "art. 34" in ground.basis("en")
            assert not ground.needs_note


def test_a_complaint_ground_outside_the_list_needs_the_officers_note():
    assert grounds.ground("terminate", "complaint", "other").needs_note
    assert (
        grounds.ground("suspend", "complaint", "await_expertise")
        .basis("vi")
        .endswith("Luật 136/2025/QH15, Điều 2")
    )
    assert grounds.grounds_for("suspend", "feedback") == {}
